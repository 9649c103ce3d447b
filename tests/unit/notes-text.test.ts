import { describe, expect, it } from 'vitest';
import { notesText } from '../../src/export/notes-text.ts';

describe('notesText', () => {
  it('writes a line per paragraph and list item, decoding entities and keeping line breaks', () => {
    const html = [
      '<p>First &amp; foremost,\nthe opening.</p>',
      '<ul><li>one</li><li><p>two, loose</p></li></ul>',
      '<p>Line one<br>line two</p>',
    ].join('\n');
    expect(notesText(html)).toBe('First & foremost, the opening.\n• one\n• two, loose\nLine one\nline two');
  });

  it('keeps code as written, indentation and all', () => {
    expect(notesText('<p>Run:</p><pre><code>if (x) {\n  go();\n}\n</code></pre>')).toBe(
      'Run:\nif (x) {\n  go();\n}',
    );
  });

  it('is empty for notes with no text', () => {
    expect(notesText('<p> </p>\n')).toBe('');
  });
});
