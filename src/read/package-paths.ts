import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: two levels above this module in both src/io and lib/io. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const TEMPLATES_DIR = join(PACKAGE_ROOT, 'templates');

const require = createRequire(import.meta.url);

/** reveal.js's dist folder; its package.json is not exported, so resolve the main file instead. */
export function revealDist(): string {
  return dirname(require.resolve('reveal.js'));
}

/** highlight.js's styles folder. */
export function highlightStyles(): string {
  return join(dirname(require.resolve('highlight.js/package.json')), 'styles');
}

/** KaTeX's dist folder (its stylesheet and fonts). */
export function katexDist(): string {
  return dirname(require.resolve('katex'));
}
