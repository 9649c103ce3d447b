import { describe, expect, it } from 'vitest';
import {
  elementLine,
  type Finding,
  findingsToJson,
  formatFindings,
  sortFindings,
  summarize,
} from '../../src/check/finding.ts';
import { assetFindings, checkStructure, slideAt } from '../../src/check/structure.ts';
import { buildDeck } from '../../src/deck/build-deck.ts';
import type { Deck } from '../../src/model.ts';
import { parseDocument } from '../../src/parse/parse-document.ts';
import { deckErrorOfAsync } from '../helpers/deck-error.ts';

const PATH = 'slides/talk.md';

const build = (lines: string[]): Promise<Deck> =>
  buildDeck(parseDocument({ path: PATH, text: lines.join('\n') }));

/** The rule, line and slide of each finding: what these tests are about. */
const brief = (findings: Finding[]) => findings.map((f) => ({ rule: f.rule, line: f.line, slide: f.slide }));

/** The lines of a deck: a title slide, then the given slides (each a list of lines), separated by `---`. */
const linesOf = (...slides: string[][]): string[] => [
  '# Title slide',
  '',
  ...slides.flatMap((s) => ['---', '', ...s, '']),
];

const deckOf = (...slides: string[][]): Promise<Deck> => build(linesOf(...slides));

/** The 1-based line holding exactly `text` (the last such line with `last`). */
const at = (lines: string[], text: string, last = false): number =>
  (last ? lines.lastIndexOf(text) : lines.indexOf(text)) + 1;

describe('checkStructure', () => {
  it('finds nothing in a deck of titled slides', async () => {
    const deck = await deckOf(['## One', '', 'Text.'], ['## Two', '', '- a', '- b']);
    expect(checkStructure(deck)).toEqual([]);
  });

  it('reports an empty slide, but not one that shows a background or the generated title', async () => {
    const lines = [
      '---',
      'title: Generated title',
      '---',
      '',
      '---',
      '',
      '## Content',
      '',
      '---',
      '',
      '<!-- .slide: data-background-color="#123" -->',
      '',
      '---',
      '',
      '',
      '---',
      '',
      '## End',
    ];
    const deck = await build(lines);
    expect(deck.slides[0]?.content).toMatchObject({ type: 'title', generated: true });
    const empty = deck.slides[3]?.line ?? 0;
    expect(empty).toBeGreaterThan(at(lines, '<!-- .slide: data-background-color="#123" -->'));
    expect(brief(checkStructure(deck))).toEqual([
      { rule: 'empty-slide', line: empty, slide: { h: 3, v: 0 } },
    ]);
    expect(checkStructure(deck)[0]?.message).toBe(
      'slide 4 is empty: it shows nothing but the background; add content or remove it',
    );
  });

  it('takes a Marp slide of nothing but ![bg] pictures for a picture slide, neither empty nor untitled', async () => {
    const lines = [
      '---',
      'marp: true',
      '---',
      '# Title',
      '',
      '---',
      '',
      '![bg](a.jpg)',
      '',
      '---',
      '',
      '---',
      '## End',
    ];
    const deck = await build(lines);
    expect(deck.slides.map((s) => s.frame?.backgrounds.length ?? 0)).toEqual([0, 1, 0, 0]);
    // Only the slide without even a picture is empty.
    expect(brief(checkStructure(deck))).toEqual([{ rule: 'empty-slide', line: 10, slide: { h: 2, v: 0 } }]);
  });

  it('warns about a slide with no heading, except a quote or a full-bleed picture', async () => {
    const lines = linesOf(
      ['Just a paragraph.'],
      ['<!-- .slide: layout="quote" -->', '', '> A quote.'],
      ['<!-- .slide: layout="full-image" -->', '', '![](photo.jpg)'],
    );
    const findings = checkStructure(await build(lines));
    expect(brief(findings)).toEqual([
      { rule: 'no-heading', line: at(lines, 'Just a paragraph.'), slide: { h: 1, v: 0 } },
    ]);
    expect(findings[0]?.severity).toBe('warning');
  });

  it('asks for speaker notes only when the deck opts in', async () => {
    const slides = [
      ['## With notes', '', 'Note: said aloud'],
      ['## Without notes', '', 'Text.'],
    ];
    expect(checkStructure(await deckOf(...slides))).toEqual([]);
    const lines = [
      '---',
      'check: { notes: true }',
      '---',
      '# Title slide',
      '',
      'Note: welcome',
      '',
      ...slides.flatMap((s) => ['---', '', ...s, '']),
    ];
    const findings = checkStructure(await build(lines));
    expect(brief(findings)).toEqual([
      { rule: 'missing-notes', line: at(lines, '## Without notes'), slide: { h: 2, v: 0 } },
    ]);
    expect(findings[0]?.message).toBe(
      'slide 3 "Without notes" has no speaker notes; add a "Note:" line at its end',
    );
  });

  it('reports an .element comment with no element before it, at the comment’s line', async () => {
    const lines = linesOf(
      ['## Fine', '', '- item <!-- .element: class="fragment" -->'],
      ['Text first.', '', '<!-- .element: class="fragment" -->', '', '## Stray'],
    );
    const findings = checkStructure(await build(lines)).filter((f) => f.rule === 'stray-element');
    expect(brief(findings)).toEqual([]);
    const stray = linesOf(['## Fine'], ['<!-- .element: class="fragment" -->', '', '## Stray']);
    const found = checkStructure(await build(stray));
    expect(brief(found)).toEqual([
      {
        rule: 'stray-element',
        line: at(stray, '<!-- .element: class="fragment" -->'),
        slide: { h: 2, v: 0 },
      },
    ]);
    const findingsOfStray = found;
    expect(findingsOfStray[0]?.message).toMatch(
      /^slide 3 "Stray": "<!-- \.element: class="fragment" -->" has no element before it, so reveal\.js applies it to the whole slide/,
    );
  });

  it('reports a slide id used twice, on the second slide, naming the first', async () => {
    const lines = linesOf(
      ['<!-- .slide: id="intro" -->', '## First'],
      ['<!-- .slide: id="other" -->', '## Other'],
      ['<!-- .slide: id="intro" -->', '## Second'],
    );
    const findings = checkStructure(await build(lines));
    const second = at(lines, '<!-- .slide: id="intro" -->', true);
    expect(brief(findings)).toEqual([{ rule: 'duplicate-id', line: second, slide: { h: 3, v: 0 } }]);
    expect(findings[0]?.message).toBe(
      `slide 4 "Second" has the id "intro" of slide 2 "First" (line ${at(lines, '<!-- .slide: id="intro" -->')}); links to #/intro open the first only. Rename one of them`,
    );
  });

  it('warns about pictures, videos and backgrounds loaded from the network, at their lines', async () => {
    const lines = linesOf(
      [
        '## Remote',
        '',
        '![chart](https://example.com/chart.png)',
        '',
        'A [link](https://example.com) is fine.',
      ],
      ['## Video', '', '<video src="//cdn.example.com/clip.mp4"></video>'],
      ['<!-- .slide: data-background-image="http://example.com/bg.jpg" -->', '## Background'],
      ['## Local', '', '![logo](logo.png)', '', '<iframe src="https://example.com/embed"></iframe>'],
    );
    const findings = checkStructure(await build(lines));
    expect(brief(findings)).toEqual([
      {
        rule: 'remote-media',
        line: at(lines, '![chart](https://example.com/chart.png)'),
        slide: { h: 1, v: 0 },
      },
      {
        rule: 'remote-media',
        line: at(lines, '<video src="//cdn.example.com/clip.mp4"></video>'),
        slide: { h: 2, v: 0 },
      },
      {
        rule: 'remote-media',
        line: at(lines, '<!-- .slide: data-background-image="http://example.com/bg.jpg" -->'),
        slide: { h: 3, v: 0 },
      },
      {
        rule: 'remote-media',
        line: at(lines, '<iframe src="https://example.com/embed"></iframe>'),
        slide: { h: 4, v: 0 },
      },
    ]);
    expect(findings[0]?.severity).toBe('warning');
    expect(findings[0]?.message).toBe(
      'slide 2 "Remote" loads "https://example.com/chart.png" from the network: without one (offline, or a PDF made without network) it shows broken; put the file beside the deck and link it relatively',
    );
  });

  it('warns about a Marp background picture loaded from the network', async () => {
    const lines = ['---', 'marp: true', '---', '', '# Cover', '', '![bg](https://example.com/cover.jpg)', ''];
    expect(brief(checkStructure(await build(lines)))).toEqual([
      {
        rule: 'remote-media',
        line: at(lines, '![bg](https://example.com/cover.jpg)'),
        slide: { h: 0, v: 0 },
      },
    ]);
  });

  it('counts the words a reader reads, not code, against maxWords (default 60)', async () => {
    const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
    const code = ['```js', words(100), '```'];
    const lines = linesOf(
      ['## Sixty', '', words(59)],
      ['## Sixty-one', '', words(60)],
      ['## Code', '', ...code],
    );
    const findings = checkStructure(await build(lines));
    // "Sixty" and "Sixty-one" are one word each: the heading adds one.
    expect(brief(findings)).toEqual([
      { rule: 'word-count', line: at(lines, '## Sixty-one'), slide: { h: 2, v: 0 } },
    ]);
    expect(findings[0]?.message).toBe(
      'slide 3 "Sixty-one" has 61 words, more than 60: split it, or move the detail to the speaker notes',
    );
    const roomy = await build(['---', 'check: { maxWords: 100 }', '---', '## Many', '', words(90)]);
    expect(checkStructure(roomy)).toEqual([]);
  });

  it('drops the rules a deck ignores, and those a slide ignores on that slide only', async () => {
    const lines = (ignore: string) => [
      '---',
      ignore,
      '---',
      '# Title',
      '',
      '---',
      '',
      'No heading here.',
      '',
      '---',
      '',
      '<!-- .slide: data-check-ignore="no-heading" -->',
      'Nor here, on purpose.',
    ];
    expect(brief(checkStructure(await build(lines('title: T'))))).toEqual([
      { rule: 'no-heading', line: 8, slide: { h: 1, v: 0 } },
    ]);
    expect(checkStructure(await build(lines('check: { ignore: [no-heading] }')))).toEqual([]);
  });

  it('says once for the deck, not once per slide, when most slides have no heading', async () => {
    const deck = await deckOf(['# Title'], ['A picture.'], ['Another one.'], ['And a third.']);
    const found = checkStructure(deck).filter((f) => f.rule === 'no-heading');
    expect(found).toHaveLength(1);
    expect(found[0]?.slide).toBeUndefined();
    expect(found[0]?.message).toMatch(/^3 of 5 slides have no heading \(from line \d+\)/);
  });

  it('labels each finding with the cut it was found in', async () => {
    const deck = await deckOf(['No heading.']);
    expect(checkStructure(deck, { audience: 'cto', recipient: 'Ann Lee' })[0]).toMatchObject({
      audience: 'cto',
      recipient: 'Ann Lee',
    });
    expect(checkStructure(deck)[0]).toMatchObject({ audience: undefined });
    expect(checkStructure(deck)[0]).not.toHaveProperty('recipient');
  });
});

describe('check front matter', () => {
  it('rejects an unknown threshold with its line and the known ones', async () => {
    const error = await deckErrorOfAsync(build(['---', 'title: T', 'check: { maxword: 10 }', '---', '# A']));
    expect(error.format()).toMatch(/^slides\/talk\.md:3: front matter "check": .*maxword/);
    expect(error.hint).toContain('maxWords');
  });

  it('rejects an unknown rule in ignore', async () => {
    const error = await deckErrorOfAsync(build(['---', 'check: { ignore: [overflows] }', '---', '# A']));
    expect(error.line).toBe(2);
    expect(error.hint).toContain('overflow, missing-asset');
  });

  it('defaults to 60 words, 16px, no notes required', async () => {
    expect((await build(['# A'])).config.check).toEqual({
      maxWords: 60,
      minFontSize: 16,
      notes: false,
      ignore: [],
    });
  });
});

describe('assetFindings', () => {
  it('turns the build’s missing-file warnings into missing-asset errors on the slides that link them', async () => {
    const deck = await deckOf(['## Pictures', '', '![a](a.png)']);
    const findings = assetFindings(deck, [
      { file: PATH, line: 5, code: 'missing-asset', message: '"a.png" does not exist' },
      { file: PATH, line: 0, code: 'missing-asset', message: '"extra.css" does not exist' },
      { file: PATH, line: 5, code: 'asset-outside', message: '"../b.png" is outside the deck\'s folder' },
      { file: PATH, line: 2, code: 'unknown-key', message: 'not an asset' },
      { file: 'other.md', line: 5, code: 'missing-asset', message: 'another deck' },
    ]);
    expect(findings.map((f) => [f.rule, f.severity, f.line, f.slide, f.message])).toEqual([
      ['missing-asset', 'error', 5, { h: 1, v: 0 }, 'slide 2 "Pictures": "a.png" does not exist'],
      ['missing-asset', 'error', 0, undefined, '"extra.css" does not exist'],
      [
        'missing-asset',
        'error',
        5,
        { h: 1, v: 0 },
        'slide 2 "Pictures": "../b.png" is outside the deck\'s folder',
      ],
    ]);
  });

  it('finds the slide a line belongs to', async () => {
    const lines = linesOf(['## Two'], ['## Three']);
    const deck = await build(lines);
    const two = deck.slides[1]?.line ?? 0;
    const three = deck.slides[2]?.line ?? 0;
    expect(two).toBeGreaterThan(1);
    expect(three).toBeGreaterThan(two);
    expect([0, 1, two - 1, two, three - 1, three, 100].map((line) => slideAt(deck, line)?.title)).toEqual([
      undefined,
      'Title slide',
      'Title slide',
      'Two',
      'Two',
      'Three',
      'Three',
    ]);
  });
});

describe('findings as text and JSON', () => {
  const finding = (over: Partial<Finding>): Finding => ({
    file: PATH,
    line: 7,
    slide: { h: 2, v: 0 },
    audience: undefined,
    rule: 'overflow',
    severity: 'error',
    message: 'slide 3 "X" overflows by 10px at the bottom',
    ...over,
  });

  it('prints file:line: severity: message [rule]', () => {
    expect(formatFindings([finding({})])).toEqual([
      'slides/talk.md:7: error: slide 3 "X" overflows by 10px at the bottom [overflow]',
    ]);
  });

  it('prints a finding shared by several cuts once, naming them, in source order', () => {
    const lines = formatFindings([
      finding({ audience: 'founders', line: 9, rule: 'word-count', severity: 'warning', message: 'wordy' }),
      finding({ audience: 'founders' }),
      finding({ audience: 'cto' }),
      finding({ audience: 'engineers', message: 'slide 2 "X" overflows by 10px at the bottom' }),
    ]);
    expect(lines).toEqual([
      'slides/talk.md:7: error: slide 2 "X" overflows by 10px at the bottom (audience: engineers) [overflow]',
      'slides/talk.md:7: error: slide 3 "X" overflows by 10px at the bottom (audiences: founders, cto) [overflow]',
      'slides/talk.md:9: warning: wordy (audience: founders) [word-count]',
    ]);
  });

  it('can print every finding as a warning (build without --strict)', () => {
    expect(formatFindings([finding({})], { severity: 'warning' })[0]).toMatch(
      /^slides\/talk\.md:7: warning: /,
    );
  });

  it('serialises every key, null for no slide or audience', () => {
    expect(
      findingsToJson([finding({}), finding({ slide: undefined, audience: 'cto', recipient: 'Ann' })]),
    ).toEqual([
      {
        file: PATH,
        line: 7,
        slide: { h: 2, v: 0 },
        audience: null,
        rule: 'overflow',
        severity: 'error',
        message: 'slide 3 "X" overflows by 10px at the bottom',
      },
      {
        file: PATH,
        line: 7,
        slide: null,
        audience: 'cto',
        recipient: 'Ann',
        rule: 'overflow',
        severity: 'error',
        message: 'slide 3 "X" overflows by 10px at the bottom',
      },
    ]);
  });

  it('sorts by file, line and rule, and counts errors and warnings', () => {
    const sorted = sortFindings([
      finding({ line: 9, rule: 'contrast', severity: 'warning' }),
      finding({ line: 9 }),
      finding({ file: 'a.md', line: 50 }),
    ]);
    expect(sorted.map((f) => `${f.file}:${f.line}:${f.rule}`)).toEqual([
      'a.md:50:overflow',
      `${PATH}:9:overflow`,
      `${PATH}:9:contrast`,
    ]);
    expect(summarize(sorted)).toBe('2 errors, 1 warning');
    // The same finding in two cuts is one line of output, and counts once.
    expect(summarize([finding({ audience: 'a' }), finding({ audience: 'b' })])).toBe('1 error, 0 warnings');
  });
});

describe('elementLine', () => {
  it('finds the line of an element’s text inside its slide, Markdown syntax aside', async () => {
    const lines = [
      '# Title',
      '',
      '---',
      '',
      '## The slide',
      '',
      '- **Bold** start of an item',
      '- A [link](https://example.com) in an item',
      '',
      '---',
      '',
      '## Next',
      '',
      '- A link in an item',
    ];
    const deck = await build(lines);
    const slide = deck.slides[1];
    if (!slide) throw new Error('no second slide');
    expect(elementLine(lines, deck, slide, 'Bold start of an item')).toBe(7);
    expect(elementLine(lines, deck, slide, 'A link in an item')).toBe(5);
    expect(elementLine(lines, deck, slide, 'https://example.com')).toBe(8);
    // Text that is not in the slide's source (a var, generated text): the slide's line.
    expect(elementLine(lines, deck, slide, 'Acme Corporation')).toBe(5);
  });
});
