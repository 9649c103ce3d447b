/**
 * The real-world deck corpus in `../shared/corpus` (next to the repository; the CI machine has the same layout),
 * with the expected counts from its MANIFEST.md and, for the reveal-md / reveal.js dialect decks, the
 * separators reveal.js's markdown plugin must be given to reproduce them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const corpusDir = path.resolve(repoRoot, '..', 'shared', 'corpus');

export type Dialect = 'reveal-md' | 'reveal.js' | 'marp' | 'quarto' | 'slidev' | 'pandoc';

/** Expected counts, copied from MANIFEST.md. */
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
  /** vscode-reveal-sample: "(+1 aside)", a slide with a literal `<aside class="notes">` not counted in notes. */
  asideNotes?: number;
}

export const MANIFEST: Readonly<Record<string, ManifestCounts>> = {
  'revealmd-demo-a.md': { dialect: 'reveal-md', h: 3, v: 1, notes: 1, titleSlide: false },
  'revealmd-demo-custom-separators.md': { dialect: 'reveal-md', h: 3, v: 1, notes: 1, titleSlide: false },
  'revealmd-demo-mermaid.md': { dialect: 'reveal-md', h: 3, v: 1, notes: 0, titleSlide: false },
  'revealjs-examples-markdown.md': { dialect: 'reveal.js', h: 4, v: 4, notes: 1, titleSlide: false },
  'echarts-webgl-in-visualization.md': { dialect: 'reveal-md', h: 16, v: 61, notes: 62, titleSlide: false },
  'revealmd-twemoji-sample.md': { dialect: 'reveal-md', h: 11, v: 5, notes: 0, titleSlide: false },
  'revealmd-alternativen-zu-google.md': { dialect: 'reveal-md', h: 28, v: 0, notes: 0, titleSlide: false },
  'revealmd-ruthless-simplicity.md': { dialect: 'reveal-md', h: 16, v: 37, notes: 0, titleSlide: false },
  'revealmd-hamcrest-matchers.md': { dialect: 'reveal-md', h: 20, v: 64, notes: 6, titleSlide: false },
  'vscode-reveal-sample.md': {
    dialect: 'reveal.js',
    h: 32,
    v: 38,
    notes: 2,
    titleSlide: false,
    asideNotes: 1,
  },
  'marp-cli-example.md': { dialect: 'marp', h: 8, v: 0, notes: 1, titleSlide: false },
  'marp-gem5-simulation-background.md': { dialect: 'marp', h: 41, v: 0, notes: 1, titleSlide: false },
  'marp-vscode-pptx-export-fixture.md': { dialect: 'marp', h: 59, v: 0, notes: 5, titleSlide: false },
  'quarto-clean-demo.md': { dialect: 'quarto', h: 8, v: 21, notes: 0, titleSlide: true },
  'quarto-budoux-example-ja.md': { dialect: 'quarto', h: 1, v: 2, notes: 0, titleSlide: true },
  'quarto-get-started-presentations.md': { dialect: 'quarto', h: 8, v: 63, notes: 0, titleSlide: false },
  'slidev-starter.md': { dialect: 'slidev', h: 16, v: 0, notes: 4, titleSlide: false },
  'slidev-composable-vue.md': { dialect: 'slidev', h: 38, v: 0, notes: 1, titleSlide: false },
  'pandoc-lambdajam-parsing.md': { dialect: 'pandoc', h: 6, v: 48, notes: 33, titleSlide: true },
};

/** reveal-md's default separators (used when the front matter sets none). */
export const REVEAL_MD_SEPARATOR = '\\r?\\n---\\r?\\n';
export const REVEAL_MD_VERTICAL_SEPARATOR = '\\r?\\n----\\r?\\n';

export interface Separators {
  separator: string;
  verticalSeparator?: string;
}

/** Separators that a deck's host (not its front matter) imposes. */
const HOST_SEPARATORS: Readonly<Record<string, Separators>> = {
  // examples/markdown.html in reveal.js: data-separator="^\n\n\n" data-separator-vertical="^\n\n"
  'revealjs-examples-markdown.md': { separator: '^\\n\\n\\n', verticalSeparator: '^\\n\\n' },
  // vscode-reveal's defaults
  'vscode-reveal-sample.md': { separator: '^\\r?\\n---\\r?\\n$', verticalSeparator: '^\\r?\\n--\\r?\\n$' },
};

/** The reveal-md / reveal.js dialect decks, in MANIFEST order. */
export const REVEAL_DIALECT_DECKS: readonly string[] = Object.entries(MANIFEST)
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
export function splitFrontMatter(text: string): FrontMatterSplit {
  const src = text.replace(/^\uFEFF/, '');
  const open = /^---\r?\n/.exec(src);
  if (!open) return { yaml: null, body: src };
  const rest = src.slice(open[0].length);
  const close = /^---[^\n]*(?:\n|$)/m.exec(rest);
  if (!close) return { yaml: null, body: src };
  return { yaml: rest.slice(0, close.index), body: rest.slice(close.index + close[0].length) };
}

/** The deck text reveal-md hands to slidify: BOM and front matter removed (see `splitFrontMatter`). */
export function stripFrontMatter(text: string): string {
  return splitFrontMatter(text).body;
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

export interface RevealCorpusDeck {
  file: string;
  path: string;
  /** The raw file text. */
  raw: string;
  /** What reveal's markdown plugin is given: `stripFrontMatter(raw)`. */
  markdown: string;
  separator: string;
  verticalSeparator: string;
  expected: ManifestCounts;
}

export function readCorpusFile(file: string): string {
  return readFileSync(path.join(corpusDir, file), 'utf8');
}

/** Separators for one reveal-dialect deck: host overrides, else front matter, else reveal-md's defaults. */
export function separatorsFor(file: string, raw: string): Required<Separators> {
  const host = HOST_SEPARATORS[file];
  const fm = frontMatterSeparators(splitFrontMatter(raw).yaml);
  return {
    separator: host?.separator ?? fm.separator ?? REVEAL_MD_SEPARATOR,
    verticalSeparator: host?.verticalSeparator ?? fm.verticalSeparator ?? REVEAL_MD_VERTICAL_SEPARATOR,
  };
}

export function loadRevealCorpus(): RevealCorpusDeck[] {
  return REVEAL_DIALECT_DECKS.map((file) => {
    const expected = MANIFEST[file];
    if (!expected) throw new Error(`no MANIFEST entry for ${file}`);
    const raw = readCorpusFile(file);
    return {
      file,
      path: path.join(corpusDir, file),
      raw,
      markdown: stripFrontMatter(raw),
      ...separatorsFor(file, raw),
      expected,
    };
  });
}
