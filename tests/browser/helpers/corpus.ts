/**
 * The real-world deck corpus in tests/corpus, with the expected counts read from its MANIFEST.md and, for
 * the reveal-md / reveal.js dialect decks, the separators reveal.js's markdown plugin must be given to
 * reproduce them.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

export const corpusDir = path.resolve(import.meta.dirname, '..', '..', 'corpus');

export type Dialect = 'reveal-md' | 'reveal.js' | 'marp' | 'quarto' | 'slidev' | 'pandoc';
const DIALECTS: readonly Dialect[] = ['reveal-md', 'reveal.js', 'marp', 'quarto', 'slidev', 'pandoc'];

/** One row of MANIFEST.md's table, with the blob its per-deck notes give. */
export interface ManifestCounts {
  dialect: Dialect;
  /** Horizontal (top-level) slides, not counting a generated title slide. */
  h: number;
  /** Vertical sub-slides (a stack of n counts 1 in h and n-1 here). */
  v: number;
  /** Slides that carry notes in the dialect's syntax (for reveal dialects: slides matching `^\s*notes?:`, i). */
  notes: number;
  /** Quarto/Pandoc: MANIFEST's "1 title +": a title slide generated from the YAML `title`, on top of h. */
  titleSlide: boolean;
  /** The git blob SHA-1 of the file. */
  blob: string;
}

/** MANIFEST.md's table and blobs, by file name, in the table's order. */
function readManifest(): Record<string, ManifestCounts> {
  const text = readFileSync(path.join(corpusDir, 'MANIFEST.md'), 'utf8');
  const blobs = new Map<string, string>();
  for (const entry of text.split(/^- \*\*/m).slice(1)) {
    const file = /^([\w.-]+\.md)\*\*/.exec(entry)?.[1];
    const blob = /Blob ([0-9a-f]{40})/.exec(entry)?.[1];
    if (file && blob) blobs.set(file, blob);
  }
  const manifest: Record<string, ManifestCounts> = {};
  for (const row of text.split('\n').filter((line) => /^\| [\w.-]+\.md \|/.test(line))) {
    // ['', file, repo, path, commit, licence, dialect, separators, H, V, Notes, '']
    const cells = row.split('|').map((c) => c.trim());
    const [file, dialectCell, hCell, vCell, notesCell] = [cells[1], cells[6], cells[8], cells[9], cells[10]];
    const dialect = DIALECTS.find((d) => dialectCell?.split(' ')[0] === d);
    const h = /^(1 title \+ )?(\d+)$/.exec(hCell ?? '');
    const notes = /^(\d+)(?: \(\+\d+ aside\))?$/.exec(notesCell ?? '');
    const blob = file === undefined ? undefined : blobs.get(file);
    if (!file || !dialect || !h?.[2] || !/^\d+$/.test(vCell ?? '') || !notes?.[1] || !blob) {
      throw new Error(`MANIFEST.md: cannot read the row ${row}`);
    }
    manifest[file] = {
      dialect,
      h: Number(h[2]),
      v: Number(vCell),
      notes: Number(notes[1]),
      titleSlide: h[1] !== undefined,
      blob,
    };
  }
  return manifest;
}

export const MANIFEST: Readonly<Record<string, ManifestCounts>> = readManifest();

/**
 * The path of a corpus deck, once its bytes are known to be the blob MANIFEST.md lists: the counts hold
 * for those bytes only (a BOM, a missing final newline or CRLF endings change them).
 */
export function corpusDeckPath(file: string): string {
  const expected = MANIFEST[file];
  if (!expected) throw new Error(`${file} is not in tests/corpus/MANIFEST.md`);
  const full = path.join(corpusDir, file);
  const bytes = readFileSync(full);
  const blob = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
  if (blob !== expected.blob) {
    throw new Error(
      `tests/corpus/${file} is blob ${blob}, not ${expected.blob} as MANIFEST.md lists: restore the file byte for byte`,
    );
  }
  return full;
}

/** reveal-md's default separators (used when the front matter sets none). */
const REVEAL_MD_SEPARATOR = '\\r?\\n---\\r?\\n';
const REVEAL_MD_VERTICAL_SEPARATOR = '\\r?\\n----\\r?\\n';

export interface Separators {
  separator: string;
  verticalSeparator: string;
}

/**
 * Separators that a deck's host (not its front matter) imposes: reveal.js's plugin is given them as
 * attributes, pitchdeck as a user gives `--separator` / `--vertical-separator`.
 */
export const HOST_SEPARATORS: Readonly<Record<string, Separators>> = {
  // examples/markdown.html in reveal.js: data-separator="^\n\n\n" data-separator-vertical="^\n\n"
  'revealjs-examples-markdown.md': { separator: '^\\n\\n\\n', verticalSeparator: '^\\n\\n' },
  // vscode-reveal's defaults
  'vscode-reveal-sample.md': { separator: '^\\r?\\n---\\r?\\n$', verticalSeparator: '^\\r?\\n--\\r?\\n$' },
};

/** The reveal-md / reveal.js dialect decks, in MANIFEST order. */
const REVEAL_DIALECT_DECKS: readonly string[] = Object.entries(MANIFEST)
  .filter(([, m]) => m.dialect === 'reveal-md' || m.dialect === 'reveal.js')
  .map(([file]) => file);

interface FrontMatterSplit {
  /** The YAML between the fences, or null when there is no (closed) front matter. */
  yaml: string | null;
  /** The text after the closing fence line (BOM removed). */
  body: string;
}

/**
 * reveal-md's front-matter cut: drop a leading BOM; if the first line is exactly `---`, everything up to and
 * including the next line that starts with `---` is front matter. Without a closing line nothing is cut.
 */
function splitFrontMatter(text: string): FrontMatterSplit {
  const src = text.replace(/^\uFEFF/, '');
  const open = /^---\r?\n/.exec(src);
  if (!open) return { yaml: null, body: src };
  const rest = src.slice(open[0].length);
  const close = /^---[^\n]*(?:\n|$)/m.exec(rest);
  if (!close) return { yaml: null, body: src };
  return { yaml: rest.slice(0, close.index), body: rest.slice(close.index + close[0].length) };
}

function frontMatterSeparators(yamlText: string | null): Partial<Separators> {
  if (yamlText === null) return {};
  let data: unknown;
  try {
    data = parseYaml(yamlText);
  } catch {
    return {};
  }
  if (data === null || typeof data !== 'object') return {};
  const record = data as Record<string, unknown>;
  const out: Partial<Separators> = {};
  if (typeof record.separator === 'string' && record.separator !== '') out.separator = record.separator;
  if (typeof record.verticalSeparator === 'string' && record.verticalSeparator !== '') {
    out.verticalSeparator = record.verticalSeparator;
  }
  return out;
}

export interface RevealCorpusDeck extends Separators {
  file: string;
  /** What reveal's markdown plugin is given, as reveal-md hands it over: BOM and front matter removed. */
  markdown: string;
  expected: ManifestCounts;
}

/** Every reveal-dialect deck with its separators: host overrides, else front matter, else reveal-md's defaults. */
export function loadRevealCorpus(): RevealCorpusDeck[] {
  return REVEAL_DIALECT_DECKS.map((file) => {
    const expected = MANIFEST[file];
    if (!expected) throw new Error(`no MANIFEST entry for ${file}`);
    const { yaml, body } = splitFrontMatter(readFileSync(corpusDeckPath(file), 'utf8'));
    const host = HOST_SEPARATORS[file];
    const fm = frontMatterSeparators(yaml);
    return {
      file,
      markdown: body,
      separator: host?.separator ?? fm.separator ?? REVEAL_MD_SEPARATOR,
      verticalSeparator: host?.verticalSeparator ?? fm.verticalSeparator ?? REVEAL_MD_VERTICAL_SEPARATOR,
      expected,
    };
  });
}
