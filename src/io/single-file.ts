import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Warning } from '../errors.ts';
import type { Deck, RenderedDeck } from '../model.ts';
import { inlinePage } from '../render/inline-page.ts';
import { type CutName, cutStem } from './output-names.ts';
import { ASSETS_DIR, sharedAssets } from './shared-assets.ts';
import { writeFileAtomic } from './write-files.ts';

/** A page as the build planned it: what `--single-file` needs to make it self-contained. */
export interface SingleFileSource extends CutName {
  deck: Deck;
  rendered: RenderedDeck;
  /** The deck's own folder, where the files it links are read from. */
  sourceDir: string;
  /** The cut's folder in the output; the single file goes there, beside index.html. */
  dir: string;
  /** The deck's files as the build copies them beside the page. */
  copies: readonly { from: string; to: string }[];
}

export interface WrittenSingleFile {
  path: string;
  bytes: number;
  warnings: Warning[];
}

/** Shared assets by their path in the output tree (`_assets/reveal/reveal.js`), as bytes. */
export type SharedAssetBytes = ReadonlyMap<string, Uint8Array>;

/**
 * Reads the shared assets of the decks once, before anything is written, so a failure here leaves the
 * output untouched.
 */
export async function readSharedAssetBytes(decks: readonly Deck[]): Promise<SharedAssetBytes> {
  const entries = await Promise.all(
    (await sharedAssets(decks)).map(
      async ({ path, source }): Promise<[string, Uint8Array]> => [
        `${ASSETS_DIR}/${path}`,
        'file' in source ? await readFile(source.file) : new TextEncoder().encode(source.text),
      ],
    ),
  );
  return new Map(entries);
}

/** `dist/elixir-pitch/cto/elixir-pitch-cto.html`: beside the cut's index.html, named like its PDF. */
export function singleFilePath(page: { dir: string } & CutName): string {
  const stem = cutStem(page);
  // A deck named index.md would otherwise overwrite its own page.
  return join(page.dir, `${stem === 'index' ? 'index-single' : stem}.html`);
}

/**
 * Writes one self-contained HTML file for a planned page: reveal.js, plugins, theme, fonts, code style
 * and the deck's images inlined, so it presents, shows the speaker view and prints from `file://` with
 * no network. Files a stylesheet beside the deck links (`url(bg.png)`) are found and inlined too.
 */
export async function writeSingleFile(
  shared: SharedAssetBytes,
  page: SingleFileSource,
  out: string,
): Promise<WrittenSingleFile> {
  const tree = (path: string) => relative(out, path).split(sep).join('/');
  const pageDir = tree(page.dir);
  const files = new Map(shared);
  await Promise.all(
    page.copies.map(async (c) => {
      files.set(tree(c.to), await readFile(c.from));
    }),
  );
  let inlined = inlinePage(page.rendered.html, { pagePath: `${pageDir}/index.html`, files });
  // A pass finds what stylesheets beside the deck link; the next inlines it. Imports nest, hence a loop.
  for (let pass = 0; pass < 4 && inlined.missing.length > 0; pass++) {
    const found = await readDeckFiles(inlined.missing, pageDir, page.sourceDir);
    if (found.size === 0) break;
    for (const [path, bytes] of found) files.set(path, bytes);
    inlined = inlinePage(page.rendered.html, { pagePath: `${pageDir}/index.html`, files });
  }

  const path = singleFilePath(page);
  const warnings = singleFileWarnings(inlined, page, pageDir, new Set(files.keys()));
  const data = new TextEncoder().encode(inlined.html);
  await writeFileAtomic(path, data);
  return { path, bytes: data.byteLength, warnings };
}

/** Files below the page's folder in the tree, read from the same place below the deck's folder. */
async function readDeckFiles(
  paths: readonly string[],
  pageDir: string,
  sourceDir: string,
): Promise<Map<string, Uint8Array>> {
  const found = new Map<string, Uint8Array>();
  for (const path of paths) {
    if (!path.startsWith(`${pageDir}/`)) continue;
    const from = resolve(sourceDir, path.slice(pageDir.length + 1));
    const inside = relative(sourceDir, from);
    if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) continue;
    const info = await stat(from).catch(() => undefined);
    if (info?.isFile()) found.set(path, await readFile(from));
  }
  return found;
}

/**
 * What the single file could not carry. Files the build already warned about (missing, outside the
 * deck's folder) are not repeated.
 */
function singleFileWarnings(
  inlined: { missing: string[]; linked: string[] },
  page: SingleFileSource,
  pageDir: string,
  present: ReadonlySet<string>,
): Warning[] {
  const deckPath = (path: string) => (path.startsWith(`${pageDir}/`) ? path.slice(pageDir.length + 1) : path);
  const lineOf = (path: string) => page.rendered.assets.find((a) => a.path === path)?.line ?? 0;
  const warned = new Set(page.rendered.assets.map((a) => a.path));
  const warnings: Warning[] = [];
  for (const path of inlined.missing.map(deckPath)) {
    if (warned.has(path)) continue;
    warnings.push({
      file: page.deck.path,
      line: lineOf(path),
      code: 'not-inlined',
      message: `"${path}" is not in the single file: no such file beside the deck`,
    });
  }
  for (const path of new Set(inlined.linked.filter((p) => present.has(p)).map(deckPath))) {
    warnings.push({
      file: page.deck.path,
      line: lineOf(path),
      code: 'single-file-link',
      message: `"${path}" stays a link in the single file (links, frames and background videos cannot be inlined); send it along`,
    });
  }
  return warnings;
}
