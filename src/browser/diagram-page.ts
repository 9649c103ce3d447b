import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import type { DiagramRenderer, DiagramResult, PictureTheme } from '../deck/fences/fence.ts';
import { mermaidConfig } from '../deck/fences/mermaid.ts';
import { themeKey } from '../deck/fences/picture-theme.ts';
import { claimPage } from './tabs.ts';

/** A diagram that takes longer than this to draw is reported as one Mermaid cannot draw. */
const DRAW_LIMIT_MS = 15_000;

/** Mermaid's bundle: one self-contained script, from node_modules, so drawing needs no network. */
const MERMAID_SCRIPT = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');

/** Draws diagrams in a tab of a browser; `close()` closes the tab (the browser is the caller's). */
export interface BrowserDiagrams extends DiagramRenderer {
  close(): Promise<void>;
}

/**
 * Draws Mermaid diagrams in one tab of the browser `browser()` gives, opened on the first diagram (a
 * deck without diagrams never asks for a browser) with Mermaid loaded from node_modules and every
 * request refused. Diagrams are drawn one at a time, in the deck's font, loaded into the tab so that
 * Mermaid measures the labels as the slide will show them.
 */
export function browserDiagrams(browser: () => Promise<Browser>): BrowserDiagrams {
  let tab: Promise<Page> | undefined;
  let fontsShown: string | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  const open = async (): Promise<Page> => {
    const page = claimPage(await (await browser()).newPage());
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      if (request.url().startsWith('data:')) void request.continue();
      else void request.abort();
    });
    await page.addScriptTag({ content: await readFile(MERMAID_SCRIPT, 'utf8') });
    return page;
  };

  const draw = async (source: string, theme: PictureTheme): Promise<DiagramResult> => {
    tab ??= open();
    const page = await tab;
    const faces = theme.fontFaces === fontsShown ? null : await loadableFonts(theme.fontFaces);
    const id = `pd-mermaid-${createHash('sha256')
      .update(`${themeKey(theme)}\n${source}`)
      .digest('hex')
      .slice(0, 12)}`;
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<'too-slow'>((done) => {
      timer = setTimeout(() => done('too-slow'), DRAW_LIMIT_MS);
    });
    try {
      const args = { id, source, config: mermaidConfig(theme), faces, family: theme.font };
      const result = await Promise.race([page.evaluate(drawInPage, args), limit]);
      if (result === 'too-slow') {
        // The tab may still be busy with it: the next diagram gets a fresh one.
        tab = undefined;
        fontsShown = undefined;
        void page.close().catch(() => {});
        return { error: `drawing it took longer than ${DRAW_LIMIT_MS / 1000} s` };
      }
      if (faces !== null) fontsShown = theme.fontFaces;
      return result;
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    render(source, theme) {
      const drawn = queue.then(() => draw(source, theme));
      queue = drawn.catch(() => {});
      return drawn;
    },
    async close() {
      const page = await tab?.catch(() => undefined);
      tab = undefined;
      await page?.close().catch(() => {});
    },
  };
}

/** The theme's `@font-face` rules with their `file:` fonts read into `data:` URLs the tab may load. */
async function loadableFonts(faces: string): Promise<string> {
  const files = [...new Set([...faces.matchAll(/url\("(file:[^"]+)"\)/g)].map((m) => m[1] ?? ''))];
  const data = new Map<string, string>();
  await Promise.all(
    files.map(async (url) => {
      const bytes = await readFile(fileURLToPath(url)).catch(() => undefined);
      const type = url.endsWith('.woff2') ? 'font/woff2' : url.endsWith('.woff') ? 'font/woff' : 'font/ttf';
      if (bytes) data.set(url, `data:${type};base64,${bytes.toString('base64')}`);
    }),
  );
  return faces.replace(/url\("(file:[^"]+)"\)/g, (whole, url: string) =>
    data.has(url) ? `url("${data.get(url)}")` : whole,
  );
}

interface DrawArgs {
  id: string;
  source: string;
  config: Record<string, unknown>;
  /** The theme's font faces when they differ from those the tab has; null to keep them. */
  faces: string | null;
  family: string;
}

/**
 * Runs in the tab (serialised by Puppeteer: everything it uses is defined inside). Installs the font
 * faces, waits for the theme's font, then lets Mermaid draw; a diagram Mermaid cannot parse comes back
 * as its message.
 */
async function drawInPage(args: DrawArgs): Promise<DiagramResult> {
  if (args.faces !== null) {
    let style = document.getElementById('pd-fonts');
    if (!style) {
      style = document.createElement('style');
      style.id = 'pd-fonts';
      document.head.append(style);
    }
    style.textContent = args.faces;
  }
  await Promise.all(
    ['400', '700'].map((weight) => document.fonts.load(`${weight} 20px ${args.family}`).catch(() => [])),
  );
  mermaid.initialize(args.config);
  try {
    const { svg } = await mermaid.render(args.id, args.source);
    return { svg };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  } finally {
    // What Mermaid leaves in the page when it fails.
    for (const id of [args.id, `d${args.id}`, `i${args.id}`]) document.getElementById(id)?.remove();
  }
}

/** The part of Mermaid's API the tab uses. */
declare const mermaid: {
  initialize(config: Record<string, unknown>): void;
  render(id: string, source: string): Promise<{ svg: string }>;
};
