import { join, relative, sep } from 'node:path';
import type { IndexCut, IndexDeck, IndexPage } from '../render/render-index.ts';
import type { IndexEntry, PlannedPage } from './build-plan.ts';
import { handoutFileName, pdfFileName, pptxFileName, singleFileName } from './output-names.ts';

/** The output folder's index page, and the list behind it that the next build reads back. */
export const INDEX_FILE = 'index.html';
export const INDEX_MANIFEST = '.pitchdeck-index.json';

/** The index's entry for one page of this run. */
export function indexEntry(page: PlannedPage, out: string, existing: (path: string) => boolean): IndexEntry {
  const link = (path: string | undefined) =>
    path !== undefined && isBelow(out, path) ? treePath(out, path) : null;
  return {
    deck: page.deck.name,
    source: page.deck.path,
    audience: page.audience ?? null,
    recipient: page.recipient?.name ?? null,
    title: page.deck.config.title,
    slides: page.deck.slides.length,
    page: treePath(out, page.htmlPath),
    // Made by this run, or already beside the page from an earlier one.
    pdf: link(page.pdfPath) ?? link(existingPath(join(page.dir, pdfFileName(page)), existing)),
    singleFile:
      link(page.singleFilePath) ?? link(existingPath(join(page.dir, singleFileName(page)), existing)),
    pptx: link(page.pptxPath) ?? link(existingPath(join(page.dir, pptxFileName(page)), existing)),
    handout: link(page.handoutPath) ?? link(existingPath(join(page.dir, handoutFileName(page)), existing)),
  };
}

/**
 * Every cut the output folder holds: the earlier runs' entries whose pages are still there, with this
 * run's pages in place of the same ones, grouped by deck in name order.
 */
export function mergeIndex(previous: readonly IndexEntry[], current: readonly IndexEntry[]): IndexEntry[] {
  const byPage = new Map(previous.map((e) => [e.page, e] as const));
  for (const entry of current) byPage.set(entry.page, entry);
  const decks = new Map<string, IndexEntry[]>();
  for (const entry of byPage.values()) {
    const cuts = decks.get(entry.deck) ?? [];
    cuts.push(entry);
    decks.set(entry.deck, cuts);
  }
  return [...decks.keys()].sort().flatMap((name) => decks.get(name) ?? []);
}

/** What `index.hbs` receives for a list of entries. */
export function indexPage(entries: readonly IndexEntry[], version: string): IndexPage {
  const decks = new Map<string, IndexDeck>();
  for (const entry of entries) {
    let deck = decks.get(entry.deck);
    if (!deck) {
      deck = { name: entry.deck, source: entry.source, cuts: [] };
      decks.set(entry.deck, deck);
    }
    const cut: IndexCut = {
      audience: entry.audience,
      recipient: entry.recipient,
      label: entry.recipient ?? entry.audience ?? 'everyone',
      title: entry.title,
      slides: entry.slides,
      href: href(entry.page),
      pdfHref: entry.pdf === null ? null : href(entry.pdf),
      singleFileHref: entry.singleFile === null ? null : href(entry.singleFile),
      pptxHref: entry.pptx ? href(entry.pptx) : null,
      handoutHref: entry.handout ? href(entry.handout) : null,
    };
    deck.cuts.push(cut);
  }
  const list = [...decks.values()];
  return {
    version,
    decks: list,
    summary: `${plural(entries.length, 'page')} of ${plural(list.length, 'deck')}`,
  };
}

function existingPath(path: string, existing: (path: string) => boolean): string | undefined {
  return existing(path) ? path : undefined;
}

/** A path below the output folder as the index stores it: relative, `/`-separated. */
function treePath(out: string, path: string): string {
  return relative(out, path).split(sep).join('/');
}

/** A link from the index to a stored path: each segment escaped. */
function href(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function isBelow(out: string, path: string): boolean {
  const rel = relative(out, path);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
