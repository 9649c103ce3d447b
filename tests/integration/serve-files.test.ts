/**
 * The files `pitchdeck serve` sends (deck files and shared assets), over raw HTTP: byte ranges, conditional
 * requests, HEAD, and symlinks judged by where they lead, not by their names.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { type IncomingHttpHeaders, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeckServer, type ServeEvent, serveDeck } from '../../src/server/serve-deck.ts';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** 100 bytes, each its own offset: a range's bytes say where they came from. */
const CLIP = Buffer.from(Array.from({ length: 100 }, (_, i) => i));

describe('pitchdeck serve: files', () => {
  let work: string;
  let server: DeckServer;
  const events: ServeEvent[] = [];

  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
    new Promise<Answer>((done, fail) => {
      const req = request({ host: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      });
      req.on('error', fail);
      req.end();
    });

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'pitchdeck-serve-files-'));
    // The deck lives in a dot-folder: only what is below the deck's own folder counts as hidden.
    const home = join(work, '.decks');
    const deckDir = join(home, 'talk');
    mkdirSync(join(deckDir, 'sub'), { recursive: true });
    mkdirSync(join(deckDir, '.hidden'), { recursive: true });
    writeFileSync(join(deckDir, 'deck.md'), '---\ntheme: league\n---\n\n# Files\n');
    writeFileSync(join(deckDir, 'clip.webm'), CLIP);
    writeFileSync(join(deckDir, '100%.txt'), 'a hundred per cent\n');
    writeFileSync(join(deckDir, 'big.mp4'), Buffer.alloc(8 * 1024 * 1024, 7));
    writeFileSync(join(deckDir, '.secret'), 'SECRET-DOTFILE\n');
    writeFileSync(join(deckDir, 'sub', '.env'), 'SECRET-ENV\n');
    writeFileSync(join(deckDir, '.hidden', 'pic.png'), 'SECRET-DOTFOLDER\n');
    writeFileSync(join(home, 'outside.txt'), 'SECRET-OUTSIDE\n');
    symlinkSync('.secret', join(deckDir, 'pic.png'));
    symlinkSync('sub/.env', join(deckDir, 'env.png'));
    symlinkSync('.hidden/pic.png', join(deckDir, 'dot-folder.png'));
    symlinkSync('.hidden', join(deckDir, 'linked'));
    symlinkSync('../outside.txt', join(deckDir, 'out.png'));
    symlinkSync('clip.webm', join(deckDir, 'in.webm'));
    server = await serveDeck({
      file: join(deckDir, 'deck.md'),
      cwd: work,
      port: 0,
      onEvent: (event) => events.push(event),
    });
  });

  afterAll(async () => {
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('sends a whole file with its type, validators and no-cache', async () => {
    const res = await get('/clip.webm');
    expect(res.status).toBe(200);
    expect(res.body.equals(CLIP)).toBe(true);
    expect(res.headers).toMatchObject({
      'content-type': 'video/webm',
      'content-length': '100',
      'accept-ranges': 'bytes',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    expect(res.headers.etag).toMatch(/^W\/".+"$/);
    expect(res.headers['last-modified']).toMatch(/GMT$/);
  });

  it('sends a byte range with 206 and Content-Range', async () => {
    const res = await get('/clip.webm', { Range: 'bytes=10-19' });
    expect(res.status).toBe(206);
    expect([...res.body]).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(res.headers['content-range']).toBe('bytes 10-19/100');
    expect(res.headers['content-length']).toBe('10');
    expect(res.headers['content-type']).toBe('video/webm');
  });

  it('sends a suffix range: the last bytes', async () => {
    const res = await get('/clip.webm', { Range: 'bytes=-5' });
    expect(res.status).toBe(206);
    expect([...res.body]).toEqual([95, 96, 97, 98, 99]);
    expect(res.headers['content-range']).toBe('bytes 95-99/100');
  });

  it('answers a range past the end with 416 and the size, not the file', async () => {
    const res = await get('/clip.webm', { Range: 'bytes=200-300' });
    expect(res.status).toBe(416);
    expect(res.headers['content-range']).toBe('bytes */100');
    expect(res.body.includes(CLIP.subarray(0, 20))).toBe(false);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('answers a matching If-None-Match or If-Modified-Since with 304 and no body', async () => {
    const first = await get('/clip.webm');
    const byTag = await get('/clip.webm', { 'If-None-Match': String(first.headers.etag) });
    expect(byTag.status).toBe(304);
    expect(byTag.body.length).toBe(0);
    expect(byTag.headers['cache-control']).toBe('no-cache');
    const byDate = await get('/clip.webm', { 'If-Modified-Since': String(first.headers['last-modified']) });
    expect(byDate.status).toBe(304);
    expect((await get('/clip.webm', { 'If-None-Match': '"something-else"' })).status).toBe(200);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const res = await get('/clip.webm', {}, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe('100');
    expect(res.headers['content-type']).toBe('video/webm');
    expect(res.body.length).toBe(0);
  });

  it('sends a file whose name holds a percent sign', async () => {
    const res = await get('/100%25.txt');
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('a hundred per cent\n');
  });

  it.each([
    ['/pic.png', 404, 'a symlink to a dotfile'],
    ['/env.png', 404, 'a symlink to a dotfile in a folder'],
    ['/dot-folder.png', 404, 'a symlink to a file in a dot-folder'],
    ['/linked/pic.png', 404, 'a file in a symlinked folder whose real path is a dot-folder'],
    ['/out.png', 403, 'a symlink out of the deck folder'],
  ])('refuses %s with %i: %s', async (path, status) => {
    const res = await get(path);
    expect(res.status).toBe(status);
    expect(res.body.toString()).not.toContain('SECRET');
  });

  it("never sends the deck's Markdown: it holds the notes and every audience's slides", async () => {
    const res = await get('/deck.md');
    expect(res.status).toBe(404);
    expect(res.body.toString()).not.toContain('# Files');
  });

  it('sends a symlink to a file inside, ranges included', async () => {
    const res = await get('/in.webm', { Range: 'bytes=0-3' });
    expect(res.status).toBe(206);
    expect([...res.body]).toEqual([0, 1, 2, 3]);
  });

  it('sends shared assets that are files the same way: types, ranges', async () => {
    const whole = await get('/_assets/reveal/reveal.js');
    expect(whole.status).toBe(200);
    expect(whole.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const part = await get('/_assets/reveal/reveal.js', { Range: 'bytes=0-9' });
    expect(part.status).toBe(206);
    expect(part.body.equals(whole.body.subarray(0, 10))).toBe(true);
    expect(part.headers['content-range']).toBe(`bytes 0-9/${whole.body.length}`);
  });

  it('revalidates a theme made in memory by its ETag', async () => {
    const first = await get('/_assets/theme/league.css');
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('text/css; charset=utf-8');
    const again = await get('/_assets/theme/league.css', { 'If-None-Match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('survives a client that hangs up in the middle of a file, and reports nothing', async () => {
    await new Promise<void>((done, fail) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/big.mp4' }, (res) => {
        res.once('data', () => {
          req.destroy();
          done();
        });
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ECONNRESET') fail(error);
      });
      req.end();
    });
    const next = await get('/clip.webm', { Range: 'bytes=0-0' });
    expect(next.status).toBe(206);
    expect(events.filter((e) => e.type === 'problem')).toEqual([]);
  });
});
