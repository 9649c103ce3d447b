import { describe, expect, it } from 'vitest';
import { findFences, maskFences } from '../../src/parse/fences.ts';
import { parseDocument } from '../../src/parse/parse-document.ts';
import { chunk, DEFAULT_SEPARATORS, hasSeparators, splitOnSeparators } from '../../src/parse/separators.ts';
import { deckErrorOf } from '../helpers/deck-error.ts';

const split = (body: string, bodyLine = 1, separators = DEFAULT_SEPARATORS) =>
  splitOnSeparators(body, bodyLine, separators, 'deck.md').map((c) => ({
    h: c.h,
    v: c.v,
    line: c.line,
    text: c.text,
  }));

describe('splitOnSeparators with the default separators', () => {
  it('splits on lines of exactly --- and ----, trailing spaces allowed', () => {
    expect(split('A\n---  \nB\n----\t\nC\n--- x\nD')).toEqual([
      { h: 0, v: 0, line: 1, text: 'A\n' },
      { h: 1, v: 0, line: 3, text: 'B\n' },
      { h: 1, v: 1, line: 5, text: 'C\n--- x\nD' },
    ]);
  });

  it('does not take longer rules, indented rules or *** for separators', () => {
    expect(split('A\n-----\nB\n ---\nC\n***\nD')).toHaveLength(1);
  });

  it('starts each vertical stack again at v = 0', () => {
    const chunks = split('A\n----\nB\n---\nC\n----\nD\n----\nE');
    expect(chunks.map((c) => [c.h, c.v])).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
      [1, 2],
    ]);
  });

  it('offsets every line by the line the body starts on', () => {
    expect(split('A\n---\n\n\nB', 7).map((c) => c.line)).toEqual([7, 11]);
  });

  it('ignores separators inside closed fences of either kind', () => {
    const body = ['A', '```', '---', '```', '~~~', '----', '~~~', '---', 'B'].join('\n');
    expect(split(body).map((c) => c.line)).toEqual([1, 9]);
  });

  it('ignores separators inside a fence opened with more backticks than a fence it contains', () => {
    const body = ['A', '`````', '```', '---', '```', '`````', '---', 'B'].join('\n');
    expect(split(body).map((c) => c.line)).toEqual([1, 8]);
  });

  it('keeps splitting after an unclosed fence', () => {
    expect(split(['A', '```', 'code', '---', 'B'].join('\n')).map((c) => c.line)).toEqual([1, 5]);
  });

  it('keeps an empty slide between two separators', () => {
    expect(split('A\n---\n---\nB').map((c) => c.text.trim())).toEqual(['A', '', 'B']);
  });
});

describe('splitOnSeparators with custom separators', () => {
  it('splits on HTML comment separators', () => {
    const chunks = split('A\n<!--s-->\nB\n<!--v-->\nC', 1, {
      separator: '<!--s-->',
      verticalSeparator: '<!--v-->',
    });
    expect(chunks.map((c) => [c.h, c.v, c.line, c.text.trim()])).toEqual([
      [0, 0, 1, 'A'],
      [1, 0, 3, 'B'],
      [1, 1, 5, 'C'],
    ]);
  });

  it('splits on blank-line separators (^\\n\\n\\n horizontal, ^\\n\\n vertical)', () => {
    const chunks = split('A\n\n\n\nB\n\n\nC\nstill C\n\nstill C', 1, {
      separator: '^\\n\\n\\n',
      verticalSeparator: '^\\n\\n',
    });
    expect(chunks.map((c) => [c.h, c.v, c.line])).toEqual([
      [0, 0, 1],
      [1, 0, 5],
      [1, 1, 8],
    ]);
    expect(chunks[2]?.text).toBe('C\nstill C\n\nstill C');
  });

  it('has no vertical slides when the vertical separator is undefined', () => {
    const chunks = split('A\n---\nB\n----\nC', 1, { separator: '^---$', verticalSeparator: undefined });
    expect(chunks.map((c) => [c.h, c.v])).toEqual([
      [0, 0],
      [1, 0],
    ]);
  });

  it('throws for an invalid regular expression, at the given line', () => {
    const error = deckErrorOf(() =>
      splitOnSeparators('A', 1, { separator: '^---$', verticalSeparator: '[' }, 'deck.md', {
        verticalSeparator: 3,
      }),
    );
    expect(error).toMatchObject({ file: 'deck.md', line: 3, code: 'bad-separator' });
    expect(error.message).toBe('the separator /[/ is not a valid regular expression');
  });
});

describe('custom separators from the front matter', () => {
  it('splits on <!--s--> and <!--v--> with lines in the file', () => {
    const text = [
      '---',
      'separator: "<!--s-->"',
      'verticalSeparator: "<!--v-->"',
      '---',
      '# A',
      '<!--s-->',
      '# B',
      '<!--v-->',
      '# C',
    ];
    const doc = parseDocument({ path: 'deck.md', text: text.join('\n') });
    expect(doc.dialect).toBe('reveal');
    expect(doc.slides.map((s) => [s.h, s.v, s.line, s.markdown.trim()])).toEqual([
      [0, 0, 5, '# A'],
      [1, 0, 7, '# B'],
      [1, 1, 9, '# C'],
    ]);
  });

  it('splits on blank lines (reveal-md "^\\n\\n\\n" and "^\\n\\n")', () => {
    const text = [
      '---',
      'separator: "^\\n\\n\\n"',
      'verticalSeparator: "^\\n\\n"',
      '---',
      '# A',
      '',
      '',
      '',
      '# B',
      '',
      '',
      '# C',
    ];
    const doc = parseDocument({ path: 'deck.md', text: text.join('\n') });
    expect(doc.slides.map((s) => [s.h, s.v, s.line])).toEqual([
      [0, 0, 5],
      [1, 0, 9],
      [1, 1, 12],
    ]);
  });
});

describe('hasSeparators', () => {
  it('finds a separator outside code and none inside', () => {
    expect(hasSeparators('A\n---\nB', DEFAULT_SEPARATORS)).toBe(true);
    expect(hasSeparators('A\n----\nB', DEFAULT_SEPARATORS)).toBe(true);
    expect(hasSeparators('A\n```\n---\n```\nB', DEFAULT_SEPARATORS)).toBe(false);
    expect(hasSeparators('A\n\nB', DEFAULT_SEPARATORS)).toBe(false);
  });
});

describe('chunk', () => {
  it('moves the line to the first non-blank line and drops the blank lines before it', () => {
    expect(chunk('x\n\n  \nA\n', 2, 8, 10, 3, 1)).toEqual({
      h: 3,
      v: 1,
      text: 'A\n',
      line: 13,
      attributes: {},
    });
  });

  it('keeps an all-blank chunk as it is', () => {
    expect(chunk('\n\n', 0, 2, 1, 0, 0).text).toBe('\n\n');
  });
});

describe('findFences and maskFences', () => {
  it('finds closed and unclosed fences with their opening lines', () => {
    const text = 'a\n```js\nx\n```\nb\n~~~\ny';
    expect(findFences(text).map((f) => [f.openLine, f.closed])).toEqual([
      [1, true],
      [5, false],
    ]);
  });

  it('does not close a backtick fence with tildes, nor with a shorter fence', () => {
    expect(findFences('````\n~~~~\n```\n').map((f) => f.closed)).toEqual([false]);
  });

  it('does not take ``` followed by an info string with backticks for a fence', () => {
    expect(findFences('``` a`b\n')).toEqual([]);
  });

  it('masks closed fences only, keeping the length', () => {
    const text = 'a\n```\n---\n```\n```\n---';
    const masked = maskFences(text, findFences(text));
    expect(masked).toBe(`a\n\`\`\`\n${'\u0001'.repeat(4)}\`\`\`\n\`\`\`\n---`);
  });
});
