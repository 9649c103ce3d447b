import { describe, expect, it } from 'vitest';
import type { DeckDocument } from '../../src/model.ts';
import { marpComments } from '../../src/parse/marp.ts';
import { parseDocument } from '../../src/parse/parse-document.ts';

/** A Marp deck: its front matter lines, then its body; line 1 is the opening `---`. */
const marp = (front: string[], body: string[]): DeckDocument =>
  parseDocument({ path: 'talk.md', text: ['---', 'marp: true', ...front, '---', ...body].join('\n') });

/** Each slide's value of one directive, undefined where it does not apply. */
const values = (doc: DeckDocument, name: string) => doc.slides.map((s) => s.directives?.[name]?.value);

const warnings = (doc: DeckDocument) => doc.warnings.map((w) => [w.line, w.code, w.message]);

describe('Marp directives in the front matter', () => {
  it('apply to every slide, and a `_` one to the first slide only', () => {
    const doc = marp(
      ['paginate: true', '_paginate: false', 'backgroundColor: "#123"'],
      ['# A', '---', '# B'],
    );
    expect(values(doc, 'paginate')).toEqual(['false', 'true']);
    expect(values(doc, 'backgroundColor')).toEqual(['#123', '#123']);
    expect(doc.slides[1]?.directives?.backgroundColor).toEqual({ value: '#123', line: 5 });
  });

  it('take a list of classes as one class attribute value', () => {
    const doc = marp(['class: [lead, invert]'], ['# A']);
    expect(values(doc, 'class')).toEqual(['lead invert']);
  });
});

describe('Marp directives in comments', () => {
  const body = [
    '# A', // 4
    '', //
    '---', //
    '', //
    '<!-- backgroundColor: aqua -->', // 8
    '<!-- _color: #fff -->', // 9
    '# B', //
    '', //
    '---', //
    '', //
    '# C', //
  ];

  it('apply from their slide on; a `_` one to its slide only', () => {
    const doc = marp([], body);
    expect(values(doc, 'backgroundColor')).toEqual([undefined, 'aqua', 'aqua']);
    expect(doc.slides[2]?.directives?.backgroundColor?.line).toBe(8);
    // Marp reads directive values loosely: an unquoted #fff is a colour, not a YAML comment.
    expect(values(doc, 'color')).toEqual([undefined, '#fff', undefined]);
  });

  it('apply to the whole slide they are in, wherever they stand in it', () => {
    const doc = marp([], ['# A', '', 'text', '', '<!-- _class: lead -->']);
    expect(values(doc, 'class')).toEqual(['lead']);
  });

  it('leave the Markdown blank where they stood, keeping its lines', () => {
    const doc = marp([], body);
    expect(doc.slides[1]?.markdown).toBe('\n\n# B\n\n');
    expect(doc.slides[1]?.notes).toBeUndefined();
  });

  it('read several keys of one multi-line comment, each with its own line', () => {
    const doc = marp([], ['<!--', '_backgroundColor: black', '_color: white', '-->', '# A']);
    expect(doc.slides[0]?.directives).toEqual({
      backgroundColor: { value: 'black', line: 5 },
      color: { value: 'white', line: 6 },
    });
  });

  it('are notes when they name no directive, as in Marp', () => {
    const doc = marp([], ['# A', '<!-- TODO: fix this -->', '<!-- paginate: true -->']);
    expect(doc.slides[0]?.notes).toEqual({ markdown: 'TODO: fix this', line: 5 });
    expect(values(doc, 'paginate')).toEqual(['true']);
  });

  it('inside code are code, neither directives nor notes', () => {
    const doc = marp([], ['# A', '', '```html', '<!-- _class: lead -->', '```', '', '`<!-- note -->`']);
    expect(doc.slides[0]?.directives).toEqual({});
    expect(doc.slides[0]?.notes).toBeUndefined();
    expect(doc.slides[0]?.markdown).toContain('<!-- _class: lead -->');
  });

  it('keep a heading’s `fit` mark in the Markdown for the heading', () => {
    const comments = marpComments('# <!-- fit --> Big\n<!-- say it -->', 10);
    expect(comments.map((c) => [c.kind, c.body])).toEqual([
      ['fit', 'fit'],
      ['note', 'say it'],
    ]);
    const doc = marp([], ['# <!--fit--> Big']);
    expect(doc.slides[0]?.markdown).toBe('# <!--fit--> Big');
  });
});

describe('Marp global directives', () => {
  it('keep the last value of each, from the front matter or a comment (`$` allowed)', () => {
    const doc = marp(['lang: en', 'style: "h1 { color: red; }"'], ['# A', '<!-- $lang: de -->']);
    expect(doc.directives).toEqual({
      lang: { value: 'de', line: 7 },
      style: { value: 'h1 { color: red; }', line: 4 },
    });
  });

  it('take math: katex and math: mathjax without a word: formulas are typeset', () => {
    expect(warnings(marp(['math: katex'], ['# A', '$x^2$']))).toEqual([]);
    expect(warnings(marp(['math: mathjax'], ['# A', '$x^2$']))).toEqual([]);
  });

  it('warn, naming their line, when pitchdeck does not follow them', () => {
    const doc = marp(
      ['math: asciimath', 'description: A talk', 'size: A4', 'theme: gaia'],
      [
        '# A', // 8
        '<!-- theme: uncover -->',
        '<!-- size: 4:3 -->',
        '<!-- _transition: cube -->',
        '<!-- transition: fade -->',
      ],
    );
    expect(warnings(doc)).toEqual([
      [
        3,
        'marp-directive',
        'Marp\'s "math: asciimath" is neither katex nor mathjax; formulas are typeset with KaTeX',
      ],
      [4, 'marp-directive', 'Marp\'s "description" directive is not supported; ignored'],
      [
        5,
        'marp-directive',
        'Marp size "A4" is not one of Marp\'s presets (16:9, 4:3); set width and height instead',
      ],
      [
        9,
        'marp-directive',
        'the "theme" directive is read from the front matter only; this comment is ignored',
      ],
      [
        11,
        'marp-directive',
        'Marp transition "cube" has no reveal.js counterpart; this slide keeps the deck\'s transition (reveal.js has: none, fade, slide, convex, concave, zoom)',
      ],
    ]);
    // The front matter's theme is pitchdeck's own key, checked (and warned about) with the deck's settings.
    expect(doc.directives?.size).toEqual({ value: '4:3', line: 10 });
    expect(values(doc, 'transition')).toEqual(['fade']);
  });
});

describe('Marp headingDivider', () => {
  it('starts a slide before each heading of that level or above, as well as at ---', () => {
    const doc = marp(
      ['headingDivider: 2'],
      [
        '# One', // 5
        'text',
        '## Two', // 7
        '### Inside two',
        '# Three', // 9
        '',
        '---',
        '',
        '## Four', // 13
      ],
    );
    expect(doc.slides.map((s) => [s.h, s.line])).toEqual([
      [0, 5],
      [1, 7],
      [2, 9],
      [3, 13],
    ]);
    expect(doc.slides[1]?.markdown).toContain('### Inside two');
  });

  it('does not split before a heading that only comments precede, nor inside code', () => {
    const doc = marp(
      [],
      [
        '<!-- headingDivider: [1, 3] -->',
        '<!-- _class: lead -->',
        '# One',
        '```md',
        '# code',
        '```',
        '## Not',
        '### Three',
      ],
    );
    expect(doc.slides.map((s) => s.line)).toEqual([4, 11]);
    expect(values(doc, 'class')).toEqual(['lead', undefined]);
  });
});
