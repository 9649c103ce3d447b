/**
 * `GET /deck.pdf` while `pitchdeck serve` runs: the served cut printed in the server's own browser, which
 * stays up between requests; a save prints the new version. Read back with pdf.js.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../src/browser/launch.ts';
import { type DeckServer, serveDeck } from '../../src/server/serve-deck.ts';
import { openPdf } from '../helpers/pdf.ts';

const deckText = (edit: string) => `---
title: Served
theme: white
audiences:
  founders: {}
  engineers: {}
---

# Everyone

---

<!-- .slide: data-audience="engineers" -->

## Engineers only

---

## Founders and engineers

${edit}

---

<!-- .slide: data-audience="founders" -->

## Founders only
`;

/** Chromium browser processes this test process started for a server (their profile says whose). */
function serverBrowsers(): number[] {
  const found: number[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (ppid === process.pid && command.includes('pitchdeck-chromium-')) found.push(Number(pid));
    } catch {
      // Gone while being read.
    }
  }
  return found;
}

describe('GET /deck.pdf', () => {
  let work: string;
  let server: DeckServer;
  const deckPath = () => join(work, 'deck.md');

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'pitchdeck-serve-pdf-'));
    writeFileSync(deckPath(), deckText('First version.'));
    server = await serveDeck({ file: deckPath(), cwd: work, port: 0, audience: 'engineers' });
  });

  afterAll(async () => {
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** The PDF the server answers, read back: its pages' text. */
  async function fetchPdf(): Promise<{ status: number; type: string | null; pages: string[] }> {
    const response = await fetch(`${server.url}deck.pdf`);
    const file = join(work, `answer-${Date.now()}.pdf`);
    writeFileSync(file, new Uint8Array(await response.arrayBuffer()));
    const pdf = await openPdf(file);
    try {
      const pages: string[] = [];
      for (let i = 1; i <= pdf.pageCount; i++) pages.push(await pdf.text(i));
      return { status: response.status, type: response.headers.get('content-type'), pages };
    } finally {
      await pdf.close();
    }
  }

  it('prints the served cut, one page per slide of that audience', async () => {
    const answer = await fetchPdf();
    expect(answer.status).toBe(200);
    expect(answer.type).toBe('application/pdf');
    expect(answer.pages).toHaveLength(3);
    expect(answer.pages.map((text) => text.split('\n')[0]?.toUpperCase())).toEqual([
      'EVERYONE',
      'ENGINEERS ONLY',
      'FOUNDERS AND ENGINEERS',
    ]);
    expect(answer.pages[2]).toContain('First version.');
  });

  it('prints a saved change in the same browser, which stays up between requests', async () => {
    const [first, ...others] = serverBrowsers();
    expect(others).toEqual([]);
    expect(first).toBeDefined();
    writeFileSync(deckPath(), deckText('Second version.'));
    // The save is seen, rebuilt and then printed.
    await new Promise((done) => setTimeout(done, 300));
    await server.whenIdle();
    const answer = await fetchPdf();
    expect(answer.pages[2]).toContain('Second version.');
    expect(answer.pages[2]).not.toContain('First version.');
    expect(serverBrowsers()).toEqual([first]);
  });

  it('opens from the served deck with the D key, which reveal.js lists in its help', async () => {
    const browser = await launchBrowser({ install: false });
    try {
      const page = await browser.newPage();
      await page.goto(server.url);
      await page.waitForFunction(() => document.documentElement.hasAttribute('data-pitchdeck-ready'));
      // Headless Chromium downloads a PDF rather than showing it: what the key opens is recorded.
      await page.evaluate(() => {
        const opened: string[] = [];
        (window as unknown as { opened: string[] }).opened = opened;
        window.open = (url?: string | URL) => {
          opened.push(String(url));
          return null;
        };
      });
      await page.keyboard.press('KeyD');
      expect(await page.evaluate(() => (window as unknown as { opened: string[] }).opened)).toEqual([
        '/deck.pdf',
      ]);
      const help = await page.evaluate(() => {
        (Reveal as unknown as { toggleHelp(show: boolean): void }).toggleHelp(true);
        return document.querySelector('.r-overlay-help')?.textContent ?? '';
      });
      expect(help).toContain('Open the deck as a PDF');
    } finally {
      await browser.close();
    }
  });
});
