/**
 * Pictures that do not load (an error status, a refused connection, a server that never answers) are
 * named with their slide and line by `check` and by `pdf`, through the real CLI and Chromium.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.ts';

let work: string;
let server: Server;
let port: number;
let closedPort: number;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'pitchdeck-media-'));
  // /missing.png answers 404; /hang.png never answers.
  server = createServer((request, response) => {
    if (request.url === '/missing.png') response.writeHead(404).end('not here');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  port = (server.address() as AddressInfo).port;
  // A port nothing listens on: the connection is refused.
  const closed = createServer();
  await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
  closedPort = (closed.address() as AddressInfo).port;
  await new Promise((done) => closed.close(done));
  writeFileSync(
    join(work, 'deck.md'),
    [
      '# Pictures',
      '',
      '---',
      '',
      '## Numbers',
      '',
      `![chart](http://127.0.0.1:${port}/missing.png)`,
      '',
      `![logo](http://127.0.0.1:${closedPort}/logo.png)`,
      '',
      '---',
      '',
      '## Team',
      '',
      `<img src="http://127.0.0.1:${port}/hang.png" alt="team">`,
      '',
    ].join('\n'),
  );
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
  rmSync(work, { recursive: true, force: true });
});

/** The CLI, run without blocking this process: the image server above must go on answering. */
function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
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
  return new Promise((done) => child.on('close', (status) => done({ status, stdout, stderr })));
}

describe('pictures that do not load', () => {
  it('are check errors naming the slide, the line and why', async () => {
    const run = await cli(['check', 'deck.md', '--timeout', '2']);
    expect(run.status).toBe(1);
    const lines = run.stdout.split('\n').filter((l) => l.includes('[broken-media]'));
    expect(lines).toEqual([
      `deck.md:7: error: slide 2 "Numbers": "http://127.0.0.1:${port}/missing.png" did not load (404 Not Found); check the address, or put the file beside the deck [broken-media]`,
      `deck.md:9: error: slide 2 "Numbers": "http://127.0.0.1:${closedPort}/logo.png" did not load (net::ERR_CONNECTION_REFUSED); check the address, or put the file beside the deck [broken-media]`,
      `deck.md:15: error: slide 3 "Team": "http://127.0.0.1:${port}/hang.png" did not load (still loading); check the address, or put the file beside the deck [broken-media]`,
    ]);
  });

  it('are warnings of the PDF export, which still prints the slides that load', async () => {
    writeFileSync(
      join(work, 'print.md'),
      [
        '# Pictures',
        '',
        '---',
        '',
        '## Numbers',
        '',
        `![chart](http://127.0.0.1:${port}/missing.png)`,
        '',
      ].join('\n'),
    );
    const run = await cli(['pdf', 'print.md']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(
      `print.md:7: warning: slide 2 "Numbers": "http://127.0.0.1:${port}/missing.png" did not load (404 Not Found); check the address, or put the file beside the deck\n` +
        // Loaded or not, a picture from the network is one the deck cannot show offline.
        `print.md:7: warning: slide 2 "Numbers" loads "http://127.0.0.1:${port}/missing.png" from the network: without one (offline, or a PDF made without network) it shows broken; put the file beside the deck and link it relatively [remote-media]\n`,
    );
    expect(run.stdout).toContain('wrote dist/print/print.pdf (2 pages');
  });
});
