import { describe, expect, it } from 'vitest';
import { buildDeck, deckName } from '../../src/deck/build-deck.ts';
import { createHighlighter } from '../../src/deck/highlight.ts';
import { formatWarning } from '../../src/errors.ts';
import type { Slide } from '../../src/model.ts';
import { parseDocument } from '../../src/parse/parse-document.ts';
import { deckErrorOfAsync } from '../helpers/deck-error.ts';

const build = (lines: string[], path = 'slides/talk.md') =>
  buildDeck(parseDocument({ path, text: lines.join('\n') }));

/** A deck whose first slide is a plain title, so the slide under test is the second one. */
const second = async (lines: string[]): Promise<Slide> => {
  const deck = await build(['# Deck', '', '---', '', ...lines]);
  const slide = deck.slides[1];
  if (!slide) throw new Error('the deck has no second slide');
  return slide;
};

/** HTML with the whitespace between tags dropped: blank lines around blocks are not what these tests are about. */
const tidy = (html: string): string => html.replace(/>\s+</g, '><').trim();

/** A slide's content with every HTML field tidied. */
const contentOf = (slide: Slide | undefined): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(slide?.content ?? {}).map(([key, value]) => [
      key,
      typeof value === 'string'
        ? tidy(value)
        : Array.isArray(value)
          ? value.map((v: string) => tidy(v))
          : value,
    ]),
  );

const htmlOf = (slide: Slide): string => {
  const { content } = slide;
  if (!('html' in content)) throw new Error(`layout ${content.type} has no html`);
  return content.html;
};

describe('buildDeck: .slide: attributes', () => {
  it('puts data-background-color on the slide', async () => {
    const slide = await second(['<!-- .slide: data-background-color="#123456" -->', '## A']);
    expect(slide.attributes).toEqual({ 'data-background-color': '#123456' });
    expect(htmlOf(slide)).not.toContain('.slide:');
  });

  it('reads the comment without a space after <!--', async () => {
    const slide = await second(['<!--.slide: data-background-color="#fff" -->', '## A']);
    expect(slide.attributes).toEqual({ 'data-background-color': '#fff' });
  });

  it('reads a bare data-auto-animate', async () => {
    const slide = await second(['<!-- .slide: data-auto-animate -->', '## A']);
    expect(slide.attributes).toEqual({ 'data-auto-animate': '' });
  });

  it('reads a comment written after the content', async () => {
    const slide = await second([
      '## A',
      '',
      'text',
      '',
      '<!-- .slide: class="dark" data-transition="zoom" -->',
    ]);
    expect(slide.attributes).toEqual({ class: 'dark', 'data-transition': 'zoom' });
  });
});

describe('buildDeck: .element: attributes', () => {
  it('sets them on list items', async () => {
    const slide = await second([
      '- one <!-- .element: class="fragment" -->',
      '- two <!-- .element: class="fragment" -->',
    ]);
    expect(htmlOf(slide)).toBe(
      '<ul>\n<li class="fragment">one </li>\n<li class="fragment">two </li>\n</ul>\n',
    );
  });

  it('sets them on a paragraph', async () => {
    const slide = await second(['Some text <!-- .element: class="fragment" data-fragment-index="1" -->']);
    expect(htmlOf(slide)).toBe('<p class="fragment" data-fragment-index="1">Some text </p>\n');
  });

  it('sets them on an image, the previous element sibling', async () => {
    const slide = await second(['![chart](chart.png) <!-- .element: style="height: 50vh" -->']);
    expect(htmlOf(slide)).toBe('<p><img src="chart.png" alt="chart" style="height: 50vh"> </p>\n');
  });

  it('gives a top-level .element with nothing before it to the slide', async () => {
    const slide = await second(['<!-- .element: class="stray" -->', '', 'text']);
    expect(slide.attributes).toEqual({ class: 'stray' });
    expect(tidy(htmlOf(slide))).toBe('<p>text</p>');
  });
});

describe('buildDeck: layouts', () => {
  it('makes the first slide the title and the others default', async () => {
    const deck = await build(['# Deck', '', '---', '', '## A']);
    expect(deck.slides.map((s) => s.content.type)).toEqual(['title', 'default']);
    expect(contentOf(deck.slides[0])).toEqual({ type: 'title', html: '<h1>Deck</h1>', generated: false });
  });

  it('splits a stat slide into the first heading (value) and the rest (label)', async () => {
    const slide = await second(['<!-- .slide: layout="stat" -->', '', '## 97.5%', '', 'of *users* agree']);
    expect(contentOf(slide)).toEqual({
      type: 'stat',
      value: '97.5%',
      label: '<p>of <em>users</em> agree</p>',
    });
    expect(slide.title).toBe('97.5%');
    expect(slide.attributes).toEqual({});
  });

  it('splits two-column at <!-- .column -->, with the heading on top', async () => {
    const slide = await second([
      '<!-- .slide: layout="two-column" -->',
      '',
      '## Head',
      '',
      'left 1',
      '',
      'left 2',
      '',
      '<!-- .column -->',
      '',
      'right',
    ]);
    expect(contentOf(slide)).toEqual({
      type: 'two-column',
      head: '<h2>Head</h2>',
      columns: ['<p>left 1</p><p>left 2</p>', '<p>right</p>'],
    });
  });

  it('splits two-column without markers into two halves of its blocks, the first half larger', async () => {
    const slide = await second([
      '<!-- .slide: layout="two-column" -->',
      '',
      '## Head',
      '',
      'a',
      '',
      'b',
      '',
      'c',
    ]);
    expect(contentOf(slide)).toEqual({
      type: 'two-column',
      head: '<h2>Head</h2>',
      columns: ['<p>a</p><p>b</p>', '<p>c</p>'],
    });
  });

  it('keeps a quote slide as HTML', async () => {
    const slide = await second(['<!-- .slide: layout="quote" -->', '', '> words', '> — someone']);
    expect(contentOf(slide)).toEqual({
      type: 'quote',
      html: '<blockquote><p>words\n— someone</p></blockquote>',
    });
  });

  it('moves the image of a full-image slide into data-background-image', async () => {
    const slide = await second([
      '<!-- .slide: layout="full-image" -->',
      '',
      '![alt](photo.jpg)',
      '',
      '## Caption',
    ]);
    expect(contentOf(slide)).toEqual({ type: 'full-image', html: '<h2>Caption</h2>', image: 'photo.jpg' });
    expect(slide.attributes).toEqual({
      'data-background-image': 'photo.jpg',
      'data-background-size': 'cover',
    });
    expect(slide.assets).toEqual([{ path: 'photo.jpg', line: 7 }]);
  });

  it('keeps a background size the author chose on a full-image slide', async () => {
    const slide = await second([
      '<!-- .slide: layout="full-image" data-background-size="contain" -->',
      '',
      '![alt](photo.jpg)',
    ]);
    expect(slide.attributes['data-background-size']).toBe('contain');
  });

  it('throws for an unknown layout at the line of its comment', async () => {
    const error = await deckErrorOfAsync(
      build(['# Deck', '', '---', '', '## A', '', 'text', '', '<!-- .slide: layout="fancy" -->']),
    );
    expect(error.format()).toBe(
      'slides/talk.md:9: unknown layout "fancy"\n  Use one of: title, section, default, two-column, quote, stat, full-image.',
    );
    expect(error.code).toBe('unknown-layout');
  });

  it('takes a layout the templates add, with the slide as written, and lists it when one is misspelt', async () => {
    const lines = ['# Deck', '', '---', '', '<!-- .slide: layout="banner" -->', '## Launch'];
    const doc = parseDocument({ path: 'slides/talk.md', text: lines.join('\n') });
    const deck = await buildDeck(doc, { layouts: new Set(['banner', 'default', 'stat']) });
    expect(contentOf(deck.slides[1])).toEqual({ type: 'custom', layout: 'banner', html: '<h2>Launch</h2>' });
    const misspelt = parseDocument({
      path: 'slides/talk.md',
      text: lines.join('\n').replace('banner', 'baner'),
    });
    const error = await deckErrorOfAsync(
      buildDeck(misspelt, { layouts: new Set(['banner', 'default', 'wide']) }),
    );
    expect(error.format()).toBe(
      'slides/talk.md:5: unknown layout "baner"\n  Use one of: title, section, default, two-column, quote, stat, full-image, banner, wide.',
    );
    // Without templates that add it, the layout is unknown.
    expect((await deckErrorOfAsync(buildDeck(doc))).code).toBe('unknown-layout');
  });

  it('throws for a stat slide without a heading at the line of its layout comment', async () => {
    const error = await deckErrorOfAsync(
      build(['# Deck', '', '---', '', '<!-- .slide: layout="stat" -->', '', 'no figure']),
    );
    expect(error.format()).toBe(
      'slides/talk.md:5: a stat slide needs a heading holding the number, e.g. "## 97.5%"\n' +
        '  Add a heading with the figure, or choose another layout.',
    );
  });

  it('throws for a full-image slide without an image', async () => {
    const error = await deckErrorOfAsync(
      build(['# Deck', '---', '<!-- .slide: layout="full-image" -->', '## no image']),
    );
    expect(error.message).toBe('a full-image slide needs an image, e.g. "![](photo.jpg)"');
    expect(error.line).toBe(3);
  });

  it('makes # slides of a heading-split document section slides and generates the title slide', async () => {
    const deck = await build(['---', 'title: Talk', '---', '# Part', '', '## A', '', 'text']);
    expect(deck.slides.map((s) => s.content.type)).toEqual(['title', 'section', 'default']);
    expect(deck.slides[0]?.content).toEqual({ type: 'title', html: '', generated: true });
    expect(deck.config.title).toBe('Talk');
  });

  it('takes Slidev layouts from per-slide front matter', async () => {
    const deck = await build([
      '---',
      'dialect: slidev',
      '---',
      '# A',
      '',
      '---',
      'layout: fact',
      '---',
      '',
      '# 99%',
      '',
      'uptime',
    ]);
    expect(contentOf(deck.slides[1])).toEqual({ type: 'stat', value: '99%', label: '<p>uptime</p>' });
  });
});

describe('buildDeck: code', () => {
  it('highlights a js fence at build time', async () => {
    const slide = await second(['```js', 'const x = 1;', '```']);
    expect(htmlOf(slide)).toBe(
      '<pre><code class="hljs language-js"><span class="hljs-keyword">const</span> x = ' +
        '<span class="hljs-number">1</span>;</code></pre>\n',
    );
  });

  it('keeps code in an unknown language escaped and unhighlighted', async () => {
    const slide = await second(['```nosuchlang', '<b>&</b>', '```']);
    expect(htmlOf(slide)).toBe(
      '<pre><code class="hljs language-nosuchlang">&lt;b&gt;&amp;&lt;/b&gt;</code></pre>\n',
    );
  });

  it('escapes code without a language', async () => {
    const slide = await second(['```', '<script>alert(1)</script>', '```']);
    expect(htmlOf(slide)).toBe(
      '<pre><code class="hljs">&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>\n',
    );
  });

  it('reads the language from a fence with reveal.js line numbers', async () => {
    const slide = await second(['```python [1|2]', 'def f(): pass', '```']);
    expect(htmlOf(slide)).toContain(
      '<code class="hljs language-python"><span class="hljs-keyword">def</span>',
    );
  });

  it('uses a given highlighter', async () => {
    const highlighter = { highlight: (code: string, language: string) => `[${language}:${code}]` };
    const deck = await buildDeck(parseDocument({ path: 'd.md', text: '```rust\nfn\n```' }), { highlighter });
    expect(htmlOf(deck.slides[0] as Slide)).toBe(
      '<pre><code class="hljs language-rust">[rust:fn]</code></pre>\n',
    );
  });

  it('createHighlighter loads aliased languages', async () => {
    const highlighter = await createHighlighter(['ts', 'sh']);
    expect(highlighter.highlight('let a: number', 'ts')).toContain('<span class="hljs-keyword">let</span>');
    expect(highlighter.highlight('echo "<x>"', 'unknown')).toBe('echo &quot;&lt;x&gt;&quot;');
  });
});

describe('buildDeck: everything else a slide carries', () => {
  it('renders notes to HTML', async () => {
    const slide = await second(['## A', '', 'Note: say *this*']);
    expect(slide.notesHtml).toBe('<p> say <em>this</em></p>\n');
    expect(htmlOf(slide)).not.toContain('say');
  });

  it('takes the title from the first heading, and the deck name from the file name', async () => {
    const deck = await build(['text', '', '### Small & *plain*', '---', 'B'], 'slides/my.deck.markdown');
    expect(deck.slides[0]?.title).toBe('Small & plain');
    expect(deck.slides[1]?.title).toBe('');
    expect(deck.name).toBe('my.deck');
    expect(deck.config.title).toBe('Small & plain');
  });

  it('decodes every entity of a heading in the title, named and numeric', async () => {
    const deck = await build(['# A &mdash; B &amp; C', '---', '## Caf&eacute; &#8212; &#x2192; &hellip;']);
    expect(deck.slides.map((s) => s.title)).toEqual(['A — B & C', 'Café — → …']);
    expect(deck.config.title).toBe('A — B & C');
  });

  it('lists local assets with the line they are on', async () => {
    const deck = await build([
      '# Deck', // 1
      '---',
      '<!-- .slide: data-background-image="bg.jpg" -->', // 3
      '## A',
      '',
      '![remote](https://example.org/a.png)',
      '![local](img/local.png)', // 7
    ]);
    expect(deck.slides[1]?.assets).toEqual([
      { path: 'img/local.png', line: 7 },
      { path: 'bg.jpg', line: 3 },
    ]);
  });

  it('passes parse warnings and config warnings on, each with its line', async () => {
    const deck = await build(['---', 'title: T', 'colour: red', '---', '# A', '```', 'open', '---', 'B']);
    expect(deck.warnings.map(formatWarning)).toEqual([
      'slides/talk.md:6: warning: this code fence is never closed; the separators after it still split slides',
      expect.stringMatching(/^slides\/talk\.md:3: warning: unknown front matter key "colour" is ignored/),
    ]);
  });

  it('keeps the position of every slide', async () => {
    const deck = await build(['A', '---', 'B', '----', 'C']);
    expect(deck.slides.map((s) => [s.h, s.v, s.line])).toEqual([
      [0, 0, 1],
      [1, 0, 3],
      [1, 1, 5],
    ]);
  });
});

describe('deckName', () => {
  it('drops the folder and the Markdown extension', () => {
    expect(deckName('slides/elixir-pitch.md')).toBe('elixir-pitch');
    expect(deckName('C:\\decks\\talk.MD')).toBe('talk');
    expect(deckName('notes.txt')).toBe('notes');
    expect(deckName('.md')).toBe('deck');
  });
});
