import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LocalizedStylesheet } from '../plan/build-plan.ts';
import { katexDist } from './package-paths.ts';

/**
 * KaTeX's stylesheet with each font given as woff2 alone (every browser that runs reveal.js reads it),
 * and those font files: written to `<assets>/katex/`, inlined in a single file. The woff and ttf copies
 * it also names would only make the single file bigger.
 *
 * @throws Error when KaTeX's files are not where its package puts them.
 */
export async function loadMathsStylesheet(): Promise<LocalizedStylesheet> {
  const dist = katexDist();
  const css = await readFile(join(dist, 'katex.min.css'), 'utf8');
  const fonts = new Set<string>();
  const woff2Only = css.replace(/src:([^;}]*)/g, (whole, sources: string) => {
    const woff2 = /url\((fonts\/[^)]+\.woff2)\)\s*format\(["']woff2["']\)/.exec(sources);
    if (!woff2?.[1]) return whole;
    fonts.add(woff2[1]);
    return `src:url(${woff2[1]}) format("woff2")`;
  });
  return {
    css: woff2Only,
    files: [...fonts].map((font) => ({ from: join(dist, font), to: `katex/${font}` })),
  };
}
