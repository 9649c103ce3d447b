/**
 * A run that fails part-way, through the real CLI and a real Chromium: a cut whose PDF cannot be made,
 * a browser killed mid-export, the process stopped by SIGTERM or Ctrl-C. Each time the output folder
 * stays exactly as it was, nothing of the failed run is left, and no Chromium outlives the command.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, fingerprint } from '../helpers/cli.ts';
import { processesOf } from '../helpers/processes.ts';

let work: string;
let server: Server;
let port: number;
/** Resolves the next time Chromium asks the image server for a picture: the export is under way. */
let requested: () => Promise<void>;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'pitchdeck-partial-'));
  const waiting: (() => void)[] = [];
  requested = () => new Promise((done) => waiting.push(done));
  // An image server that accepts each request and never answers: that slide never becomes ready.
  server = createServer(() => {
    for (const done of waiting.splice(0)) done();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
  rmSync(work, { recursive: true, force: true });
});

const deck = (ctoSlide: string) =>
  [
    '---',
    'title: Pitch',
    'audiences:',
    '  founders: {}',
    '  cto: {}',
    '---',
    '# Pitch',
    '',
    '---',
    '',
    '<!-- .slide: data-audience="cto" -->',
    '## For the CTO',
    '',
    ctoSlide,
    '',
  ].join('\n');

interface Run {
  child: ChildProcess;
  /** Its own temp folder: the Chromium it starts keeps its profile there, so it can be found. */
  tmp: string;
  done: Promise<{ status: number | null; stdout: string; stderr: string }>;
}

function start(cwd: string, args: string[]): Run {
  const tmp = mkdtempSync(join(work, 'tmp-'));
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, TMPDIR: tmp, NO_COLOR: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const done = new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (status) => resolve({ status, stdout, stderr })),
  );
  return { child, tmp, done };
}

/** The Chromium processes a run started (found by their profile below the run's temp folder). */
function chromiumsOf(run: Run): string {
  return processesOf(run.tmp).join('\n');
}

/** A folder with a deck built once, HTML and PDF, and the fingerprint of what that build wrote. */
function builtBefore(): { dir: string; before: Record<string, string> } {
  const dir = mkdtempSync(join(work, 'deck-'));
  writeFileSync(join(dir, 'pitch.md'), deck('Numbers we can stand behind.'));
  const first = spawnSync(process.execPath, [BIN, 'build', 'pitch.md', '--pdf', '--no-check', '-q'], {
    cwd: dir,
    encoding: 'utf8',
  });
  expect(first.status, first.stderr).toBe(0);
  expect(existsSync(join(dir, 'dist', 'pitch', 'cto', 'pitch-cto.pdf'))).toBe(true);
  return { dir, before: fingerprint(join(dir, 'dist')) };
}

function expectUntouched(dir: string, before: Record<string, string>): void {
  expect(fingerprint(join(dir, 'dist'))).toEqual(before);
  expect(readdirSync(join(dir, 'dist')).filter((f) => f.startsWith('.pitchdeck-tmp'))).toEqual([]);
}

describe('a run that fails part-way changes nothing', () => {
  it('writes no PDF of either cut when one cut cannot be printed, and keeps the earlier build', async () => {
    const { dir, before } = builtBefore();
    writeFileSync(join(dir, 'pitch.md'), deck(`<img src="http://127.0.0.1:${port}/never.png" alt="chart">`));
    const run = start(dir, ['build', 'pitch.md', '--pdf', '--no-check', '--timeout', '3']);
    const { status, stdout, stderr } = await run.done;
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('pitch.md:11: slide 2 "For the CTO" never became ready: the image');
    expectUntouched(dir, before);
    expect(chromiumsOf(run)).toBe('');
  });

  it('is an environment error, in one line and exit code 2, when Chromium is killed mid-export', async () => {
    const { dir, before } = builtBefore();
    writeFileSync(join(dir, 'pitch.md'), deck(`<img src="http://127.0.0.1:${port}/slow.png" alt="chart">`));
    const asked = requested();
    const run = start(dir, ['build', 'pitch.md', '--pdf', '--no-check', '--timeout', '60']);
    await asked;
    // Chromium and its helpers: not the pitchdeck process itself, which has the same TMPDIR.
    for (const line of processesOf(run.tmp)) {
      const pid = Number(line.split(' ')[0]);
      if (pid !== run.child.pid) process.kill(pid, 'SIGKILL');
    }
    const { status, stderr } = await run.done;
    expect(status).toBe(2);
    expect(stderr).toMatch(
      /^error: the browser stopped while pitchdeck was using it \([^\n]*\)\n {2}[^\n]+\n$/,
    );
    expect(stderr).not.toMatch(/internal error|\n\s+at /);
    expectUntouched(dir, before);
    expect(chromiumsOf(run)).toBe('');
  });

  it("is an environment error at once, not a deck's time-out, when a page's renderer is killed", async () => {
    const { dir, before } = builtBefore();
    writeFileSync(join(dir, 'pitch.md'), deck(`<img src="http://127.0.0.1:${port}/slow.png" alt="chart">`));
    const asked = requested();
    const run = start(dir, ['build', 'pitch.md', '--pdf', '--no-check', '--timeout', '60']);
    await asked;
    const killedAt = Date.now();
    // The renderers alone: the browser itself stays up, so the tab is not closed.
    for (const line of processesOf(run.tmp)) {
      if (line.includes('--type=renderer')) process.kill(Number(line.split(' ')[0]), 'SIGKILL');
    }
    const { status, stderr } = await run.done;
    // Well before the 60 s the picture is waited for.
    expect(Date.now() - killedAt).toBeLessThan(30_000);
    expect(status).toBe(2);
    expect(stderr).toMatch(
      /^error: the browser's page crashed while pitchdeck was using it \([^\n]*\)\n {2}[^\n]+\n$/,
    );
    expect(stderr).not.toMatch(/internal error|\n\s+at /);
    expectUntouched(dir, before);
    expect(chromiumsOf(run)).toBe('');
  });

  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`stops quietly on ${signal} with exit code ${code}, the browser closed and nothing written`, async () => {
      const { dir, before } = builtBefore();
      writeFileSync(join(dir, 'pitch.md'), deck(`<img src="http://127.0.0.1:${port}/slow.png" alt="chart">`));
      const asked = requested();
      const run = start(dir, ['build', 'pitch.md', '--pdf', '--no-check', '--timeout', '60']);
      await asked;
      run.child.kill(signal);
      const { status, stdout, stderr } = await run.done;
      expect(status).toBe(code);
      expect(stdout).toBe('');
      expect(stderr).toBe(`stopped (${signal}): nothing was written\n`);
      expectUntouched(dir, before);
      expect(chromiumsOf(run)).toBe('');
    });
  }
});
