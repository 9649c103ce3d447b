import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDeck } from '../../src/deck/build-deck.ts';
import type { Deck } from '../../src/model.ts';
import { parseDocument } from '../../src/parse/parse-document.ts';
import { loadTemplateSources } from '../../src/read/load-templates.ts';
import { renderDeck, stacks } from '../../src/render/render-deck.ts';
import { compileTemplates, scriptJson, type TemplateSources } from '../../src/render/templates.ts';
import { deckErrorOf } from '../helpers/deck-error.ts';

const TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));

/** The real templates' text, read once; each test compiles its own (possibly edited) copy in memory. */
let realTexts: TemplateSources['texts'];

beforeAll(async () => {
  realTexts = (await loadTemplateSources(TEMPLATES, fileURLToPath(new URL('../../', import.meta.url)))).texts;
});

/** The real template texts with some replaced: `{ 'layouts/stat': 'new text' }`. */
const sources = (changes: Record<string, string | undefined> = {}): TemplateSources => {
  const texts: TemplateSources['texts'] = {};
  for (const [name, source] of Object.entries(realTexts)) texts[name] = { ...source };
  for (const [name, text] of Object.entries(changes)) {
    const existing = texts[name];
    if (text === undefined) delete texts[name];
    else texts[name] = { text, file: existing?.file ?? `templates/${name}.hbs` };
  }
  return { texts };
};

const deckOf = (lines: string[], path = 'slides/talk.md'): Promise<Deck> =>
  buildDeck(parseDocument({ path, text: lines.join('\n') }));

const OPTIONS = { assetBase: '../_assets', version: '1.2.3' };

const render = async (lines: string[], options: { notes?: boolean } = {}) =>
  renderDeck(await deckOf(lines), compileTemplates(sources()), { ...OPTIONS, ...options }).html;

/** The part of the page between <div class="slides"> and its closing tags. */
const slidesOf = (html: string): string => {
  const start = html.indexOf('<div class="slides">');
  const end = html.indexOf('</div>\n</div>\n<script');
  if (start === -1 || end === -1) throw new Error('no slides container in the page');
  return html.slice(start + '<div class="slides">'.length, end).replace(/\n{2,}/g, '\n');
};

/** The reveal.js config object the page passes to Reveal.initialize. */
const revealConfigOf = (html: string): unknown => {
  const m = /var config = (.*);\n/.exec(html);
  if (!m?.[1]) throw new Error('no reveal config in the page');
  return JSON.parse(m[1]);
};

describe('renderDeck with the real templates', () => {
  it('renders horizontal slides as sections and a vertical stack as nested sections', async () => {
    const html = await render(['# T', '---', '## A', '----', '## B', '---', '## C']);
    expect(slidesOf(html)).toBe(
      [
        '',
        '<section class="pd-layout-title" data-source-line="1">',
        '<div class="pd-title">',
        '<h1>T</h1>',
        '</div>',
        '</section>',
        '<section>',
        '<section class="pd-layout-default" data-source-line="3">',
        '<h2>A</h2>',
        '</section>',
        '<section class="pd-layout-default" data-source-line="5">',
        '<h2>B</h2>',
        '</section>',
        '</section>',
        '<section class="pd-layout-default" data-source-line="7">',
        '<h2>C</h2>',
        '</section>',
        '',
      ].join('\n'),
    );
  });

  it('puts notes into <aside class="notes"> inside their slide', async () => {
    const html = await render(['# T', 'Note: title *notes*', '---', '## A']);
    expect(slidesOf(html)).toContain(
      '<h1>T</h1>\n</div>\n<aside class="notes"><p> title <em>notes</em></p>\n</aside>\n</section>',
    );
    expect(html.match(/<aside class="notes">/g)).toHaveLength(1);
  });

  it('drops every note with notes: false', async () => {
    const lines = ['# T', 'Note: one', '---', '## A', 'Note: two'];
    expect((await render(lines)).match(/<aside class="notes">/g)).toHaveLength(2);
    const html = await render(lines, { notes: false });
    expect(html).not.toContain('<aside');
    expect(html).not.toContain('one');
    expect(html).not.toContain('two');
  });

  it('writes slide attributes, the layout class merged with the author class', async () => {
    const html = await render([
      '# T',
      '---',
      '<!-- .slide: class="dark" data-background-color="#123" data-auto-animate -->',
      '## A',
    ]);
    expect(slidesOf(html)).toContain(
      '<section class="dark pd-layout-default" data-background-color="#123" data-auto-animate data-source-line="3">',
    );
  });

  it('renders each layout through its own template', async () => {
    const html = await render([
      '# T',
      '---',
      '<!-- .slide: layout="stat" -->',
      '## 42%',
      'of them',
      '---',
      '<!-- .slide: layout="two-column" -->',
      '## Head',
      'left',
      '<!-- .column -->',
      'right',
      '---',
      '<!-- .slide: layout="quote" -->',
      '> words',
      '---',
      '<!-- .slide: layout="full-image" -->',
      '![x](p.jpg)',
    ]);
    const slides = slidesOf(html);
    expect(slides).toContain(
      '<div class="pd-stat">\n<div class="pd-stat-value">42%</div>\n<div class="pd-stat-label">',
    );
    expect(slides).toContain('<div class="pd-head"><h2>Head</h2></div>');
    expect(slides.match(/<div class="pd-column">/g)).toHaveLength(2);
    expect(slides).toContain('<div class="pd-quote">\n<blockquote>');
    expect(slides).toContain('data-background-image="p.jpg" data-background-size="cover"');
    expect(slides).toContain('<div class="pd-full-image">');
  });

  it('fills a generated title slide from the front matter, escaped', async () => {
    const html = await render([
      '---',
      'title: "Q&A <live>"',
      'subtitle: Sub',
      'author: Ann',
      'date: 2025',
      '---',
      '## A',
    ]);
    expect(slidesOf(html)).toContain(
      '<h1>Q&amp;A &lt;live&gt;</h1>\n<p class="pd-subtitle">Sub</p>\n<p class="pd-byline">Ann · 2025</p>',
    );
    expect(html).toContain('<title>Q&amp;A &lt;live&gt;</title>');
    expect(html).toContain('<meta name="author" content="Ann">');
  });

  it('titles the page after a heading with entities decoded once, and escaped once', async () => {
    const html = await render(['# A &mdash; B &amp; C &lt;3', '---', '## Two']);
    expect(html).toContain('<title>A — B &amp; C &lt;3</title>');
  });

  it('escapes </script> and <!-- in the reveal config JSON and keeps the values', async () => {
    const html = await render([
      '---',
      'revealOptions:',
      '  controls: false',
      '  note: "</script><script>alert(1)</script><!--"',
      '---',
      '# T',
      '---',
      'B',
    ]);
    const script = html.slice(html.indexOf('var config ='));
    expect(script).not.toContain('</script><script>');
    expect(script).not.toContain('<!--');
    expect(html.match(/<\/script>/g)).toHaveLength(5);
    expect(revealConfigOf(html)).toEqual({
      hash: true,
      width: 1280,
      height: 720,
      transition: 'slide',
      margin: 0.04,
      controls: false,
      note: '</script><script>alert(1)</script><!--',
    });
  });

  it('links the assets under assetBase, a theme file as written, and extra css', async () => {
    const deck = await deckOf([
      '---',
      'theme: brand.css',
      'css: [extra.css]',
      'highlightTheme: github',
      '---',
      '# T',
      '---',
      '![i](img/a.png)',
    ]);
    const rendered = renderDeck(deck, compileTemplates(sources()), OPTIONS);
    expect(rendered.html).toContain('<link rel="stylesheet" href="brand.css" id="theme">');
    expect(rendered.html).toContain('<link rel="stylesheet" href="../_assets/highlight/github.css">');
    expect(rendered.html).toContain('<link rel="stylesheet" href="extra.css">');
    expect(rendered.html).toContain('<script src="../_assets/reveal/reveal.js"></script>');
    expect(rendered.html).toContain('<meta name="generator" content="pitchdeck 1.2.3">');
    expect(rendered.assets).toEqual([
      { path: 'img/a.png', line: 8 },
      { path: 'brand.css', line: 0 },
      { path: 'extra.css', line: 0 },
    ]);
  });

  it("sets the page's lang from the deck, en by default", async () => {
    expect(await render(['# A'])).toContain('<html lang="en">');
    expect(await render(['---', 'lang: de-ch', '---', '# A'])).toContain('<html lang="de-CH">');
  });

  it('links a named theme from the shared assets', async () => {
    const html = await render(['---', 'theme: white', '---', '# T', '---', 'B']);
    expect(html).toContain('<link rel="stylesheet" href="../_assets/theme/white.css" id="theme">');
  });
});

describe('compileTemplates in strict mode', () => {
  it('throws a DeckError naming page.hbs and its line for a field the page does not have', async () => {
    const page = realTexts.page?.text.replace('<title>{{title}}</title>', '<title>{{titel}}</title>') ?? '';
    const templates = compileTemplates(sources({ page }));
    const deck = await deckOf(['# T']);
    const error = deckErrorOf(() => renderDeck(deck, templates, OPTIONS));
    expect(error.code).toBe('template');
    expect(error.file).toBe('templates/page.hbs');
    expect(error.line).toBe(page.split('\n').findIndex((l) => l.includes('{{titel}}')) + 1);
    expect(error.message).toMatch(/^template error: "titel" not defined/);
  });

  // Bug: a missing field in a partial is reported against page.hbs (with the partial's line number).
  it('throws a DeckError naming the layout template that uses a missing field', async () => {
    const templates = compileTemplates(
      sources({ 'layouts/stat': '<div class="pd-stat">\n<div>{{{valeu}}}</div>\n</div>\n' }),
    );
    const deck = await deckOf(['# T', '---', '<!-- .slide: layout="stat" -->', '## 5', 'x']);
    const error = deckErrorOf(() => renderDeck(deck, templates, OPTIONS));
    expect(error.file).toBe('templates/layouts/stat.hbs');
    expect(error.line).toBe(2);
  });

  it('throws at compile time for a syntax error, naming the file and line', () => {
    const error = deckErrorOf(() =>
      compileTemplates(
        sources({
          'partials/slide': '<section>\n{{> (lookup this "partial") content}}\n{{foo bar}\n</section>',
        }),
      ),
    );
    expect(error).toMatchObject({ code: 'template', file: 'templates/partials/slide.hbs', line: 3 });
    expect(error.format()).toMatch(
      /^templates\/partials\/slide\.hbs:3: template error: Parse error on line 3/,
    );
  });

  it('names the line of a block closed with the wrong helper', () => {
    const error = deckErrorOf(() => compileTemplates(sources({ page: 'a\n{{#each stacks}}\nb\n{{/if}}\n' })));
    expect(error).toMatchObject({ file: 'templates/page.hbs', line: 2 });
    expect(error.message).toMatch(/each doesn't match if/);
  });

  it('throws when there is no page template', () => {
    const error = deckErrorOf(() => compileTemplates(sources({ page: undefined })));
    expect(error.format()).toBe(
      'templates: the templates have no page.hbs\n  A templates folder needs page.hbs, layouts/*.hbs and partials/*.hbs.',
    );
  });

  it('throws a DeckError naming page.hbs for a partial that does not exist', async () => {
    const templates = compileTemplates(sources({ page: 'x\n{{> nosuch}}\n' }));
    const deck = await deckOf(['# T']);
    const error = deckErrorOf(() => renderDeck(deck, templates, OPTIONS));
    expect(error.file).toBe('templates/page.hbs');
    expect(error.message).toMatch(/nosuch/);
  });

  it('registers layouts as layout-<name> partials', () => {
    const { partials } = compileTemplates(sources());
    expect([...partials].sort()).toEqual([
      'frame-end',
      'frame-start',
      'init',
      'layout-default',
      'layout-full-image',
      'layout-quote',
      'layout-section',
      'layout-stat',
      'layout-title',
      'layout-two-column',
      'slide',
      'stack',
    ]);
  });

  it('knows the layouts it has templates for, those a folder adds among them', () => {
    expect([...compileTemplates(sources()).layouts].sort()).toEqual([
      'default',
      'full-image',
      'quote',
      'section',
      'stat',
      'title',
      'two-column',
    ]);
    const added = compileTemplates(sources({ 'layouts/banner': '<div class="banner">{{{html}}}</div>' }));
    expect(added.layouts.has('banner')).toBe(true);
  });
});

describe('scriptJson', () => {
  it('escapes < and the JavaScript line separators', () => {
    expect(scriptJson({ a: '</script>', b: '\u2028\u2029' })).toBe(
      '{"a":"\\u003c/script>","b":"\\u2028\\u2029"}',
    );
  });
});

describe('stacks', () => {
  it('groups slides by horizontal position', async () => {
    const deck = await deckOf(['A', '---', 'B', '----', 'C', '----', 'D', '---', 'E']);
    expect(stacks(deck.slides).map((group) => group.map((s) => s.line))).toEqual([[1], [3, 5, 7], [9]]);
  });
});
