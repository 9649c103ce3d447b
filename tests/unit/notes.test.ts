import { describe, expect, it } from 'vitest';
import { extractDivNotes } from '../../src/parse/foreign.ts';
import { splitNotes } from '../../src/parse/notes.ts';
import { parseDocument } from '../../src/parse/parse-document.ts';

describe('splitNotes (reveal.js syntax)', () => {
  it.each(['Note:', 'Notes:', 'note:', 'notes:', 'NOTE:', 'NoTeS:'])(
    'splits at "%s" at the start of a line',
    (marker) => {
      const { markdown, notes } = splitNotes(`# Title\n\ntext\n\n${marker} say this\nand this\n`, 10);
      expect(markdown.trimEnd()).toBe('# Title\n\ntext');
      expect(notes).toEqual({ markdown: ' say this\nand this\n', line: 14 });
    },
  );

  it('accepts indentation before the marker', () => {
    expect(splitNotes('x\n   Note: n', 1).notes).toEqual({ markdown: ' n', line: 2 });
  });

  it('gives the line of the marker, not of a blank line before it', () => {
    expect(splitNotes('x\n\n\nNote: n', 5).notes?.line).toBe(8);
  });

  it('does not split on a word that merely ends in "note:" or has it mid-line', () => {
    for (const text of ['Footnote: x', 'A note: x', 'Notebook: x', 'Notes x']) {
      expect(splitNotes(text, 1)).toEqual({ markdown: text, notes: undefined });
    }
  });

  it('ignores markers inside fenced code', () => {
    const text = '```\nNote: code\n```\n\n~~~\nnotes: code\n~~~\n';
    expect(splitNotes(text, 1)).toEqual({ markdown: text, notes: undefined });
  });

  it('splits at the first marker after fenced code, keeping the code in the slide', () => {
    const { markdown, notes } = splitNotes('```\nNote: code\n```\nNote: real\nNote: second', 1);
    expect(markdown).toBe('```\nNote: code\n```\n');
    expect(notes).toEqual({ markdown: ' real\nNote: second', line: 4 });
  });

  it('takes a custom pattern', () => {
    const { markdown, notes } = splitNotes('x\n???\nnotes', 3, '^\\?\\?\\?');
    expect(markdown).toBe('x\n');
    expect(notes).toEqual({ markdown: '\nnotes', line: 4 });
  });
});

describe('notes in parsed decks', () => {
  it('attaches Note:, Notes: and note: to their own slides, any case', () => {
    const text = ['# A', 'Note: a', '---', '# B', 'NOTES: b', '----', '# C', 'note: c', '---', '# D'].join(
      '\n',
    );
    const doc = parseDocument({ path: 'deck.md', text });
    expect(doc.slides.map((s) => s.notes && [s.notes.markdown.trim(), s.notes.line])).toEqual([
      ['a', 2],
      ['b', 5],
      ['c', 8],
      undefined,
    ]);
    expect(doc.slides.map((s) => s.markdown.trim())).toEqual(['# A', '# B', '# C', '# D']);
  });

  it('reads CRLF notes like LF notes', () => {
    const lf = '# A\n\nNote: a\nmore\n---\n# B\n';
    const crlf = parseDocument({ path: 'd.md', text: lf.replace(/\n/g, '\r\n') });
    expect(crlf.slides[0]?.notes).toEqual({ markdown: ' a\nmore\n', line: 3 });
  });

  it('reads Pandoc ::: notes blocks in heading-split documents', () => {
    const text = ['## A', '', 'shown', '', '::: notes', 'Say *this*', ':::', '', '## B', ''].join('\n');
    const doc = parseDocument({ path: 'd.md', text });
    expect(doc.dialect).toBe('headings');
    expect(doc.slides[0]?.notes).toEqual({ markdown: 'Say *this*', line: 6 });
    expect(doc.slides[0]?.markdown).not.toContain('Say');
    expect(doc.slides[1]?.notes).toBeUndefined();
  });

  it('reads Marp notes from HTML comments that are not directives', () => {
    const text = [
      '---',
      'marp: true',
      '---',
      '# A',
      '<!-- _class: lead -->',
      '<!-- say A -->',
      '',
      '---',
      '',
      '# B',
    ];
    const doc = parseDocument({ path: 'd.md', text: text.join('\n') });
    expect(doc.slides[0]?.notes).toEqual({ markdown: 'say A', line: 6 });
    // Directives and notes leave the Markdown, their lines kept blank so later lines keep their numbers.
    expect(doc.slides[0]?.markdown).toBe('# A\n\n\n\n');
    expect(doc.slides[0]?.directives).toEqual({ class: { value: 'lead', line: 5 } });
    expect(doc.slides[1]?.notes).toBeUndefined();
  });

  it('reads Slidev notes from the last comment of a slide only', () => {
    const text = [
      '---',
      'dialect: slidev',
      '---',
      '# A',
      '<!-- not a note -->',
      'text',
      '<!-- the note -->',
      '',
      '---',
      '',
      '# B',
    ];
    const doc = parseDocument({ path: 'd.md', text: text.join('\n') });
    expect(doc.slides[0]?.notes).toEqual({ markdown: 'the note', line: 7 });
    expect(doc.slides[0]?.markdown).toContain('<!-- not a note -->');
  });
});

describe('extractDivNotes', () => {
  it('takes ::: notes and ::: {.notes} blocks out, keeping nested divs inside the notes', () => {
    expect(extractDivNotes('a\n::: {.notes}\nn1\n::: inner\nx\n:::\nn2\n:::\nb')).toEqual({
      markdown: 'a\nb',
      notes: 'n1\n::: inner\nx\n:::\nn2',
    });
  });

  it('drops Pandoc pauses and leaves other divs alone', () => {
    expect(extractDivNotes('a\n. . .\n::: columns\nx\n:::')).toEqual({
      markdown: 'a\n::: columns\nx\n:::',
      notes: undefined,
    });
  });
});
