import { dirname, posix, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PictureOptions } from '../deck/build-deck.ts';
import type { DeckText, PictureTheme } from '../deck/fences/fence.ts';
import { DEFAULT_PICTURE_THEME, pictureTheme } from '../deck/fences/picture-theme.ts';
import type { ThemeRef } from '../model.ts';
import type { BuildInputs, FileView, PlanOptions, UserStylesheet } from './build-plan.ts';
import { deckFile } from './deck-files.ts';

/** A deck's folder, as named and as it really is. */
export interface DeckDir {
  path: string;
  real: string;
}

/**
 * What a plan draws its decks' pictures with: the look of each theme (read once per plan), the browser
 * the caller gave for diagrams, the deck's files through the plan's file view, and the picture cache.
 */
export function planPictures(
  inputs: BuildInputs,
  options: PlanOptions,
  themeFile?: { path: string; sheet: UserStylesheet } | undefined,
): { forDeck(dir: DeckDir): PictureOptions } {
  const looks = new Map<string, Promise<PictureTheme>>();
  return {
    forDeck(dir) {
      return {
        theme(theme) {
          const key =
            theme.type === 'named'
              ? `named:${theme.name}`
              : theme.type === 'asset'
                ? `asset:${theme.path}`
                : `file:${resolve(dir.path, theme.path)}`;
          let look = looks.get(key);
          if (!look) {
            look =
              theme.type === 'asset' && themeFile?.path === theme.path
                ? Promise.resolve(sheetLook(themeFile.sheet, inputs.files))
                : themeLook(theme, inputs, dir);
            looks.set(key, look);
          }
          return look;
        },
        diagrams: options.diagrams,
        readFile: (path) => readDeckText(inputs.files, dir, path),
        cache: inputs.pictureCache,
      };
    },
  };
}

async function themeLook(theme: ThemeRef, inputs: BuildInputs, dir: DeckDir): Promise<PictureTheme> {
  if (theme.type === 'named') {
    const { css, files } = await inputs.resources.loadTheme(theme.name);
    // The theme is written to `<assets>/theme/`; its font URLs are relative to that folder.
    return pictureTheme(css, (url) => {
      const to = posix.normalize(posix.join('theme', url));
      const file = files.find((f) => f.to === to);
      return file && pathToFileURL(file.from).href;
    });
  }
  if (theme.type === 'asset') return DEFAULT_PICTURE_THEME;
  const css = readDeckText(inputs.files, dir, theme.path);
  if (css.kind !== 'text') return DEFAULT_PICTURE_THEME;
  return pictureTheme(css.text, (url) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return undefined;
    const path = relative(dir.path, resolve(dir.path, dirname(theme.path), url.replace(/[?#].*$/, '')));
    const found = deckFile(inputs.files, dir, path);
    return found.kind === 'file' ? pathToFileURL(found.real).href : undefined;
  });
}

/** The look of a stylesheet named on the command line; its `url()`s resolve below its own folder. */
function sheetLook(sheet: UserStylesheet, files: FileView): PictureTheme {
  return pictureTheme(sheet.text, (url) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return undefined;
    const found = deckFile(files, sheet.dir, url.replace(/[?#].*$/, ''));
    return found.kind === 'file' ? pathToFileURL(found.real).href : undefined;
  });
}

/** A file beside a deck, judged like every file it links (symlinks out of its folder are refused). */
export function readDeckText(files: FileView, dir: DeckDir, path: string): DeckText {
  const found = deckFile(files, dir, path);
  if (found.kind !== 'file') return { kind: found.kind };
  const text = files.readText(found.real);
  return text === undefined ? { kind: 'unreadable' } : { kind: 'text', text };
}
