import { DeckError } from '../errors.ts';
import type { SourceFile } from '../model.ts';

/**
 * Checks that a source is text worth parsing and normalises it: a UTF-8 BOM is dropped and CRLF/CR line
 * endings become LF, so every later stage sees one line ending and line numbers stay those of the file.
 */
export function normalizeSource(source: SourceFile): string {
  if (source.text.includes('\u0000')) {
    throw new DeckError('this is a binary file, not a Markdown deck', {
      file: source.path,
      line: 0,
      code: 'binary-file',
      hint: 'Pass a Markdown (.md) file.',
    });
  }
  const text = source.text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (text.trim() === '') {
    throw new DeckError('the file is empty', {
      file: source.path,
      line: 0,
      code: 'empty-file',
      hint: 'Write at least one slide, e.g. "# Title".',
    });
  }
  return text;
}

/** The offsets of the newlines of the last long text asked about, which is asked about again and again. */
let lines: { text: string; newlines: number[] } | undefined;

/**
 * 1-based line number of a character offset. A long text (a whole deck, asked for the line of each of
 * its slides) has its newlines found once, so a deck of thousands of slides is not scanned once per
 * slide.
 */
export function lineAt(text: string, offset: number): number {
  if (text.length < 4096) {
    let line = 1;
    for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
    return line;
  }
  if (lines?.text !== text) {
    const newlines: number[] = [];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) newlines.push(i);
    lines = { text, newlines };
  }
  // The number of newlines before the offset, by binary search.
  const { newlines } = lines;
  let low = 0;
  let high = newlines.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((newlines[mid] as number) < offset) low = mid + 1;
    else high = mid;
  }
  return low + 1;
}
