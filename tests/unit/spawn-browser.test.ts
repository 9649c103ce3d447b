import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumArgs, extraArgs, spawnBrowser } from '../../src/browser/spawn.ts';
import { EnvironmentError } from '../../src/errors.ts';

const work = mkdtempSync(join(tmpdir(), 'pitchdeck-spawn-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('spawnBrowser', () => {
  it('starts the browser with the arguments puppeteer.launch({ pipe: true }) would give it', () => {
    const expected = [
      ...puppeteer.defaultArgs({ headless: true, userDataDir: '/tmp/profile', args: extraArgs() }),
      '--remote-debugging-pipe',
    ];
    expect(chromiumArgs('/tmp/profile')).toEqual(expected);
  });

  it('says in one line that a program which is no browser failed to start, and leaves no profile behind', async () => {
    const fake = join(work, 'not-chrome');
    writeFileSync(fake, '#!/bin/sh\necho "not a browser: $1" >&2\nexit 3\n');
    chmodSync(fake, 0o755);
    const before = readdirSync(tmpdir()).filter((f) => f.startsWith('pitchdeck-chromium-'));
    const spawned = spawnBrowser(fake);
    const error = await spawned.browser().catch((e: unknown) => e);
    await spawned.close();
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as EnvironmentError).message).toBe(
      `the browser at ${fake} failed to start: not a browser: --allow-pre-commit-input`,
    );
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith('pitchdeck-chromium-'))).toEqual(before);
  });
});
