import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { EnvironmentError } from '../errors.ts';
import { type FoundBrowser, findChrome } from './find-chrome.ts';

export const INSTALL_HINT =
  'Install Chrome or Chromium (Debian/Ubuntu: sudo apt-get install -y chromium), or set PUPPETEER_EXECUTABLE_PATH to its executable.';

export interface ObtainOptions {
  /** Progress lines for a person ("downloading Chromium..."). */
  log?: ((line: string) => void) | undefined;
  /** Download or install a browser when none is found (default); off for work that can do without. */
  install?: boolean | undefined;
}

/**
 * A browser to drive: one already on the machine, else Puppeteer's own download where the network
 * allows it, else Debian's chromium package when running as root on Debian/Ubuntu.
 *
 * @throws EnvironmentError with a one-line install hint when none can be had.
 */
export async function obtainChrome(options: ObtainOptions = {}): Promise<FoundBrowser> {
  const found = findChrome();
  if (found && 'path' in found) return found;
  if (found) {
    throw new EnvironmentError(`${found.source} names "${found.missing}", which is not an executable`, {
      hint: 'Point it at a Chrome or Chromium executable, or unset it to let pitchdeck look for one.',
    });
  }
  if (options.install === false)
    throw new EnvironmentError('no Chrome or Chromium found', { hint: INSTALL_HINT });
  const log = options.log ?? (() => {});
  const downloaded = await downloadWithPuppeteer(log);
  if (downloaded) return downloaded;
  if (process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    log('no browser found: installing Debian chromium (apt-get install -y chromium)');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
    const install =
      update.status === 0 &&
      spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'ignore', env });
    const after = findChrome();
    if (install && install.status === 0 && after && 'path' in after) return after;
  }
  throw new EnvironmentError('no Chrome or Chromium found', { hint: INSTALL_HINT });
}

/** Puppeteer's pinned Chrome build, downloaded into its cache; undefined when the download fails. */
async function downloadWithPuppeteer(log: (line: string) => void): Promise<FoundBrowser | undefined> {
  try {
    const [{ Browser, computeExecutablePath, detectBrowserPlatform, install }, { PUPPETEER_REVISIONS }] =
      await Promise.all([import('@puppeteer/browsers'), import('puppeteer-core/internal/revisions.js')]);
    const platform = detectBrowserPlatform();
    if (!platform) return undefined;
    // Puppeteer's own cache folder, so a browser downloaded once is found by every later run.
    const cacheDir = process.env.PUPPETEER_CACHE_DIR ?? join(homedir(), '.cache', 'puppeteer');
    const buildId = PUPPETEER_REVISIONS.chrome;
    const path = computeExecutablePath({ browser: Browser.CHROME, buildId, cacheDir, platform });
    if (existsSync(path)) return { path, source: 'puppeteer cache' };
    log(`no browser found: downloading Chrome ${buildId} with Puppeteer`);
    await install({ browser: Browser.CHROME, buildId, cacheDir, platform });
    return existsSync(path) ? { path, source: 'puppeteer download' } : undefined;
  } catch {
    return undefined;
  }
}
