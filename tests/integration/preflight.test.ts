/**
 * Flags that name files, or go in pairs, are refused before anything starts: no browser is launched
 * and nothing is written for a run that is refused (a browser that records being started stands in
 * for Chromium).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, workspaces } from '../helpers/cli.ts';

const spaces = workspaces('pitchdeck-preflight');
afterAll(() => spaces.cleanup());

describe('flags refused before a browser starts', () => {
  const cases: [string, string[], string][] = [
    ['a --css file that is not there', ['--css', 'nope.css'], '--css nope.css: no such file'],
    ['a --templates folder that is not there', ['--templates', 'nodir'], 'nodir: no such templates folder'],
    ['--each without --name-by', ['--each', 'people.csv'], '--each needs --name-by COLUMN'],
    ['--name-by without --each', ['--name-by', 'name'], '--name-by names the folders of --each'],
  ];
  for (const [what, flags, message] of cases) {
    it(`refuses ${what}`, () => {
      const dir = spaces.make({ 'talk.md': '# Talk\n', 'people.csv': 'name\nAnn\n' });
      const marker = join(dir, 'browser-started');
      const browser = join(dir, 'fake-chrome.sh');
      writeFileSync(browser, `#!/bin/sh\ntouch '${marker}'\nsleep 5\n`);
      chmodSync(browser, 0o755);
      const run = runCli(dir, ['build', 'talk.md', '--pdf', ...flags], {
        env: { PUPPETEER_EXECUTABLE_PATH: browser },
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(message);
      expect(existsSync(marker)).toBe(false);
      expect(existsSync(join(dir, 'dist'))).toBe(false);
    });
  }

  // The browser is started early only for an audience the deck's front matter certainly declares; one
  // it does not is refused by the plan, before any browser starts.
  const deck = '---\naudiences:\n  founders: {}\n  engineers: {}\n---\n\n# Talk\n';
  const audienceCases: [string, string, string[]][] = [
    ['pdf, an audience the deck does not declare', 'talk.md', ['pdf', 'talk.md', '--audience', 'sales']],
    [
      'build --pdf, one of two audiences unknown',
      'talk.md',
      ['build', 'talk.md', '--pdf', '--audience', 'founders', '--audience', 'sales'],
    ],
    [
      'a folder of decks, an unknown audience',
      'slides/talk.md',
      ['build', 'slides', '--pdf', '--audience', 'sales'],
    ],
  ];
  for (const [what, path, args] of audienceCases) {
    it(`refuses ${what} without starting a browser`, () => {
      const dir = spaces.make({ [path]: deck });
      const marker = join(dir, 'browser-started');
      const browser = join(dir, 'fake-chrome.sh');
      writeFileSync(browser, `#!/bin/sh\ntouch '${marker}'\nsleep 5\n`);
      chmodSync(browser, 0o755);
      const run = runCli(dir, args, { env: { PUPPETEER_EXECUTABLE_PATH: browser } });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('--audience sales: unknown audience (known: founders, engineers)');
      expect(existsSync(marker)).toBe(false);
      expect(existsSync(join(dir, 'dist'))).toBe(false);
    });
  }

  it('reads no pipe while deciding: a named pipe for a deck is refused at once, browser unstarted', () => {
    const dir = spaces.make({});
    execFileSync('mkfifo', [join(dir, 'talk.md')]);
    const marker = join(dir, 'browser-started');
    const browser = join(dir, 'fake-chrome.sh');
    writeFileSync(browser, `#!/bin/sh\ntouch '${marker}'\nsleep 5\n`);
    chmodSync(browser, 0o755);
    for (const flags of [
      ['--audience', 'founders'],
      ['-o', 'talk.pdf'],
    ]) {
      const run = runCli(dir, ['pdf', 'talk.md', ...flags], {
        env: { PUPPETEER_EXECUTABLE_PATH: browser },
        timeout: 30_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('talk.md');
      expect(existsSync(marker)).toBe(false);
    }
  });

  it('still starts the browser at once for an audience the front matter declares', () => {
    const dir = spaces.make({ 'talk.md': deck });
    const marker = join(dir, 'browser-started');
    const browser = join(dir, 'fake-chrome.sh');
    // A browser that records being started and exits at once: the run fails, as it must without one.
    writeFileSync(browser, `#!/bin/sh\ntouch '${marker}'\nexit 1\n`);
    chmodSync(browser, 0o755);
    const run = runCli(dir, ['pdf', 'talk.md', '--audience', 'founders', '--no-check'], {
      env: { PUPPETEER_EXECUTABLE_PATH: browser },
    });
    expect(run.status).toBe(2);
    expect(existsSync(marker)).toBe(true);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });
});
