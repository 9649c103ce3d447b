import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { compileIndexTemplate, type IndexDeck, type IndexPage } from '../render/render-index.ts';
import type { BuiltDeck } from './build.ts';
import { pdfFileName } from './output-names.ts';
import { TEMPLATES_DIR } from './package-paths.ts';
import { singleFilePath } from './single-file.ts';
import { writeFileAtomic } from './write-files.ts';

export interface IndexOptions {
  /** The output folder; the index goes to `<out>/index.html`. */
  out: string;
  /** PDFs are being exported beside the pages: link them even before they exist. */
  pdf?: boolean | undefined;
  /** Single-file decks are being written beside the pages: link them too. */
  singleFile?: boolean | undefined;
  version: string;
}

/** The index page's template: the user's `index.hbs` when their templates folder has one. */
export async function loadIndexTemplate(
  templates: string | undefined,
  cwd: string,
): Promise<(page: IndexPage) => string> {
  const own = templates === undefined ? undefined : join(templates, 'index.hbs');
  const path = own !== undefined && existsSync(own) ? own : join(TEMPLATES_DIR, 'index.hbs');
  return compileIndexTemplate({ text: await readFile(path, 'utf8'), file: relative(cwd, path) || path });
}

/**
 * Renders `<out>/index.html`, a page linking every deck and cut of this build to its HTML, PDF and single
 * file. Each is linked when it is already beside the page or the options say it is on its way.
 */
export function renderIndex(
  built: readonly BuiltDeck[],
  template: (page: IndexPage) => string,
  options: IndexOptions,
): string {
  const decks = new Map<string, IndexDeck>();
  for (const cut of built) {
    let deck = decks.get(cut.deck.path);
    if (!deck) {
      deck = { name: cut.deck.name, source: cut.deck.path, cuts: [] };
      decks.set(cut.deck.path, deck);
    }
    const pdf = join(cut.dir, pdfFileName(cut));
    const single = singleFilePath(cut);
    deck.cuts.push({
      audience: cut.audience ?? null,
      recipient: cut.recipient?.name ?? null,
      label: cut.recipient?.name ?? cut.audience ?? 'everyone',
      title: cut.deck.config.title,
      slides: cut.deck.slides.length,
      href: href(options.out, cut.htmlPath),
      pdfHref: options.pdf === true || existsSync(pdf) ? href(options.out, pdf) : null,
      singleFileHref: options.singleFile === true || existsSync(single) ? href(options.out, single) : null,
    });
  }
  const list = [...decks.values()];
  const summary = `${plural(built.length, 'page')} of ${plural(list.length, 'deck')}`;
  return template({ version: options.version, decks: list, summary });
}

/** Writes the index atomically; returns its path. */
export async function writeIndex(html: string, out: string): Promise<string> {
  const path = join(out, 'index.html');
  await writeFileAtomic(path, html);
  return path;
}

/** A link from the index to a file below `out`: forward slashes, each segment escaped. */
function href(out: string, path: string): string {
  return relative(out, path).split(sep).map(encodeURIComponent).join('/');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
