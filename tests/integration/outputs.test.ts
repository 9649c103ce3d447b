/**
 * What a run leaves in the output folder, through the real CLI: the index of everything there, names
 * the output folder keeps for itself, files reached through symlinks, flags refused before any work,
 * and a disk that is full or read-only.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, filesBelow, runCli, workspaces } from '../helpers/cli.ts';

const spaces = workspaces('pitchdeck-outputs');
afterEach(() => spaces.cleanup());

const TWO_CUTS = ['---', 'audiences:', '  founders: {}', '  cto: {}', '---', '# Pitch', ''].join('\n');

describe('the output folder', () => {
  it("lists in its index every deck it holds, not only the last run's", () => {
    const dir = spaces.make({ 'a.md': '# Deck A\n', 'b.md': '# Deck B\n' });
    expect(runCli(dir, ['build', 'a.md', '--no-check', '-q']).status).toBe(0);
    expect(runCli(dir, ['build', 'b.md', '--no-check', '-q']).status).toBe(0);
    const index = readFileSync(join(dir, 'dist', 'index.html'), 'utf8');
    expect(index).toContain('href="a/index.html"');
    expect(index).toContain('href="b/index.html"');
    expect(index).toContain('2 pages of 2 decks');
    // Without the list it keeps (an output folder built before it, or the list deleted), the pages
    // themselves say what is there.
    rmSync(join(dir, 'dist', '.pitchdeck-index.json'));
    expect(runCli(dir, ['build', 'b.md', '--no-check', '-q']).status).toBe(0);
    const rebuilt = readFileSync(join(dir, 'dist', 'index.html'), 'utf8');
    expect(rebuilt).toContain('href="a/index.html"');
    expect(rebuilt).toContain('<td>Deck A</td>');
    // A deck folder removed by hand is gone from the next index.
    rmSync(join(dir, 'dist', 'a'), { recursive: true });
    expect(runCli(dir, ['build', 'b.md', '--no-check', '-q']).status).toBe(0);
    const after = readFileSync(join(dir, 'dist', 'index.html'), 'utf8');
    expect(after).not.toContain('href="a/index.html"');
    expect(after).toContain('1 page of 1 deck');
  });

  it('refuses a deck named like the shared assets folder, writing nothing', () => {
    const dir = spaces.make({ '_assets.md': '# Mine\n' });
    expect(runCli(dir, ['build', '_assets.md', '--no-check'])).toEqual({
      status: 1,
      stdout: '',
      stderr:
        'error: _assets.md: a deck cannot be named "_assets": the output folder uses that name itself\n  Rename the deck file.\n',
    });
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });

  it('puts nothing a symlink leads to outside the deck folder into any output, the single file included', () => {
    const SECRET = 'TOP-SECRET-c0ffee';
    const dir = spaces.make({
      'secret/key.png': SECRET,
      'secret/key.css': `/* ${SECRET} */`,
      'talk/deck.md': [
        '---',
        'css: [leak.css, linked/key.css]',
        '---',
        '# Deck',
        '',
        '![a](pic.png) ![b](linked/key.png)',
        '',
        '<!-- .slide: data-background-image="pic.png" -->',
        '',
      ].join('\n'),
      'talk/leak.css':
        '.reveal h1 { background: url(linked/key.png); } .reveal h2 { background: url(pic.png); }\n',
    });
    symlinkSync(join(dir, 'secret', 'key.png'), join(dir, 'talk', 'pic.png'));
    symlinkSync(join(dir, 'secret'), join(dir, 'talk', 'linked'));
    const run = runCli(dir, ['build', 'talk/deck.md', '--single-file', '--no-check']);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('"pic.png" is outside the deck\'s folder and is not copied');
    expect(run.stderr).toContain('"linked/key.png" is outside the deck\'s folder and is not copied');
    const written = filesBelow(join(dir, 'dist'));
    expect(written).toContain('deck/deck.html');
    for (const file of written) {
      expect(readFileSync(join(dir, 'dist', file)).toString('latin1'), file).not.toContain(SECRET);
      // Not even base64-encoded in the single file.
      expect(readFileSync(join(dir, 'dist', file), 'utf8'), file).not.toContain(
        Buffer.from(SECRET).toString('base64').slice(0, 16),
      );
    }
  });

  it('refuses bad flags before writing anything or starting a browser', () => {
    const dir = spaces.make({ 'two.md': TWO_CUTS, 'one.md': '# One\n' });
    // A "browser" that only records that it was started.
    const marker = join(dir, 'browser-started');
    writeFileSync(join(dir, 'fake-chrome'), `#!/bin/sh\ntouch '${marker}'\nexit 1\n`);
    chmodSync(join(dir, 'fake-chrome'), 0o755);
    const env = { PUPPETEER_EXECUTABLE_PATH: join(dir, 'fake-chrome') };
    const runs = [
      runCli(dir, ['pdf', 'two.md', '-o', 'talk.pdf'], { env }),
      runCli(dir, ['pdf', 'one.md', '--timeout', 'abc'], { env }),
      runCli(dir, ['build', 'one.md', '--pdf', '--timeout', '1e9'], { env }),
      runCli(dir, ['check', 'one.md', '--timeout', '-1'], { env }),
      runCli(dir, ['pdf', 'one.md', '--timeout', '0.0001'], { env }),
    ];
    expect(runs.map((r) => [r.status, r.stderr.split('\n')[0]])).toEqual([
      [1, 'error: -o talk.pdf names one PDF, but this run has 2 cuts'],
      [1, 'error: --timeout: "abc" is not a number of seconds'],
      [1, 'error: --timeout 1e9: at most 3600 seconds'],
      [1, 'error: --timeout: "-1" is not a number of seconds'],
      [1, 'error: --timeout 0.0001: at least 1 second'],
    ]);
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });
});

/**
 * Runs the CLI in a mount namespace of its own, with a small file system mounted where the output goes.
 * Unprivileged user namespaces let this run without root.
 */
function runOnSmallDisk(cwd: string, mount: string, options: string, args: string[]) {
  // After the run, still inside the namespace, list what the mounted disk holds: what the run left.
  const script = `mount -t tmpfs -o ${options} tmpfs '${mount}' || exit 99; "$0" "$@"; status=$?; echo "left:$(ls -A '${mount}' | tr '\\n' ' ')"; exit $status`;
  const result = spawnSync(
    'unshare',
    ['--user', '--map-root-user', '--mount', 'sh', '-c', script, process.execPath, BIN, ...args],
    { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 },
  );
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('a disk that cannot take the outputs', () => {
  const BIG = ['# Big', '', `![img](big.bin)`, ''].join('\n');

  it('names the path and says to free space when the disk is full, leaving nothing behind', () => {
    const dir = spaces.make({ 'deck.md': BIG, 'big.bin': Buffer.alloc(600_000, 7) });
    mkdirSync(join(dir, 'small'));
    const run = runOnSmallDisk(dir, join(dir, 'small'), 'size=400k', [
      'build',
      'deck.md',
      '--no-check',
      '--out',
      'small/dist',
    ]);
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toMatch(
      /^error: cannot write .*small\/dist\/.*: no space left on the device\n {2}Free some disk space, or write into another folder with --out\.\n$/,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    // The output folder it had to create is gone again, staging folder and all.
    expect(run.stdout).toBe('left:\n');
  });

  it('says the file system is read-only, naming the folder', () => {
    const dir = spaces.make({ 'deck.md': '# Deck\n' });
    mkdirSync(join(dir, 'ro'));
    const run = runOnSmallDisk(dir, join(dir, 'ro'), 'ro,size=64k', [
      'build',
      'deck.md',
      '--no-check',
      '--out',
      'ro/dist',
    ]);
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toBe(
      `error: cannot write into ${join(dir, 'ro', 'dist')}: the file system is read-only\n  Write into a folder on a writable disk, e.g. --out /tmp/decks.\n`,
    );
  });
});
