import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Deck } from '../model.ts';
import { highlightStyles, revealDist, TEMPLATES_DIR } from './package-paths.ts';
import { loadThemeStylesheet } from './theme-assets.ts';
import { copyFileAtomic, writeIfChanged } from './write-files.ts';

/** The shared assets folder's name inside the output folder; decks link to it relatively. */
export const ASSETS_DIR = '_assets';

const REVEAL_FILES = [
  'reveal.js',
  'reveal.css',
  'reset.css',
  'plugin/notes.js',
  'plugin/zoom.js',
  'plugin/search.js',
];

/** The highlight.js styles a deck may name in `highlightTheme`. */
export async function highlightThemeNames(): Promise<Set<string>> {
  const names = await readdir(highlightStyles());
  return new Set(
    names.filter((n) => n.endsWith('.css') && !n.endsWith('.min.css')).map((n) => n.slice(0, -4)),
  );
}

/**
 * Writes reveal.js, its plugins, the themes and code styles the decks use, and their fonts, once into
 * `<out>/_assets`, all from node_modules: a built deck needs no network.
 */
export async function writeSharedAssets(out: string, decks: readonly Deck[]): Promise<void> {
  const dir = join(out, ASSETS_DIR);
  const reveal = revealDist();
  const copies: Promise<void>[] = REVEAL_FILES.map((file) =>
    copyFileAtomic(join(reveal, file), join(dir, 'reveal', file)),
  );
  copies.push(copyFileAtomic(join(TEMPLATES_DIR, 'styles', 'pitchdeck.css'), join(dir, 'pitchdeck.css')));
  const themes = new Set(
    decks.flatMap((d) => (d.config.theme.type === 'named' ? [d.config.theme.name] : [])),
  );
  for (const theme of themes) {
    copies.push(
      loadThemeStylesheet(theme).then(async ({ css, files }) => {
        await writeIfChanged(join(dir, 'theme', `${theme}.css`), css);
        await Promise.all(files.map((f) => copyFileAtomic(f.from, join(dir, f.to))));
      }),
    );
  }
  for (const style of new Set(decks.map((d) => d.config.highlightTheme))) {
    copies.push(
      copyFileAtomic(join(highlightStyles(), `${style}.css`), join(dir, 'highlight', `${style}.css`)),
    );
  }
  await Promise.all(copies);
}
