/**
 * Reads a theme stylesheet and the self-hosted font files it needs, so a deck
 * opened from `file://` makes no network request.
 *
 * @module
 */

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILTIN_THEMES, OWN_THEMES } from '../model.ts';
import type { LocalizedStylesheet } from '../plan/build-plan.ts';
import { FALLBACK_FAMILY } from '../render/script-fonts.ts';
import type { FontsourceMetadata, FontsourceUnicodeRanges } from '../render/theme-fonts.ts';
import {
  findGoogleFontImports,
  findRemoteUrls,
  fontFaceCss,
  fontsourceFiles,
  fontsourcePackageName,
  withFallbackFamily,
} from '../render/theme-fonts.ts';

const require = createRequire(import.meta.url);

// src/read/ and lib/read/ both sit two levels below the package root.
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Folder of the font files inside the assets folder; also the URL path below it. */
const FONTS_DIR = 'fonts';

/**
 * Loads a named theme (one of reveal.js's built-in themes or pitchdeck's own
 * `pitch`) with its Google Fonts imports replaced by self-hosted `@font-face` rules.
 *
 * The returned CSS is meant to be written to `<assets>/theme/<theme>.css`: its
 * font URLs are `../fonts/<id>/<file>.woff2`, and each `files` entry's `to` is
 * `fonts/<id>/<file>.woff2`, relative to `<assets>`. Every font list names the fallback family
 * ({@link FALLBACK_FAMILY}) before its generic family.
 *
 * @throws Error if the theme name is unknown, a font package is missing, or the
 *   CSS would still load anything from the network
 */
export async function loadThemeStylesheet(theme: string): Promise<LocalizedStylesheet> {
  const source = themeSourcePath(theme);
  const css = await readFile(source, 'utf8');
  const localized = await localizeGoogleFonts(css, `../${FONTS_DIR}`, source);
  // What the theme's fonts cannot draw (Chinese, Arabic, emoji) falls to the fonts each page declares.
  return { ...localized, css: withFallbackFamily(localized.css, FALLBACK_FAMILY) };
}

/**
 * Replaces the Google Fonts `@import`s of any stylesheet with `@font-face` rules
 * for the matching `@fontsource/*` woff2 files (latin and latin-ext subsets).
 *
 * @param fontsUrl - URL of the assets' `fonts` folder relative to where the CSS will be written
 * @param label - names the stylesheet in error messages
 * @throws Error if a family has no installed `@fontsource` package, or a remote URL remains
 */
export async function localizeGoogleFonts(
  css: string,
  fontsUrl: string,
  label = 'stylesheet',
): Promise<LocalizedStylesheet> {
  const { requests, cssWithoutImports } = findGoogleFontImports(css);
  const blocks: string[] = [];
  const files: LocalizedStylesheet['files'] = [];
  for (const request of requests) {
    const packageName = fontsourcePackageName(request.family);
    const metadata = await readFontsourceMetadata(packageName, request.family, label);
    const unicodeRanges = await readUnicodeRanges(packageName);
    const { fontFaces } = fontsourceFiles(request, metadata, unicodeRanges);
    for (const face of fontFaces) {
      files.push({
        from: resolveFrom(`${packageName}/files/${face.file}`, label),
        to: `${FONTS_DIR}/${metadata.id}/${face.file}`,
      });
    }
    blocks.push(fontFaceCss(metadata.family, fontFaces, `${fontsUrl.replace(/\/+$/, '')}/${metadata.id}`));
  }

  // @font-face may come first: the only rules that must precede it are @charset and @import.
  const { prelude, rest } = splitPrelude(cssWithoutImports);
  const localized = blocks.length === 0 ? cssWithoutImports : `${prelude}${blocks.join('\n\n')}\n\n${rest}`;

  const remote = findRemoteUrls(localized);
  if (remote.length > 0) {
    throw new Error(
      `${label} would load ${remote.join(', ')} from the network; pitchdeck decks must work offline`,
    );
  }
  return { css: localized, files };
}

function themeSourcePath(theme: string): string {
  if ((OWN_THEMES as readonly string[]).includes(theme)) {
    return path.join(PACKAGE_ROOT, 'templates', 'themes', `${theme}.css`);
  }
  if ((BUILTIN_THEMES as readonly string[]).includes(theme)) {
    return resolveFrom(`reveal.js/theme/${theme}.css`, `theme ${theme}`);
  }
  throw new Error(`unknown theme "${theme}"`);
}

async function readFontsourceMetadata(
  packageName: string,
  family: string,
  label: string,
): Promise<FontsourceMetadata> {
  const file = resolveFrom(`${packageName}/metadata.json`, label, family);
  const data: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (
    !isRecord(data) ||
    typeof data.id !== 'string' ||
    typeof data.family !== 'string' ||
    !isArrayOf(data.subsets, 'string') ||
    !isArrayOf(data.weights, 'number') ||
    !isArrayOf(data.styles, 'string')
  ) {
    throw new Error(`${file} is not a Fontsource v5 metadata file`);
  }
  return {
    id: data.id,
    family: data.family,
    subsets: data.subsets,
    weights: data.weights,
    styles: data.styles,
  };
}

async function readUnicodeRanges(packageName: string): Promise<FontsourceUnicodeRanges> {
  const file = require.resolve(`${packageName}/unicode.json`);
  const data: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (!isRecord(data) || !Object.values(data).every((value) => typeof value === 'string')) {
    throw new Error(`${file} is not a Fontsource v5 unicode file`);
  }
  return data as FontsourceUnicodeRanges;
}

function resolveFrom(specifier: string, label: string, family?: string): string {
  try {
    return require.resolve(specifier);
  } catch (error) {
    const packageName = specifier.startsWith('@')
      ? specifier.split('/').slice(0, 2).join('/')
      : (specifier.split('/')[0] ?? '');
    const what = family === undefined ? specifier : `the font "${family}"`;
    throw new Error(`${label} needs ${what}, but ${packageName} has no such file; is it installed?`, {
      cause: error,
    });
  }
}

// Keeps a leading @charset and any remaining @import (and the comments around them)
// ahead of the new rules, since an @import after another rule is ignored.
function splitPrelude(css: string): { prelude: string; rest: string } {
  const match = /^(?:\s|\/\*[\s\S]*?\*\/|@charset\s+"[^"]*";|@import\s[^;]*;)*/.exec(css);
  const length = match?.[0].length ?? 0;
  return { prelude: css.slice(0, length), rest: css.slice(length) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isArrayOf<T extends 'string' | 'number'>(
  value: unknown,
  type: T,
): value is (T extends 'string' ? string : number)[] {
  return Array.isArray(value) && value.every((item) => typeof item === type);
}
