/**
 * `build --watch` through the real CLI: every requested output (the PDF too) written again on each save,
 * a broken save printed without stopping, the next good save built, Ctrl-C a clean stop.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.ts';
import { processesOf } from '../helpers/processes.ts';

let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'pitchdeck-watch-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Resolves once `test()` holds, looking every 50 ms; the test's own time-out bounds it. */
async function until(test: () => boolean): Promise<void> {
  while (!test()) await new Promise((r) => setTimeout(r, 50));
}

it('builds again on every save, PDF included, goes on after a broken save, and stops on Ctrl-C', async () => {
  const deck = join(work, 'talk.md');
  writeFileSync(deck, '# First\n');
  const child = spawn(process.execPath, [BIN, 'build', 'talk.md', '--watch', '--pdf', '--no-check'], {
    cwd: work,
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const page = join(work, 'dist', 'talk', 'index.html');
  const pdf = join(work, 'dist', 'talk', 'talk.pdf');
  try {
    await until(() => stdout.includes('watching for changes'));
    expect(readFileSync(page, 'utf8')).toContain('First');
    const firstPdf = statSync(pdf).mtimeMs;

    writeFileSync(deck, '# Second\n\n---\n\n## And more\n');
    await until(() => existsSync(page) && readFileSync(page, 'utf8').includes('Second'));
    await until(() => statSync(pdf).mtimeMs > firstPdf && stdout.includes('(2 pages'));

    writeFileSync(deck, '---\nwidth: wide\n---\n# Broken\n');
    await until(() => stderr.includes('talk.md:2: front matter "width"'));
    // The last good build stays in place.
    expect(readFileSync(page, 'utf8')).toContain('Second');

    writeFileSync(deck, '# Third\n');
    await until(() => readFileSync(page, 'utf8').includes('Third'));

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stdout.endsWith('stopped\n')).toBe(true);
  } finally {
    child.kill('SIGKILL');
  }
}, 120_000);

it('stops at once on Ctrl-C during the first build, its browser and staging gone', async () => {
  // A picture that never arrives holds the first build's print until its 60 s time-out.
  let asked: () => void = () => {};
  const requested = new Promise<void>((done) => {
    asked = done;
  });
  const server = createServer(() => asked());
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const dir = mkdtempSync(join(work, 'slow-'));
  const tmp = mkdtempSync(join(work, 'tmp-'));
  writeFileSync(
    join(dir, 'talk.md'),
    `# Slow\n\n<img src="http://127.0.0.1:${port}/slow.png" alt="chart">\n`,
  );
  const child = spawn(
    process.execPath,
    [BIN, 'build', 'talk.md', '--watch', '--pdf', '--no-check', '--timeout', '60'],
    { cwd: dir, env: { ...process.env, NO_COLOR: '1', TMPDIR: tmp } },
  );
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  try {
    await requested;
    const stoppedAt = Date.now();
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    // Well before the picture's time-out.
    expect(Date.now() - stoppedAt).toBeLessThan(20_000);
    expect(stdout).not.toContain('watching for changes');
    expect(stdout.endsWith('stopped\n')).toBe(true);
    expect(processesOf(tmp)).toEqual([]);
    // Nothing of the stopped build: no PDF, no staging folder (nor the output folder it made for them).
    const dist = join(dir, 'dist');
    expect(existsSync(join(dist, 'talk', 'talk.pdf'))).toBe(false);
    expect(existsSync(dist) ? readdirSync(dist).filter((f) => f.startsWith('.pitchdeck-tmp')) : []).toEqual(
      [],
    );
  } finally {
    child.kill('SIGKILL');
    server.closeAllConnections();
    server.close();
  }
}, 60_000);
