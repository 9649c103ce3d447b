import { DeckError } from '../errors.ts';
import { findFences } from './fences.ts';

/**
 * Blockquotes and lists deeper than this are refused. marked and the HTML tree walks recurse once or
 * more per level, so thousands of levels overflow the stack; no deck needs a hundred.
 */
export const MAX_NESTING = 100;

// A marker is followed by a space, a tab or the end of the line; `-1` or `1.5` starts no item.
const LIST_MARKER = /^(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$)/;

/**
 * The first line where blockquotes and list items nest deeper than `limit`, counted the way they open:
 * `>` and list markers at the start of a line (`> > - x` is three levels), and list items opened on
 * earlier lines that the line's indentation keeps open. Lines inside fenced code do not count. It errs
 * low (a lazy continuation line ends the items it is not indented under): the point is to refuse what
 * would overflow marked's recursion before it runs, not to parse Markdown.
 */
export function deepestNesting(
  markdown: string,
  limit: number = MAX_NESTING,
): { line: number; depth: number } | undefined {
  const fences = findFences(markdown);
  /** Columns where the content of the list items still open starts, innermost last. */
  const items: number[] = [];
  let offset = 0;
  let line = 0;
  let fence = 0;
  for (const text of markdown.split('\n')) {
    const start = offset;
    offset += text.length + 1;
    line++;
    while ((fences[fence]?.end ?? Number.POSITIVE_INFINITY) <= start) fence++;
    const inFence = start >= (fences[fence]?.start ?? Number.POSITIVE_INFINITY);
    if (inFence || text.trim() === '') continue;
    let column = 0;
    let at = 0;
    while (at < text.length && (text[at] === ' ' || text[at] === '\t')) {
      column = text[at] === '\t' ? column + 4 - (column % 4) : column + 1;
      at++;
    }
    while (items.length > 0 && (items.at(-1) ?? 0) > column) items.pop();
    // Indented four or more past the innermost item: code or continued text, not new containers.
    if (column >= (items.at(-1) ?? 0) + 4) continue;
    let depth = items.length;
    let quoted = false;
    const breakAt = thematicBreaks(text);
    for (;;) {
      if (text[at] === '>') {
        depth++;
        quoted = true;
        const space = text[at + 1] === ' ' || text[at + 1] === '\t' ? 1 : 0;
        at += 1 + space;
        column += 1 + space;
        continue;
      }
      const marker = breakAt(at) ? undefined : LIST_MARKER.exec(text.slice(at, at + 12))?.[0];
      if (marker === undefined) break;
      depth++;
      at += marker.length;
      column += marker.length;
      // An item opened outside any blockquote stays open for the lines indented under it.
      if (!quoted) items.push(column);
    }
    if (depth > limit) return { line, depth };
  }
  return undefined;
}

/**
 * Whether the rest of a line from an offset is a thematic break (`- - -`, `***`, `_ _ _`), which is no
 * list marker: one backward pass, so a line of thousands of markers is not scanned once per marker.
 */
function thematicBreaks(text: string): (at: number) => boolean {
  const breaks = new Uint8Array(text.length + 1);
  let char = '';
  let count = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text[i] ?? '';
    if (c === ' ' || c === '\t') continue;
    if (count === 0 || c === char) {
      char = c;
      count++;
    } else {
      char = 'mixed';
    }
    breaks[i] = count >= 3 && c === char && (c === '-' || c === '*' || c === '_') ? 1 : 0;
  }
  return (at) => breaks[at] === 1;
}

/**
 * Refuses Markdown whose blockquotes and lists nest deeper than MAX_NESTING, at the line where they do.
 *
 * @throws DeckError `too-deep`, at `where.line` plus the line in `markdown`.
 */
export function checkNesting(markdown: string, where: { file: string; line: number }): void {
  const deep = deepestNesting(markdown);
  if (!deep) return;
  throw new DeckError(`blockquotes and lists nested ${deep.depth} levels deep`, {
    file: where.file,
    line: where.line + deep.line - 1,
    code: 'too-deep',
    hint: `Nesting deeper than ${MAX_NESTING} levels is refused; flatten it.`,
  });
}

/**
 * The DeckError for text that overflowed the stack when it was read or rendered (emphasis, links or HTML
 * inside each other thousands of times; blockquotes and lists are refused before). `render` is tried on
 * each line alone to name the line at fault; without one, the error points at `where.line`.
 */
export function tooDeepToRender(
  markdown: string,
  where: { file: string; line: number },
  render: (text: string) => unknown,
  cause: unknown,
): DeckError {
  const lines = markdown.split('\n');
  const at = lines.findIndex((text) => {
    try {
      render(text);
      return false;
    } catch (error) {
      return isStackOverflow(error);
    }
  });
  return new DeckError('emphasis, links or HTML nested too deeply to render', {
    file: where.file,
    line: where.line + Math.max(0, at),
    code: 'too-deep',
    hint: 'Flatten the emphasis, links or HTML elements nested inside each other here.',
    cause,
  });
}

/** True for the RangeError a recursion too deep for the stack throws. */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}
