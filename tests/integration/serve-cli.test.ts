/**
 * `pitchdeck serve` from the command line: a busy port is an environment error (exit 2) with a way out,
 * and Ctrl-C stops a running server cleanly (exit 0).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

const BIN = fileURLToPath(new URL('../../bin/pitchdeck.js', import.meta.url));

describe('pitchdeck serve (CLI)', () => {
  let work: string;
  let deck: string;
  let blocker: Server;
  let busyPort: number;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'pitchdeck-serve-cli-'));
    deck = join(work, 'talk.md');
    writeFileSync(deck, '# Talk\n\n---\n\n## Two\n');
    blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    busyPort = (blocker.address() as { port: number }).port;
  });

  afterAll(async () => {
    await new Promise((done) => blocker?.close(done));
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('exits 2 on a port in use, naming it and saying to use --port 0 or another port', async () => {
    let stdout = '';
    let stderr = '';
    const code = await main(['serve', 'talk.md', '--port', String(busyPort)], {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      cwd: work,
    });
    expect(code).toBe(2);
    expect(stderr).toBe(
      `error: port ${busyPort} on 127.0.0.1 is already in use\n` +
        `  Stop what uses it, or use --port 0 (any free port) or another port, e.g. --port ${busyPort + 1}.\n`,
    );
    expect(stdout).not.toContain('serving');
  });

  it('exits 1 on a port that is not a number', async () => {
    let stderr = '';
    const code = await main(['serve', 'talk.md', '--port', 'eighty'], {
      stdout: { write: () => true },
      stderr: { write: (s: string) => (stderr += s) },
      cwd: work,
    });
    expect(code).toBe(1);
    expect(stderr).toContain('error: --port eighty: not a port number');
  });

  it('prints the URL, a broken save and its fix, and stops on Ctrl-C with exit code 0', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', 'talk.md', '--port', '0'], {
      cwd: work,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      const url = await new Promise<string>((done, fail) => {
        child.stdout.on('data', (d) => {
          stdout += d;
          const found = /serving talk\.md at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
          if (found?.[1]) done(found[1]);
        });
        child.on('exit', () => fail(new Error(`serve exited early:\n${stdout}\n${stderr}`)));
      });
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<h1>Talk</h1>');
      // The live-reload client is a compiled function serialised into a script: it must parse on its own.
      const client = await fetch(`${url}_pitchdeck/live.js`);
      expect(client.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      const clientText = await client.text();
      expect(clientText).toContain('data-shell');
      expect(() => new Function(clientText)).not.toThrow();

      const printed = (stream: 'stdout' | 'stderr', text: string) =>
        new Promise<void>((done) => {
          const check = () => {
            if ((stream === 'stdout' ? stdout : stderr).includes(text)) done();
            else setTimeout(check, 20);
          };
          check();
        });
      writeFileSync(deck, '---\ntitle: [unclosed\n---\n\n# Talk\n');
      await printed('stderr', '(the page keeps showing the last version that built)');
      expect(stderr).toMatch(/^error: talk\.md:\d+: malformed YAML in the front matter: /);
      writeFileSync(deck, '# Talk\n\n---\n\n## Two\n\n---\n\n## Three\n');
      await printed('stdout', 'fixed: rebuilt 3 slides');

      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(stdout).toMatch(/^built 2 slides in \d+ ms\nserving talk\.md at http:/);
      expect(stdout.endsWith('stopped\n')).toBe(true);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('stops on Ctrl-C while the first build of a huge deck is still running', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pitchdeck-serve-huge-'));
    // A hundred thousand slides: a first build that takes far longer than this test waits.
    const slides = Array.from(
      { length: 100_000 },
      (_, i) => `## Slide ${i}\n\n- a point\n- another point, with **weight** and \`code\``,
    ).join('\n\n---\n\n');
    writeFileSync(join(dir, 'huge.md'), slides);
    const child = spawn(process.execPath, [BIN, 'serve', 'huge.md', '--port', '0'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      // Time to start and listen for signals, even on a busy machine; the build itself takes far longer.
      await new Promise((r) => setTimeout(r, 4000));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(stdout).toBe('stopped\n');
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 15_000);
});
