import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument as parseHtml } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { cutForAudience } from '../../src/audience/cut-for-audience.ts';
import { schemeOf } from '../../src/audience/var-links.ts';
import { buildDeck } from '../../src/deck/build-deck.ts';
import { formatWarning } from '../../src/errors.ts';
import { parseDocument } from '../../src/parse/parse-document.ts';
import { renderDeck } from '../../src/render/render-deck.ts';
import { compileTemplates, type TemplateSources } from '../../src/render/templates.ts';

const TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));

function realTemplates(): TemplateSources {
  const texts: TemplateSources['texts'] = {
    page: { text: readFileSync(join(TEMPLATES, 'page.hbs'), 'utf8'), file: 'templates/page.hbs' },
  };
  for (const sub of ['partials', 'layouts']) {
    for (const name of readdirSync(join(TEMPLATES, sub)).filter((n) => n.endsWith('.hbs'))) {
      texts[`${sub}/${name.slice(0, -4)}`] = {
        text: readFileSync(join(TEMPLATES, sub, name), 'utf8'),
        file: `templates/${sub}/${name}`,
      };
    }
  }
  return { texts };
}

const templates = compileTemplates(realTemplates());

/** A slide that puts `{{url}}` in every kind of link target, line by line (the file's lines). */
const DECK = [
  '---', //                                                          1
  'title: Links', //                                                 2
  'audiences: { founders: {} }', //                                  3
  '---', //                                                          4
  '# Links', //                                                      5
  '', //                                                             6
  '[site]({{url}})', //                                              7
  '', //                                                             8
  '<{{url}}>', //                                                    9
  '', //                                                            10
  '![logo]({{url}})', //                                            11
  '', //                                                            12
  '[by reference][r]', //                                           13
  '', //                                                            14
  '[r]: {{url}}', //                                                15
  '', //                                                            16
  '<a href="{{url}}">raw</a> <a href={{url}}>bare</a>', //          17
  '', //                                                            18
  '[author](javascript:void(0)) <a href="javascript:history.back()">back</a>', // 19
].join('\n');

/** The recipient's cut of DECK, built and rendered: the page, and the cut's warnings. */
async function page(url: string) {
  const doc = cutForAudience(parseDocument({ path: 'talk.md', text: DECK }), 'founders', {
    vars: { url },
    varsSource: 'people.csv row 2',
  });
  const deck = await buildDeck(doc);
  const { html } = renderDeck(deck, templates, { assetBase: '../_assets', version: '0.0.0-test' });
  return { html, warnings: deck.warnings.map(formatWarning) };
}

/** Every href and src of the page's slides, as a browser reads them (entities decoded). */
function targets(html: string): string[] {
  const slides = slidesOf(html);
  const found: string[] = [];
  const walk = (nodes: unknown[]) => {
    for (const node of nodes as { attribs?: Record<string, string>; children?: unknown[] }[]) {
      for (const name of ['href', 'src']) {
        const value = node.attribs?.[name];
        if (value !== undefined) found.push(value);
      }
      if (node.children) walk(node.children);
    }
  };
  walk(parseHtml(slides).children);
  return found;
}

/** The scheme a browser's URL parser reads in an attribute value already decoded: tabs and newlines
 * dropped, leading spaces and controls trimmed, any case. */
const browserScheme = (url: string) =>
  /^([a-zA-Z][a-zA-Z0-9+.-]*):/
    .exec(url.replace(/[\t\n\r]/g, '').replace(/^[\p{Cc} ]+/u, ''))?.[1]
    ?.toLowerCase();
const withScheme = (list: string[], scheme: string) => list.filter((t) => browserScheme(t) === scheme);
const slidesOf = (html: string) => html.slice(html.indexOf('<div class="slides">'), html.indexOf('<script'));

describe('link targets built from a recipient var', () => {
  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(document.cookie)',
    ' \tjavascript:alert(1)',
    '\njavascript:alert(1)',
    'java\tscript:alert(1)',
    'jav&#x09;ascript:alert(1)',
    'javascript&colon;alert(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
  ])('makes no live link of %j', async (url) => {
    const { html, warnings } = await page(url);
    const all = targets(html);
    // Only the two links the author wrote keep their javascript: target.
    expect(withScheme(all, 'javascript')).toEqual(['javascript:void(0)', 'javascript:history.back()']);
    for (const scheme of ['data', 'vbscript', 'file']) expect(withScheme(all, scheme)).toEqual([]);
    expect(slidesOf(html)).not.toMatch(/<(?:script|iframe)/);
    for (const warning of warnings) {
      expect(warning).toMatch(
        /^talk\.md:(7|9|11|15|17): warning: \{\{url\}\} makes a "[a-z]+:" link, which vars may not/,
      );
      expect(warning).toMatch(/\(people\.csv row 2\)$/);
    }
  });

  it('replaces such a target with "#", or shows an autolink as text, and says where', async () => {
    const { html, warnings } = await page('javascript:alert(1)');
    expect(targets(html).slice(0, 5)).toEqual(['#', '#', '#', '#', '#']);
    expect(slidesOf(html)).toContain('<p>&lt;javascript:alert(1)&gt;</p>');
    expect(warnings).toEqual([
      ...[7, 11, 15, 17, 17].map(
        (line) =>
          `talk.md:${line}: warning: {{url}} makes a "javascript:" link, which vars may not (only http, https, mailto, relative and # links): it links to "#" instead (people.csv row 2)`,
      ),
      'talk.md:9: warning: {{url}} makes a "javascript:" link, which vars may not (only http, https, mailto, relative and # links): it shows as text instead (people.csv row 2)',
    ]);
  });

  it.each([
    ['https://example.com/a_b?x=1&y=*2*', ['https://example.com/a_b?x=1&y=*2*'], 6],
    ['http://example.com/', ['http://example.com/'], 6],
    ['mailto:ann@example.com', ['mailto:ann@example.com'], 6],
  ])('keeps working links to %j everywhere, autolinks included', async (url, expected, count) => {
    const { html, warnings } = await page(url);
    expect(targets(html).filter((t) => expected.includes(t))).toHaveLength(count);
    expect(warnings).toEqual([]);
  });

  it.each([
    ['page.html#intro', 5],
    ['../docs/guide.pdf', 5],
    ['#pricing', 5],
  ])(
    'keeps working links to the relative %j (an autolink needs a scheme, so it is text)',
    async (url, count) => {
      const { html, warnings } = await page(url);
      expect(targets(html).filter((t) => t === url)).toHaveLength(count);
      expect(warnings).toEqual([]);
    },
  );
});

describe('schemeOf', () => {
  it('reads a scheme as a browser does, and none for relative URLs', () => {
    expect(schemeOf(' JavaScript:x')).toBe('javascript');
    expect(schemeOf('java\nscript:x')).toBe('javascript');
    expect(schemeOf('jav&#x09;ascript:x')).toBe('javascript');
    expect(schemeOf('javascript&colon;x')).toBe('javascript');
    expect(schemeOf('java\\script:x')).toBe(undefined);
    expect(schemeOf('./javascript:x')).toBe(undefined);
    expect(schemeOf('#a:b')).toBe(undefined);
    expect(schemeOf('HTTPS://x')).toBe('https');
  });
});
