import { describe, expect, it } from 'vitest';
import { parseYamlMapping, splitFrontMatter } from '../../src/parse/front-matter.ts';
import { deckErrorOf } from '../helpers/deck-error.ts';

describe('splitFrontMatter', () => {
  it('returns the whole text as the body when there is no front matter', () => {
    expect(splitFrontMatter('# A\n---\n# B\n', 'deck.md')).toEqual({
      data: {},
      lines: {},
      body: '# A\n---\n# B\n',
      bodyLine: 1,
      closer: undefined,
    });
  });

  it('splits the YAML off and says on which line the body starts', () => {
    const front = splitFrontMatter(
      ['---', 'title: T', 'width: 1024', '---', '# A', ''].join('\n'),
      'deck.md',
    );
    expect(front.data).toEqual({ title: 'T', width: 1024 });
    expect(front.lines).toEqual({ title: 2, width: 3 });
    expect(front.body).toBe('# A\n');
    expect(front.bodyLine).toBe(5);
    expect(front.closer).toBe('---');
  });

  it('allows a blank line after the opening fence and counts it', () => {
    const front = splitFrontMatter(['---', '', 'title: T', '---', '# A'].join('\n'), 'deck.md');
    expect(front.lines).toEqual({ title: 3 });
    expect(front.bodyLine).toBe(5);
    expect(front.body).toBe('# A');
  });

  it('accepts the Pandoc closer "..." and says so', () => {
    const front = splitFrontMatter(['---', 'title: T', '...', '# A'].join('\n'), 'deck.md');
    expect(front.closer).toBe('...');
    expect(front.body).toBe('# A');
  });

  it('accepts an empty front matter block', () => {
    const front = splitFrontMatter(['---', '---', '# A'].join('\n'), 'deck.md');
    expect(front.data).toEqual({});
    expect(front.body).toBe('# A');
    expect(front.bodyLine).toBe(3);
  });

  it('gives line numbers of keys that follow multi-line values', () => {
    const text = [
      '---',
      'title: T',
      'revealOptions:',
      '  controls: false',
      '  progress: true',
      'theme: white',
      '---',
      'x',
    ];
    const front = splitFrontMatter(text.join('\n'), 'deck.md');
    expect(front.lines).toEqual({ title: 2, revealOptions: 3, theme: 6 });
    expect(front.data.revealOptions).toEqual({ controls: false, progress: true });
  });

  it('does not take a "----" line for front matter', () => {
    expect(splitFrontMatter('----\n# A\n', 'deck.md').bodyLine).toBe(1);
  });

  it('throws when the block is never closed', () => {
    const error = deckErrorOf(() => splitFrontMatter('---\ntitle: T\n# A\n', 'slides/pitch.md'));
    expect(error).toMatchObject({ file: 'slides/pitch.md', line: 1, code: 'front-matter-yaml' });
  });
});

describe('parseYamlMapping', () => {
  it('offsets key lines by the line the block starts on', () => {
    expect(parseYamlMapping('a: 1\n\nb: 2\n', 'deck.md', 10)).toEqual({
      data: { a: 1, b: 2 },
      lines: { a: 10, b: 12 },
    });
  });

  it('reads an empty or comment-only block as no keys', () => {
    expect(parseYamlMapping('# just a comment\n', 'deck.md', 2)).toEqual({ data: {}, lines: {} });
  });

  it('throws a DeckError with the file and the hint for malformed YAML', () => {
    const error = deckErrorOf(() => parseYamlMapping('title: "unterminated\n', 'deck.md', 2));
    expect(error.code).toBe('front-matter-yaml');
    expect(error.file).toBe('deck.md');
    expect(error.message).toMatch(/^malformed YAML in the front matter: /);
    expect(error.hint).toBe(
      'Fix the YAML syntax; quote values that contain ": " or start with a special character.',
    );
    expect(error.cause).toBeInstanceOf(Error);
  });

  // Bug: the YAML error's own line is lost (yaml's linePos is only set with prettyErrors), so the error always
  // points at the block's first line: here 2 instead of 2 + 3 - 1 = 4.
  it('names the file line of the YAML error, not the first line of the block', () => {
    const error = deckErrorOf(() => parseYamlMapping('a: 1\nb: 2\nc: [1, 2\n', 'deck.md', 2));
    expect(error.line).toBe(4);
  });

  it('names the file line of an error in a block that starts further down the file', () => {
    const error = deckErrorOf(() => parseYamlMapping('a: 1\nfoo: bar: baz\n', 'deck.md', 20));
    expect(error.line).toBe(21);
  });

  it('throws for a sequence instead of a mapping', () => {
    const error = deckErrorOf(() => parseYamlMapping('- a\n- b\n', 'deck.md', 2));
    expect(error.format()).toBe(
      'deck.md:2: the front matter must be a mapping of keys to values\n' +
        '  Write it as "key: value" lines, e.g. "title: My talk".',
    );
  });

  it('resolves aliases', () => {
    const { data } = parseYamlMapping('base: &b {controls: false}\nrevealOptions: *b\n', 'deck.md', 2);
    expect(data.revealOptions).toEqual({ controls: false });
  });
});
