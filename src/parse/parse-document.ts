import { Lexer } from 'marked';
import type { Warning } from '../errors.ts';
import type { DeckDocument, Dialect, RawSlide, SourceFile } from '../model.ts';
import { findFences } from './fences.ts';
import { blankMetadataBlocks, extractDivNotes, splitMarp, splitSlidev } from './foreign.ts';
import { splitFrontMatter } from './front-matter.ts';
import { splitOnHeadings } from './headings.ts';
import { headingDividerLevels, type MarpComment, readMarpDirectives } from './marp.ts';
import { checkNesting, isStackOverflow, tooDeepToRender } from './nesting.ts';
import { DEFAULT_NOTES_SEPARATOR, splitNotes } from './notes.ts';
import { compilePattern, PatternSyntaxError } from './patterns.ts';
import {
  badSeparator,
  type Chunk,
  DEFAULT_SEPARATORS,
  hasSeparators,
  type Separators,
  splitOnSeparators,
} from './separators.ts';
import { lineAt, normalizeSource } from './source-text.ts';

export interface ParseOptions {
  /**
   * Deck defaults from config files (pitchdeck's config, reveal-md's files), already checked: front
   * matter keys that the deck's own front matter overrides (`revealOptions` merged key by key).
   */
  defaults?: Record<string, unknown> | undefined;
  /** Separators that win over the front matter's (the CLI's `--separator`). */
  separator?: string | undefined;
  verticalSeparator?: string | undefined;
}

/** The front matter over the defaults; `revealOptions` merged key by key, the front matter's winning. */
function withDefaults(
  data: Record<string, unknown>,
  defaults: Record<string, unknown> | undefined,
): Record<string, unknown> {
  if (!defaults || Object.keys(defaults).length === 0) return data;
  const merged = { ...defaults, ...data };
  const below = defaults.revealOptions;
  const above = data.revealOptions;
  if (isPlainObject(below) && isPlainObject(above)) merged.revealOptions = { ...below, ...above };
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Front matter keys that only Slidev decks carry. */
const SLIDEV_KEYS = ['highlighter', 'drawings', 'info', 'mdc', 'comark', 'monaco', 'download', 'themeConfig'];

/**
 * Parses a Markdown deck into its front matter and raw slides, each with its source line. Pure: the text
 * comes in, nothing is read or written.
 *
 * @throws DeckError for an empty or binary file, malformed front matter, an invalid separator, or
 *   blockquotes, lists or inline Markdown nested too deeply (`too-deep`).
 */
export function parseDocument(source: SourceFile, options: ParseOptions = {}): DeckDocument {
  const file = source.path;
  const text = normalizeSource(source);
  const front = splitFrontMatter(text, file);
  const warnings: Warning[] = [];
  const { body, bodyLine } = front;
  const data = withDefaults(front.data, options.defaults);

  for (const fence of findFences(body)) {
    if (!fence.closed) {
      warnings.push({
        file,
        line: bodyLine + fence.openLine,
        code: 'unclosed-fence',
        message: 'this code fence is never closed; the separators after it still split slides',
      });
    }
  }

  const separators: Separators = {
    separator: options.separator ?? stringOr(data.separator, DEFAULT_SEPARATORS.separator),
    verticalSeparator:
      options.verticalSeparator ?? stringOr(data.verticalSeparator, DEFAULT_SEPARATORS.verticalSeparator),
  };
  checkPatterns(file, data, front.lines, options);
  const explicitSeparators =
    options.separator !== undefined ||
    options.verticalSeparator !== undefined ||
    typeof data.separator === 'string' ||
    typeof data.verticalSeparator === 'string';
  const pandoc = front.closer === '...';
  const dialect = pandoc ? 'headings' : detectDialect(data, body, separators, explicitSeparators);
  const slideLevel = typeof data.slideLevel === 'number' ? data.slideLevel : 2;

  checkNesting(body, { file, line: bodyLine });
  let chunks: Chunk[];
  try {
    chunks = splitBody(dialect, body, bodyLine, file, slideLevel, separators, front.lines, data);
  } catch (error) {
    // Headings, Marp and Slidev decks are split on marked's tokens, which recurse into inline nesting.
    if (!isStackOverflow(error)) throw error;
    throw tooDeepToRender(body, { file, line: bodyLine }, (text) => Lexer.lex(text, { gfm: true }), error);
  }

  // `Note:` lines are reveal-md syntax; in a Quarto or Pandoc document they are prose (notes use `::: notes`).
  const notesPattern =
    pandoc || data.format !== undefined ? undefined : stringOr(data.notesSeparator, DEFAULT_NOTES_SEPARATOR);
  const marp = dialect === 'marp' ? readMarpDirectives(file, data, front.lines, chunks) : undefined;
  if (marp) warnings.push(...marp.warnings);
  const slides = chunks.map((c, i): RawSlide => {
    const directives = marp?.slides[i];
    if (!directives) return toRawSlide(c, dialect, notesPattern);
    return { ...marpSlide(c, directives.comments), directives: directives.directives };
  });
  if (dialect === 'headings' && typeof data.title === 'string' && !startsWithTitle(slides)) {
    // A document that is only front matter is only its title slide, not a blank slide after it.
    if (slides.length === 1 && slides[0]?.markdown.trim() === '' && !slides[0].notes) slides.length = 0;
    slides.forEach((s) => {
      s.h++;
    });
    slides.unshift({ h: 0, v: 0, line: 1, markdown: '', notes: undefined, attributes: { layout: 'title' } });
  }
  return {
    path: file,
    dialect,
    frontMatter: data,
    frontMatterLines: front.lines,
    slides,
    ...(marp ? { directives: marp.globals } : {}),
    warnings,
  };
}

function splitBody(
  dialect: Dialect,
  body: string,
  bodyLine: number,
  file: string,
  slideLevel: number,
  separators: Separators,
  lines: Record<string, number>,
  data: Record<string, unknown>,
): Chunk[] {
  switch (dialect) {
    case 'marp':
      return splitMarp(body, bodyLine, headingDividerLevels(data, body));
    case 'slidev':
      return splitSlidev(body, bodyLine, file);
    case 'headings':
      return splitOnHeadings(blankMetadataBlocks(body), bodyLine, slideLevel);
    default:
      return splitOnSeparators(body, bodyLine, separators, file, {
        separator: lines.separator,
        verticalSeparator: lines.verticalSeparator,
      });
  }
}

function toRawSlide(c: Chunk, dialect: Dialect, notesPattern: string | undefined): RawSlide {
  if (dialect === 'headings') {
    const { markdown, notes } = extractDivNotes(c.text);
    const at = c.text.search(/^:{3,}\s*\{?\s*\.?notes\b/m);
    if (notes === undefined && notesPattern !== undefined) {
      // A reveal-md deck with a single slide has no separator but may still have `Note:`.
      const plain = splitNotes(markdown, c.line, notesPattern);
      return {
        h: c.h,
        v: c.v,
        line: c.line,
        markdown: plain.markdown,
        notes: plain.notes,
        attributes: c.attributes,
      };
    }
    return {
      h: c.h,
      v: c.v,
      line: c.line,
      markdown,
      notes: notes === undefined ? undefined : { markdown: notes, line: c.line + lineAt(c.text, at) },
      attributes: c.attributes,
    };
  }
  if (dialect === 'slidev') return commentNotes(c);
  const { markdown, notes } = splitNotes(c.text, c.line, notesPattern ?? DEFAULT_NOTES_SEPARATOR);
  return { h: c.h, v: c.v, line: c.line, markdown, notes, attributes: c.attributes };
}

/**
 * A Marp slide: every comment that is not a directive (`_class: lead`, `paginate: true`), a heading's
 * `fit` or one of pitchdeck's attribute comments (`.slide:`) is a presenter note. Notes and directives are
 * blanked out of the Markdown, keeping its line breaks so that later lines keep their source lines; the
 * others stay for the build.
 */
function marpSlide(c: Chunk, comments: readonly MarpComment[]): RawSlide {
  const picked = comments.filter((m) => m.kind === 'note');
  const notes = picked.map((m) => m.body).filter((n) => n !== '');
  let markdown = c.text;
  for (const m of [...comments].reverse()) {
    if (m.kind === 'fit' || m.kind === 'pitchdeck') continue;
    markdown =
      markdown.slice(0, m.start) +
      markdown.slice(m.start, m.end).replace(/[^\n]/g, '') +
      markdown.slice(m.end);
  }
  const first = picked[0];
  return {
    h: c.h,
    v: c.v,
    line: c.line,
    markdown,
    notes:
      notes.length === 0 || !first
        ? undefined
        : { markdown: notes.join('\n\n'), line: c.line + lineAt(c.text, first.start) - 1 },
    attributes: c.attributes,
  };
}

/** Slidev keeps a slide's presenter notes in its last HTML comment. */
function commentNotes(c: Chunk): RawSlide {
  const comments = [...c.text.matchAll(/<!--([\s\S]*?)-->/g)];
  const picked = comments.filter((m) => m.index + m[0].length === c.text.trimEnd().length);
  const notes = picked.map((m) => (m[1] ?? '').trim()).filter((n) => n !== '');
  let markdown = c.text;
  for (const m of picked.reverse())
    markdown = markdown.slice(0, m.index) + markdown.slice(m.index + m[0].length);
  const first = picked.at(-1);
  return {
    h: c.h,
    v: c.v,
    line: c.line,
    markdown,
    notes:
      notes.length === 0 || !first
        ? undefined
        : { markdown: notes.join('\n\n'), line: c.line + lineAt(c.text, first.index) - 1 },
    attributes: c.attributes,
  };
}

/**
 * Every pattern the user gave compiles for a linear-time engine, or the error names where it came from:
 * the front matter key's line, or the flag.
 */
function checkPatterns(
  file: string,
  data: Record<string, unknown>,
  lines: Record<string, number>,
  options: ParseOptions,
): void {
  const given: [string, unknown, string, number, boolean][] = [
    ['--separator', options.separator, '', 0, false],
    ['--vertical-separator', options.verticalSeparator, '', 0, false],
    ['separator', data.separator, file, lines.separator ?? 1, false],
    ['verticalSeparator', data.verticalSeparator, file, lines.verticalSeparator ?? 1, false],
    ['notesSeparator', data.notesSeparator, file, lines.notesSeparator ?? 1, true],
  ];
  for (const [name, pattern, where, line, ignoreCase] of given) {
    if (typeof pattern !== 'string') continue;
    try {
      compilePattern(pattern, { ignoreCase });
    } catch (error) {
      if (!(error instanceof PatternSyntaxError)) throw error;
      throw badSeparator(error, `${name} /${pattern}/`, { file: where, line });
    }
  }
}

/**
 * The dialect a deck is written in: an explicit `dialect` key, then the marks other tools leave in front
 * matter (`marp: true`, Quarto's `format`, Slidev's own keys), then reveal-md separators; a document
 * without any separator is split on its headings.
 */
function detectDialect(
  data: Record<string, unknown>,
  body: string,
  separators: Separators,
  explicitSeparators: boolean,
): Dialect {
  const declared = data.dialect;
  if (declared === 'reveal' || declared === 'headings' || declared === 'marp' || declared === 'slidev') {
    return declared;
  }
  if (data.marp === true) return 'marp';
  if (data.format !== undefined) return 'headings';
  if (SLIDEV_KEYS.some((key) => key in data)) return 'slidev';
  if (explicitSeparators || hasSeparators(body, separators)) return 'reveal';
  return 'headings';
}

function startsWithTitle(slides: RawSlide[]): boolean {
  return slides[0]?.attributes.layout === 'title';
}

function stringOr<T>(value: unknown, fallback: T): string | T {
  return typeof value === 'string' ? value : fallback;
}
