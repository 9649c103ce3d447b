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

/**
 * One file of the shared assets folder. The build writes it to disk, `pitchdeck serve` answers
 * `/_assets/<path>` with it, and `--single-file` inlines it: all three from this one list.
 */
export interface SharedAsset {
  /** Path below the assets folder, `/`-separated: `reveal/reveal.js`, `theme/pitch.css`. */
  path: string;
  /** A file to copy as it is (from node_modules or templates/), or text pitchdeck made (a theme). */
  source: { file: string } | { text: string };
}

/** The highlight.js styles a deck may name in `highlightTheme`. */
export async function highlightThemeNames(): Promise<Set<string>> {
  const names = await readdir(highlightStyles());
  return new Set(
    names.filter((n) => n.endsWith('.css') && !n.endsWith('.min.css')).map((n) => n.slice(0, -4)),
  );
}

/**
 * The shared assets the decks need: reveal.js and its plugins, pitchdeck.css, the themes they use with
 * their Google Fonts replaced by self-hosted fonts, and their code styles. Nothing is written.
 */
export async function sharedAssets(decks: readonly Deck[]): Promise<SharedAsset[]> {
  const reveal = revealDist();
  const assets: SharedAsset[] = REVEAL_FILES.map((file) => ({
    path: `reveal/${file}`,
    source: { file: join(reveal, file) },
  }));
  assets.push({ path: 'pitchdeck.css', source: { file: join(TEMPLATES_DIR, 'styles', 'pitchdeck.css') } });
  const themes = [
    ...new Set(decks.flatMap((d) => (d.config.theme.type === 'named' ? [d.config.theme.name] : []))),
  ];
  const fonts = new Map<string, string>();
  for (const [i, { css, files }] of (await Promise.all(themes.map(loadThemeStylesheet))).entries()) {
    assets.push({ path: `theme/${themes[i]}.css`, source: { text: css } });
    // Two themes may share a font family; its files are listed once.
    for (const f of files) fonts.set(f.to, f.from);
  }
  for (const [to, from] of fonts) assets.push({ path: to, source: { file: from } });
  for (const style of new Set(decks.map((d) => d.config.highlightTheme))) {
    assets.push({
      path: `highlight/${style}.css`,
      source: { file: join(highlightStyles(), `${style}.css`) },
    });
  }
  return assets;
}

/**
 * Writes the shared assets once into `<out>/_assets`, all from node_modules and templates/: a built deck
 * needs no network.
 */
export async function writeSharedAssets(out: string, decks: readonly Deck[]): Promise<void> {
  const dir = join(out, ASSETS_DIR);
  const assets = await sharedAssets(decks);
  await Promise.all(
    assets.map(({ path, source }) =>
      'file' in source
        ? copyFileAtomic(source.file, join(dir, ...path.split('/')))
        : writeIfChanged(join(dir, ...path.split('/')), source.text),
    ),
  );
}
