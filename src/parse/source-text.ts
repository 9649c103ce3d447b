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

/** 1-based line number of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
