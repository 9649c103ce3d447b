import { DeckError } from '../errors.ts';
import { findFences, maskFences } from './fences.ts';
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
  separator: '^---[ \\t]*$',
  verticalSeparator: '^----[ \\t]*$',
};

/**
 * Cuts a body at separator matches the way reveal.js's markdown plugin does (both regexes together,
 * multiline), except that matches inside closed code fences do not count.
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
  const either = new RegExp(vertical ? `${horizontal.source}|${vertical.source}` : horizontal.source, 'gm');
  const masked = maskFences(body, findFences(body));
  const chunks: Chunk[] = [];
  let h = 0;
  let v = 0;
  let from = 0;
  let match: RegExpExecArray | null;
  const push = (to: number) => chunks.push(chunk(body, from, to, bodyLine, h, v));
  // biome-ignore lint/suspicious/noAssignInExpressions: the idiomatic exec loop
  while ((match = either.exec(masked)) !== null) {
    if (match[0] === '') {
      either.lastIndex++;
      continue;
    }
    push(match.index);
    if (new RegExp(horizontal.source, 'm').test(match[0])) {
      h++;
      v = 0;
    } else {
      v++;
    }
    from = match.index + match[0].length;
  }
  push(body.length);
  return chunks;
}

/** True when at least one separator matches outside code: otherwise the deck is split on headings. */
export function hasSeparators(body: string, separators: Separators): boolean {
  const source = separators.verticalSeparator
    ? `${separators.separator}|${separators.verticalSeparator}`
    : separators.separator;
  return new RegExp(source, 'm').test(maskFences(body, findFences(body)));
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

function compile(source: string, file: string, line: number): RegExp {
  try {
    return new RegExp(source, 'm');
  } catch (error) {
    throw new DeckError(`the separator /${source}/ is not a valid regular expression`, {
      file,
      line,
      code: 'bad-separator',
      hint: 'Separators are JavaScript regular expressions, e.g. "^---$".',
      cause: error,
    });
  }
}
