import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { obtainChrome } from '../src/browser/obtain-chrome.ts';
import { EnvironmentError } from '../src/errors.ts';

/**
 * Runs once before any test file:
 * - compiles src/ into lib/ and bundles the CLI: the integration tests run the real CLI from lib/, and
 *   files that compiled it themselves could rewrite lib/ under each other's feet;
 * - obtains the browser the way `pitchdeck pdf` does, once for the whole run, and hands its path to every
 *   test worker and every CLI the tests start through PUPPETEER_EXECUTABLE_PATH, so nothing later looks
 *   for (or installs) one. Without a browser the run fails here, with the hint; no test is skipped;
 * - points the picture cache (PITCHDECK_CACHE_DIR) at a folder of its own, removed at the end, so tests
 *   neither read nor fill the user's cache.
 */
export default async function setup(): Promise<() => void> {
  const repo = resolve(import.meta.dirname, '..');
  execFileSync(
    process.execPath,
    [resolve(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    { cwd: repo, stdio: 'inherit' },
  );
  // The CLI as bin/pitchdeck.js runs it: bundled (scripts/bundle.mjs).
  execFileSync(process.execPath, [resolve(repo, 'scripts', 'bundle.mjs')], { cwd: repo, stdio: 'inherit' });

  let browser: Awaited<ReturnType<typeof obtainChrome>>;
  try {
    browser = await obtainChrome({ log: (line) => console.log(line) });
  } catch (error) {
    if (!(error instanceof EnvironmentError)) throw error;
    const failure = new Error(
      `the browser tests need Chrome or Chromium: ${error.message}. ${error.hint ?? ''}`,
    );
    // The message is the whole story; a stack into this file would only hide it.
    failure.stack = failure.message;
    throw failure;
  }
  console.log(`browser tests use ${browser.path} (${browser.source})`);
  // Test workers start after this, with this process's environment.
  process.env.PUPPETEER_EXECUTABLE_PATH = browser.path;
  const cache = mkdtempSync(join(tmpdir(), 'pitchdeck-test-cache-'));
  process.env.PITCHDECK_CACHE_DIR = cache;
  return () => rmSync(cache, { recursive: true, force: true });
}
