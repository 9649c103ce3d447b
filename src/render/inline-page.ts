import { Parser } from 'htmlparser2';
import { mediaType } from './media-types.ts';

/**
 * Turns a rendered page and the files it links into one self-contained HTML document (`build
 * --single-file`). Pure: the files come in as bytes, keyed by their path in a virtual tree (the layout of
 * `dist/`), and nothing is read or written here.
 *
 * @module
 */

export interface InlineOptions {
  /** Where the page sits in the tree its URLs resolve in, e.g. `elixir-pitch/cto/index.html`. */
  pagePath: string;
  /** The bytes of the files the page may link, by `/`-separated path in that tree. */
  files: ReadonlyMap<string, Uint8Array>;
}

export interface InlinedPage {
  html: string;
  /** Tree paths of local URLs that had no entry in `files`; they are left as they were. */
  missing: string[];
  /**
   * Tree paths of local files deliberately left as links: link targets (`<a href>`), frames and
   * background videos, which reveal.js or the browser cannot take as a data: URI.
   */
  linked: string[];
}

/** Attributes whose value is one URL of a file the element shows. */
const URL_ATTRIBUTES: Record<string, readonly string[]> = {
  img: ['src', 'data-src'],
  video: ['src', 'poster', 'data-src', 'data-poster'],
  audio: ['src', 'data-src'],
  source: ['src', 'data-src'],
  track: ['src'],
  input: ['src'],
  embed: ['src'],
  object: ['data'],
  image: ['href', 'xlink:href'],
};

/** Attributes that hold a `srcset` list (`a.png 1x, b.png 2x`). */
const SRCSET_ATTRIBUTES: Record<string, readonly string[]> = {
  img: ['srcset', 'data-srcset'],
  source: ['srcset', 'data-srcset'],
};

/** Local files that stay links: a data: URI cannot be navigated to, framed, or split by reveal.js. */
const LINK_ATTRIBUTES: Record<string, readonly string[]> = {
  a: ['href'],
  iframe: ['src', 'data-src'],
  section: ['data-background-video', 'data-background-iframe'],
};

/** reveal.js's own test for a `data-background` shorthand that is an image rather than a colour. */
const IMAGE_SHORTHAND = /\.(svg|png|jpe?g|gif|bmp|webp)([?#\s]|$)/i;

const BASE = 'http://pitchdeck.invalid/';

interface Context {
  files: ReadonlyMap<string, Uint8Array>;
  missing: Set<string>;
  linked: Set<string>;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * Inlines every local stylesheet (as `<style>`, its `url()`s and `@import`s as data: URIs), script (its
 * text in the `<script>`), image, font, audio and video source of a page.
 */
export function inlinePage(html: string, options: InlineOptions): InlinedPage {
  const context: Context = { files: options.files, missing: new Set(), linked: new Set() };
  const base = options.pagePath;
  const edits: Edit[] = [];
  let raw: { name: string; attribs: Record<string, string>; start: number; end: number } | undefined;

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const start = parser.startIndex;
        const end = parser.endIndex + 1;
        if (name === 'script' || name === 'style') {
          raw = { name, attribs, start, end };
          return;
        }
        const selfClosing = html[end - 2] === '/';
        if (name === 'link') {
          const edit = inlineLink(attribs, base, context);
          if (edit !== undefined) edits.push({ start, end, text: edit });
          return;
        }
        const changed = rewriteAttributes(name, attribs, base, context);
        if (changed) edits.push({ start, end, text: openTag(name, changed, selfClosing) });
      },
      onclosetag(name, isImplied) {
        if (raw === undefined || name !== raw.name || isImplied) return;
        const open = raw;
        raw = undefined;
        const closeStart = parser.startIndex;
        const closeEnd = parser.endIndex + 1;
        if (name === 'style') {
          const css = html.slice(open.end, closeStart);
          const inlined = inlineCss(css, base, context);
          if (inlined !== css) edits.push({ start: open.end, end: closeStart, text: escapeStyle(inlined) });
          return;
        }
        const path = open.attribs.src === undefined ? undefined : treePath(open.attribs.src, base);
        const bytes = path === undefined ? undefined : lookup(path, context);
        if (bytes === undefined) return;
        const { src: _, ...rest } = open.attribs;
        edits.push({
          start: open.start,
          end: closeEnd,
          text: `<script${attributeString(rest)}>${escapeScript(text(bytes))}</script>`,
        });
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);

  let out = html;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  }
  return { html: out, missing: [...context.missing], linked: [...context.linked] };
}

/**
 * Inlines the `@import`s and `url()`s of a stylesheet that sits at `base` in the tree. Comments are
 * dropped: a `url()` in a comment must not count as a missing file.
 */
function inlineCss(css: string, base: string, context: Context, depth = 0): string {
  const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, '');
  const imported = withoutComments.replace(
    /@import\s+(?:url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)|"([^"]*)"|'([^']*)')([^;]*);/gi,
    (whole, d: string | undefined, s: string | undefined, b: string | undefined, d2, s2, media: string) => {
      const url = d ?? s ?? b ?? d2 ?? s2 ?? '';
      const path = treePath(url, base);
      const bytes = path === undefined || depth > 8 ? undefined : lookup(path, context);
      if (path === undefined || bytes === undefined) return whole;
      // The imported sheet's own URLs resolve against it, so it is inlined first and then carried as a
      // data: URI, keeping the @import's place and media query.
      const inner = inlineCss(text(bytes), path, context, depth + 1);
      return `@import url("${dataUri('style.css', new TextEncoder().encode(inner))}")${media};`;
    },
  );
  return imported.replace(
    /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)/gi,
    (whole, d: string | undefined, s: string | undefined, b: string | undefined) => {
      const path = treePath(d ?? s ?? b ?? '', base);
      const bytes = path === undefined ? undefined : lookup(path, context);
      return path === undefined || bytes === undefined ? whole : `url("${dataUri(path, bytes)}")`;
    },
  );
}

function inlineLink(attribs: Record<string, string>, base: string, context: Context): string | undefined {
  const href = attribs.href;
  const path = href === undefined ? undefined : treePath(href, base);
  const bytes = path === undefined ? undefined : lookup(path, context);
  if (path === undefined || bytes === undefined) return undefined;
  const rel = (attribs.rel ?? '').toLowerCase().split(/\s+/);
  if (!rel.includes('stylesheet')) return openTag('link', { ...attribs, href: dataUri(path, bytes) }, false);
  const css = inlineCss(text(bytes), path, context);
  if (rel.includes('alternate')) {
    // An alternate stylesheet must stay switchable, so it stays a <link>, with its text as a data: URI.
    return openTag('link', { ...attribs, href: dataUri(path, new TextEncoder().encode(css)) }, false);
  }
  const kept: Record<string, string> = {};
  for (const name of ['id', 'media', 'title', 'nonce']) {
    const value = attribs[name];
    if (value !== undefined) kept[name] = value;
  }
  return `<style${attributeString(kept)}>${escapeStyle(css)}</style>`;
}

/** The element's attributes with local files as data: URIs, or undefined when none changed. */
function rewriteAttributes(
  name: string,
  attribs: Record<string, string>,
  base: string,
  context: Context,
): Record<string, string> | undefined {
  const next = { ...attribs };
  let changed = false;
  const inline = (url: string): string | undefined => {
    const path = treePath(url, base);
    const bytes = path === undefined ? undefined : lookup(path, context);
    return path === undefined || bytes === undefined ? undefined : dataUri(path, bytes);
  };
  for (const attribute of URL_ATTRIBUTES[name] ?? []) {
    const value = attribs[attribute];
    const uri = value === undefined ? undefined : inline(value);
    if (uri !== undefined) {
      next[attribute] = uri;
      changed = true;
    }
  }
  for (const attribute of SRCSET_ATTRIBUTES[name] ?? []) {
    const value = attribs[attribute];
    if (value === undefined) continue;
    const rewritten = value
      .split(',')
      .map((candidate) => {
        const [url = '', ...descriptor] = candidate.trim().split(/\s+/);
        return [inline(url) ?? url, ...descriptor].join(' ');
      })
      .join(', ');
    if (rewritten !== value) {
      next[attribute] = rewritten;
      changed = true;
    }
  }
  for (const attribute of LINK_ATTRIBUTES[name] ?? []) {
    for (const url of attribs[attribute]?.split(',') ?? []) {
      const path = treePath(url, base);
      if (path !== undefined) context.linked.add(path);
    }
  }
  if (name === 'section') {
    const image = attribs['data-background-image'];
    // reveal.js splits a list of background images at commas, which would cut a data: URI in two: only a
    // single image is inlined.
    const uri = image === undefined || image.includes(',') ? undefined : inline(image);
    if (uri !== undefined) {
      next['data-background-image'] = uri;
      changed = true;
    }
    const shorthand = attribs['data-background'];
    const shorthandUri =
      shorthand !== undefined && IMAGE_SHORTHAND.test(shorthand.trim()) && image === undefined
        ? inline(shorthand)
        : undefined;
    if (shorthandUri !== undefined) {
      // A data: URI no longer looks like an image to reveal.js's shorthand test: say it outright.
      delete next['data-background'];
      next['data-background-image'] = shorthandUri;
      changed = true;
    }
  }
  const style = attribs.style;
  if (style !== undefined && /url\(/i.test(style)) {
    const inlined = inlineCss(style, base, context);
    if (inlined !== style) {
      next.style = inlined;
      changed = true;
    }
  }
  return changed ? next : undefined;
}

/**
 * The tree path a URL in the document at `base` points to, or undefined for URLs that are not local
 * files: remote, protocol-relative, root-relative, fragment-only, data: and other schemes.
 */
export function treePath(url: string, base: string): string | undefined {
  const trimmed = url.trim();
  if (trimmed === '' || /^([a-z][a-z0-9+.-]*:|[\\/]|#)/i.test(trimmed)) return undefined;
  try {
    const resolved = new URL(trimmed, BASE + base.split('/').map(encodeURIComponent).join('/'));
    if (!resolved.href.startsWith(BASE)) return undefined;
    return decodeURIComponent(resolved.pathname.slice(1));
  } catch {
    return undefined;
  }
}

function lookup(path: string, context: Context): Uint8Array | undefined {
  const bytes = context.files.get(path);
  if (bytes === undefined) context.missing.add(path);
  return bytes;
}

/** `data:image/png;base64,...`; text types keep their charset. */
export function dataUri(path: string, bytes: Uint8Array): string {
  return `data:${mediaType(path).replace(/\s+/g, '')};base64,${Buffer.from(bytes).toString('base64')}`;
}

function text(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

/**
 * Script text safe inside `<script>`: `</script` would end the element early, and `<!--` followed by
 * `<script` would make the parser swallow the real end tag. `\x3C` is `<` in every JavaScript string,
 * template and regular expression, and harmless in comments.
 */
export function escapeScript(js: string): string {
  return js.replace(/<(\/?script|!--)/gi, '\\x3C$1');
}

/** CSS safe inside `<style>`: `\/` is `/` in CSS. */
function escapeStyle(css: string): string {
  return css.replace(/<\/(style)/gi, '<\\/$1');
}

function openTag(name: string, attribs: Record<string, string>, selfClosing: boolean): string {
  return `<${name}${attributeString(attribs)}${selfClosing ? ' /' : ''}>`;
}

function attributeString(attribs: Record<string, string>): string {
  return Object.entries(attribs)
    .map(([name, value]) => (value === '' ? ` ${name}` : ` ${name}="${escapeAttribute(value)}"`))
    .join('');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}
