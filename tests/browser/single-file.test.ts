/**
 * `pitchdeck build --single-file`: the one HTML file, copied alone into an empty folder, opened from
 * file:// in Chromium with the network unreachable. It must present every slide with its notes, show the
 * speaker view and print, and ask for nothing but itself.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PDFDocument } from '@cantoo/pdf-lib';
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../src/browser/launch.ts';
import { type BuiltDeck, buildDecks } from '../../src/run/build.ts';

const repo = resolve(import.meta.dirname, '..', '..');

const DECK = `---
title: One file
theme: sky
css: [extra.css]
---

# One file

![chart](img/chart.svg)

Note: Notes of the title slide.

---

## Code

\`\`\`js
const answer = 42;
\`\`\`

Note: Notes of the code slide.

---

<!-- .slide: data-background-image="img/bg.svg" -->
## A background

- first <!-- .element: class="fragment" -->
- second <!-- .element: class="fragment" -->

Note: Notes of the background slide.

----

## Below it

[The report](report.txt)

Note: Notes of the vertical slide.
`;

const svg = (fill: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="32"><rect width="64" height="32" fill="${fill}"/></svg>`;

interface Opened {
  page: Page;
  /** Every request but data: URIs, and whether it was the file itself. */
  requests: string[];
  errors: string[];
}

/**
 * Opens a file in a browser context whose network goes to a proxy that is not there, so nothing outside
 * the file system can load, popups and frames included; the page's own requests are also recorded and
 * anything but file: and data: is aborted.
 */
async function openOffline(context: BrowserContext, path: string, query = ''): Promise<Opened> {
  const page = await context.newPage();
  await page.setViewport({ width: 1280, height: 720 });
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith('data:')) requests.push(url);
    if (/^(file|data):/.test(url)) void request.continue();
    else void request.abort();
  });
  await page.goto(pathToFileURL(path).href + query, { waitUntil: 'load' });
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-pitchdeck-ready'), {
    timeout: 20_000,
  });
  return { page, requests, errors };
}

/** The URL without its query and fragment. */
const bare = (url: string) => url.replace(/[?#].*$/, '');

describe('build --single-file', () => {
  let browser: Browser;
  let context: BrowserContext;
  let work: string;
  let built: BuiltDeck;
  /** The single file, copied alone into an empty folder. */
  let alone: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'pitchdeck-single-'));
    mkdirSync(join(work, 'talk', 'img'), { recursive: true });
    writeFileSync(join(work, 'talk', 'deck.md'), DECK);
    writeFileSync(join(work, 'talk', 'img', 'chart.svg'), svg('#2a76dd'));
    writeFileSync(join(work, 'talk', 'img', 'bg.svg'), svg('#123456'));
    writeFileSync(join(work, 'talk', 'img', 'stripe.svg'), svg('#ffcc00'));
    writeFileSync(join(work, 'talk', 'report.txt'), 'a report\n');
    writeFileSync(
      join(work, 'talk', 'extra.css'),
      '.reveal h2 { background: url(img/stripe.svg) no-repeat; }\n',
    );
    const [result] = await buildDecks([join(work, 'talk', 'deck.md')], {
      out: join(work, 'dist'),
      cwd: work,
      singleFile: true,
    });
    if (!result?.singleFile) throw new Error('no single file was written');
    built = result;
    mkdirSync(join(work, 'elsewhere'));
    alone = join(work, 'elsewhere', 'deck.html');
    copyFileSync(result.singleFile.path, alone);
    browser = await launchBrowser({ install: false });
    context = await browser.createBrowserContext({ proxyServer: 'http://127.0.0.1:9' });
  });

  afterAll(async () => {
    await browser?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('writes dist/<deck>/<deck>.html beside index.html and reports its size', () => {
    expect(built.singleFile?.path).toBe(join(work, 'dist', 'deck', 'deck.html'));
    expect(built.singleFile?.bytes).toBe(readFileSync(join(work, 'dist', 'deck', 'deck.html')).byteLength);
    expect(built.htmlPath).toBe(join(work, 'dist', 'deck', 'index.html'));
  });

  it('links the single file from dist/index.html', () => {
    const index = readFileSync(join(work, 'dist', 'index.html'), 'utf8');
    expect(index).toContain('<a class="single-file" href="deck/deck.html">');
    expect(index).toContain('<a class="html" href="deck/index.html">');
  });

  it('links nothing local but the file it cannot carry, and warns about that one', () => {
    const html = readFileSync(alone, 'utf8');
    expect(html).not.toMatch(/(src|href)="(\.\.\/)*(_assets|img)\//);
    expect(html).not.toContain('url(img/');
    expect(html).not.toContain('fonts.googleapis.com');
    expect(built.warnings.map((w) => `${w.code}: ${w.message}`)).toEqual([
      'single-file-link: "report.txt" stays a link in the single file (links, frames and background videos cannot be inlined); send it along',
    ]);
  });

  describe('opened alone from file:// with no network', () => {
    let deck: Opened;

    beforeAll(async () => {
      deck = await openOffline(context, alone);
    });

    it('renders every slide with its notes, images, fonts and code style', async () => {
      const { page } = deck;
      const slides = await page.evaluate(async () => {
        const out = [];
        for (const slide of Reveal.getSlides()) {
          const { h, v } = Reveal.getIndices(slide);
          Reveal.slide(h, v ?? 0);
          out.push({
            heading: slide.querySelector('h1, h2')?.textContent ?? '',
            notes: slide.querySelector('aside.notes')?.textContent?.trim() ?? '',
            visible: slide.classList.contains('present'),
          });
        }
        return out;
      });
      expect(slides).toEqual([
        { heading: 'One file', notes: 'Notes of the title slide.', visible: true },
        { heading: 'Code', notes: 'Notes of the code slide.', visible: true },
        { heading: 'A background', notes: 'Notes of the background slide.', visible: true },
        { heading: 'Below it', notes: 'Notes of the vertical slide.', visible: true },
      ]);
      const looks = await page.evaluate(async () => {
        Reveal.slide(2, 0);
        await document.fonts.ready;
        const img = document.querySelector<HTMLImageElement>('img[alt="chart"]');
        const background = [...document.querySelectorAll<HTMLElement>('.slide-background-content')].map(
          (b) => b.style.backgroundImage,
        );
        return {
          image: img?.complete ? img.naturalWidth : 0,
          background: background.some((b) => b.startsWith('url("data:image/svg+xml;base64,')),
          h2Background: getComputedStyle(document.querySelector('h2') as Element).backgroundImage,
          fonts: [...document.fonts]
            .filter((f) => f.status === 'loaded')
            .map((f) => f.family.replace(/"/g, '')),
          keyword: getComputedStyle(document.querySelector('.hljs-keyword') as Element).color,
        };
      });
      expect(looks.image).toBe(64);
      expect(looks.background).toBe(true);
      expect(looks.h2Background).toMatch(/^url\("data:image\/svg\+xml;base64,/);
      expect(looks.fonts).toEqual(expect.arrayContaining(['Quicksand', 'Open Sans']));
      // The monokai code style colours keywords; without it they would inherit the text colour.
      expect(looks.keyword).not.toBe(
        await page.evaluate(() => getComputedStyle(document.querySelector('pre code') as Element).color),
      );
    });

    it('asks for nothing but itself and logs no error', () => {
      expect(deck.requests.map(bare)).toEqual([pathToFileURL(alone).href]);
      expect(deck.errors).toEqual([]);
    });

    it('shows the speaker view (S) with the notes of the current slide', async () => {
      const { page } = deck;
      await page.evaluate(() => Reveal.slide(1, 0));
      const opened = new Promise<Page | null>((done) => page.once('popup', done));
      await page.focus('body');
      await page.keyboard.press('s');
      const popup = await opened;
      if (!popup) throw new Error('pressing S opened no speaker window');
      try {
        await popup.waitForFunction(
          () => document.querySelector('.speaker-controls-notes .value')?.textContent?.includes('code slide'),
          { timeout: 20_000 },
        );
        const frame = await (await popup.waitForSelector('#current-slide iframe'))?.contentFrame();
        await frame?.waitForFunction(
          () => typeof Reveal !== 'undefined' && Reveal.isReady() && Reveal.getIndices().h === 1,
          {
            timeout: 20_000,
          },
        );
        expect(bare(frame?.url() ?? '')).toBe(pathToFileURL(alone).href);
        await page.keyboard.press('ArrowRight');
        await popup.waitForFunction(
          () =>
            document
              .querySelector('.speaker-controls-notes .value')
              ?.textContent?.includes('background slide'),
          { timeout: 20_000 },
        );
      } finally {
        await popup.close();
      }
      expect(deck.requests.map(bare).filter((url) => url !== pathToFileURL(alone).href)).toEqual([]);
    });
  });

  it('prints one page per slide from file://, as pitchdeck pdf prints a built deck', async () => {
    const query = '?view=print&margin=0&pdfMaxPagesPerSlide=1&pdfSeparateFragments=false';
    const { page, requests, errors } = await openOffline(context, alone, query);
    try {
      await page.waitForFunction(() => document.documentElement.hasAttribute('data-pitchdeck-pdf-ready'), {
        timeout: 20_000,
      });
      const pdf = await PDFDocument.load(await page.pdf({ preferCSSPageSize: true, printBackground: true }));
      expect(pdf.getPageCount()).toBe(4);
      expect(requests.map(bare)).toEqual([pathToFileURL(alone).href]);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('makes each cut of the Elixir pitch one file that shows all its slides and notes, offline', async () => {
    const out = join(work, 'elixir');
    const cuts = await buildDecks([join(repo, 'slides', 'elixir-pitch.md')], {
      out,
      cwd: repo,
      singleFile: true,
    });
    expect(cuts.map((c) => c.singleFile?.path)).toEqual(
      cuts.map((c) => join(out, 'elixir-pitch', c.audience ?? '', `elixir-pitch-${c.audience}.html`)),
    );
    for (const cut of cuts) {
      const file = join(work, 'elsewhere', `elixir-${cut.audience}.html`);
      copyFileSync(cut.singleFile?.path ?? '', file);
      const { page, requests, errors } = await openOffline(context, file);
      try {
        const notes = await page.evaluate(() =>
          Reveal.getSlides().map((s) => s.querySelector('aside.notes')?.textContent?.trim() ?? ''),
        );
        expect(notes).toHaveLength(cut.deck.slides.length);
        expect(notes.filter((n) => n === '')).toEqual([]);
        expect(requests.map(bare)).toEqual([pathToFileURL(file).href]);
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    }
  });
});
