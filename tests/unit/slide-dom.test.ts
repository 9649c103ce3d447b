import { describe, expect, it } from 'vitest';
import { localLinks, localPath } from '../../src/deck/assets.ts';
import {
  decodeEntities,
  firstHeading,
  isBlank,
  parseSlideHtml,
  plainText,
  serialize,
} from '../../src/deck/slide-dom.ts';

/** The slide's HTML after its attribute comments were applied, and what went to the <section>. */
const apply = (html: string) => {
  const dom = parseSlideHtml(html);
  return {
    html: serialize(dom.root.children),
    section: dom.sectionAttributes,
    stray: dom.strayElementComments,
  };
};

describe('parseSlideHtml: .slide: comments', () => {
  it('sets section attributes and removes the comment', () => {
    expect(apply('<h2>A</h2>\n<!-- .slide: data-background-color="#123" class="dark" -->\n')).toEqual({
      html: '<h2>A</h2>\n\n',
      section: { 'data-background-color': '#123', class: 'dark' },
      stray: [],
    });
  });

  it('works without a space after <!--', () => {
    expect(apply('<!--.slide: data-background-color="#fff" -->\n<h2>A</h2>').section).toEqual({
      'data-background-color': '#fff',
    });
  });

  it('reads bare data-* attributes as empty values', () => {
    expect(apply('<!-- .slide: data-auto-animate data-auto-animate-id="two" -->').section).toEqual({
      'data-auto-animate': '',
      'data-auto-animate-id': 'two',
    });
  });

  it('merges several .slide: comments, the later winning', () => {
    expect(apply('<!-- .slide: class="a" data-x="1" -->\n<!-- .slide: class="b" -->').section).toEqual({
      class: 'b',
      'data-x': '1',
    });
  });

  it('leaves other comments in place', () => {
    expect(apply('<!-- a plain comment -->\n<p>x</p>')).toEqual({
      html: '<!-- a plain comment -->\n<p>x</p>',
      section: {},
      stray: [],
    });
  });

  it('does not read comment-like text inside code', () => {
    const html = '<pre><code>&lt;!-- .slide: class="no" --&gt;</code></pre>';
    expect(apply(html)).toEqual({ html, section: {}, stray: [] });
  });
});

describe('parseSlideHtml: .element: comments', () => {
  it('sets attributes on the list item it ends', () => {
    const { html } = apply('<ul>\n<li>one <!-- .element: class="fragment" --></li>\n<li>two</li>\n</ul>');
    expect(html).toBe('<ul>\n<li class="fragment">one </li>\n<li>two</li>\n</ul>');
  });

  it('sets attributes on the paragraph when no element precedes it inside', () => {
    expect(apply('<p>text <!-- .element: style="color: red" --></p>').html).toBe(
      '<p style="color: red">text </p>',
    );
  });

  it('sets attributes on the previous element sibling, e.g. an image in a paragraph', () => {
    expect(apply('<p>see <img src="a.png" alt="A"> <!-- .element: class="pic" --> there</p>').html).toBe(
      '<p>see <img src="a.png" alt="A" class="pic">  there</p>',
    );
  });

  it('skips <br> when looking for the previous element', () => {
    expect(apply('<p>a<br><!-- .element: class="x" --></p>').html).toBe('<p class="x">a<br></p>');
  });

  it('at the top level, sets attributes on the previous block', () => {
    expect(apply('<p>a</p>\n<!-- .element: class="after" -->').html).toBe('<p class="after">a</p>\n');
  });

  it('at the top level with nothing before it, gives the attributes to the slide and records it', () => {
    expect(apply('<!-- .element: class="stray" data-state="x" -->\n<p>text</p>')).toEqual({
      html: '\n<p>text</p>',
      section: { class: 'stray', 'data-state': 'x' },
      stray: ['.element: class="stray" data-state="x"'],
    });
  });

  it('sets several attributes, bare data-* ones included', () => {
    expect(apply('<p>x <!-- .element: class="fragment" data-fragment-index="2" data-id --></p>').html).toBe(
      // An empty attribute is written bare, as HTML allows.
      '<p class="fragment" data-fragment-index="2" data-id>x </p>',
    );
  });
});

describe('slide DOM helpers', () => {
  it('finds the first heading at any depth and reads its text decoded, whitespace collapsed', () => {
    const { root } = parseSlideHtml('<p>intro</p><div><h3>A &amp; <em>B</em>\n  C</h3></div><h1>later</h1>');
    const heading = firstHeading(root);
    expect(heading?.name).toBe('h3');
    expect(heading && plainText(heading)).toBe('A & B C');
    expect(firstHeading(parseSlideHtml('<p>none</p>').root)).toBeUndefined();
  });

  it('tells blank content from content that shows something', () => {
    const blank = (html: string) => isBlank(parseSlideHtml(html).root.children);
    expect(blank('')).toBe(true);
    expect(blank('<p> </p>\n<!-- c -->')).toBe(true);
    expect(blank('<p><img src="x.png"></p>')).toBe(false);
    expect(blank('<p>x</p>')).toBe(false);
    expect(blank('<hr>')).toBe(false);
  });

  it('decodes numeric and named entities as a browser does, and keeps unknown ones', () => {
    expect(decodeEntities('&#x41;&#66;&lt;&amp;&nbsp;&bogus;')).toBe('AB<&\u00a0&bogus;');
    expect(decodeEntities('A &mdash; B&hellip; &#8212;&#x2014; &eacute;&rsquo;&copy 2026')).toBe(
      'A — B… —— é’© 2026',
    );
    // Past U+10FFFF and NUL, a browser shows the replacement character.
    expect(decodeEntities('&#x110000;&#0;')).toBe('\ufffd\ufffd');
  });

  it('reads the first heading as plain text with every entity decoded', () => {
    const { root } = parseSlideHtml('<h1>A &mdash; B &amp; C &#8482;</h1>');
    const heading = firstHeading(root);
    expect(heading && plainText(heading)).toBe('A — B & C ™');
  });

  it('takes a paragraph of &nbsp; for blank, as it shows', () => {
    expect(isBlank(parseSlideHtml('<p>&nbsp;&#32;</p>').root.children)).toBe(true);
  });

  it('serializes without re-encoding what marked already encoded', () => {
    const html = '<p>a &amp; b &lt;c&gt; “quotes”</p>';
    expect(serialize(parseSlideHtml(html).root.children)).toBe(html);
  });
});

describe('local links', () => {
  it('lists local files of media, links and background attributes, without remote URLs or anchors', () => {
    const { root } = parseSlideHtml(
      '<img src="img/a.png"><img src="https://x.org/b.png"><a href="#top">t</a><a href="doc.pdf">d</a>' +
        '<video src="v.mp4" poster="p.jpg"></video><img src="/abs.png"><img src="data:image/png;base64,xx">' +
        '<img src="img/a.png">',
    );
    expect(
      localLinks(root, { 'data-background-image': 'bg.jpg', 'data-background-video': 'a.mp4,b.webm' }),
    ).toEqual(['img/a.png', 'doc.pdf', 'v.mp4', 'p.jpg', 'bg.jpg', 'a.mp4', 'b.webm']);
  });

  it('decodes the path and drops the query and fragment', () => {
    expect(localPath('img/b%20c.png?v=1#x')).toBe('img/b c.png');
    expect(localPath('a&amp;b.png')).toBe('a&b.png');
    // Any named entity, as a browser reads an attribute: a legacy name before `=` stays as written.
    expect(localPath('caf&eacute;.png')).toBe('café.png');
    expect(localPath('doc&sect;1.pdf?a&copy=2')).toBe('doc§1.pdf');
    expect(localPath('a&copy=b.png')).toBe('a&copy=b.png');
    expect(localPath('mailto:x@y.z')).toBeUndefined();
    expect(localPath('{{template}}')).toBeUndefined();
    expect(localPath('?only-query')).toBeUndefined();
  });
});
