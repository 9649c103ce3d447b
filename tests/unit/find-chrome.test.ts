import { describe, expect, it } from 'vitest';
import { findChrome, standardPaths } from '../../src/browser/find-chrome.ts';
import { obtainChrome } from '../../src/browser/obtain-chrome.ts';
import { EnvironmentError } from '../../src/errors.ts';

const only =
  (...paths: string[]) =>
  (path: string) =>
    paths.includes(path);

describe('findChrome', () => {
  it('takes PUPPETEER_EXECUTABLE_PATH first, then CHROME_PATH', () => {
    const env = { PUPPETEER_EXECUTABLE_PATH: '/opt/a/chrome', CHROME_PATH: '/opt/b/chrome' };
    expect(findChrome(env, 'linux', only('/opt/a/chrome', '/opt/b/chrome', '/usr/bin/chromium'))).toEqual({
      path: '/opt/a/chrome',
      source: 'PUPPETEER_EXECUTABLE_PATH',
    });
    expect(
      findChrome({ CHROME_PATH: '/opt/b/chrome' }, 'linux', only('/opt/b/chrome', '/usr/bin/chromium')),
    ).toEqual({
      path: '/opt/b/chrome',
      source: 'CHROME_PATH',
    });
  });

  it('reports an environment variable that names a missing file instead of looking elsewhere', () => {
    expect(findChrome({ CHROME_PATH: '/nope/chrome' }, 'linux', only('/usr/bin/chromium'))).toEqual({
      missing: '/nope/chrome',
      source: 'CHROME_PATH',
    });
  });

  it('falls back to the standard paths in order', () => {
    expect(findChrome({}, 'linux', only('/usr/bin/google-chrome', '/snap/bin/chromium'))).toEqual({
      path: '/usr/bin/google-chrome',
      source: 'standard path',
    });
    const mac = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    expect(findChrome({}, 'darwin', only(mac))?.valueOf()).toEqual({ path: mac, source: 'standard path' });
  });

  it('finds nothing when nothing is installed', () => {
    expect(findChrome({}, 'linux', () => false)).toBeUndefined();
  });

  it('looks under Program Files on Windows', () => {
    const paths = standardPaths('win32', { PROGRAMFILES: 'C:\\Program Files' });
    expect(paths[0]).toMatch(/^C:\\Program Files.Google.Chrome.Application.chrome\.exe$/);
  });
});

describe('obtainChrome', () => {
  // On this machine no macOS browser path exists: nothing is found, so what happens next is up to the options.
  const nowhere = { platform: 'darwin' as const };

  it('downloads or installs nothing with PITCHDECK_NO_INSTALL=1, and says so in one line', async () => {
    const log: string[] = [];
    const error = await obtainChrome({
      ...nowhere,
      env: { PITCHDECK_NO_INSTALL: '1' },
      log: (l) => log.push(l),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as EnvironmentError).format()).toBe(
      'no Chrome or Chromium found, and PITCHDECK_NO_INSTALL=1 says not to download or install one\n' +
        '  Install Chrome or Chromium (Debian/Ubuntu: sudo apt-get install -y chromium), or name one with --browser-path or PUPPETEER_EXECUTABLE_PATH.',
    );
    expect(log).toEqual([]);
  });

  it('takes the browser named by --browser-path before any other', async () => {
    const found = await obtainChrome({ browserPath: process.execPath, env: { CHROME_PATH: '/nope' } });
    expect(found).toEqual({ path: process.execPath, source: '--browser-path' });
  });
});
