import { readFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import type { Warning } from '../errors.ts';
import type { BuildPlan, FileView, PlannedPage } from '../plan/build-plan.ts';
import { deckFile } from '../plan/deck-files.ts';
import { ASSETS_DIR } from '../plan/shared-assets.ts';
import { inlinePage } from '../render/inline-page.ts';
import { fileSystemError } from '../write/fs-errors.ts';

/** Shared assets by their path in the output tree (`_assets/reveal/reveal.js`), as bytes. */
export type SharedAssetBytes = ReadonlyMap<string, Uint8Array>;

/** Reads the plan's shared assets once for every single file of the run. */
export async function readSharedAssetBytes(plan: BuildPlan): Promise<SharedAssetBytes> {
  const entries = await Promise.all(
    plan.sharedAssets.map(
      async ({ path, source }): Promise<[string, Uint8Array]> => [
        `${ASSETS_DIR}/${path}`,
        'file' in source
          ? await readFile(source.file).catch((error: unknown) => {
              throw fileSystemError(error, source.file, 'read');
            })
          : new TextEncoder().encode(source.text),
      ],
    ),
  );
  return new Map(entries);
}

/**
 * One self-contained HTML file for a planned page: reveal.js, plugins, theme, fonts, code style and the
 * deck's images inlined, so it presents, shows the speaker view and prints from `file://` with no
 * network. Files a stylesheet beside the deck links (`url(bg.png)`) are found and inlined too, with the
 * same rule as every copy: only real files inside the deck's folder, symlinks resolved.
 */
export async function singleFile(
  shared: SharedAssetBytes,
  page: PlannedPage,
  out: string,
  files: FileView,
): Promise<{ bytes: Uint8Array; warnings: Warning[] }> {
  const tree = (path: string) => relative(out, path).split(sep).join('/');
  const pageDir = tree(page.dir);
  const inTree = new Map(shared);
  await Promise.all(
    page.copies.map(async (c) => {
      inTree.set(tree(c.to), await readFile(c.from));
    }),
  );
  let inlined = inlinePage(page.html, { pagePath: `${pageDir}/index.html`, files: inTree });
  // A pass finds what stylesheets beside the deck link; the next inlines it. Imports nest, hence a loop.
  for (let pass = 0; pass < 4 && inlined.missing.length > 0; pass++) {
    const found = await readDeckFiles(inlined.missing, pageDir, page, files);
    if (found.size === 0) break;
    for (const [path, bytes] of found) inTree.set(path, bytes);
    inlined = inlinePage(page.html, { pagePath: `${pageDir}/index.html`, files: inTree });
  }
  return {
    bytes: new TextEncoder().encode(inlined.html),
    warnings: singleFileWarnings(inlined, page, pageDir, new Set(inTree.keys())),
  };
}

/** Files below the page's folder in the tree, read from the same place below the deck's folder. */
async function readDeckFiles(
  paths: readonly string[],
  pageDir: string,
  page: PlannedPage,
  files: FileView,
): Promise<Map<string, Uint8Array>> {
  const found = new Map<string, Uint8Array>();
  for (const path of paths) {
    if (!path.startsWith(`${pageDir}/`)) continue;
    const file = deckFile(
      files,
      { path: page.sourceDir, real: page.sourceDirReal },
      path.slice(pageDir.length + 1),
    );
    if (file.kind === 'file') found.set(path, await readFile(file.real));
  }
  return found;
}

/**
 * What the single file could not carry. Files the build already warned about (missing, outside the
 * deck's folder) are not repeated.
 */
function singleFileWarnings(
  inlined: { missing: string[]; linked: string[] },
  page: PlannedPage,
  pageDir: string,
  present: ReadonlySet<string>,
): Warning[] {
  const deckPath = (path: string) => (path.startsWith(`${pageDir}/`) ? path.slice(pageDir.length + 1) : path);
  const lineOf = (path: string) => page.links.find((a) => a.path === path)?.line ?? 0;
  const warned = new Set(page.links.map((a) => a.path));
  const warnings: Warning[] = [];
  for (const path of inlined.missing.map(deckPath)) {
    if (warned.has(path)) continue;
    warnings.push({
      file: page.deck.path,
      line: lineOf(path),
      code: 'not-inlined',
      message: `"${path}" is not in the single file: no such file in the deck's folder`,
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
