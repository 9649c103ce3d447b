import { describe, expect, it } from 'vitest';
import { dataUri, escapeScript, inlinePage, treePath } from '../../src/render/inline-page.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const b64 = (text: string) => Buffer.from(text).toString('base64');

/** A tree laid out as dist/ is: shared assets beside the deck's folder. */
const files = new Map<string, Uint8Array>([
  ['_assets/reveal/reveal.js', bytes('window.Reveal = {}; var s = "</script><!-- <script>";')],
  [
    '_assets/theme/sky.css',
    bytes('/* url(nope.png) */ @font-face { src: url(../fonts/a/a.woff2) format("woff2"); }'),
  ],
  ['_assets/fonts/a/a.woff2', bytes('WOFF2')],
  ['_assets/print.css', bytes('p { color: red; }')],
  ['talk/img/logo.svg', bytes('<svg/>')],
  ['talk/img/bg.png', bytes('PNG')],
  ['talk/extra.css', bytes('@import "more.css" screen; h2 { background: url("img/bg.png"); }</style>')],
  ['talk/more.css', bytes('h3 { background: url(img/logo.svg) }')],
]);

const inline = (html: string) => inlinePage(html, { pagePath: 'talk/index.html', files });

describe('inlinePage', () => {
  it('puts scripts in the page, with their text made safe for <script>', () => {
    const { html, missing } = inline('<script src="../_assets/reveal/reveal.js" defer></script>');
    expect(html).toBe(
      '<script defer>window.Reveal = {}; var s = "\\x3C/script>\\x3C!-- \\x3Cscript>";</script>',
    );
    expect(missing).toEqual([]);
  });

  it('turns stylesheets into <style>, their fonts and images into data: URIs, keeping id and media', () => {
    const { html } = inline(
      '<link rel="stylesheet" href="../_assets/theme/sky.css" id="theme">' +
        '<link rel="stylesheet" href="../_assets/print.css" media="print">',
    );
    expect(html).toBe(
      `<style id="theme"> @font-face { src: url("data:font/woff2;base64,${b64('WOFF2')}") format("woff2"); }</style>` +
        '<style media="print">p { color: red; }</style>',
    );
  });

  it('inlines an @import with its own URLs resolved against it, and escapes </style', () => {
    const { html } = inline('<link rel="stylesheet" href="extra.css">');
    const more = `h3 { background: url("data:image/svg+xml;base64,${b64('<svg/>')}") }`;
    expect(html).toBe(
      `<style>@import url("data:text/css;charset=utf-8;base64,${b64(more)}") screen; ` +
        `h2 { background: url("data:image/png;base64,${b64('PNG')}"); }<\\/style></style>`,
    );
  });

  it('inlines images, srcset, posters, backgrounds and style attributes; keeps other attributes', () => {
    const svg = dataUri('x.svg', bytes('<svg/>'));
    const png = dataUri('x.png', bytes('PNG'));
    const { html } = inline(
      '<img src="img/logo.svg" alt="a &amp; &quot;b&quot;" class="r-stretch">' +
        '<img srcset="img/logo.svg 1x, img/bg.png 2x" src="./img/logo.svg"/>' +
        '<section data-background-image="img/bg.png" data-background-size="cover"></section>' +
        '<section data-background="img/bg.png"></section>' +
        '<section data-background="#123"></section>' +
        '<div style="background: url(img/bg.png)"></div>',
    );
    expect(html).toBe(
      `<img src="${svg}" alt="a &amp; &quot;b&quot;" class="r-stretch">` +
        `<img srcset="${svg} 1x, ${png} 2x" src="${svg}" />` +
        `<section data-background-image="${png}" data-background-size="cover"></section>` +
        `<section data-background-image="${png}"></section>` +
        '<section data-background="#123"></section>' +
        `<div style="background: url(&quot;${png}&quot;)"></div>`,
    );
  });

  it('leaves remote, absolute, fragment and data: URLs alone and text that only looks like a tag', () => {
    const page =
      '<img src="https://example.com/a.png"><img src="/a.png"><a href="#/2">next</a>' +
      '<img src="data:image/png;base64,AAAA"><pre><code>&lt;img src="img/logo.svg"&gt;</code></pre>' +
      '<!-- <img src="img/logo.svg"> --><script>var t = \'<img src="img/logo.svg">\';</script>';
    expect(inline(page)).toEqual({ html: page, missing: [], linked: [] });
  });

  it('reports files it does not have, and files it leaves as links', () => {
    const { html, missing, linked } = inline(
      '<img src="img/none.png"><a href="report.pdf">report</a><iframe src="demo/index.html"></iframe>' +
        '<section data-background-video="clip.mp4,clip.webm"></section>',
    );
    expect(html).toContain('<img src="img/none.png">');
    expect(missing).toEqual(['talk/img/none.png']);
    expect(linked).toEqual(['talk/report.pdf', 'talk/demo/index.html', 'talk/clip.mp4', 'talk/clip.webm']);
  });
});

describe('treePath', () => {
  it.each([
    ['img/a.png', 'talk/index.html', 'talk/img/a.png'],
    ['../_assets/reveal/reveal.js', 'talk/cto/index.html', 'talk/_assets/reveal/reveal.js'],
    ['../../_assets/x.css', 'talk/cto/index.html', '_assets/x.css'],
    ['../fonts/a.woff2', '_assets/theme/sky.css', '_assets/fonts/a.woff2'],
    ['a%20b.png?v=1#top', 'talk/index.html', 'talk/a b.png'],
    ['https://x.org/a.png', 'talk/index.html', undefined],
    ['//x.org/a.png', 'talk/index.html', undefined],
    ['/a.png', 'talk/index.html', undefined],
    ['#/3', 'talk/index.html', undefined],
    ['mailto:a@b.c', 'talk/index.html', undefined],
  ])('%s from %s is %s', (url, base, path) => {
    expect(treePath(url, base)).toBe(path);
  });
});

describe('escapeScript', () => {
  it('breaks every sequence that would end or derail a <script> element, whatever its case', () => {
    expect(escapeScript('a</SCRIPT>b<!--c<Script d')).toBe('a\\x3C/SCRIPT>b\\x3C!--c\\x3CScript d');
  });
});
