import { describe, expect, it } from 'vitest';
import { fenceLanguages } from '../../src/deck/highlight.ts';

describe('fenceLanguages', () => {
  it('reads the language of backtick and tilde fences, indented or with attributes', () => {
    expect(fenceLanguages('```js [1-2]\nx\n```\n  ~~~ {.python}\ny\n~~~\n````c++\n````')).toEqual([
      'js',
      'python',
      'c++',
    ]);
  });

  it('does not take the first word of the code for the language of a bare fence', () => {
    expect(fenceLanguages('```\nrust\n```\n~~~\n\nhaskell\n~~~')).toEqual([]);
  });
});
