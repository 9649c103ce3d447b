import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { cutForAudience } from '../../src/audience/cut-for-audience.ts';
import { buildDeck } from '../../src/deck/build-deck.ts';
import { imageOptions, marpPageNumbers } from '../../src/deck/marp.ts';
import type { Deck, Slide } from '../../src/model.ts';
import { parseDocument } from '../../src/parse/parse-document.ts';
import { loadTemplateSources } from '../../src/read/load-templates.ts';
import { renderDeck } from '../../src/render/render-deck.ts';
import { compileTemplates, type Templates } from '../../src/render/templates.ts';

/** A Marp deck built: its front matter lines, then its body; line 1 is the opening `---`. */
const build = (front: string[], body: string[]): Promise<Deck> =>
  buildDeck(
    parseDocument({ path: 'talk.md', text: ['---', 'marp: true', ...front, '---', ...body].join('\n') }),
  );

const only = async (body: string[], front: string[] = []): Promise<Slide> => {
  const slide = (await build(front, body)).slides[0];
  if (!slide) throw new Error('no slide');
  return slide;
};

const htmlOf = (slide: Slide): string => ('html' in slide.content ? slide.content.html : '');

describe('Marp image keywords', () => {
  it('read a background, its size, split and filters, leaving the other words as alt text', () => {
    expect(imageOptions('Team photo bg left:30% contain opacity:.4 blur')).toMatchObject({
      bg: true,
      size: 'contain',
      split: { side: 'left', size: '30%' },
      filters: ['opacity(.4)', 'blur(10px)'],
      alt: 'Team photo',
    });
    expect(imageOptions('bg right fit')).toMatchObject({
      split: { side: 'right', size: '50%' },
      size: 'contain',
    });
    expect(imageOptions('bg 150%').size).toBe('150%');
    expect(imageOptions('bg w:200 h:10em').size).toBe('200px 10em');
    expect(imageOptions('bg vertical').direction).toBe('vertical');
    expect(imageOptions('bg drop-shadow:0,5px,10px,rgba(0,0,0,.4)').filters).toEqual([
      'drop-shadow(0 5px 10px rgba(0,0,0,.4))',
    ]);
  });

  it('leave `left`, `fit` and unknown filters alone on an inline image', () => {
    expect(imageOptions('left fit w:32 filter:grayscale(1)')).toMatchObject({
      bg: false,
      width: '32px',
      filters: [],
      alt: 'left fit filter:grayscale(1)',
    });
  });
});

describe('Marp backgrounds', () => {
  it('take ![bg] images out of the content into the frame, with their files as assets', async () => {
    const slide = await only(['![bg](a.jpg)', '![bg opacity blur:4px](b%20c.png)', '', '# Title']);
    expect(htmlOf(slide)).not.toContain('<img');
    expect(htmlOf(slide)).not.toContain('<p>');
    expect(slide.frame?.backgrounds).toEqual([
      { url: 'a.jpg', size: 'cover', filter: undefined, alt: '' },
      { url: 'b%20c.png', size: 'cover', filter: 'opacity(.5) blur(4px)', alt: '' },
    ]);
    expect(slide.frame?.split).toBeUndefined();
    expect(slide.assets).toEqual([
      { path: 'a.jpg', line: 4 },
      { path: 'b c.png', line: 5 },
    ]);
  });

  it('split the slide on the side asked, the last split keyword winning', async () => {
    const slide = await only(['![bg left](a.jpg)', '![bg right:40% vertical](b.jpg)', '', '# Title']);
    expect(slide.frame?.split).toEqual({ side: 'right', size: '40%' });
    expect(slide.frame?.direction).toBe('vertical');
  });

  it('size and filter inline images from their alt text', async () => {
    const slide = await only(['![Logo w:120 h:2em sepia](logo.png) text']);
    expect(htmlOf(slide)).toContain(
      '<img src="logo.png" alt="Logo" style="width: 120px; height: 2em; filter: sepia(1);">',
    );
    expect(slide.frame).toBeUndefined();
  });
});

describe('Marp fitting headings', () => {
  it('wrap the heading’s text in reveal.js’s r-fit-text, without the mark', async () => {
    const deck = await build([], ['# Title', '', '---', '', '## <!-- fit --> Big *words*']);
    expect(htmlOf(deck.slides[1] as Slide)).toContain(
      '<h2><span class="r-fit-text">Big <em>words</em></span></h2>',
    );
  });
});

describe('Marp styles', () => {
  it('scope a <style scoped> to its slide, and give every slide an unscoped one', async () => {
    const deck = await build(
      [],
      [
        '# A',
        '',
        '<style scoped>',
        'h1, section.lead p { color: red; }',
        ':root { --x: 1; }',
        '@media print { a { color: blue; } }',
        '</style>',
        '',
        '---',
        '',
        '<style>',
        'section { font-size: 20px; }',
        '</style>',
        '',
        '# B',
      ],
    );
    const [first, second] = deck.slides as [Slide, Slide];
    expect(first.attributes['data-pd-scope']).toBe('1');
    const scope = '.reveal .slides section[data-pd-scope="1"]';
    expect(htmlOf(first)).toContain(
      `<style>\n${scope} h1, ${scope}.lead p { color: red; }\n${scope} { --x: 1; }\n@media print { ${scope} a { color: blue; } }\n</style>`,
    );
    expect(second.attributes['data-pd-scope']).toBeUndefined();
    expect(htmlOf(second)).toContain('<style>\n.reveal .slides section { font-size: 20px; }\n</style>');
  });

  it('leave CSS it cannot read as written, with a warning naming the line', async () => {
    const deck = await build([], ['# A', '', '<style scoped>', 'h1 { color: red;', '</style>']);
    expect(htmlOf(deck.slides[0] as Slide)).toContain('h1 { color: red;');
    // Line 7 is the rule postcss found unclosed.
    expect(deck.warnings.map((w) => [w.line, w.code])).toEqual([[7, 'marp-style']]);
  });

  it('make the style directive a stylesheet of the deck', async () => {
    const deck = await build(['style: "h1 { color: red; }"'], ['# A']);
    expect(deck.styles).toEqual(['.reveal .slides section h1 { color: red; }']);
  });
});

describe('Marp local directives', () => {
  it('set the slide’s class, colours, backgrounds, transition and lang', async () => {
    const deck = await build(
      ['lang: fr'],
      [
        '<!-- _class: lead -->',
        '<!-- _color: "#fff" -->',
        '<!-- _backgroundColor: black -->',
        '<!-- _backgroundImage: url("bg.png") -->',
        '<!-- _backgroundSize: contain -->',
        '<!-- _transition: zoom -->',
        '# A',
        '',
        '---',
        '',
        '<!-- _backgroundImage: "linear-gradient(#000, url(x.svg))" -->',
        '# B',
      ],
    );
    const [first, second] = deck.slides as [Slide, Slide];
    expect(first.attributes).toEqual({
      class: 'lead',
      style: 'color: #fff; --r-main-color: #fff; --r-heading-color: #fff;',
      'data-background-color': 'black',
      'data-background-image': 'bg.png',
      'data-background-size': 'contain',
      'data-transition': 'zoom',
      lang: 'fr',
    });
    expect(first.assets).toEqual([{ path: 'bg.png', line: 8 }]);
    expect(second.attributes['data-background-gradient']).toBe('linear-gradient(#000, url(x.svg))');
    expect(second.assets).toEqual([{ path: 'x.svg', line: 15 }]);
  });

  it('render header and footer as inline Markdown on each slide they apply to', async () => {
    const deck = await build(
      ['header: "**Acme** talk"', 'footer: "![logo h:20](logo.svg)"'],
      ['# A', '', '---', '', '<!-- header: "" -->', '# B'],
    );
    const [first, second] = deck.slides as [Slide, Slide];
    expect(first.frame?.header).toBe('<strong>Acme</strong> talk');
    expect(first.frame?.footer).toBe('<img src="logo.svg" alt="logo" style="height: 20px;">');
    expect(first.assets).toEqual([{ path: 'logo.svg', line: 4 }]);
    expect(second.frame?.header).toBeUndefined();
    expect(second.frame?.footer).toContain('logo.svg');
  });

  it('size the slides with a `size` preset, below an explicit width and height', async () => {
    expect((await build(['size: 4:3'], ['# A'])).config).toMatchObject({ width: 960, height: 720 });
    expect((await build(['size: 4:3', 'width: 1000'], ['# A'])).config).toMatchObject({ width: 1000 });
  });
});

describe('Marp page numbers', () => {
  it('count and show pages as Marpit does: true, false, hold, skip', () => {
    expect(marpPageNumbers(['true', undefined, 'true', 'hold', 'skip', 'TRUE', 'false', 'true'])).toEqual([
      1,
      undefined,
      3,
      3,
      undefined,
      4,
      undefined,
      6,
    ]);
    expect(marpPageNumbers(['hold', 'true'])).toEqual([1, 1]);
  });

  it('number the slides an audience sees, not the slides it does not', async () => {
    const doc = parseDocument({
      path: 'talk.md',
      text: [
        '---',
        'marp: true',
        'paginate: true',
        'audiences: { cto: {}, sales: {} }',
        '---',
        '# A',
        '---',
        '<!-- .slide: data-audience="sales" -->',
        '# B',
        '---',
        '# C',
      ].join('\n'),
    });
    const deck = await buildDeck(cutForAudience(doc, 'cto'));
    expect(deck.slides.map((s) => [s.title, s.frame?.page])).toEqual([
      ['A', 1],
      ['C', 2],
    ]);
  });
});

describe('rendering a Marp slide’s frame', () => {
  let templates: Templates;
  beforeAll(async () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    templates = compileTemplates(await loadTemplateSources(`${root}templates`, root));
  });
  const render = (deck: Deck) => renderDeck(deck, templates, { assetBase: '../_assets', version: '0' }).html;

  it('lays the backgrounds, header, footer and page number around the content', async () => {
    const deck = await build(
      ['paginate: true', 'footer: Foot', `style: 'h1::after { content: "</style>"; }'`],
      ['![bg left:25% grayscale](a.png)', '', '# A'],
    );
    const html = render(deck);
    expect(html).toContain('class="pd-layout-title pd-frame" data-pd-split="left" style="--pd-split: 25%;"');
    expect(html).toContain(
      '<div class="pd-backgrounds" data-direction="horizontal" data-split="left">\n' +
        '<div class="pd-background" style="background-image: url(&quot;a.png&quot;); background-size: cover; filter: grayscale(1);"></div>\n' +
        '</div>',
    );
    expect(html).toMatch(
      /<\/div>\n<footer class="pd-footer">Foot<\/footer>\n<div class="pd-page-number">1<\/div>\n<\/section>/,
    );
    // A CSS string may hold `</style>`; escaped, it still means the same and cannot close the element.
    expect(html).toContain('<style>.reveal .slides section h1::after { content: "\\3c /style>"; }</style>');
  });

  it('writes a background’s URL as a CSS string, whatever it holds', async () => {
    const deck = await build([], ['![bg](a.png)', '', '# A']);
    const [slide] = deck.slides as [Slide];
    const frame = slide.frame;
    if (!frame) throw new Error('no frame');
    const odd = {
      ...frame,
      backgrounds: [{ url: 'say "hi"\\.png', size: 'cover', filter: undefined, alt: 'A & B' }],
    };
    const html = render({ ...deck, slides: [{ ...slide, frame: odd }] });
    expect(html).toContain(
      '<div class="pd-background" style="background-image: url(&quot;say \\&quot;hi\\&quot;\\\\.png&quot;); background-size: cover;" role="img" aria-label="A &amp; B"></div>',
    );
  });

  it('leaves a slide without frame as it was', async () => {
    const html = render(await build([], ['# A']));
    expect(html).not.toMatch(/pd-frame|pd-backgrounds|pd-page-number|pd-header|pd-footer/);
  });
});
