import { DeckError } from '../errors.ts';
import { findFences, maskFences } from './fences.ts';
import {
  BUILT_IN_PATTERNS,
  compilePattern,
  type Pattern,
  type PatternMatch,
  PatternSyntaxError,
} from './patterns.ts';
import { lineAt } from './source-text.ts';

/** A piece of the body that becomes one slide, with its position and first line in the file. */
export interface Chunk {
  h: number;
  v: number;
  text: string;
  line: number;
  attributes: Record<string, string>;
}

/** Separators as regular expression sources, as reveal-md and reveal.js's markdown plugin take them. */
export interface Separators {
  separator: string;
  verticalSeparator: string | undefined;
}

/** A line of exactly `---` (or `----`): the reveal-md syntax, read line by line. */
export const DEFAULT_SEPARATORS: Separators = {
  separator: BUILT_IN_PATTERNS.separator,
  verticalSeparator: BUILT_IN_PATTERNS.verticalSeparator,
};

/**
 * Cuts a body at separator matches the way reveal.js's markdown plugin does (the leftmost match of
 * either pattern, the horizontal one first where both match, `^` and `$` at every line), except that
 * matches inside closed code fences do not count.
 *
 * @throws DeckError for a separator that cannot be compiled.
 */
export function splitOnSeparators(
  body: string,
  bodyLine: number,
  separators: Separators,
  file: string,
  separatorLines: Partial<Record<keyof Separators, number | undefined>> = {},
): Chunk[] {
  const horizontal = compile(separators.separator, file, separatorLines.separator ?? 0);
  const vertical = separators.verticalSeparator
    ? compile(separators.verticalSeparator, file, separatorLines.verticalSeparator ?? 0)
    : undefined;
  const masked = maskFences(body, findFences(body));
  const chunks: Chunk[] = [];
  let h = 0;
  let v = 0;
  let from = 0;
  const push = (to: number) => chunks.push(chunk(body, from, to, bodyLine, h, v));
  const next = nextSeparator(masked, horizontal, vertical);
  for (let match = next(0); match; ) {
    let at: number;
    if (match.text === '') {
      // An empty match splits nothing; look again one character further.
      at = match.index + 1;
    } else {
      push(match.index);
      if (match.horizontal) {
        h++;
        v = 0;
      } else {
        v++;
      }
      from = match.index + match.text.length;
      at = from;
    }
    match = at <= masked.length ? next(at) : undefined;
  }
  push(body.length);
  return chunks;
}

/**
 * The leftmost match of either separator from an offset (where both match at one place, the horizontal
 * one). Offsets only grow, so each pattern's last match is kept until the offset passes it: a pattern
 * that matches rarely is not searched to the end of the text again for every match of the other.
 */
function nextSeparator(
  text: string,
  horizontal: Pattern,
  vertical: Pattern | undefined,
): (at: number) => (PatternMatch & { horizontal: boolean }) | undefined {
  const nextH = nextMatch(text, horizontal);
  const nextV = vertical ? nextMatch(text, vertical) : () => undefined;
  return (at) => {
    const h = nextH(at);
    const v = nextV(at);
    if (h && (!v || h.index <= v.index)) return { ...h, horizontal: true };
    return v ? { ...v, horizontal: false } : undefined;
  };
}

/** A pattern's leftmost match from growing offsets, searching again only when the last one is passed. */
function nextMatch(text: string, pattern: Pattern): (at: number) => PatternMatch | undefined {
  let last: PatternMatch | undefined;
  let done = false;
  return (at) => {
    if (done) return undefined;
    // No match starts between the last search's offset and its match, so it is still the leftmost.
    if (last && last.index >= at) return last;
    last = pattern.exec(text, at);
    done = last === undefined;
    return last;
  };
}

/**
 * True when at least one separator matches outside code: otherwise the deck is split on headings.
 *
 * @throws DeckError for a separator that cannot be compiled.
 */
export function hasSeparators(body: string, separators: Separators): boolean {
  const masked = maskFences(body, findFences(body));
  return [separators.separator, separators.verticalSeparator].some(
    (source) => source !== undefined && compile(source, '', 0).exec(masked) !== undefined,
  );
}

/** A chunk from offsets, its line moved to the first non-blank line so messages point at content. */
export function chunk(body: string, from: number, to: number, bodyLine: number, h: number, v: number): Chunk {
  let text = body.slice(from, to);
  let start = from;
  const lead = /^(?:[ \t]*\n)+/.exec(text);
  if (lead && lead[0].length < text.length) {
    start += lead[0].length;
    text = text.slice(lead[0].length);
  }
  return { h, v, text, line: bodyLine + lineAt(body, start) - 1, attributes: {} };
}

function compile(source: string, file: string, line: number): Pattern {
  try {
    return compilePattern(source);
  } catch (error) {
    if (!(error instanceof PatternSyntaxError)) throw error;
    throw badSeparator(error, `the separator /${source}/`, { file, line });
  }
}

/** The DeckError for a pattern that cannot be used, naming it as `what` (a key, a flag, a separator). */
export function badSeparator(
  error: PatternSyntaxError,
  what: string,
  where: { file: string; line: number },
): DeckError {
  if (error.kind === 'invalid') {
    return new DeckError(`${what} is not a valid regular expression`, {
      ...where,
      code: 'bad-separator',
      hint: 'Separators are JavaScript regular expressions, e.g. "^---$"; escape ( [ * + ? with a backslash.',
      cause: error,
    });
  }
  return new DeckError(`${what} cannot be used: ${error.message}`, {
    ...where,
    code: 'bad-separator',
    hint: 'Separators cannot use lookarounds or backreferences (they are matched in linear time); e.g. "^---$".',
    cause: error,
  });
}
