import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cutForAudience } from '../../src/audience/cut-for-audience.ts';
import { buildDeck, type PictureOptions } from '../../src/deck/build-deck.ts';
import { contrast, palette } from '../../src/deck/fences/colours.ts';
import type { DeckText, DiagramResult, PictureTheme } from '../../src/deck/fences/fence.ts';
import { naturalSize } from '../../src/deck/fences/mermaid.ts';
import { pictureTheme } from '../../src/deck/fences/picture-theme.ts';
import { fillsVars, pictureRenderer } from '../../src/deck/fences/registry.ts';
import { formatWarning } from '../../src/errors.ts';
import { BUILTIN_THEMES, type Slide } from '../../src/model.ts';
import { parseDocument } from '../../src/parse/parse-document.ts';
import { loadThemeStylesheet } from '../../src/read/theme-stylesheets.ts';
import { deckErrorOfAsync } from '../helpers/deck-error.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');

const DARK: PictureTheme = {
  dark: true,
  background: '#1e1035',
  text: '#ece8f6',
  accent: '#ffb547',
  font: "'Inter', sans-serif",
  fontFaces: '',
};

/** A diagram renderer that records what it is asked to draw and answers with a fixed SVG or error. */
function recordingDiagrams(answer: (source: string) => DiagramResult) {
  const asked: { source: string; theme: PictureTheme }[] = [];
  return {
    asked,
    render: async (source: string, theme: PictureTheme) => {
      asked.push({ source, theme });
      return answer(source);
    },
  };
}

/** A picture cache in a Map, as the disk cache behaves within a run. */
function mapCache() {
  const entries = new Map<string, string>();
  return {
    entries,
    get: (k: string) => entries.get(k),
    set: (k: string, v: string) => void entries.set(k, v),
  };
}

const build = (lines: string[], pictures: PictureOptions = {}) =>
  buildDeck(parseDocument({ path: 'slides/pictures.md', text: lines.join('\n') }), {
    pictures: { theme: async () => DARK, ...pictures },
  });

const htmlOf = (slide: Slide | undefined) => (slide && 'html' in slide.content ? slide.content.html : '');

const SVG =
  '<svg id="m" width="100%" xmlns="http://www.w3.org/2000/svg" style="max-width: 300.5px;" viewBox="0 0 300.5 120"><text>One Phoenix app</text></svg>';

describe('the fence registry', () => {
  it('has a renderer for mermaid and chart fences; every other fence is code', () => {
    expect(pictureRenderer('mermaid')).toBeDefined();
    expect(pictureRenderer('chart')).toBeDefined();
    for (const language of ['js', 'elixir', '', 'constructor', 'toString']) {
      expect(pictureRenderer(language)).toBeUndefined();
    }
  });

  it('fills audience vars into chart fences only', () => {
    expect(fillsVars('chart')).toBe(true);
    expect(fillsVars('mermaid')).toBe(false);
    expect(fillsVars('js')).toBe(false);
  });
});

describe('mermaid fences', () => {
  const deck = [
    '# Title',
    '',
    '```mermaid',
    'flowchart LR',
    '  A[One Phoenix app]',
    '```',
    '',
    '```js',
    'x',
    '```',
  ];

  it('are drawn by the diagram renderer the build is given, in the deck’s theme', async () => {
    const diagrams = recordingDiagrams(() => ({ svg: SVG }));
    const built = await build(deck, { diagrams });
    expect(diagrams.asked).toEqual([{ source: 'flowchart LR\n  A[One Phoenix app]', theme: DARK }]);
    const html = htmlOf(built.slides[0]);
    expect(html).toContain(
      '<div class="pd-picture" data-fence="mermaid" data-line="3"><svg width="301" height="120" id="m" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300.5 120"><text>One Phoenix app</text></svg></div>',
    );
    // The other fence is still code.
    expect(html).toContain('<pre><code class="hljs language-js">x</code></pre>');
    expect(built.warnings).toEqual([]);
  });

  it('are drawn once per distinct diagram, and not again when the cache has them', async () => {
    const cache = mapCache();
    const twice = [
      ...deck,
      '',
      '---',
      '',
      '## Again',
      '',
      '```mermaid',
      'flowchart LR',
      '  A[One Phoenix app]',
      '```',
    ];
    const diagrams = recordingDiagrams(() => ({ svg: SVG }));
    const first = await build(twice, { diagrams, cache });
    expect(diagrams.asked).toHaveLength(1);
    const again = recordingDiagrams(() => ({ svg: SVG }));
    const second = await build(twice, { diagrams: again, cache });
    expect(again.asked).toHaveLength(0);
    expect(second.slides.map(htmlOf)).toEqual(first.slides.map(htmlOf));
  });

  it('are drawn again in another theme', async () => {
    const cache = mapCache();
    await build(deck, { diagrams: recordingDiagrams(() => ({ svg: SVG })), cache });
    const light = recordingDiagrams(() => ({ svg: SVG }));
    await build(deck, {
      diagrams: light,
      cache,
      theme: async () => ({ ...DARK, dark: false, background: '#ffffff', text: '#222222' }),
    });
    expect(light.asked).toHaveLength(1);
  });

  it('report what Mermaid says about a diagram it cannot parse, at the fence’s line', async () => {
    const diagrams = recordingDiagrams(() => ({
      error:
        "Parse error on line 2:\n...owchart LR  A[One Phoenix app\n----------------------^\nExpecting 'SQE', 'PIPE', got 'EOF'",
    }));
    const error = await deckErrorOfAsync(build(deck, { diagrams }));
    expect(error.format()).toBe(
      "slides/pictures.md:3: Mermaid cannot draw this diagram: Parse error on line 2: Expecting 'SQE', 'PIPE', got 'EOF'\n" +
        '  Check it against Mermaid’s syntax: https://mermaid.js.org/intro/syntax-reference.html',
    );
    expect(error.code).toBe('diagram');
  });

  it('stay code, with a warning, when the build has no browser to draw them', async () => {
    const built = await build(deck);
    expect(htmlOf(built.slides[0])).toContain('<pre><code class="hljs language-mermaid">flowchart LR');
    expect(built.warnings.map(formatWarning)).toEqual([
      'slides/pictures.md:3: warning: this Mermaid diagram is shown as code: the build was given no browser to draw it with',
    ]);
  });

  it('are found in lists and quotes, and never inside other code', async () => {
    const diagrams = recordingDiagrams(() => ({ svg: SVG }));
    const built = await build(
      [
        '# T',
        '',
        '- item',
        '',
        '  ```mermaid',
        '  graph TD',
        '  ```',
        '',
        '````md',
        '```mermaid',
        'not a diagram',
        '```',
        '````',
      ],
      { diagrams },
    );
    expect(diagrams.asked.map((a) => a.source)).toEqual(['graph TD']);
    expect(htmlOf(built.slides[0])).toContain('data-line="5"');
  });

  it('keep their ids unique in the page when the same diagram is drawn twice', async () => {
    const svg =
      '<svg id="d1" viewBox="0 0 10 10"><style>#d1 .node{fill:red}</style><marker id="d1_end"/><path marker-end="url(#d1_end)"/><use href="#d1_end" aria-labelledby="d1"/></svg>';
    const diagram = ['```mermaid', 'graph TD', '```'];
    const built = await build(['# A', '', ...diagram, '', '---', '', '## B', '', ...diagram], {
      diagrams: recordingDiagrams(() => ({ svg })),
    });
    const [first, second] = built.slides.map(htmlOf);
    expect(first).toContain('<svg width="10" height="10" id="d1" viewBox="0 0 10 10"><style>#d1 .node');
    expect(second).toContain(
      '<svg width="10" height="10" id="d1-2" viewBox="0 0 10 10"><style>#d1-2 .node{fill:red}</style><marker id="d1_end-2"/><path marker-end="url(#d1_end-2)"/><use href="#d1_end-2" aria-labelledby="d1-2"/></svg>',
    );
  });

  it('take .element: attributes like any block, and sit in any layout', async () => {
    const built = await build(
      [
        '# T',
        '',
        '---',
        '',
        '<!-- .slide: layout="two-column" -->',
        '',
        '## Two',
        '',
        'Left',
        '',
        '<!-- .column -->',
        '',
        '```mermaid',
        'graph TD',
        '```',
        '<!-- .element: class="fragment" -->',
      ],
      { diagrams: recordingDiagrams(() => ({ svg: SVG })) },
    );
    const content = built.slides[1]?.content;
    expect(content?.type).toBe('two-column');
    const right = content?.type === 'two-column' ? (content.columns[1] ?? '') : '';
    expect(right).toContain(
      // The class is replaced, as reveal.js does; the block is still known by its data-fence.
      '<div class="fragment" data-fence="mermaid" data-line="13"><svg width="301" height="120" id="m"',
    );
    expect(right).toContain('<text>One Phoenix app</text></svg></div>');
  });

  it('are sized by their drawn size, not their container', () => {
    expect(naturalSize(SVG)).toBe(
      '<svg width="301" height="120" id="m" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300.5 120"><text>One Phoenix app</text></svg>',
    );
  });
});

describe('chart fences', () => {
  const chart = (spec: string[], files: Record<string, DeckText> = {}) =>
    build(['# Chart', '', '```chart', ...spec, '```'], {
      readFile: (path) => files[path] ?? { kind: 'missing' },
    });
  const BAR = [
    'data:',
    '  values:',
    '    - { language: Elixir, score: 80.3 }',
    '    - { language: "C#", score: 74.9 }',
    'mark: bar',
    'encoding:',
    '  x: { field: language, type: nominal }',
    '  y: { field: score, type: quantitative }',
  ];
  const texts = (html: string) => [...html.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

  it('are drawn to SVG at build time, labels as SVG text, in the theme’s font and colours', async () => {
    const built = await chart(BAR);
    const html = htmlOf(built.slides[0]);
    expect(html).toMatch(
      /^<h1>Chart<\/h1>\s*<div class="pd-picture" data-fence="chart" data-line="3"><svg role="img"/,
    );
    expect(texts(html)).toEqual(expect.arrayContaining(['Elixir', 'C#', 'language', 'score']));
    expect(html).toContain(`font-family="'Inter', sans-serif"`);
    // Axis labels in the theme's text colour; bars in its accent, which reads on its background.
    expect(html).toMatch(/<text[^>]*fill="#ece8f6"[^>]*>Elixir<\/text>/);
    expect(html).toMatch(/fill="#ffb547"/);
    // No background painted: the slide's shows through.
    expect(html).not.toMatch(/<rect[^>]*fill="white"/);
    expect(built.warnings).toEqual([]);
  });

  it('take JSON as well as YAML', async () => {
    const json = JSON.stringify({
      data: { values: [{ a: 'Kotlin', b: 72.5 }] },
      mark: 'bar',
      encoding: { x: { field: 'a', type: 'nominal' }, y: { field: 'b', type: 'quantitative' } },
    });
    expect(texts(htmlOf((await chart([json])).slides[0]))).toContain('Kotlin');
  });

  it('read data.url from a CSV file beside the deck, and list it as a file the slide uses', async () => {
    const built = await chart(
      [
        'data: { url: data/sales.csv }',
        'mark: line',
        'encoding:',
        '  x: { field: month, type: ordinal, sort: null }',
        '  y: { field: sales, type: quantitative }',
      ],
      { 'data/sales.csv': { kind: 'text', text: 'month,sales\nJan,10\nFeb,14\nMar,9\n' } },
    );
    expect(texts(htmlOf(built.slides[0]))).toEqual(expect.arrayContaining(['Jan', 'Feb', 'Mar', 'sales']));
    expect(built.slides[0]?.assets).toEqual([{ path: 'data/sales.csv', line: 4 }]);
  });

  it('read a JSON data file too, its query left out of the path', async () => {
    const built = await chart(
      ['data: { url: "scores.json?v=2" }', 'mark: bar', 'encoding: { x: { field: k, type: nominal } }'],
      { 'scores.json': { kind: 'text', text: '[{ "k": "Alpha" }, { "k": "Beta" }]' } },
    );
    expect(texts(htmlOf(built.slides[0]))).toEqual(expect.arrayContaining(['Alpha', 'Beta']));
    expect(built.slides[0]?.assets).toEqual([{ path: 'scores.json', line: 4 }]);
  });

  it('report a data file that is missing, outside the deck’s folder or on the network, at its line', async () => {
    const spec = (url: string) => [
      `data: { url: "${url}" }`,
      'mark: bar',
      'encoding: { x: { field: a, type: nominal } }',
    ];
    const missing = await deckErrorOfAsync(chart(spec('sales.csv')));
    expect(missing.format()).toBe(
      'slides/pictures.md:4: chart data "sales.csv" does not exist\n' +
        '  "data: { url }" is a path relative to the deck’s file, to a CSV, TSV or JSON file inside its folder.',
    );
    const outside = await deckErrorOfAsync(
      chart(spec('../secret.csv'), { '../secret.csv': { kind: 'outside' } }),
    );
    expect(outside.format().split('\n')[0]).toBe(
      'slides/pictures.md:4: chart data "../secret.csv" is outside the deck’s folder',
    );
    const remote = await deckErrorOfAsync(chart(spec('https://example.com/data.csv')));
    expect(remote.format()).toBe(
      'slides/pictures.md:4: chart data "https://example.com/data.csv" is not a file beside the deck\n' +
        '  Charts are drawn offline: put the data in a CSV or JSON file in the deck’s folder and name it by its relative path, or write it inline under "data: { values: [...] }".',
    );
  });

  it('report YAML that does not parse at its line in the file', async () => {
    const error = await deckErrorOfAsync(chart(['mark: bar', 'encoding:', '  x: { field: a', '  y: 1']));
    expect(error.format()).toBe(
      "slides/pictures.md:7: this chart's spec is not valid YAML or JSON: Flow map in block collection must be sufficiently indented and end with a }\n" +
        '  A chart fence holds a Vega-Lite spec (https://vega.github.io/vega-lite/docs/), e.g. "mark: bar" with "data" and "encoding".',
    );
    expect(error.code).toBe('chart');
  });

  it('report a spec Vega-Lite cannot draw with Vega-Lite’s message', async () => {
    const error = await deckErrorOfAsync(
      chart(['data: { values: [{ a: 1 }] }', 'encoding: { x: { field: a } }']),
    );
    expect(error.format()).toBe(
      'slides/pictures.md:3: Vega-Lite cannot draw this chart: Invalid specification. Make sure the specification includes at least one of the following properties: "mark", "layer", "facet", "hconcat", "vconcat", "concat", or "repeat".\n' +
        '  A chart fence holds a Vega-Lite spec (https://vega.github.io/vega-lite/docs/), e.g. "mark: bar" with "data" and "encoding".',
    );
  });

  it('pass Vega-Lite’s warnings on as the build’s, at the fence', async () => {
    const built = await chart([
      ...BAR.slice(0, 5),
      'encoding:',
      '  x: { field: language, type: nominal }',
      '  y: { field: score, type: quantitative, aggregate: most }',
    ]);
    expect(built.warnings.map(formatWarning)).toEqual([
      'slides/pictures.md:3: warning: chart: Invalid aggregation operator "most".',
    ]);
  });

  it('are not drawn again when the cache has them, and are when their data changes', async () => {
    const cache = mapCache();
    const spec = ['data: { url: d.csv }', 'mark: bar', 'encoding: { x: { field: a, type: nominal } }'];
    const files = (text: string) => ({ 'd.csv': { kind: 'text', text } as const });
    const read = (text: string) => ({
      readFile: (path: string) => files(text)[path as 'd.csv'] ?? { kind: 'missing' as const },
      cache,
    });
    const deck = ['# C', '', '```chart', ...spec, '```'];
    await build(deck, read('a\nx\n'));
    expect(cache.entries.size).toBe(1);
    // A cached entry is what is shown: a tampered one proves the chart was not drawn again.
    const [key] = [...cache.entries.keys()];
    cache.entries.set(key ?? '', JSON.stringify({ html: '<svg>cached</svg>', warnings: [] }));
    expect(htmlOf((await build(deck, read('a\nx\n'))).slides[0])).toContain('<svg>cached</svg>');
    expect(htmlOf((await build(deck, read('a\ny\n'))).slides[0])).not.toContain('<svg>cached</svg>');
    expect(cache.entries.size).toBe(2);
  });
});

describe('audience vars in chart fences', () => {
  const text = [
    '---',
    'vars: { mine: 80.3 }',
    'audiences:',
    '  cto: { vars: { title: "For the CTO: 3 of 3" } }',
    '  founders: {}',
    '---',
    '',
    '# Numbers {{mine}}',
    '',
    '```chart',
    'title: "{{title}}"',
    'data: { values: [{ a: Elixir, b: {{mine}} }] }',
    'mark: bar',
    '```',
    '',
    '```mermaid',
    'flowchart LR',
    '  A{{hexagon}}',
    '```',
  ].join('\n');
  const doc = parseDocument({ path: 'slides/cut.md', text });

  it('are filled in as written (the spec is data, not Markdown); other fences keep their braces', () => {
    const markdown = cutForAudience(doc, 'cto').slides[0]?.markdown ?? '';
    expect(markdown).toContain(
      '```chart\ntitle: "For the CTO: 3 of 3"\ndata: { values: [{ a: Elixir, b: 80.3 }] }\n',
    );
    expect(markdown).toContain('  A{{hexagon}}');
  });

  it('name the line of a var a cut lacks', () => {
    let thrown: unknown;
    try {
      cutForAudience(doc, 'founders');
    } catch (error) {
      thrown = error;
    }
    expect((thrown as { format(): string }).format()).toBe(
      'slides/cut.md:11: {{title}} is not defined for audience "founders" (defined for: cto)\n' +
        '  Add "title" to the vars of audience "founders" (or to the deck\'s "vars:", for every audience), or keep it inside {{#audience "cto"}}...{{/audience}}.',
    );
  });

  it('keep a var’s dollars out of maths in prose', () => {
    const withDollars = parseDocument({
      path: 'slides/cut.md',
      text: '---\nvars: { price: "$5 or $x$" }\n---\n\n# {{price}}\n',
    });
    expect(cutForAudience(withDollars, undefined).slides[0]?.markdown).toBe('# &#36;5 or &#36;x&#36;\n');
  });
});

describe('picture themes', () => {
  const theme = (name: string) => {
    const file =
      name === 'pitch'
        ? join(ROOT, 'templates', 'themes', 'pitch.css')
        : join(ROOT, 'node_modules', 'reveal.js', 'dist', 'theme', `${name}.css`);
    return pictureTheme(readFileSync(file, 'utf8'), (url) => `file:///fonts/${url}`);
  };

  it('take the theme’s background, text, accent and font', () => {
    expect(theme('pitch')).toMatchObject({
      dark: true,
      background: '#1e1035',
      text: '#ece8f6',
      accent: '#ffb547',
      font: "'Inter', 'Helvetica Neue', Arial, sans-serif",
    });
    expect(theme('white')).toMatchObject({ dark: false, background: '#ffffff', text: '#222222' });
  });

  it('keep the upright faces of the theme’s font, for the renderer to measure text with', async () => {
    // As the build reads it: the Google Fonts import replaced by @font-face rules.
    const { css } = await loadThemeStylesheet('pitch');
    const faces = pictureTheme(css, (url) => `file:///fonts/${url}`).fontFaces;
    expect(faces).toContain('url("file:///fonts/../fonts/inter/inter-latin-400-normal.woff2")');
    expect(faces).toContain('font-weight: 700');
    expect(faces).not.toContain('italic');
  });

  it.each([...BUILTIN_THEMES, 'pitch'])('%s: text and series colours read on the background', (name) => {
    const look = theme(name);
    expect(contrast(look.text, look.background)).toBeGreaterThanOrEqual(4.5);
    const colours = palette(look.background, look.accent, look.dark);
    expect(colours.length).toBeGreaterThanOrEqual(6);
    for (const colour of colours) expect(contrast(colour, look.background)).toBeGreaterThanOrEqual(3);
  });
});
