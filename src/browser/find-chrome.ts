import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';

/** A browser executable and how it was found, for `--debug` and messages. */
export interface FoundBrowser {
  path: string;
  source: string;
}

/** The usual install locations of Chrome, Chromium and Edge, per platform, in order of preference. */
export function standardPaths(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'darwin') {
    return [
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    ];
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter(
      (r): r is string => !!r,
    );
    return roots.flatMap((root) => [
      join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      join(root, 'Chromium', 'Application', 'chrome.exe'),
      join(root, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
    ]);
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/snap/bin/chromium',
    '/usr/bin/microsoft-edge',
    '/opt/google/chrome/chrome',
  ];
}

/**
 * Finds a browser without downloading anything: `PUPPETEER_EXECUTABLE_PATH`, then `CHROME_PATH`, then the
 * standard install paths. An environment variable that names a missing file is not silently skipped.
 */
export function findChrome(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  isExecutable: (path: string) => boolean = executable,
): FoundBrowser | { missing: string; source: string } | undefined {
  for (const name of ['PUPPETEER_EXECUTABLE_PATH', 'CHROME_PATH']) {
    const value = env[name];
    if (value) return isExecutable(value) ? { path: value, source: name } : { missing: value, source: name };
  }
  const path = standardPaths(platform, env).find(isExecutable);
  return path ? { path, source: 'standard path' } : undefined;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
