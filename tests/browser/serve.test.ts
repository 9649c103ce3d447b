/**
 * `pitchdeck serve` end to end: a real server on a free port (started through the library), real files
 * edited on disk, and a real Chromium looking at the page.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../src/browser/launch.ts';
import { type DeckServer, type ServeEvent, serveDeck } from '../../src/server/serve-deck.ts';

const repo = resolve(import.meta.dirname, '..', '..');

/**
 * Waits poll on a timer: requestAnimationFrame, Puppeteer's default, stops in a tab that is not in front
 * (after the speaker window has been open), and the test would wait for a page that already changed.
 */
const WAIT = { polling: 50, timeout: 20_000 } as const;

interface DeckText {
  title?: string;
  theme?: string;
  third?: string;
  notes?: string;
  layout?: string;
}

/** The test deck: four slides; the third has two fragments, an image and notes. */
function deckText(t: DeckText = {}): string {
  return `---
title: ${t.title ?? 'Live deck'}
theme: ${t.theme ?? 'black'}
---

# Live deck

First slide

---

## Second

Nothing here

---
${t.layout ? `<!-- .slide: layout="${t.layout}" -->\n` : ''}
## Third slide

${t.third ?? 'Original words'}

- one <!-- .element: class="fragment" -->
- two <!-- .element: class="fragment" -->

![logo](img/logo.svg)

Note: Notes for the third slide, ${t.notes ?? 'version 1'}.

---

## Fourth

The end
`;
}

const svg = (fill: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="${fill}"/></svg>`;

describe('pitchdeck serve', () => {
  let browser: Browser;
  let server: DeckServer;
  let work: string;
  let deckPath: string;
  const events: ServeEvent[] = [];
  let page: Page;
  const consoleErrors: string[] = [];
  const requests: string[] = [];

  const save = (t: DeckText = {}) => writeFileSync(deckPath, deckText(t));
  const indices = () => page.evaluate(() => Reveal.getIndices());
  const currentText = () => page.evaluate(() => Reveal.getCurrentSlide()?.textContent ?? '');
  /** Waits until the page's current slide shows `text`: the page updated. */
  const showing = (text: string) =>
    page.waitForFunction((t) => Reveal.getCurrentSlide()?.textContent?.includes(t), WAIT, text);
  const overlayText = () =>
    page.evaluate(() => {
      const overlay = document.getElementById('pitchdeck-error');
      return overlay && overlay.style.display !== 'none' ? (overlay.textContent ?? '') : '';
    });

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'pitchdeck-serve-'));
    const deckDir = join(work, 'talk');
    mkdirSync(join(deckDir, 'img'), { recursive: true });
    deckPath = join(deckDir, 'deck.md');
    save();
    writeFileSync(join(deckDir, 'img', 'logo.svg'), svg('#c00'));
    writeFileSync(join(deckDir, '.env'), 'SECRET=1\n');
    writeFileSync(join(work, 'outside.txt'), 'not the deck’s\n');
    symlinkSync(join(work, 'outside.txt'), join(deckDir, 'link-out.txt'));
    symlinkSync(join(deckDir, 'img', 'logo.svg'), join(deckDir, 'link-in.svg'));
    // The templates are a copy, so that a test can break one.
    cpSync(join(repo, 'templates'), join(work, 'templates'), { recursive: true });

    [browser, server] = await Promise.all([
      launchBrowser({ install: false }),
      serveDeck({
        file: deckPath,
        cwd: work,
        port: 0,
        templates: join(work, 'templates'),
        onEvent: (event) => events.push(event),
      }),
    ]);
    page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 720 });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(server.url);
    await page.waitForFunction(() => document.documentElement.hasAttribute('data-pitchdeck-ready'));
  });

  afterAll(async () => {
    await server?.close();
    await browser?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('serves the deck on 127.0.0.1 from memory, with nothing fetched from anywhere else', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    expect(server.port).toBeGreaterThan(0);
    expect(await page.evaluate(() => Reveal.getTotalSlides())).toBe(4);
    expect(requests.filter((url) => !url.startsWith(server.url) && !url.startsWith('data:'))).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(events[0]).toMatchObject({ type: 'built', first: true, slides: 4 });
  });

  it('shows an edit on the same slide and fragment, in place, without reloading the page', async () => {
    await page.evaluate(() => {
      Reveal.slide(2, 0, 1);
      (window as unknown as { loadedOnce: string }).loadedOnce = 'yes';
    });
    expect(await currentText()).toContain('Original words');

    save({ third: 'Words after the edit' });
    await showing('Words after the edit');

    expect(await indices()).toMatchObject({ h: 2, v: 0, f: 1 });
    // The same window object: the slides were swapped in, not the page reloaded.
    expect(await page.evaluate(() => (window as unknown as { loadedOnce?: string }).loadedOnce)).toBe('yes');
    // Fragment 1 is the second: both are shown.
    expect(
      await page.evaluate(() => document.querySelectorAll('.reveal .slides .fragment.visible').length),
    ).toBe(2);
    expect(consoleErrors).toEqual([]);
  });

  it('keeps the speaker view (S) up to date: notes and the current slide', async () => {
    const opened = new Promise<Page | null>((done) => page.once('popup', done));
    await page.focus('body');
    await page.keyboard.press('s');
    const popup = await opened;
    if (!popup) throw new Error('pressing S opened no speaker window');
    try {
      const notes = (text: string) =>
        popup.waitForFunction(
          (t) => document.querySelector('.speaker-controls-notes .value')?.textContent?.includes(t),
          WAIT,
          text,
        );
      await notes('version 1');

      save({ third: 'Words after the edit', notes: 'version 2' });
      await notes('version 2');

      // The speaker view's current-slide frame is a second copy of the deck; it updates too.
      const frameHandle = await popup.waitForSelector('#current-slide iframe');
      const frame = await frameHandle?.contentFrame();
      if (!frame) throw new Error('the speaker view has no current-slide frame');
      save({ third: 'Seen in the speaker view', notes: 'version 2' });
      await frame.waitForFunction(
        () => Reveal.getCurrentSlide()?.textContent?.includes('Seen in the speaker view'),
        WAIT,
      );
      expect(await frame.evaluate(() => Reveal.getIndices().h)).toBe(2);
      await showing('Seen in the speaker view');
    } finally {
      await popup.close();
    }
  });

  describe.each([
    {
      what: 'malformed YAML',
      write: () => writeFileSync(deckPath, deckText({ title: '[unclosed' })),
      message: /^talk\/deck\.md:3: malformed YAML in the front matter/,
    },
    {
      what: 'an unknown layout',
      write: () => save({ layout: 'nope' }),
      message: /^talk\/deck\.md:17: unknown layout "nope"/,
    },
    {
      what: 'a binary file saved over the Markdown',
      write: () =>
        writeFileSync(deckPath, new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0xff, 0xfe, 0x00, 0xc3])),
      message: /^talk\/deck\.md: this is a binary file/,
    },
    {
      what: 'the deck file deleted',
      write: () => unlinkSync(deckPath),
      message: /^talk\/deck\.md: the deck file is gone/,
    },
    {
      what: 'a template error',
      write: () => writeFileSync(join(work, 'templates', 'layouts', 'default.hbs'), '{{#if}}broken\n'),
      message: /^templates\/layouts\/default\.hbs:2: template error: Parse error/,
      fix: () =>
        cpSync(
          join(repo, 'templates', 'layouts', 'default.hbs'),
          join(work, 'templates', 'layouts', 'default.hbs'),
        ),
    },
  ])('after $what', ({ what, write, message, fix }) => {
    it('shows the error over the last good deck, in the page and the terminal; the next good save clears it', async () => {
      const fixText = `Fixed after ${what}`;
      await page.evaluate(() => Reveal.slide(2, 0, 0));
      const before = await currentText();
      const seen = events.length;

      write();
      await page.waitForFunction(
        () => document.getElementById('pitchdeck-error')?.style.display === 'block',
        WAIT,
      );
      expect(await overlayText()).toMatch(message);
      expect(await overlayText()).toContain('Still showing the last version that built.');
      const failed = events.slice(seen).find((e) => e.type === 'failed');
      expect(failed?.type === 'failed' && failed.text).toMatch(message);
      expect(failed).toMatchObject({ serving: true });
      // The last good deck is still there, on the same slide.
      expect(await currentText()).toBe(before);
      expect(await indices()).toMatchObject({ h: 2, v: 0 });

      fix?.();
      save({ third: fixText });
      await showing(fixText);
      await page.waitForFunction(
        () => document.getElementById('pitchdeck-error')?.style.display === 'none',
        WAIT,
      );
      expect(await page.evaluate(() => document.documentElement.hasAttribute('data-pitchdeck-error'))).toBe(
        false,
      );
      expect(await indices()).toMatchObject({ h: 2, v: 0 });
      expect(events.slice(seen).find((e) => e.type === 'built')).toMatchObject({ recovered: true });
    });
  });

  it('reloads the page for a change outside the slides (the theme) and comes back to the slide and fragment', async () => {
    await page.evaluate(() => {
      Reveal.slide(2, 0, 1);
      (window as unknown as { loadedOnce: string }).loadedOnce = 'yes';
    });
    save({ theme: 'white', third: 'In another theme' });
    await page.waitForFunction(
      () =>
        document.documentElement.hasAttribute('data-pitchdeck-ready') &&
        document.querySelector('link#theme')?.getAttribute('href')?.endsWith('/white.css') &&
        Reveal.getIndices().f === 1,
      WAIT,
    );
    expect(
      await page.evaluate(() => (window as unknown as { loadedOnce?: string }).loadedOnce),
    ).toBeUndefined();
    expect(await indices()).toMatchObject({ h: 2, v: 0, f: 1 });
    expect(await currentText()).toContain('In another theme');

    // Back to the deck's own theme, for the tests that follow.
    save({ third: 'Back in black' });
    await page.waitForFunction(
      () =>
        document.documentElement.hasAttribute('data-pitchdeck-ready') &&
        document.querySelector('link#theme')?.getAttribute('href')?.endsWith('/black.css') &&
        Reveal.getCurrentSlide()?.textContent?.includes('Back in black'),
      WAIT,
    );
    expect(await indices()).toMatchObject({ h: 2, v: 0, f: 1 });
  });

  it('shows an image replaced under the same name', async () => {
    await page.evaluate(() => Reveal.slide(2, 0));
    const srcBefore = await page.evaluate(() => document.querySelector('.present img')?.getAttribute('src'));
    expect(srcBefore).toBe('img/logo.svg');
    writeFileSync(join(work, 'talk', 'img', 'logo.svg'), svg('#0a0'));
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('.present img');
      return img?.getAttribute('src')?.startsWith('img/logo.svg?v=') && img.complete;
    }, WAIT);
    const shown = await page.evaluate(async () => {
      const img = document.querySelector<HTMLImageElement>('.present img');
      return { width: img?.naturalWidth, svg: await (await fetch(img?.src ?? '')).text() };
    });
    expect(shown.width).toBe(40);
    expect(shown.svg).toContain('#0a0');
  });

  it('builds a burst of 20 saves a few times at most, and the last save wins', async () => {
    await page.evaluate(() => Reveal.slide(2, 0));
    await server.whenIdle();
    const seen = events.length;
    for (let i = 1; i <= 20; i++) {
      save({ third: `Save number ${i}.` });
      await new Promise((r) => setTimeout(r, 3));
    }
    await showing('Save number 20.');
    await server.whenIdle();
    const builds = events.slice(seen).filter((e) => e.type === 'built' || e.type === 'failed');
    expect(builds.length).toBeGreaterThanOrEqual(1);
    expect(builds.length).toBeLessThanOrEqual(4);
    expect(await currentText()).toContain('Save number 20.');
    expect(await currentText()).not.toMatch(/Save number (1?\d)\./);
  });

  it('takes a lost connection quietly: no error in the page while the server is away', async () => {
    const away = await serveDeck({ file: deckPath, cwd: work, port: 0, templates: join(work, 'templates') });
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (e) => errors.push(String(e)));
    try {
      await tab.goto(away.url);
      await tab.waitForFunction(() => document.documentElement.hasAttribute('data-pitchdeck-build'), WAIT);
      // A second stream on the same server, counting its own failures: once it has failed twice (the
      // dropped stream, then a refused retry), the page's stream has failed too.
      await tab.evaluate(() => {
        let failures = 0;
        new EventSource('/_pitchdeck/events').addEventListener('error', () => {
          document.documentElement.dataset.failures = String(++failures);
        });
      });
      await away.close();
      await tab.waitForFunction(() => Number(document.documentElement.dataset.failures) >= 2, WAIT);
      expect(errors).toEqual([]);
    } finally {
      await away.close();
      await tab.close();
    }
  });

  describe('refuses paths that leave the deck folder (raw HTTP, paths sent exactly as written)', () => {
    const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
      new Promise<{ status: number; body: string; type: string }>((done, fail) => {
        const req = request({ host: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            body += chunk;
          });
          res.on('end', () =>
            done({ status: res.statusCode ?? 0, body, type: String(res.headers['content-type']) }),
          );
        });
        req.on('error', fail);
        req.end();
      });

    it.each([
      ['/../outside.txt', 403],
      ['/img/../../outside.txt', 403],
      ['/%2e%2e/outside.txt', 403],
      ['/%2E%2E%2Foutside.txt', 403],
      ['/img%2F..%2F..%2Foutside.txt', 403],
      ['/img/%2e%2e%5c%2e%2e%5coutside.txt', 403],
      ['/..%5Coutside.txt', 403],
      ['//etc/passwd', 403],
      ['/%2Fetc%2Fpasswd', 403],
      ['/%00', 403],
      ['/deck.md%00.svg', 403],
      ['/_assets/../deck.md', 403],
      ['/link-out.txt', 403],
      ['/etc/passwd', 404],
      ['/.env', 404],
      ['/img/', 404],
      ['/img', 404],
      ['/_assets/', 404],
      ['/_assets/theme/white.css/../../../deck.md', 403],
      ['/%E0%A4%A', 400],
    ])('GET %s -> %i', async (path, status) => {
      const res = await get(path);
      expect(res.status).toBe(status);
      expect(res.body).not.toContain('not the deck’s');
      expect(res.body).not.toContain('SECRET');
    });

    it('serves what is inside: the page, files of the deck, symlinks that stay inside, shared assets', async () => {
      expect(await get('/')).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
      expect(await get('/img/logo.svg')).toMatchObject({ status: 200, type: 'image/svg+xml' });
      expect(await get('/link-in.svg')).toMatchObject({ status: 200, type: 'image/svg+xml' });
      expect(await get('/_assets/reveal/reveal.js')).toMatchObject({
        status: 200,
        type: 'text/javascript; charset=utf-8',
      });
    });

    it('answers only to its own host names (no DNS rebinding) and only GET and HEAD', async () => {
      expect((await get('/', { Host: 'evil.example:80' })).status).toBe(403);
      expect((await get('/', { Host: `localhost:${server.port}` })).status).toBe(200);
      expect((await get('/', {}, 'POST')).status).toBe(405);
    });
  });
});
