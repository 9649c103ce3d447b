/**
 * pitchdeck as users get it: the packed tarball installed globally into a temporary prefix, with no
 * browser download anywhere in the install, then run from an empty folder.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.ts';

let work: string;
let bin: string;
let install: { status: number | null; output: string };

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'pitchdeck-package-'));
  // lib/ is already built by the global setup; packing must not rebuild it under the other tests.
  const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (pack.status !== 0) throw new Error(`npm pack failed:\n${pack.stderr}`);
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack wrote no tarball');
  const prefix = join(work, 'prefix');
  const run = spawnSync(
    'npm',
    ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', join(work, tarball)],
    {
      cwd: work,
      encoding: 'utf8',
      // Puppeteer's download host, blocked: an install that tried to fetch a browser would fail here.
      env: { ...process.env, PUPPETEER_DOWNLOAD_BASE_URL: 'http://127.0.0.1:9/blocked' },
      timeout: 180_000,
    },
  );
  install = { status: run.status, output: `${run.stdout}${run.stderr}` };
  bin = join(prefix, 'bin', 'pitchdeck');
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the installed package', () => {
  it('installs without downloading a browser', () => {
    expect(install.status, install.output).toBe(0);
    expect(install.output).not.toMatch(/chrome|chromium/i);
    expect(existsSync(bin)).toBe(true);
  });

  it('builds and prints a deck from an empty folder', () => {
    const dir = join(work, 'empty');
    mkdirSync(dir);
    writeFileSync(join(dir, 'talk.md'), '# Talk\n\n---\n\n## Two\n');
    const built = spawnSync(bin, ['pdf', 'talk.md'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect(built.status, built.stderr).toBe(0);
    expect(built.stdout).toContain('wrote dist/talk/talk.pdf (2 pages');
    expect(existsSync(join(dir, 'dist', 'talk', 'index.html'))).toBe(true);
  });

  it('starts a project with init from the files the package carries, and builds it', () => {
    const dir = join(work, 'started');
    mkdirSync(dir);
    const init = spawnSync(bin, ['init', 'talk'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(init.status, init.stderr).toBe(0);
    expect(existsSync(join(dir, 'talk', 'slides', 'pitch.md'))).toBe(true);
    expect(existsSync(join(dir, 'talk', 'pitchdeck.config.yaml'))).toBe(true);
    const built = spawnSync(bin, ['build', '--no-check', '-q'], {
      cwd: join(dir, 'talk'),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(built.status, built.stderr).toBe(0);
    expect(existsSync(join(dir, 'talk', 'dist', 'pitch', 'investors', 'index.html'))).toBe(true);
  });

  it('takes --browser-path, and says in one line when it names no browser', () => {
    const dir = join(work, 'nobrowser');
    mkdirSync(dir);
    writeFileSync(join(dir, 'talk.md'), '# Talk\n');
    const run = spawnSync(bin, ['pdf', 'talk.md', '--browser-path', join(dir, 'no-chrome')], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `error: --browser-path names "${join(dir, 'no-chrome')}", which is not an executable\n  Point it at a Chrome or Chromium executable, or leave it out to let pitchdeck look for one.\n`,
    );
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });
});
