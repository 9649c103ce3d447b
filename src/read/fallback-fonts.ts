/**
 * Reads the fallback fonts' catalog from the installed @fontsource Noto packages: each subset's file
 * and unicode range, for the pure choice in src/render/script-fonts.ts.
 *
 * @module
 */

import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  type FallbackCatalog,
  type FallbackFace,
  type FallbackScript,
  parseUnicodeRange,
} from '../render/script-fonts.ts';
import { readWoff2CodePoints } from './font-cmap.ts';

const require = createRequire(import.meta.url);

/**
 * The packages, and which of their subsets are the script's own: the CJK and emoji fonts come cut into
 * numbered slices (`[0]` … `[119]`), the others into one subset per script. Their Latin, Cyrillic and
 * Vietnamese subsets are left out: the themes' fonts draw those. The variable fonts carry every weight
 * in one file per subset (a tenth of the static packages' size).
 */
const PACKAGES: readonly {
  script: FallbackScript;
  name: string;
  subsets: (subset: string) => boolean;
  /** The file of a subset, by the subset's key in the file name (`119`, `arabic`). */
  file: (id: string, key: string) => string;
}[] = [
  ...(['sc', 'tc', 'jp', 'kr'] as const).map((script) => ({
    script,
    name: `@fontsource-variable/noto-sans-${script}`,
    subsets: (s: string) => /^\[\d+\]$/.test(s),
    file: (id: string, key: string) => `${id}-${key}-wght-normal.woff2`,
  })),
  ...(['arabic', 'hebrew', 'devanagari'] as const).map((script) => ({
    script,
    name: `@fontsource-variable/noto-sans-${script}`,
    subsets: (s: string) => s === script,
    file: (id: string, key: string) => `${id}-${key}-wght-normal.woff2`,
  })),
  {
    script: 'emoji',
    // Noto Color Emoji's subsets on npm carry SVG glyphs only, which Chromium does not draw: the
    // outline font prints everywhere. A colour emoji font on the machine is preferred (see LOCAL_EMOJI).
    name: '@fontsource/noto-emoji',
    subsets: (s: string) => /^\[\d+\]$/.test(s),
    file: (id: string, key: string) => `${id}-${key}-400-normal.woff2`,
  },
];

let catalog: Promise<FallbackCatalog> | undefined;

/**
 * Every fallback face of the installed packages, read once per process.
 *
 * @throws Error when a package is missing or a subset's file is not where its metadata says.
 */
export function readFallbackCatalog(): Promise<FallbackCatalog> {
  catalog ??= Promise.all([...PACKAGES.map(readPackage), themeRanges()]).then((read) => {
    const faces = read.slice(0, PACKAGES.length) as FallbackFace[][];
    const cmaps = new Map<FallbackFace, Set<number>>();
    return {
      faces: faces.flat(),
      themeRanges: read.at(-1) as [number, number][],
      // Read when a deck's text first asks: an English deck reads no font file at all.
      codePoints(face) {
        let points = cmaps.get(face);
        if (!points) {
          points = readWoff2CodePoints(face.path);
          cmaps.set(face, points);
        }
        return points;
      },
    };
  });
  // A failed read is not kept: the next build tries again.
  catalog.catch(() => {
    catalog = undefined;
  });
  return catalog;
}

/**
 * What the themes' fonts draw: Google Fonts' `latin` and `latin-ext` subsets, which every theme font
 * has (their ranges are the same in every Fontsource package); and what is left to the theme's font or
 * the machine's: the Greek and Cyrillic blocks, arrows and mathematical operators (symbols, not a
 * script: an English deck with an arrow needs no Chinese font).
 */
async function themeRanges(): Promise<[number, number][]> {
  const root = dirname(require.resolve('@fontsource-variable/noto-sans-sc/package.json'));
  const unicode = JSON.parse(await readFile(join(root, 'unicode.json'), 'utf8')) as Record<string, unknown>;
  const ranges = ['latin', 'latin-ext'].flatMap((subset) => {
    const range = unicode[subset];
    return typeof range === 'string' ? parseUnicodeRange(range, 0) : [];
  });
  ranges.push([0x370, 0x52f], [0x1f00, 0x1fff], [0x2190, 0x22ff]);
  return ranges.sort((a, b) => a[0] - b[0]);
}

async function readPackage(spec: (typeof PACKAGES)[number]): Promise<FallbackFace[]> {
  const root = dirname(require.resolve(`${spec.name}/package.json`));
  const [metadata, unicode, files] = await Promise.all([
    readFile(join(root, 'metadata.json'), 'utf8').then((t) => JSON.parse(t) as { id?: unknown }),
    readFile(join(root, 'unicode.json'), 'utf8').then((t) => JSON.parse(t) as Record<string, unknown>),
    readdir(join(root, 'files')),
  ]);
  if (typeof metadata.id !== 'string') throw new Error(`${spec.name}: metadata.json has no font id`);
  const id = metadata.id;
  const present = new Set(files);
  const faces: FallbackFace[] = [];
  for (const [subset, range] of Object.entries(unicode)) {
    if (!spec.subsets(subset) || typeof range !== 'string') continue;
    const file = spec.file(id, subset.replace(/^\[(\d+)\]$/, '$1'));
    if (!present.has(file)) throw new Error(`${spec.name}: the subset ${subset} has no file ${file}`);
    faces.push({
      script: spec.script,
      id,
      file,
      path: join(root, 'files', file),
      ranges: parseUnicodeRange(range),
    });
  }
  return faces;
}
