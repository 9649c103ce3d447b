import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, workspaces } from '../helpers/cli.ts';

// Inputs that once hung or crashed a build. A hang is synchronous, which vitest's own time-out cannot
// interrupt, so each run is killed after KILL_AFTER ms: a regression fails (ETIMEDOUT) instead of
// stalling the whole test run. The time is no performance goal; these builds take well under a second.
const KILL_AFTER = 30_000;

const spaces = workspaces('pitchdeck-robustness');
const cli = (cwd: string, ...args: string[]) => runCli(cwd, args, { timeout: KILL_AFTER });
const workspace = spaces.make;
const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');
const slideCount = (html: string) => [...html.matchAll(/<section class="pd-layout-/g)].length;

// bin/pitchdeck.js runs the compiled lib/, which tests/global-setup.ts compiles once from src/.

afterEach(() => spaces.cleanup());

describe('separators from the user cannot hang a build', () => {
  // `^(a+)+$` against a long run of a's that ends in b backtracks exponentially in JavaScript's engine.
  const longLine = `${'a'.repeat(50_000)}b`;

  it('builds a deck whose front matter separator is ^(a+)+$, with a long line of a ending in b', () => {
    const deck = ['---', 'separator: ^(a+)+$', '---', '', '# One', '', longLine, 'aaa', '# Two', ''].join(
      '\n',
    );
    const dir = workspace({ 'talk.md': deck });
    const run = cli(dir, 'build', 'talk.md');
    expect(run.status).toBe(0);
    expect(slideCount(read(dir, 'dist/talk/index.html'))).toBe(2);
  });

  it('builds with --separator, verticalSeparator and notesSeparator of that kind too', () => {
    const deck = [
      '---',
      'verticalSeparator: ^(a+)+$',
      'notesSeparator: ^(a+)+$',
      '---',
      '# One',
      longLine,
    ].join('\n');
    const dir = workspace({ 'talk.md': deck });
    const run = cli(dir, 'build', 'talk.md', '--separator', '^(a+)+$');
    expect(run.status).toBe(0);
    expect(slideCount(read(dir, 'dist/talk/index.html'))).toBe(1);
  });

  it('checks the link targets of a deck with vars in linear time, however long a run of spaces', () => {
    const deck = [
      '---',
      'vars: { site: https://example.com }',
      '---',
      '# One',
      '',
      `[home]:${' '.repeat(200_000)}`,
      '',
      '[{{site}}](<{{site}}>)',
      '',
    ].join('\n');
    const dir = workspace({ 'talk.md': deck });
    const run = cli(dir, 'build', 'talk.md', '--no-check');
    expect(run.status).toBe(0);
    expect(read(dir, 'dist/talk/index.html')).toContain('href="https://example.com"');
  });

  it('finds the default notes marker after a million blank lines', () => {
    const dir = workspace({ 'talk.md': `# One\n${'\n'.repeat(1_000_000)}text\n\nNote: said\n` });
    const run = cli(dir, 'build', 'talk.md');
    expect(run.status).toBe(0);
    expect(read(dir, 'dist/talk/index.html')).toContain('<aside class="notes"><p> said</p>');
  });

  it('refuses a lookahead separator, naming the key and its line, and writes nothing', () => {
    const dir = workspace({
      'talk.md': ['---', 'title: T', 'separator: ^---(?=\\n)', '---', '# One'].join('\n'),
    });
    expect(cli(dir, 'build', 'talk.md')).toEqual({
      status: 1,
      stdout: '',
      stderr:
        'error: talk.md:3: separator /^---(?=\\n)/ cannot be used: it has a lookahead\n' +
        '  Separators cannot use lookarounds or backreferences (they are matched in linear time); e.g. "^---$".\n',
    });
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });

  it('refuses a backreference in --separator, naming the flag', () => {
    const dir = workspace({ 'talk.md': '# One\n' });
    const run = cli(dir, 'build', 'talk.md', '--separator', '^(-)\\1\\1$');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^error: --separator \/\^\(-\)\\1\\1\$\/ cannot be used: it has a backreference\n/,
    );
  });
});

describe('nesting too deep is a deck error, not a crash', () => {
  it('exits 1 naming the line of a blockquote 10,000 deep, without a stack trace', () => {
    const dir = workspace({
      'talk.md': ['# One', '', '---', '', '## Two', '', `${'> '.repeat(10_000)}x`].join('\n'),
    });
    expect(cli(dir, 'build', 'talk.md')).toEqual({
      status: 1,
      stdout: '',
      stderr:
        'error: talk.md:7: blockquotes and lists nested 10000 levels deep\n' +
        '  Nesting deeper than 100 levels is refused; flatten it.\n',
    });
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });

  it('exits 1 for a list 10,000 deep and for HTML elements 10,000 deep', () => {
    const list = workspace({ 'talk.md': `# One\n\n${'- '.repeat(10_000)}x\n` });
    const listRun = cli(list, 'build', 'talk.md');
    expect(listRun.status).toBe(1);
    expect(listRun.stderr).toMatch(/^error: talk\.md:3: blockquotes and lists nested 10000 levels deep\n/);
    const html = workspace({
      'talk.md': `# One\n\nSome text.\n\n${'<div>'.repeat(10_000)}x${'</div>'.repeat(10_000)}\n`,
    });
    const htmlRun = cli(html, 'build', 'talk.md');
    expect(htmlRun.status).toBe(1);
    expect(htmlRun.stderr).toMatch(/^error: talk\.md:5: HTML elements nested 10000 deep in this slide\n/);
  });
});
