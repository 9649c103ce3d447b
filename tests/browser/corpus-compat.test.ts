/**
 * pitchdeck against reveal.js itself, on the real-world corpus in tests/corpus.
 *
 * 1. Every reveal-md / reveal.js dialect deck is built with pitchdeck's library, opened in Chromium, and
 *    its slides (h, v, visible text, notes text) are compared with what reveal.js 6's own markdown plugin
 *    makes of the same body (`referenceSlides`). Every difference must be listed, with its reason, in
 *    `INTENDED_DIFFERENCES`; everything else must be equal.
 * 2. Every corpus deck of every dialect builds, with MANIFEST.md's slide counts, and reports the missing
 *    local files MANIFEST.md names.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, HTTPRequest, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser } from '../../src/browser/launch.ts';
import type { Warning } from '../../src/errors.ts';
import { type BuiltDeck, buildDecks } from '../../src/run/build.ts';
import {
  corpusDeckPath,
  corpusDir,
  HOST_SEPARATORS,
  loadRevealCorpus,
  MANIFEST,
  type RevealCorpusDeck,
} from './helpers/corpus.ts';
import {
  extractSlides,
  referenceSlides,
  type SlideShape,
  withReferenceDeck,
} from './helpers/reveal-reference.ts';

type Field = 'text' | 'notes';

/** What must still hold for a slide that differs on purpose. */
type Expectation =
  /** Only whitespace between blocks differs: the texts are equal once all whitespace is removed. */
  | { kind: 'whitespace' }
  /** pitchdeck's text is exactly `ours`, and reveal's contains `revealContains`. */
  | { kind: 'pinned'; ours: string; revealContains: string }
  /**
   * pitchdeck draws a ```mermaid fence as a diagram: its text holds each of the diagram's `labels` and
   * not the fence's source, which reveal's text holds (`source`, whitespace collapsed).
   */
  | { kind: 'drawn'; labels: readonly string[]; source: string };

interface IntendedDifference {
  deck: string;
  h: number;
  v: number;
  field: Field;
  reason: string;
  expect: Expectation;
}

const MERMAID_DRAWN =
  'pitchdeck draws ```mermaid fences as SVG diagrams at build time; reveal.js shows them as code (reveal-md ' +
  'and vscode-reveal load Mermaid in the browser to draw them, from a CDN).';

/** The diagram slides of the corpus: what each shows, and the start of its fence's source. */
const DIAGRAMS: readonly (readonly [string, number, number, readonly string[], string])[] = [
  [
    'revealmd-demo-mermaid.md',
    0,
    0,
    ['Client', 'Load Balancer', 'Server01', 'Server02'],
    'graph TD A[Client] --> B[Load Balancer]',
  ],
  [
    'revealmd-demo-mermaid.md',
    1,
    0,
    ['Client', 'LB', 'Server01', 'Server02'],
    'graph TD A[Client] --> B[LB]',
  ],
  [
    'revealmd-demo-mermaid.md',
    1,
    1,
    ['Client', 'LB', 'Server01', 'Server02'],
    'graph TD A[Client] --> B[LB]',
  ],
  [
    'revealmd-demo-mermaid.md',
    2,
    0,
    ['Client', 'LB', 'Server01', 'Server02'],
    'graph TD A[Client] --> B[LB]',
  ],
  [
    'vscode-reveal-sample.md',
    4,
    0,
    ['Alice', 'Bob', 'John', 'Hello John, how are you?', 'Healthcheck', 'Rational thoughts', 'Jolly good!'],
    'sequenceDiagram participant Alice participant Bob',
  ],
  ['vscode-reveal-sample.md', 5, 0, ['AAAA', 'B node', 'SEE SEE'], 'graph LR; A(AAAA)==> B(B node);'],
];

const CODE_BLOCK_WHITESPACE =
  "reveal's plugin renders code as <pre><code>…</code></pre> with nothing after it, and marked swallows " +
  'the blank lines after an indented code block, so the next paragraph follows with no whitespace; ' +
  "pitchdeck ends every block with a newline (marked's own convention). Only the whitespace between the " +
  'code block and the next block differs; nothing visible.';

/**
 * Every place where pitchdeck's deck differs from reveal.js's own rendering on purpose. Each entry must
 * still differ (a stale entry fails) and must meet its expectation.
 */
const INTENDED_DIFFERENCES: readonly IntendedDifference[] = [
  {
    deck: 'vscode-reveal-sample.md',
    h: 30,
    v: 3,
    field: 'text',
    reason:
      'Line 451 `note: a custom note here` sits inside a ```text fence. pitchdeck finds notes outside code ' +
      "only, so the fence shows as code; reveal's notes regex is not fence-aware: it cuts the slide there and " +
      'appends its <aside class="notes"> HTML to the still-open fence, which then shows as code text.',
    expect: {
      kind: 'pinned',
      ours: 'Notes Add note to speaker view. Default markdown syntax is note: a custom note here',
      revealContains: '<aside class="notes"><p>a custom note here ```</p> </aside>',
    },
  },
  ...(
    [
      [7, 2],
      [10, 2],
      [13, 0],
      [17, 9],
      [17, 10],
    ] as const
  ).map(
    ([h, v]): IntendedDifference => ({
      deck: 'revealmd-hamcrest-matchers.md',
      h,
      v,
      field: 'text',
      reason: CODE_BLOCK_WHITESPACE,
      expect: { kind: 'whitespace' },
    }),
  ),
  ...DIAGRAMS.map(
    ([deck, h, v, labels, source]): IntendedDifference => ({
      deck,
      h,
      v,
      field: 'text',
      reason: MERMAID_DRAWN,
      expect: { kind: 'drawn', labels, source },
    }),
  ),
];

/** Missing local files MANIFEST.md names, as `missing-asset` warnings with the file line of their use. */
const MISSING_ASSETS: Readonly<Record<string, readonly { path: string; line: number }[]>> = {
  'revealmd-demo-a.md': [{ path: 'sub/cat.jpg', line: 3 }],
  'revealmd-hamcrest-matchers.md': [
    { path: 'res/orly.png', line: 15 },
    { path: 'res/class-diagram.png', line: 144 },
    { path: 'res/anagram.gif', line: 795 },
  ],
  'marp-cli-example.md': [
    { path: './assets/gradient.jpg', line: 12 },
    { path: './assets/netlify-deploy-button.svg', line: 55 },
  ],
  'marp-vscode-pptx-export-fixture.md': [
    { path: './test-icon.png', line: 165 },
    { path: './mock-screenshot.png', line: 325 },
  ],
  'quarto-clean-demo.md': [
    { path: 'img/kanagawa.jpg', line: 175 },
    { path: 'img/kanagawa169.jpg', line: 359 },
  ],
  'pandoc-lambdajam-parsing.md': [
    { path: 'images/stack-overflow-regex-zalgo.png', line: 34 },
    { path: 'images/SeussFinal2.JPG', line: 415 },
  ],
};

/** MANIFEST.md's counts of missing files under one folder ("13 images under `images/`"). */
const MISSING_UNDER: Readonly<Record<string, { prefix: string; count: number }>> = {
  'revealmd-alternativen-zu-google.md': { prefix: 'images/', count: 13 },
  'marp-gem5-simulation-background.md': { prefix: './01-simulation-background-imgs/', count: 23 },
};

/**
 * Slides with notes in pitchdeck's build where that differs from MANIFEST.md's Notes column (which counts
 * reveal.js's regex matches).
 */
const NOTES_COUNT: Readonly<Record<string, { count: number; reason: string }>> = {
  'vscode-reveal-sample.md': {
    count: 1,
    reason:
      'MANIFEST counts the `note:` line inside a ```text fence (see INTENDED_DIFFERENCES); the literal ' +
      '<aside class="notes"> is HTML in the slide, not pitchdeck notes.',
  },
};

/** `…before[ours: "x" | reveal: "y"]after…` around the first difference. */
function shortDiff(ours: string, reveal: string, context = 30): string {
  let start = 0;
  while (start < ours.length && start < reveal.length && ours[start] === reveal[start]) start++;
  let end = 0;
  while (
    end < ours.length - start &&
    end < reveal.length - start &&
    ours[ours.length - 1 - end] === reveal[reveal.length - 1 - end]
  ) {
    end++;
  }
  const clip = (s: string, max = 80) => (s.length > max ? `${s.slice(0, max)}…` : s);
  const before = ours.slice(Math.max(0, start - context), start);
  const after = ours.slice(ours.length - end, ours.length - end + context);
  return (
    `${start > context ? '…' : ''}${before}` +
    `[ours: ${JSON.stringify(clip(ours.slice(start, ours.length - end)))} | ` +
    `reveal: ${JSON.stringify(clip(reveal.slice(start, reveal.length - end)))}]` +
    `${after}${end > context ? '…' : ''}`
  );
}

/** The problems in one slide's field, given the intended difference listed for it (if any). */
function compareField(
  where: string,
  field: Field,
  ours: string,
  reveal: string,
  intended: IntendedDifference | undefined,
): string[] {
  if (!intended) return ours === reveal ? [] : [`${where} ${field} differs: ${shortDiff(ours, reveal)}`];
  if (ours === reveal)
    return [`${where} ${field} is listed in INTENDED_DIFFERENCES but is equal now: remove it`];
  const e = intended.expect;
  if (e.kind === 'whitespace') {
    return ours.replace(/\s/g, '') === reveal.replace(/\s/g, '')
      ? []
      : [`${where} ${field} differs beyond whitespace: ${shortDiff(ours, reveal)}`];
  }
  if (e.kind === 'drawn') {
    const missing = e.labels.filter((label) => !ours.includes(label));
    return [
      ...(missing.length > 0 ? [`${where} ${field}: the diagram lacks ${JSON.stringify(missing)}`] : []),
      ...(ours.includes(e.source) ? [`${where} ${field}: the diagram's source is shown as text`] : []),
      ...(reveal.includes(e.source)
        ? []
        : [`${where} ${field}: reveal's text lacks ${JSON.stringify(e.source)}`]),
    ];
  }
  const problems: string[] = [];
  if (ours !== e.ours)
    problems.push(`${where} ${field} (intended) is not the pinned text: ${shortDiff(ours, e.ours)}`);
  if (!reveal.includes(e.revealContains)) {
    problems.push(
      `${where} ${field} (intended): reveal's text no longer contains ${JSON.stringify(e.revealContains)}`,
    );
  }
  return problems;
}

function compareDecks(file: string, ours: readonly SlideShape[], reveal: readonly SlideShape[]): string[] {
  const positions = (slides: readonly SlideShape[]) => slides.map((s) => `${s.h}/${s.v}`).join(' ');
  if (positions(ours) !== positions(reveal)) {
    return [
      `${file}: slide positions (h/v) differ:\n  ours:   ${positions(ours)}\n  reveal: ${positions(reveal)}`,
    ];
  }
  const problems: string[] = [];
  ours.forEach((slide, i) => {
    const ref = reveal[i];
    if (!ref) return;
    const where = `${file} h=${slide.h} v=${slide.v}`;
    for (const field of ['text', 'notes'] as const) {
      const intended = INTENDED_DIFFERENCES.find(
        (d) => d.deck === file && d.h === slide.h && d.v === slide.v && d.field === field,
      );
      problems.push(...compareField(where, field, slide[field], ref[field], intended));
    }
  });
  for (const d of INTENDED_DIFFERENCES.filter((d) => d.deck === file)) {
    if (!ours.some((s) => s.h === d.h && s.v === d.v))
      problems.push(`${file}: INTENDED_DIFFERENCES names h=${d.h} v=${d.v}, which does not exist`);
  }
  return problems;
}

/** Lets the page load only local files: the corpus decks link to remote images, videos and iframes. */
function blockNetwork(request: HTTPRequest): void {
  if (request.isInterceptResolutionHandled()) return;
  if (/^(?:file|data|about):/i.test(request.url())) void request.continue();
  else void request.abort('blockedbyclient');
}

/** Opens a built deck, waits for pitchdeck's ready signal and runs `inspect`; always closes the page. */
async function withBuiltDeck<T>(
  browser: Browser,
  htmlPath: string,
  inspect: (page: Page) => Promise<T>,
): Promise<T> {
  const page = await browser.newPage();
  try {
    await page.setRequestInterception(true);
    page.on('request', blockNetwork);
    await page.goto(pathToFileURL(htmlPath).href);
    await page.waitForFunction(() => document.documentElement.hasAttribute('data-pitchdeck-ready'), {
      timeout: 15_000,
    });
    return await inspect(page);
  } finally {
    await page.close();
  }
}

let out: string;
let browser: Browser | undefined;

beforeAll(async () => {
  out = mkdtempSync(path.join(tmpdir(), 'pitchdeck-corpus-'));
  browser = await launchBrowser({ install: false });
});

afterAll(async () => {
  await browser?.close();
  rmSync(out, { recursive: true, force: true });
});

function getBrowser(): Browser {
  if (!browser) throw new Error('Chromium did not start');
  return browser;
}

/** Builds one corpus deck with the library, as `pitchdeck build <file>` run in the corpus folder would. */
async function buildCorpusDeck(file: string): Promise<BuiltDeck> {
  const deckPath = corpusDeckPath(file);
  const built = await buildDecks([deckPath], { out, cwd: corpusDir, ...HOST_SEPARATORS[file] });
  expect(built).toHaveLength(1);
  const [deck] = built;
  if (!deck) throw new Error(`no deck built for ${file}`);
  return deck;
}

describe('reveal-md / reveal.js decks match reveal.js 6 slide by slide', () => {
  const decks = loadRevealCorpus();

  test.each(decks.map((d) => [d.file, d] as const))('%s', async (file: string, deck: RevealCorpusDeck) => {
    const built = await buildCorpusDeck(file);
    const ours = await withBuiltDeck(getBrowser(), built.htmlPath, extractSlides);
    const reveal = await referenceSlides(getBrowser(), deck.markdown, deck);
    expect(ours.length, `${file}: slide count`).toBe(deck.expected.h + deck.expected.v);
    expect(compareDecks(file, ours, reveal)).toEqual([]);
  });
});

describe('reveal.js 6 `.element:` rules beyond the corpus', () => {
  // One deck, one slide per case; each slide's elements that carry a class, compared with reveal.js.
  const cases = [
    '- a\n- b\n<!-- .element: class="x" -->',
    '- a\n- b\n\n<!-- .element: class="x" -->',
    '1. a\n2. b\n<!-- .element: class="x" -->',
    '- a\n  - a1\n  - a2\n<!-- .element: class="x" -->',
    '- a <!-- .element: class="x" -->\n- b <!-- .element: class="y" -->',
    'para\n<!-- .element: class="x" -->',
    '> quote\n<!-- .element: class="x" -->',
  ];
  const markdown = cases.join('\n\n---\n\n');
  const classed = (page: Page) =>
    page.evaluate(() =>
      Array.from(document.querySelectorAll('.reveal .slides > section')).map((section) =>
        Array.from(section.querySelectorAll('[class="x"], [class="y"]')).map(
          (el) => `${el.tagName.toLowerCase()}.${el.className}:${(el.textContent ?? '').trim().slice(0, 10)}`,
        ),
      ),
    );

  test('an `.element:` comment right after a list goes to its last item, after a blank line to the list', async () => {
    const dir = mkdtempSync(path.join(out, 'element-'));
    writeFileSync(path.join(dir, 'element-rules.md'), markdown);
    const [built] = await buildDecks(['element-rules.md'], { out: path.join(dir, 'dist'), cwd: dir });
    if (!built) throw new Error('not built');
    const ours = await withBuiltDeck(getBrowser(), built.htmlPath, classed);
    const reveal = await withReferenceDeck(getBrowser(), markdown, { separator: '^---$' }, classed);
    expect(reveal[0]).toEqual(['li.x:b']);
    expect(reveal[1]).toEqual(['ul.x:a\nb']);
    expect(ours).toEqual(reveal);
  });
});

describe('every corpus deck builds with MANIFEST.md counts', () => {
  const warned = (warnings: readonly Warning[], code: string) =>
    warnings.filter((w) => w.code === code).map((w) => ({ message: w.message, line: w.line }));

  test.each(Object.entries(MANIFEST))('%s', async (file, manifest) => {
    const built = await buildCorpusDeck(file);
    const slides = built.deck.slides;
    const h = new Set(slides.map((s) => s.h)).size;
    // MANIFEST's "1 title +": pitchdeck generates the title slide at h=0 from the front matter's title.
    expect({ h, v: slides.length - h }).toEqual({
      h: manifest.h + (manifest.titleSlide ? 1 : 0),
      v: manifest.v,
    });
    if (manifest.titleSlide) expect(slides[0]?.content).toMatchObject({ type: 'title', generated: true });
    const notes = slides.filter((s) => s.notesHtml !== undefined).length;
    expect(notes, NOTES_COUNT[file]?.reason ?? 'slides with notes').toBe(
      NOTES_COUNT[file]?.count ?? manifest.notes,
    );

    const missing = warned(built.warnings, 'missing-asset');
    for (const asset of MISSING_ASSETS[file] ?? []) {
      expect(missing).toContainEqual({ message: `"${asset.path}" does not exist`, line: asset.line });
    }
    const under = MISSING_UNDER[file];
    if (under) {
      expect(missing.filter((w) => w.message.startsWith(`"${under.prefix}`))).toHaveLength(under.count);
    }
  });

  test('the unclosed fence in the twemoji deck is a warning, not an error', async () => {
    const built = await buildCorpusDeck('revealmd-twemoji-sample.md');
    // MANIFEST.md: the ```js [|1|2|6] fence on line 86 is never closed.
    expect(warned(built.warnings, 'unclosed-fence').map((w) => w.line)).toEqual([86]);
  });

  // reveal.js's `data-background` shorthand is an image when the value is a URL or ends in an image
  // extension (a colour otherwise), so such a file is copied, or reported when it is missing.
  test('a `.slide: data-background="x.jpg"` image is reported as missing', async () => {
    const vscode = await buildCorpusDeck('vscode-reveal-sample.md');
    expect(warned(vscode.warnings, 'missing-asset').map((w) => w.message)).toContain(
      '"default-thumbnail.jpg" does not exist',
    );
    const echarts = await buildCorpusDeck('echarts-webgl-in-visualization.md');
    expect(warned(echarts.warnings, 'missing-asset').map((w) => w.message)).toContain(
      '"./asset/img/graph-gl2.jpg" does not exist',
    );
  });
});
