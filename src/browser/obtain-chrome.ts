import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { EnvironmentError } from '../errors.ts';
import { type FoundBrowser, findChrome } from './find-chrome.ts';

export const INSTALL_HINT =
  'Install Chrome or Chromium (Debian/Ubuntu: sudo apt-get install -y chromium), or name one with --browser-path or PUPPETEER_EXECUTABLE_PATH.';

/** Set to 1 to never download or install a browser: a missing one is then a one-line error. */
export const NO_INSTALL_VARIABLE = 'PITCHDECK_NO_INSTALL';

export interface ObtainOptions {
  /** Progress lines for a person ("downloading Chrome ... into ..."). */
  log?: ((line: string) => void) | undefined;
  /** Download or install a browser when none is found (default); off for work that can do without. */
  install?: boolean | undefined;
  /** A browser the user named (`--browser-path`, the config's `browserPath`): used as it is. */
  browserPath?: string | undefined;
  /** Where `browserPath` was given, as messages name it: `--browser-path` (default) or a config line. */
  browserPathFrom?: string | undefined;
  env?: NodeJS.ProcessEnv | undefined;
  platform?: NodeJS.Platform | undefined;
}

/**
 * A browser to drive: the one the user named, else one already on the machine, else Puppeteer's own
 * Chrome download where the network allows it, else (as root on Debian/Ubuntu) Debian's chromium
 * package. Downloading and installing say what they do and where, show the installer's output when it
 * fails, and are off with `PITCHDECK_NO_INSTALL=1`.
 *
 * @throws EnvironmentError with a one-line install hint when none can be had.
 */
export async function obtainChrome(options: ObtainOptions = {}): Promise<FoundBrowser> {
  const env = options.env ?? process.env;
  if (options.browserPath !== undefined) {
    const from = options.browserPathFrom ?? '--browser-path';
    if (isExecutable(options.browserPath)) return { path: options.browserPath, source: from };
    throw new EnvironmentError(`${from} names "${options.browserPath}", which is not an executable`, {
      hint: `Point it at a Chrome or Chromium executable, or ${from === '--browser-path' ? 'leave it out' : 'remove it from that file'} to let pitchdeck look for one.`,
    });
  }
  const found = findChrome(env, options.platform);
  if (found && 'path' in found) return found;
  if (found) {
    throw new EnvironmentError(`${found.source} names "${found.missing}", which is not an executable`, {
      hint: 'Point it at a Chrome or Chromium executable, or unset it to let pitchdeck look for one.',
    });
  }
  if (options.install === false)
    throw new EnvironmentError('no Chrome or Chromium found', { hint: INSTALL_HINT });
  if (env[NO_INSTALL_VARIABLE] === '1') {
    throw new EnvironmentError(
      `no Chrome or Chromium found, and ${NO_INSTALL_VARIABLE}=1 says not to download or install one`,
      { hint: INSTALL_HINT },
    );
  }
  const log = options.log ?? (() => {});
  const stop = `(set ${NO_INSTALL_VARIABLE}=1 to never do this)`;
  const downloaded = await downloadWithPuppeteer(env, log, stop);
  if (downloaded) return downloaded;
  if (
    (options.platform ?? process.platform) === 'linux' &&
    process.getuid?.() === 0 &&
    existsSync('/usr/bin/apt-get')
  ) {
    log(`no browser found: installing Debian's chromium package with apt-get, as root ${stop}`);
    const installEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
    for (const args of [
      ['update', '-qq'],
      ['install', '-y', '-qq', 'chromium'],
    ]) {
      const run = spawnSync('apt-get', args, { encoding: 'utf8', env: installEnv });
      if (run.status !== 0) {
        const output = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim().split('\n').slice(-8).join('\n  ');
        log(`apt-get ${args.join(' ')} failed (exit code ${run.status}):\n  ${output || run.error?.message}`);
        break;
      }
    }
    const after = findChrome(env, options.platform);
    if (after && 'path' in after) {
      log(`installed ${after.path}`);
      return after;
    }
  }
  throw new EnvironmentError('no Chrome or Chromium found', { hint: INSTALL_HINT });
}

/** Puppeteer's pinned Chrome build, downloaded into its cache; undefined when the download fails. */
async function downloadWithPuppeteer(
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
  stop: string,
): Promise<FoundBrowser | undefined> {
  try {
    const [{ Browser, computeExecutablePath, detectBrowserPlatform, install }, { PUPPETEER_REVISIONS }] =
      await Promise.all([import('@puppeteer/browsers'), import('puppeteer-core/internal/revisions.js')]);
    const platform = detectBrowserPlatform();
    if (!platform) return undefined;
    // Puppeteer's own cache folder, so a browser downloaded once is found by every later run.
    const cacheDir = env.PUPPETEER_CACHE_DIR ?? join(homedir(), '.cache', 'puppeteer');
    const buildId = PUPPETEER_REVISIONS.chrome;
    const path = computeExecutablePath({ browser: Browser.CHROME, buildId, cacheDir, platform });
    if (existsSync(path)) return { path, source: 'puppeteer cache' };
    log(`no browser found: downloading Chrome ${buildId} into ${cacheDir} ${stop}`);
    try {
      await install({ browser: Browser.CHROME, buildId, cacheDir, platform });
    } catch (error) {
      log(`the download failed: ${(error as Error).message.split('\n')[0]}`);
      return undefined;
    }
    return existsSync(path) ? { path, source: 'puppeteer download' } : undefined;
  } catch {
    return undefined;
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
