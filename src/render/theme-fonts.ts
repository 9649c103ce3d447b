/**
 * Makes theme CSS work offline: finds Google Fonts `@import`s and describes the
 * `@fontsource/*` woff2 files and `@font-face` rules that replace them.
 *
 * Pure: the caller reads the theme CSS and each package's `metadata.json` and
 * `unicode.json`, and copies the files; this module only turns data into data.
 *
 * @module
 */

/** A CSS `font-style` value that Google Fonts and Fontsource both ship. */
export type FontStyle = 'normal' | 'italic';

/** One weight/style combination of a family. */
export interface FontVariant {
  weight: number;
  style: FontStyle;
}

/** One family and the variants a stylesheet asked Google Fonts for. */
export interface GoogleFontRequest {
  family: string;
  weights: FontVariant[];
}

/** The fields of a Fontsource v5 package's `metadata.json` that pick files. */
export interface FontsourceMetadata {
  id: string;
  family: string;
  subsets: readonly string[];
  weights: readonly number[];
  styles: readonly string[];
}

/** A Fontsource v5 package's `unicode.json`: subset name to CSS `unicode-range` value. */
export type FontsourceUnicodeRanges = Readonly<Record<string, string>>;

/** One woff2 file of a Fontsource package and the `@font-face` descriptors it needs. */
export interface FontFaceFile {
  /** File name inside the package's `files/` folder, e.g. `lato-latin-400-normal.woff2`. */
  file: string;
  weight: number;
  style: FontStyle;
  subset: string;
  unicodeRange: string;
}

/**
 * Subsets we ship, in the order Fontsource's own CSS declares them: the last
 * matching `@font-face` wins where unicode ranges overlap, so `latin` goes last.
 */
export const FONT_SUBSETS: readonly string[] = ['latin-ext', 'latin'];

const REGULAR: FontVariant = { weight: 400, style: 'normal' };

// Any `@import` rule: `@import "…";`, `@import '…';`, `@import url(…);`, each maybe
// followed by media queries. Quoted URLs may contain `;` (css2's `wght@0,400;1,700`).
const IMPORT_RULE =
  /@import\s+(?:url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)|"([^"]*)"|'([^']*)')[^;]*;[ \t]*(?:\r?\n)?/gi;

const GOOGLE_FONTS_URL = /^(?:https?:)?\/\/fonts\.googleapis\.com\//i;

/**
 * Finds Google Fonts `@import`s in a theme's CSS.
 *
 * Requests for the same family (from several imports) are merged, so each
 * family appears once.
 *
 * @returns the requested families and the CSS with those `@import` rules removed
 */
export function findGoogleFontImports(css: string): {
  requests: GoogleFontRequest[];
  cssWithoutImports: string;
} {
  const requests: GoogleFontRequest[] = [];
  const cssWithoutImports = css.replace(IMPORT_RULE, (rule: string, ...groups: unknown[]) => {
    const url = groups.slice(0, 5).find((group): group is string => typeof group === 'string') ?? '';
    if (!GOOGLE_FONTS_URL.test(url.trim())) return rule;
    requests.push(...parseGoogleFontsUrl(url.trim()));
    return '';
  });
  return { requests: mergeFontRequests(requests), cssWithoutImports };
}

/**
 * Reads the families and variants out of a Google Fonts stylesheet URL, in
 * either the `css?family=A:400,700italic|B` or the
 * `css2?family=A:ital,wght@0,400;1,700&family=B` syntax.
 */
export function parseGoogleFontsUrl(url: string): GoogleFontRequest[] {
  const parsed = new URL(url, 'https://fonts.googleapis.com/');
  const isCss2 = parsed.pathname.replace(/\/+$/, '').endsWith('/css2');
  const requests: GoogleFontRequest[] = [];
  // URLSearchParams already turns `+` into a space.
  for (const value of parsed.searchParams.getAll('family')) {
    const specs = isCss2 ? [value] : value.split('|');
    for (const spec of specs) {
      const request = isCss2 ? parseCss2Family(spec) : parseCss1Family(spec);
      if (request !== undefined) requests.push(request);
    }
  }
  return mergeFontRequests(requests);
}

/** Merges requests for the same family and drops duplicate variants. */
export function mergeFontRequests(requests: readonly GoogleFontRequest[]): GoogleFontRequest[] {
  const byFamily = new Map<string, GoogleFontRequest>();
  for (const request of requests) {
    const key = request.family.toLowerCase();
    const existing = byFamily.get(key) ?? { family: request.family, weights: [] };
    byFamily.set(key, existing);
    for (const variant of request.weights) {
      if (!existing.weights.some((known) => sameVariant(known, variant))) existing.weights.push(variant);
    }
  }
  return [...byFamily.values()];
}

/** The npm package that self-hosts a Google family, e.g. `News Cycle` → `@fontsource/news-cycle`. */
export function fontsourcePackageName(family: string): string {
  return `@fontsource/${fontsourceId(family)}`;
}

/** Fontsource's id for a family: lower case, runs of other characters become `-`. */
export function fontsourceId(family: string): string {
  return family
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * The woff2 files (latin and latin-ext subsets) that serve a request from its
 * Fontsource v5 package.
 *
 * A weight the package lacks maps to its nearest weight, and a missing italic
 * to the upright face, so every request still gets real glyphs; the browser
 * then does its usual weight matching and synthesises the slant.
 *
 * @param metadata - the package's `metadata.json`
 * @param unicodeRanges - the package's `unicode.json`
 */
export function fontsourceFiles(
  request: GoogleFontRequest,
  metadata: FontsourceMetadata,
  unicodeRanges: FontsourceUnicodeRanges,
): { packageName: string; fontFaces: FontFaceFile[] } {
  const packageName = `@fontsource/${metadata.id}`;
  if (metadata.weights.length === 0) return { packageName, fontFaces: [] };

  const variants: FontVariant[] = [];
  for (const wanted of request.weights.length > 0 ? request.weights : [REGULAR]) {
    const style: FontStyle = metadata.styles.includes(wanted.style) ? wanted.style : 'normal';
    const variant = { weight: nearestWeight(wanted.weight, metadata.weights), style };
    if (!variants.some((known) => sameVariant(known, variant))) variants.push(variant);
  }
  variants.sort((a, b) => a.weight - b.weight || a.style.localeCompare(b.style));

  const fontFaces: FontFaceFile[] = [];
  for (const { weight, style } of variants) {
    for (const subset of FONT_SUBSETS) {
      const unicodeRange = unicodeRanges[subset];
      if (!metadata.subsets.includes(subset) || unicodeRange === undefined) continue;
      fontFaces.push({
        file: `${metadata.id}-${subset}-${weight}-${style}.woff2`,
        weight,
        style,
        subset,
        unicodeRange,
      });
    }
  }
  return { packageName, fontFaces };
}

/**
 * `@font-face` rules for the given files, with each `src` at `${fontsUrl}/${file}`.
 *
 * @param fontsUrl - URL of the folder holding the files, relative to the stylesheet
 *   that will contain the rules (e.g. `../fonts/lato`); no trailing slash needed
 */
export function fontFaceCss(family: string, faces: readonly FontFaceFile[], fontsUrl: string): string {
  const base = fontsUrl.replace(/\/+$/, '');
  return faces
    .map((face) =>
      [
        `/* ${face.file.replace(/\.woff2$/, '')} */`,
        '@font-face {',
        `  font-family: ${cssString(family)};`,
        `  font-style: ${face.style};`,
        // `swap` keeps text visible if a file is missing rather than hiding it for seconds.
        '  font-display: swap;',
        `  font-weight: ${face.weight};`,
        `  src: url(${cssString(`${base}/${face.file}`)}) format('woff2');`,
        `  unicode-range: ${face.unicodeRange};`,
        '}',
      ].join('\n'),
    )
    .join('\n\n');
}

/**
 * Absolute `http(s):` or protocol-relative URLs still referenced by `url()` or
 * `@import` in some CSS; a deck opened from `file://` must have none.
 */
export function findRemoteUrls(css: string): string[] {
  const urls = new Set<string>();
  const patterns = [/url\(\s*(["']?)([^"')]*)\1\s*\)/gi, /@import\s+(["'])([^"']*)\1/gi];
  for (const pattern of patterns) {
    for (const match of css.matchAll(pattern)) {
      const url = (match[2] ?? '').trim();
      if (/^(?:https?:)?\/\//i.test(url)) urls.add(url);
    }
  }
  return [...urls];
}

function parseCss1Family(spec: string): GoogleFontRequest | undefined {
  const [rawFamily = '', rawVariants] = spec.split(':');
  const family = rawFamily.trim();
  if (family === '') return undefined;
  const weights: FontVariant[] = [];
  for (const token of (rawVariants ?? '').split(',')) {
    const variant = parseCss1Variant(token.trim().toLowerCase());
    if (variant !== undefined) weights.push(variant);
  }
  return { family, weights: weights.length > 0 ? weights : [REGULAR] };
}

// Google's v1 API accepts `700`, `700italic`, `700i`, `bold`, `b`, `italic`, `i`, `bolditalic`, `bi`, `regular`, `r`.
function parseCss1Variant(token: string): FontVariant | undefined {
  const named: Record<string, FontVariant> = {
    regular: REGULAR,
    r: REGULAR,
    italic: { weight: 400, style: 'italic' },
    i: { weight: 400, style: 'italic' },
    bold: { weight: 700, style: 'normal' },
    b: { weight: 700, style: 'normal' },
    bolditalic: { weight: 700, style: 'italic' },
    bi: { weight: 700, style: 'italic' },
  };
  const known = named[token];
  if (known !== undefined) return known;
  const match = /^(\d{3})(italic|i)?$/.exec(token);
  if (match === null) return undefined;
  return { weight: Number(match[1]), style: match[2] === undefined ? 'normal' : 'italic' };
}

function parseCss2Family(spec: string): GoogleFontRequest | undefined {
  const colon = spec.indexOf(':');
  const family = (colon === -1 ? spec : spec.slice(0, colon)).trim();
  if (family === '') return undefined;
  if (colon === -1) return { family, weights: [REGULAR] };

  const [axesPart = '', tuplesPart = ''] = spec.slice(colon + 1).split('@');
  const axes = axesPart.split(',').map((axis) => axis.trim());
  const italIndex = axes.indexOf('ital');
  const wghtIndex = axes.indexOf('wght');
  const weights: FontVariant[] = [];
  for (const tuple of tuplesPart.split(';')) {
    const values = tuple.split(',');
    const italValue = italIndex === -1 ? '0' : (values[italIndex] ?? '0');
    const style: FontStyle = italValue.trim() === '1' ? 'italic' : 'normal';
    const wghtValue = wghtIndex === -1 ? '400' : (values[wghtIndex] ?? '400');
    for (const weight of expandWeightRange(wghtValue.trim())) weights.push({ weight, style });
  }
  return { family, weights: weights.length > 0 ? weights : [REGULAR] };
}

// A css2 range such as `100..900` asks for a variable font; static files come in steps of 100.
function expandWeightRange(value: string): number[] {
  const range = /^(\d+)\.\.(\d+)$/.exec(value);
  if (range !== null) {
    const low = Math.ceil(Number(range[1]) / 100) * 100;
    const high = Number(range[2]);
    const weights: number[] = [];
    for (let weight = low; weight <= high; weight += 100) weights.push(weight);
    return weights;
  }
  const weight = Number(value);
  return Number.isInteger(weight) && weight > 0 ? [weight] : [];
}

// Ties go to the heavier weight when asking for more than 400, the lighter otherwise,
// which is close enough to CSS's own font matching for the weights themes use.
function nearestWeight(wanted: number, available: readonly number[]): number {
  let best = available[0] ?? wanted;
  for (const weight of available) {
    const distance = Math.abs(weight - wanted);
    const bestDistance = Math.abs(best - wanted);
    if (
      distance < bestDistance ||
      (distance === bestDistance && (wanted > 400 ? weight > best : weight < best))
    ) {
      best = weight;
    }
  }
  return best;
}

function sameVariant(a: FontVariant, b: FontVariant): boolean {
  return a.weight === b.weight && a.style === b.style;
}

function cssString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** CSS generic families: a font list ends with one, and a fallback family goes before it. */
const GENERIC_FAMILIES = new Set([
  'serif',
  'sans-serif',
  'monospace',
  'cursive',
  'fantasy',
  'system-ui',
  'ui-serif',
  'ui-sans-serif',
  'ui-monospace',
  'ui-rounded',
  'math',
  'emoji',
  'fangsong',
]);

// `font-family: …` and reveal.js's font variables (`--r-main-font: …`), up to the end of the declaration.
const FONT_LIST = /(font-family|--[\w-]*-font)(\s*:\s*)([^;{}]+)/gi;

/**
 * Adds a family to every font list of a stylesheet (`font-family` and reveal.js's `--r-*-font`
 * variables), right after its first family (before it when that is a generic family), so that
 * whatever the stylesheet's own font cannot draw is drawn by that family before any font of the
 * machine's. `@font-face` rules, lists
 * made of variables and CSS-wide keywords are left as they are.
 */
export function withFallbackFamily(css: string, family: string): string {
  const faceRules: [number, number][] = [];
  for (const m of css.matchAll(/@font-face\s*\{/gi)) {
    const end = css.indexOf('}', m.index);
    faceRules.push([m.index, end === -1 ? css.length : end]);
  }
  const quoted = cssString(family);
  return css.replace(
    FONT_LIST,
    (whole: string, property: string, colon: string, value: string, at: number) => {
      if (faceRules.some(([start, end]) => at > start && at < end)) return whole;
      const important = /\s*!important\s*$/i.exec(value)?.[0] ?? '';
      const list = value.slice(0, value.length - important.length);
      const trailing = /\s*$/.exec(list)?.[0] ?? '';
      const families = list.trim().split(',');
      if (
        /var\(|^\s*(inherit|initial|unset|revert|revert-layer)\s*$/i.test(list) ||
        families.some((f) => unquote(f) === family)
      ) {
        return whole;
      }
      // After the first family, not before the generic one at the end: Chromium (156) gives up on a
      // character after several families that the machine resolves to the same font (Helvetica and
      // Arial are both Liberation Sans on Linux), and never reaches the fallback faces.
      if (GENERIC_FAMILIES.has(unquote(families[0] ?? '').toLowerCase())) families.unshift(quoted);
      else families.splice(1, 0, ` ${quoted}`);
      return `${property}${colon}${families.join(',').trim()}${trailing}${important}`;
    },
  );
}

function unquote(family: string): string {
  return family.trim().replace(/^(['"])(.*)\1$/, '$2');
}
