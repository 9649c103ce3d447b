/**
 * On a terminal, `pdf`, `pptx` and `check` show a progress bar per slide on stderr; a pipe (CI logs)
 * gets none. The terminal is a pseudo-terminal from util-linux's `script`.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, runCli, workspaces } from '../helpers/cli.ts';

const spaces = workspaces('pitchdeck-progress');
afterAll(() => spaces.cleanup());

const DECK = '# One\n\n---\n\n## Two\n\nText.\n\n---\n\n## Three\n\nMore text.\n';

/** The command run on a terminal: everything it wrote there, escape sequences included. */
function onTerminal(cwd: string, args: string[]): { status: number | null; output: string } {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const run = spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 120_000,
  });
  return { status: run.status, output: run.stdout };
}

describe('progress bars', () => {
  for (const [stage, args] of [
    ['PDF', ['pdf', 'talk.md', '--no-check']],
    ['PPTX', ['pptx', 'talk.md']],
    ['check', ['check', 'talk.md']],
  ] as const) {
    it(`shows ${stage} slide by slide on a terminal, and nothing in a pipe`, () => {
      const dir = spaces.make({ 'talk.md': DECK });
      const tty = onTerminal(dir, [...args]);
      expect(tty.status, tty.output).toBe(0);
      expect(tty.output).toMatch(new RegExp(`${stage} \\S+ 0/3 slides`));
      expect(tty.output).toMatch(new RegExp(`${stage} \\S+ 3/3 slides`));
      const piped = runCli(dir, [...args]);
      expect(piped.status, piped.stderr).toBe(0);
      expect(piped.stderr).not.toContain('slides  ');
      expect(piped.stderr).not.toContain('/3 slides');
    });
  }
});
