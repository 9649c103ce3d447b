import { parse as parseYaml } from 'yaml';
import type { Warning } from '../errors.ts';
import type { Directive } from '../model.ts';
import { findFences, maskFences } from './fences.ts';
import type { Chunk } from './separators.ts';
import { lineAt } from './source-text.ts';

/**
 * Marp's directives, read the way Marpit reads them: front matter counts as comments on the first slide;
 * a comment is a directive when its YAML names at least one directive, and any other comment is a
 * presenter note. Local directives apply from their slide on, `_` ones to their slide only; global ones
 * (`$` allowed) to the whole deck, the last value winning.
 *
 * @module
 */

/** Marpit's local directives, and Marp CLI's `transition`. */
const LOCAL = new Set([
  'backgroundColor',
  'backgroundImage',
  'backgroundPosition',
  'backgroundRepeat',
  'backgroundSize',
  'class',
  'color',
  'footer',
  'header',
  'paginate',
  'transition',
]);

/** Marpit's global directives, Marp Core's (`size`, `math`) and Marp CLI's metadata. */
const GLOBAL = new Set([
  'headingDivider',
  'lang',
  'style',
  'theme',
  'size',
  'math',
  'title',
  'description',
  'author',
  'keywords',
  'url',
  'image',
]);

/** Front matter keys that pitchdeck reads itself (and warns about) in every dialect. */
const PITCHDECK_KEYS = new Set(['theme', 'title', 'author', 'keywords', 'transition']);

/** Marp Core's slide size presets. */
const MARP_SIZES: Readonly<Record<string, { width: number; height: number }>> = {
  '16:9': { width: 1280, height: 720 },
  '4:3': { width: 960, height: 720 },
};

/** The slide size of a Marp `size` preset, or undefined for a name Marp does not have. */
export function marpSize(preset: string | undefined): { width: number; height: number } | undefined {
  return preset !== undefined && Object.hasOwn(MARP_SIZES, preset) ? MARP_SIZES[preset] : undefined;
}

/** reveal.js's transitions: a Marp transition by another name has no counterpart. */
const TRANSITIONS = new Set(['none', 'fade', 'slide', 'convex', 'concave', 'zoom']);

/** YAML characters that make Marp's loose parsing leave a value as written (a quote, a block, a flow). */
const YAML_SPECIAL = `["'{|>~&*`;

/**
 * An HTML comment of a Marp slide: a directive, the `fit` mark of a heading, pitchdeck's own attribute
 * comments (`.slide:`, `.element:`, `.column`), or a presenter note.
 */
export interface MarpComment {
  /** Offsets of `<!--` and just after `-->` in the slide's text. */
  start: number;
  end: number;
  kind: 'directive' | 'fit' | 'pitchdeck' | 'note';
  /** The text inside the comment, trimmed. */
  body: string;
  /** For a directive comment: its keys as written (`_class`, `$theme`), values as text, and lines. */
  entries: { key: string; value: string | undefined; line: number }[];
}

/**
 * The HTML comments of a slide outside code, classified as Marp does. `line` is the file line of the
 * text's first line.
 */
export function marpComments(text: string, line: number): MarpComment[] {
  const masked = maskFences(text, findFences(text)).replace(/`[^`\n]*`/g, (code) => ' '.repeat(code.length));
  const comments: MarpComment[] = [];
  for (const m of masked.matchAll(/<!--([\s\S]*?)-->/g)) {
    const start = m.index;
    const end = start + m[0].length;
    const raw = text.slice(start, end);
    const body = raw
      .slice(4, -3)
      .replace(/^-+|-+$/g, '')
      .trim();
    const first = line + lineAt(text, start) - 1;
    if (body === 'fit' || /^\.(slide|element|column)\b/.test(body)) {
      comments.push({ start, end, kind: body === 'fit' ? 'fit' : 'pitchdeck', body, entries: [] });
      continue;
    }
    const entries = directiveEntries(body, raw, first);
    comments.push({ start, end, kind: entries ? 'directive' : 'note', body, entries: entries ?? [] });
  }
  return comments;
}

/** A comment's YAML entries when it names a directive, else undefined (the comment is a note). */
function directiveEntries(body: string, raw: string, line: number): MarpComment['entries'] | undefined {
  const data = readLooseYaml(body);
  if (!data || !Object.keys(data).some(isDirectiveKey)) return undefined;
  const rawLines = raw.split('\n');
  return Object.entries(data).map(([key, value]) => {
    const at = rawLines.findIndex((l) =>
      new RegExp(`(^|<!--+)\\s*["']?${escapeRegExp(key)}["']?\\s*:`).test(l),
    );
    return { key, value: directiveText(value), line: line + Math.max(at, 0) };
  });
}

/**
 * Parses a comment as YAML the way Marp does (Marp Core turns on Marpit's loose YAML): a directive's
 * value that is not quoted is taken as written, so `<!-- _backgroundColor: #123 -->` is a colour and not
 * a YAML comment. Scalars stay text. Undefined when it is not a mapping.
 */
function readLooseYaml(body: string): Record<string, unknown> | undefined {
  const loose = body
    .split('\n')
    .map((l) =>
      l.replace(
        /^(\s*([_$]?)([A-Za-z]+)\s*:)(\s*)(.+)$/,
        (whole, head: string, _p, name: string, space, value) => {
          const trimmed = String(value).trim();
          if (!(LOCAL.has(name) || GLOBAL.has(name) || name === 'headingDivider')) return whole;
          if (trimmed === '' || YAML_SPECIAL.includes(trimmed[0] ?? '')) return whole;
          return `${head}${space}"${trimmed.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
        },
      ),
    )
    .join('\n');
  try {
    const data: unknown = parseYaml(loose, { schema: 'failsafe' });
    return typeof data === 'object' && data !== null && !Array.isArray(data)
      ? (data as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function isDirectiveKey(key: string): boolean {
  if (key.startsWith('_')) return LOCAL.has(key.slice(1));
  if (key.startsWith('$')) return GLOBAL.has(key.slice(1));
  return LOCAL.has(key) || GLOBAL.has(key);
}

/** A directive's value as text: a list (`class: [a, b]`) joined by spaces; undefined for none. */
function directiveText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.map((v) => String(v)).join(' ');
  if (typeof value === 'object') return undefined;
  return String(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The heading levels that start a new slide (`headingDivider`), from the front matter or the last
 * comment that sets it; undefined when none does. Read before the deck is split, as Marpit does.
 */
export function headingDividerLevels(data: Record<string, unknown>, body: string): number[] | undefined {
  let value: string | undefined = directiveText(data.headingDivider ?? data.$headingDivider);
  for (const comment of marpComments(body, 1)) {
    for (const entry of comment.entries) {
      if (entry.key === 'headingDivider' || entry.key === '$headingDivider') value = entry.value;
    }
  }
  return value === undefined ? undefined : dividerLevels(value);
}

/** `2` means levels 1 and 2; `[1, 3]` (read as `1 3`) only those; `false` or anything else none. */
function dividerLevels(value: string): number[] | undefined {
  const numbers = value
    .split(/[\s,]+/)
    .filter((v) => v !== '')
    .map(Number);
  if (numbers.length === 0 || numbers.some((n) => !Number.isInteger(n) || n < 1 || n > 6)) return undefined;
  if (numbers.length === 1) return Array.from({ length: numbers[0] ?? 0 }, (_, i) => i + 1);
  return numbers;
}

/** What the directives of a Marp deck come to. */
export interface MarpDirectives {
  /** Per slide, in order: the local directives in effect, and its comments. */
  slides: { directives: Record<string, Directive>; comments: MarpComment[] }[];
  /** Global directives, the last value of each. */
  globals: Record<string, Directive>;
  /** Directives pitchdeck does not follow, each naming its line. */
  warnings: Warning[];
}

/**
 * Reads every directive of a Marp deck: the front matter's, then each slide's comments in order.
 *
 * @param frontMatterLines the line of each front matter key, for messages.
 */
export function readMarpDirectives(
  file: string,
  frontMatter: Record<string, unknown>,
  frontMatterLines: Record<string, number>,
  chunks: readonly Chunk[],
): MarpDirectives {
  const warnings: Warning[] = [];
  const globals: Record<string, Directive> = {};
  let inherited: Record<string, Directive> = {};
  let spot: Record<string, Directive> = {};
  const warn = (line: number, message: string) =>
    warnings.push({ file, line, code: 'marp-directive', message });

  const apply = (key: string, value: string | undefined, line: number, inFrontMatter: boolean) => {
    const name = key.replace(/^[_$]/, '');
    if (value === undefined) return;
    if (key.startsWith('_')) {
      if (LOCAL.has(name) && localValue(name, value, line, inFrontMatter)) spot[name] = { value, line };
      return;
    }
    if (LOCAL.has(name) && !key.startsWith('$')) {
      if (localValue(name, value, line, inFrontMatter)) inherited = { ...inherited, [name]: { value, line } };
      return;
    }
    if (GLOBAL.has(name)) globalValue(name, value, line, inFrontMatter);
  };

  /** Whether a local directive is one pitchdeck follows; a warning when it is not. */
  const localValue = (name: string, value: string, line: number, inFrontMatter: boolean): boolean => {
    if (name !== 'transition') return true;
    // The front matter's transition is pitchdeck's own key, checked with the deck's settings.
    if (inFrontMatter) return false;
    if (TRANSITIONS.has(value)) return true;
    warn(
      line,
      `Marp transition "${value}" has no reveal.js counterpart; this slide keeps the deck's transition (reveal.js has: ${[...TRANSITIONS].join(', ')})`,
    );
    return false;
  };

  const globalValue = (name: string, value: string, line: number, inFrontMatter: boolean) => {
    switch (name) {
      case 'style':
      case 'lang':
        globals[name] = { value, line };
        return;
      case 'headingDivider':
        if (dividerLevels(value) === undefined && value !== 'false') {
          warn(line, `headingDivider "${value}" is not a heading level (1 to 6, or a list of them); ignored`);
        }
        globals[name] = { value, line };
        return;
      case 'size':
        if (marpSize(value)) globals[name] = { value, line };
        else {
          warn(
            line,
            `Marp size "${value}" is not one of Marp's presets (${Object.keys(MARP_SIZES).join(', ')}); set width and height instead`,
          );
        }
        return;
      case 'math':
        // pitchdeck typesets $...$ with KaTeX whichever Marp asks for (MathJax's syntax is the same TeX).
        if (value !== 'katex' && value !== 'mathjax')
          warn(line, `Marp's "math: ${value}" is neither katex nor mathjax; formulas are typeset with KaTeX`);
        return;
      default:
        if (inFrontMatter && PITCHDECK_KEYS.has(name)) return;
        warn(
          line,
          PITCHDECK_KEYS.has(name)
            ? `the "${name}" directive is read from the front matter only; this comment is ignored`
            : `Marp's "${name}" directive is not supported; ignored`,
        );
    }
  };

  for (const [key, value] of Object.entries(frontMatter)) {
    if (isDirectiveKey(key)) apply(key, directiveText(value), frontMatterLines[key] ?? 1, true);
  }
  const slides: MarpDirectives['slides'] = [];
  for (const chunk of chunks) {
    const comments = marpComments(chunk.text, chunk.line);
    for (const comment of comments) {
      for (const entry of comment.entries) apply(entry.key, entry.value, entry.line, false);
    }
    slides.push({ directives: { ...inherited, ...spot }, comments });
    spot = {};
  }
  return { slides, globals, warnings };
}
