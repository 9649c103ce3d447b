import { describe, expect, it } from 'vitest';
import { formatWarning } from '../../src/errors.ts';
import type { DeckDocument } from '../../src/model.ts';
import { parseDocument } from '../../src/parse/parse-document.ts';
import { deckErrorOf } from '../helpers/deck-error.ts';

const parse = (text: string, path = 'talk.md') => parseDocument({ path, text });

/** Each slide as [h, v, first line], the shape most tests care about. */
const positions = (doc: DeckDocument) => doc.slides.map((s) => [s.h, s.v, s.line]);

describe('parseDocument: reveal-md separators', () => {
  it('splits on --- (horizontal) and ---- (vertical), each slide starting at its first non-blank line', () => {
    const doc = parse(['# A', '', '---', '', '# B', '', '----', '', '# C', ''].join('\n'));
    expect(doc.dialect).toBe('reveal');
    expect(positions(doc)).toEqual([
      [0, 0, 1],
      [1, 0, 5],
      [1, 1, 9],
    ]);
    expect(doc.slides.map((s) => s.markdown.trim())).toEqual(['# A', '# B', '# C']);
  });

  it('counts the front matter in the line numbers', () => {
    const doc = parse(['---', 'title: T', '---', '# A', '---', '# B'].join('\n'));
    expect(positions(doc)).toEqual([
      [0, 0, 4],
      [1, 0, 6],
    ]);
  });

  it('does not split on separators inside ``` and ~~~ fences', () => {
    const text = ['# A', '', '```', '---', '```', '', '~~~', '----', '~~~', '', '---', '', '# B', ''].join(
      '\n',
    );
    const doc = parse(text);
    expect(positions(doc)).toEqual([
      [0, 0, 1],
      [1, 0, 13],
    ]);
    expect(doc.slides[0]?.markdown).toContain('```\n---\n```');
    expect(doc.slides[0]?.markdown).toContain('~~~\n----\n~~~');
    expect(doc.warnings).toEqual([]);
  });

  it('does not split inside a longer fence that contains a shorter one, nor inside an indented fence', () => {
    const longer = parse(['# A', '````md', '```', '---', '```', '````', '---', '# B'].join('\n'));
    expect(positions(longer)).toEqual([
      [0, 0, 1],
      [1, 0, 8],
    ]);
    const inList = parse(['# A', '- item', '', '  ```', '  ---', '  ```', '', '---', '# B'].join('\n'));
    expect(positions(inList)).toEqual([
      [0, 0, 1],
      [1, 0, 9],
    ]);
  });

  it('warns with file:line about an unclosed fence, and the separators after it still split', () => {
    const text = ['---', 'title: T', '---', '', '# A', '', '```js', 'open', '', '---', '', '# B', ''].join(
      '\n',
    );
    const doc = parse(text, 'slides/pitch.md');
    expect(doc.warnings.map(formatWarning)).toEqual([
      'slides/pitch.md:7: warning: this code fence is never closed; the separators after it still split slides',
    ]);
    expect(doc.warnings[0]?.code).toBe('unclosed-fence');
    expect(positions(doc)).toEqual([
      [0, 0, 5],
      [1, 0, 12],
    ]);
  });

  it('keeps notes in the slide they follow, with the line of the marker', () => {
    const doc = parse(['# A', 'Note: say A', '---', '# B', '', 'notes: say B', '---', '# C'].join('\n'));
    expect(doc.slides.map((s) => s.notes)).toEqual([
      { markdown: ' say A\n', line: 2 },
      { markdown: ' say B\n', line: 6 },
      undefined,
    ]);
    expect(doc.slides[0]?.markdown).toBe('# A\n');
  });

  it('uses notesSeparator from the front matter', () => {
    const doc = parse(
      ['---', 'notesSeparator: "^Speaker:"', '---', '# A', 'Note: stays', 'Speaker: goes', '---', '# B'].join(
        '\n',
      ),
    );
    expect(doc.slides[0]?.markdown).toBe('# A\nNote: stays\n');
    expect(doc.slides[0]?.notes).toEqual({ markdown: ' goes\n', line: 6 });
  });

  it('lets ParseOptions separators win over the front matter', () => {
    const text = ['---', 'separator: "^===$"', '---', '# A', '===', '# B', '<!--cut-->', '# C'].join('\n');
    expect(parse(text).slides).toHaveLength(2);
    const doc = parseDocument({ path: 'talk.md', text }, { separator: '^<!--cut-->$' });
    expect(positions(doc)).toEqual([
      [0, 0, 4],
      [1, 0, 8],
    ]);
  });
});

describe('parseDocument: line endings and encoding', () => {
  const lf = [
    '---',
    'title: T',
    'foo: 1',
    '---',
    '# A',
    '',
    '```',
    '---',
    '```',
    '',
    '---',
    '',
    '# B',
    'Note: n',
    '',
  ].join('\n');

  it('parses CRLF like LF: same slides, same lines, no carriage returns left', () => {
    const crlf = parse(lf.replace(/\n/g, '\r\n'));
    const reference = parse(lf);
    expect(crlf).toEqual(reference);
    expect(JSON.stringify(crlf)).not.toContain('\\r');
    expect(positions(crlf)).toEqual([
      [0, 0, 5],
      [1, 0, 13],
    ]);
    expect(crlf.frontMatterLines).toEqual({ title: 2, foo: 3 });
  });

  it('parses old Mac CR line endings like LF', () => {
    expect(parse(lf.replace(/\n/g, '\r'))).toEqual(parse(lf));
  });

  it('ignores a UTF-8 BOM, so the front matter is still recognised', () => {
    const withBom = parse(`\uFEFF${lf}`);
    expect(withBom).toEqual(parse(lf));
    expect(withBom.frontMatter).toEqual({ title: 'T', foo: 1 });
  });

  it('throws for an empty file, naming the file', () => {
    const error = deckErrorOf(() => parse('', 'slides/empty.md'));
    expect(error.format()).toBe(
      'slides/empty.md: the file is empty\n  Write at least one slide, e.g. "# Title".',
    );
    expect(error).toMatchObject({ code: 'empty-file', file: 'slides/empty.md', line: 0 });
  });

  it('treats a file of blank lines (and a lone BOM) as empty', () => {
    expect(deckErrorOf(() => parse(' \n\r\n\t\n')).code).toBe('empty-file');
    expect(deckErrorOf(() => parse('\uFEFF')).code).toBe('empty-file');
  });

  it('throws for a binary file (a NUL byte), naming the file', () => {
    const error = deckErrorOf(() => parse('PK\u0003\u0004\u0000\u0000rest', 'slides/deck.zip.md'));
    expect(error.format()).toBe(
      'slides/deck.zip.md: this is a binary file, not a Markdown deck\n  Pass a Markdown (.md) file.',
    );
    expect(error.code).toBe('binary-file');
  });
});

describe('parseDocument: front matter errors', () => {
  it('names the file line of a YAML error on the first line of the block', () => {
    const error = deckErrorOf(() => parse(['---', 'title: [unclosed', '---', '# A'].join('\n'), 'deck.md'));
    expect(error.code).toBe('front-matter-yaml');
    expect(error.file).toBe('deck.md');
    expect(error.line).toBe(2);
  });

  // Bug: yaml errors carry no linePos with prettyErrors: false, so every YAML error points at line 2.
  it('names the file line of a YAML error further down the block', () => {
    const text = ['---', 'title: T', 'author: A', 'foo: bar: baz', '---', '# A'].join('\n');
    const error = deckErrorOf(() => parse(text, 'deck.md'));
    expect(error.format()).toBe(
      'deck.md:4: malformed YAML in the front matter: Nested mappings are not allowed in compact mappings\n' +
        '  Fix the YAML syntax; quote values that contain ": " or start with a special character.',
    );
  });

  // Same bug: a duplicate key is reported on line 2, not on the line of the duplicate.
  it('names the line of a duplicate key', () => {
    const error = deckErrorOf(() => parse(['---', 'title: a', 'title: b', '---', '# A'].join('\n')));
    expect(error.message).toBe('malformed YAML in the front matter: Map keys must be unique');
    expect(error.line).toBe(3);
  });

  it('throws when the front matter is never closed', () => {
    const error = deckErrorOf(() => parse(['---', 'title: T', '# A'].join('\n'), 'deck.md'));
    expect(error.format()).toBe(
      'deck.md:1: the front matter opened on line 1 is never closed\n' +
        '  End it with a line "---", or remove the first line if it was meant as a slide separator.',
    );
  });

  it('throws when the front matter is not a mapping', () => {
    const error = deckErrorOf(() => parse(['---', '- a', '- b', '---', '# A'].join('\n'), 'deck.md'));
    expect(error).toMatchObject({ code: 'front-matter-type', line: 2 });
    expect(error.message).toBe('the front matter must be a mapping of keys to values');
  });

  it('throws for a separator that is not a regular expression, at the line of its key', () => {
    const error = deckErrorOf(() =>
      parse(['---', 'title: T', 'separator: "("', '---', '# A'].join('\n'), 'deck.md'),
    );
    expect(error.format()).toBe(
      'deck.md:3: separator /(/ is not a valid regular expression\n' +
        '  Separators are JavaScript regular expressions, e.g. "^---$"; escape ( [ * + ? with a backslash.',
    );
    expect(error.code).toBe('bad-separator');
  });

  it('checks notesSeparator and the command line separators the same way', () => {
    const notes = deckErrorOf(() =>
      parse(['---', 'notesSeparator: "["', '---', '# A'].join('\n'), 'deck.md'),
    );
    expect(notes.message).toBe('notesSeparator /[/ is not a valid regular expression');
    expect(notes.line).toBe(2);
    const flag = deckErrorOf(() =>
      parseDocument({ path: 'deck.md', text: '# A\n' }, { verticalSeparator: '(' }),
    );
    expect(flag.format()).toMatch(/^--vertical-separator \/\(\/ is not a valid regular expression\n/);
  });
});

// The long inputs that would hang a backtracking engine are in tests/integration/robustness.test.ts,
// where a time-out kills the process: a synchronous hang here would stall the whole run instead.
describe('parseDocument: separators are matched by RE2', () => {
  const aLine = 'aaaab';

  it('parses with separator ^(a+)+$ and a line of a ending in b', () => {
    const doc = parse(['---', 'separator: ^(a+)+$', '---', '# A', aLine, 'aaa', '# B'].join('\n'));
    expect(doc.dialect).toBe('reveal');
    expect(doc.slides.map((s) => s.markdown)).toEqual([`# A\n${aLine}\n`, '# B']);
  });

  it('parses with such a vertical separator, notes separator or --separator too', () => {
    const body = ['# A', aLine, 'Note: n'].join('\n');
    const vertical = parse(['---', 'verticalSeparator: ^(a+)+$', '---', body].join('\n'));
    expect(vertical.slides.map((s) => [s.markdown, s.notes?.markdown])).toEqual([[`# A\n${aLine}\n`, ' n']]);
    const notes = parse(['---', 'notesSeparator: ^(a+)+$', '---', body].join('\n'));
    expect(notes.slides.map((s) => [s.markdown, s.notes])).toEqual([[body, undefined]]);
    const flagged = parseDocument({ path: 'talk.md', text: body }, { separator: '^(a+)+$' });
    expect(flagged.slides.map((s) => s.markdown)).toEqual([`# A\n${aLine}\n`]);
  });

  it("splits on reveal-md's blank-line-framed separators", () => {
    const text = [
      '---',
      "separator: '^\\r?\\n---\\r?\\n$'",
      "verticalSeparator: '^\\r?\\n--\\r?\\n$'",
      '---',
      '# A',
      '',
      '---',
      '',
      '# B',
      '',
      '--',
      '',
      '# C',
      '---',
      'still C',
    ].join('\n');
    const doc = parse(text);
    expect(positions(doc)).toEqual([
      [0, 0, 5],
      [1, 0, 9],
      [1, 1, 13],
    ]);
    expect(doc.slides[2]?.markdown).toBe('# C\n---\nstill C');
  });

  it('mixes a custom horizontal separator with the default vertical one', () => {
    const doc = parseDocument(
      { path: 'talk.md', text: '# A\n<!--s-->\n# B\n----\n# C\n---\nC' },
      {
        separator: '<!--s-->',
      },
    );
    expect(positions(doc)).toEqual([
      [0, 0, 1],
      [1, 0, 3],
      [1, 1, 5],
    ]);
  });

  it('refuses a lookaround at the line of its key, saying what separators cannot use', () => {
    const error = deckErrorOf(() =>
      parse(['---', 'title: T', 'separator: ^---(?=\\n)', '---', '# A'].join('\n'), 'deck.md'),
    );
    expect(error.code).toBe('bad-separator');
    expect(error.format()).toBe(
      'deck.md:3: separator /^---(?=\\n)/ cannot be used: it has a lookahead\n' +
        '  Separators cannot use lookarounds or backreferences (they are matched in linear time); e.g. "^---$".',
    );
  });

  it('refuses a backreference in a notes separator or a flag, naming it', () => {
    const notes = deckErrorOf(() => parse(['---', "notesSeparator: '^(n)\\1:'", '---', '# A'].join('\n')));
    expect(notes).toMatchObject({ code: 'bad-separator', line: 2 });
    expect(notes.message).toBe('notesSeparator /^(n)\\1:/ cannot be used: it has a backreference');
    const flag = deckErrorOf(() =>
      parseDocument({ path: 'deck.md', text: '# A\n' }, { separator: '(?<=a)b' }),
    );
    expect(flag).toMatchObject({ code: 'bad-separator', file: '' });
    expect(flag.message).toBe('--separator /(?<=a)b/ cannot be used: it has a lookbehind');
  });
});

describe('parseDocument: dialect detection', () => {
  it('reads a document without separators as a heading-split document', () => {
    expect(parse('# A\n\n## B\n').dialect).toBe('headings');
  });

  it('reads explicit separators in the front matter as reveal-md even when none occurs', () => {
    expect(parse('---\nseparator: "^<!--s-->$"\n---\n# A\n').dialect).toBe('reveal');
  });

  it('honours an explicit dialect key and the marks of other tools', () => {
    expect(parse('---\ndialect: slidev\n---\n# A\n').dialect).toBe('slidev');
    expect(parse('---\nmarp: true\n---\n# A\n').dialect).toBe('marp');
    expect(parse('---\nformat: revealjs\n---\n# A\n\n---\n\n# B\n').dialect).toBe('headings');
    expect(parse('---\nhighlighter: shiki\n---\n# A\n').dialect).toBe('slidev');
  });

  it('reads front matter closed with "..." (Pandoc) as a heading-split document', () => {
    expect(parse('---\ntitle: T\n...\n# A\n\n---\n\n# B\n').dialect).toBe('headings');
  });

  it('keeps the front matter and the line of each key', () => {
    const doc = parse(['---', '', 'title: T', 'theme: white', '---', '# A', '---', '# B'].join('\n'));
    expect(doc.frontMatter).toEqual({ title: 'T', theme: 'white' });
    expect(doc.frontMatterLines).toEqual({ title: 3, theme: 4 });
    expect(doc.path).toBe('talk.md');
  });
});

describe('parseDocument, edge cases', () => {
  it('numbers slides without a gap when a rule comes right before a heading', () => {
    const text = '## A\n\ntext a\n\n***\n\n## B\n\ntext b\n\n## C\n\ntext c\n';
    const doc = parseDocument({ path: 'hr.md', text });
    expect(doc.slides.map((s) => [s.h, s.v])).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
    ]);
  });

  it('makes a deck that is only front matter its generated title slide alone', () => {
    const doc = parseDocument({ path: 'fm.md', text: '---\ntitle: Only front matter\n---\n' });
    expect(doc.slides).toHaveLength(1);
    expect(doc.slides[0]?.attributes.layout).toBe('title');
  });
});
