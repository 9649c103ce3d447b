import { contrast, hex, luminance, parseColour } from './colours.ts';
import type { PictureTheme } from './fence.ts';

/** Pictures of a deck whose theme says nothing usable: dark text on white, the browser's sans-serif. */
export const DEFAULT_PICTURE_THEME: PictureTheme = {
  dark: false,
  background: '#ffffff',
  text: '#222222',
  accent: '#2a76dd',
  font: 'Helvetica, Arial, sans-serif',
  fontFaces: '',
};

/**
 * A theme's look for pictures, from its stylesheet's reveal.js variables (`--r-background-color`,
 * `--r-main-color`, `--r-link-color`, `--r-main-font`), each falling back to the default. `fontUrl`
 * turns a `url()` of the stylesheet into a URL a renderer can load (`file:` or `data:`), or undefined to
 * leave that font face out.
 */
export function pictureTheme(css: string, fontUrl: (url: string) => string | undefined): PictureTheme {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  const variable = (name: string): string | undefined => {
    const all = [...text.matchAll(new RegExp(`--r-${name}\\s*:\\s*([^;}]+)`, 'g'))];
    return all.at(-1)?.[1]?.trim();
  };
  const colour = (name: string, fallback: string): string => {
    const parsed = parseColour(variable(name) ?? '');
    return parsed ? hex(parsed) : fallback;
  };
  const background = colour('background-color', DEFAULT_PICTURE_THEME.background);
  const dark = luminance(background) < 0.2;
  const fallbackText = dark ? '#f0f0f0' : DEFAULT_PICTURE_THEME.text;
  let foreground = colour('main-color', fallbackText);
  // A theme that sets no text colour for its background still gets pictures one can read.
  if (contrast(foreground, background) < 4.5) foreground = fallbackText;
  const font = variable('main-font') ?? DEFAULT_PICTURE_THEME.font;
  return {
    dark,
    background,
    text: foreground,
    accent: colour('link-color', DEFAULT_PICTURE_THEME.accent),
    font,
    fontFaces: fontFaces(text, firstFamily(font), fontUrl),
  };
}

/** The part of a theme that decides how its pictures look: the key they are cached under. */
export function themeKey(theme: PictureTheme): string {
  const { dark, background, text, accent, font } = theme;
  return JSON.stringify({ dark, background, text, accent, font });
}

/** `'Inter', 'Helvetica Neue', Arial` is `inter`. */
function firstFamily(font: string): string {
  return (font.split(',')[0] ?? '')
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
}

/** The upright `@font-face` rules of one family, their URLs made loadable; faces with none are dropped. */
function fontFaces(css: string, family: string, fontUrl: (url: string) => string | undefined): string {
  const faces: string[] = [];
  for (const [rule] of css.matchAll(/@font-face\s*\{[^}]*\}/g)) {
    const name = /font-family\s*:\s*([^;}]+)/.exec(rule)?.[1];
    if (name === undefined || firstFamily(name) !== family) continue;
    if (/font-style\s*:\s*(italic|oblique)/.test(rule)) continue;
    let usable = true;
    const local = rule.replace(/url\(\s*(["']?)([^"')]+)\1\s*\)/g, (_whole, _quote, url: string) => {
      const loadable = url.startsWith('data:') ? url : fontUrl(url);
      if (loadable === undefined) usable = false;
      return `url("${loadable ?? ''}")`;
    });
    if (usable) faces.push(local);
  }
  return faces.join('\n');
}
