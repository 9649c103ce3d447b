import { describe, expect, it } from 'vitest';
import { BUILT_IN_PATTERNS, compilePattern, PatternSyntaxError } from '../../src/parse/patterns.ts';

/** Every match from the start, the way a separator loop walks a text. */
function allMatches(source: string, text: string, ignoreCase = false): [number, string][] {
  const pattern = compilePattern(source, { ignoreCase });
  const out: [number, string][] = [];
  for (
    let at = 0, m = pattern.exec(text, at);
    m;
    m = at <= text.length ? pattern.exec(text, at) : undefined
  ) {
    out.push([m.index, m.text]);
    at = m.index + Math.max(1, m.text.length);
  }
  return out;
}

function syntaxErrorOf(source: string): PatternSyntaxError {
  try {
    compilePattern(source);
  } catch (error) {
    if (error instanceof PatternSyntaxError) return error;
    throw error;
  }
  throw new Error(`/${source}/ compiled`);
}

// Inputs that would hang a backtracking engine are in tests/integration/robustness.test.ts, where a
// time-out kills the process; here, refusing lookarounds shows that RE2 matches user patterns.
describe('compilePattern: user patterns', () => {
  it('matches ^(a+)+$ line by line', () => {
    const text = 'intro\naaaab\nrest\naaa\n';
    expect(allMatches('^(a+)+$', text)).toEqual([[text.indexOf('aaa\n'), 'aaa']]);
  });

  it('matches ^ and $ at every line and starts at the given offset, seeing the text before it', () => {
    const pattern = compilePattern('^---$');
    expect(pattern.exec('a---\n---', 1)).toEqual({ index: 5, text: '---' });
    expect(pattern.exec('a---\n---', 6)).toBeUndefined();
  });

  it('gives offsets in UTF-16 code units, as JavaScript strings count them', () => {
    const text = '😀 é\n<!--s-->\n中文\n<!--s-->';
    expect(allMatches('<!--s-->', text)).toEqual([...text.matchAll(/<!--s-->/g)].map((m) => [m.index, m[0]]));
  });

  it("reads JavaScript's syntax: \\u escapes, \\/ and named groups", () => {
    expect(compilePattern('^\\u00a7\\/(?<n>x)$').exec('a\n§/x')).toEqual({ index: 2, text: '§/x' });
  });

  it('is case-insensitive when asked, as notes patterns are', () => {
    expect(compilePattern('^speaker:', { ignoreCase: true }).exec('x\nSPEAKER: y')?.index).toBe(2);
    expect(compilePattern('^speaker:').exec('x\nSPEAKER: y')).toBeUndefined();
  });

  it('refuses what is not a JavaScript regular expression as invalid', () => {
    expect(syntaxErrorOf('(').kind).toBe('invalid');
    expect(syntaxErrorOf('[').kind).toBe('invalid');
  });

  it('refuses lookarounds and backreferences as unsupported, saying which', () => {
    for (const source of ['^---(?=\\n)', '(?!a)b', '(?<=x)---', '(?<!x)---', '^(-)\\1\\1$']) {
      expect(syntaxErrorOf(source).kind, source).toBe('unsupported');
    }
    expect(syntaxErrorOf('^---(?=\\n)').message).toBe('it has a lookahead');
    expect(syntaxErrorOf('(?<!x)---').message).toBe('it has a lookbehind');
    expect(syntaxErrorOf('^(-)\\1\\1$').message).toBe('it has a backreference');
    expect(syntaxErrorOf('a{1001}').message).toBe('invalid repeat count: `{1001}`');
  });
});

describe('compilePattern: the built-in patterns', () => {
  // The built-in notes pattern is matched without JavaScript's backtracking; it must find exactly what
  // JavaScript's own /^\s*notes?:/mi finds.
  const samples = [
    'x\n\n\nNote: n',
    'x\n  \t\n \nnotes: n',
    'Note: at the start',
    '\n\nNOTE: after blank lines at the start',
    'x\nA note: mid-line\nFootnote: no\n Notes x\nnotebook: no',
    'x\n\u00a0\u2003Note: unicode spaces',
    'x\u2028Note: after a line separator',
    'x\n \u2029 \nnote: paragraph separator in the blank run',
    'x\n\n\u000b\nNotes: vertical tab',
    'x\nnote:\nNote: first wins',
    '\n\n\n',
    '',
  ];

  it.each(samples.map((s) => [JSON.stringify(s), s]))('matches %s as JavaScript does', (_, text) => {
    const native = new RegExp(BUILT_IN_PATTERNS.notesSeparator, 'mi').exec(text);
    const ours = compilePattern(BUILT_IN_PATTERNS.notesSeparator, { ignoreCase: true }).exec(text);
    expect(ours).toEqual(native ? { index: native.index, text: native[0] } : undefined);
  });

  it('finds a notes marker after many blank lines', () => {
    const text = `# A\n${'\n'.repeat(10_000)}x\n\nNote: said`;
    const m = compilePattern(BUILT_IN_PATTERNS.notesSeparator, { ignoreCase: true }).exec(text);
    expect(m?.index).toBe(text.length - 'Note: said'.length - 1);
  });

  it('matches the default separators as JavaScript does', () => {
    const text = 'a\n---\n----  \n--- x\n-----\n---\t';
    for (const source of [BUILT_IN_PATTERNS.separator, BUILT_IN_PATTERNS.verticalSeparator]) {
      expect(allMatches(source, text)).toEqual(
        [...text.matchAll(new RegExp(source, 'gm'))].map((m) => [m.index, m[0]]),
      );
    }
  });
});
