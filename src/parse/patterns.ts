import { RE2JS } from 're2js';

/** Where a pattern matched and what it covered. */
export interface PatternMatch {
  index: number;
  text: string;
}

/** A separator or notes pattern, with `^` and `$` matching at every line, as reveal.js applies them. */
export interface Pattern {
  readonly source: string;
  /** The leftmost match that starts at or after `from` (the text before `from` still counts for `^`). */
  exec(text: string, from?: number): PatternMatch | undefined;
}

/** Why a pattern cannot be used: not a regular expression at all, or one RE2 cannot match. */
export class PatternSyntaxError extends Error {
  constructor(
    readonly kind: 'invalid' | 'unsupported',
    message: string,
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}

/** reveal-md's separators and reveal.js's notes pattern, which pitchdeck applies unless told otherwise. */
export const BUILT_IN_PATTERNS = {
  separator: '^---[ \\t]*$',
  verticalSeparator: '^----[ \\t]*$',
  notesSeparator: '^\\s*notes?:',
} as const;

/**
 * Compiles a separator or notes pattern. Patterns come from front matter and flags, so a user's
 * pattern is matched by RE2 (re2js), in time linear in the text: `^(a+)+$` cannot hang a build the way
 * it hangs a backtracking engine. The built-in patterns keep JavaScript's exact semantics (its `\s`,
 * its line terminators) with engines that are linear too.
 *
 * @throws PatternSyntaxError for a pattern that is not a JavaScript regular expression (`invalid`), or
 *   one that uses what RE2 cannot match in linear time, lookarounds and backreferences (`unsupported`).
 */
export function compilePattern(source: string, options: { ignoreCase?: boolean } = {}): Pattern {
  const ignoreCase = options.ignoreCase ?? false;
  if (ignoreCase && source === BUILT_IN_PATTERNS.notesSeparator) return notesMarker;
  if (
    !ignoreCase &&
    (source === BUILT_IN_PATTERNS.separator || source === BUILT_IN_PATTERNS.verticalSeparator)
  ) {
    // A literal run of dashes at a line start: the backtracking engine is linear on it.
    return nativePattern(new RegExp(source, 'gm'));
  }
  try {
    new RegExp(source, ignoreCase ? 'mi' : 'm');
  } catch (error) {
    throw new PatternSyntaxError('invalid', error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
  let re: RE2JS;
  try {
    const flags = RE2JS.MULTILINE | (ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
    re = RE2JS.compile(RE2JS.translateRegExp(source), flags);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const detail = unsupportedFeature(source) ?? message.replace(/^error parsing regexp: /, '');
    throw new PatternSyntaxError('unsupported', detail, { cause: error });
  }
  return {
    source,
    exec(text, from = 0) {
      const matcher = re.matcher(text);
      if (!matcher.find(from)) return undefined;
      return { index: matcher.start(), text: matcher.group() ?? '' };
    },
  };
}

/** What RE2 refused, in words, for the constructs JavaScript has and RE2 has not (its own words are terse). */
function unsupportedFeature(source: string): string | undefined {
  if (/\(\?<[=!]/.test(source)) return 'it has a lookbehind';
  if (/\(\?[=!]/.test(source)) return 'it has a lookahead';
  if (/\\[1-9]|\\k</.test(source)) return 'it has a backreference';
  return undefined;
}

function nativePattern(regex: RegExp): Pattern {
  return {
    source: regex.source,
    exec(text, from = 0) {
      regex.lastIndex = from;
      const m = regex.exec(text);
      return m ? { index: m.index, text: m[0] } : undefined;
    },
  };
}

const LINE_MARKER = /^[^\S\n\r\u2028\u2029]*notes?:/gim;
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;
const SPACE = /\s/;

/**
 * `^\s*notes?:` (case-insensitive) as JavaScript matches it, without its quadratic backtracking over
 * long runs of blank lines: `\s*` may run over the blank lines before the marker's line, so the match
 * starts at the first line start of the whitespace that ends at the marker's line.
 */
const notesMarker: Pattern = {
  source: BUILT_IN_PATTERNS.notesSeparator,
  exec(text, from = 0) {
    LINE_MARKER.lastIndex = from;
    const m = LINE_MARKER.exec(text);
    if (!m) return undefined;
    let start = m.index;
    while (start > from && SPACE.test(text[start - 1] ?? '')) start--;
    while (start < m.index && start > 0 && !LINE_TERMINATOR.test(text[start - 1] ?? '')) start++;
    return { index: start, text: text.slice(start, m.index + m[0].length) };
  },
};
