import { join } from 'node:path';
import type { Deck } from '../model.ts';
import {
  type FallbackCatalog,
  fallbackFaces,
  fallbackFontPath,
  needsFallbackFonts,
} from '../render/script-fonts.ts';
import type { PackageResources, SharedAsset } from './build-plan.ts';

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
 * The shared assets the decks need: reveal.js and its plugins, pitchdeck.css, the themes they use with
 * their Google Fonts replaced by self-hosted fonts, KaTeX's stylesheet and fonts when a deck has maths,
 * the fallback fonts' subsets their text needs, and their code styles. The build writes them to
 * `<out>/_assets`, `pitchdeck serve` answers `/_assets/<path>` with them and `--single-file` inlines
 * them: all three from this one list.
 */
export async function sharedAssets(
  decks: readonly Deck[],
  resources: PackageResources,
): Promise<SharedAsset[]> {
  const assets: SharedAsset[] = REVEAL_FILES.map((file) => ({
    path: `reveal/${file}`,
    source:
      file === 'reveal.css' && resources.revealCss !== undefined
        ? { text: resources.revealCss }
        : { file: join(resources.revealDist, file) },
  }));
  assets.push({ path: 'pitchdeck.css', source: { file: join(resources.stylesDir, 'pitchdeck.css') } });
  const themes = [
    ...new Set(decks.flatMap((d) => (d.config.theme.type === 'named' ? [d.config.theme.name] : []))),
  ];
  const fonts = new Map<string, string>();
  for (const [i, { css, files }] of (
    await Promise.all(themes.map((t) => resources.loadTheme(t)))
  ).entries()) {
    assets.push({ path: `theme/${themes[i]}.css`, source: { text: css } });
    // Two themes may share a font family; its files are listed once.
    for (const f of files) fonts.set(f.to, f.from);
  }
  // The fallback fonts' subsets some deck's text needs, each once.
  for (const deck of decks) {
    for (const { face } of fallbackFaces(deck, await fallbackCatalog(deck, resources)))
      fonts.set(fallbackFontPath(face), face.path);
  }
  for (const [to, from] of fonts) assets.push({ path: to, source: { file: from } });
  if (decks.some((d) => d.maths)) {
    // KaTeX's stylesheet and fonts, for decks with typeset maths only.
    const { css, files } = await resources.loadMaths();
    assets.push({ path: 'katex/katex.css', source: { text: css } });
    for (const f of files) assets.push({ path: f.to, source: { file: f.from } });
  }
  for (const style of new Set(decks.map((d) => d.config.highlightTheme))) {
    assets.push({
      path: `highlight/${style}.css`,
      source: { file: join(resources.highlightStyles, `${style}.css`) },
    });
  }
  return assets;
}

/** The fallback fonts' catalog when a deck's text needs it, read through the resources' loader. */
export async function fallbackCatalog(
  deck: Deck,
  resources: PackageResources,
): Promise<FallbackCatalog | undefined> {
  return needsFallbackFonts(deck) ? resources.loadFallbackFonts?.() : undefined;
}
