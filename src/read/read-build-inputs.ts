import { readFileSync, realpathSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DeckError } from '../errors.ts';
import type {
  BuildInputs,
  FileInfo,
  FileView,
  IndexEntry,
  LocalizedStylesheet,
  PackageResources,
} from '../plan/build-plan.ts';
import { INDEX_MANIFEST } from '../plan/index-page.ts';
import { FALLBACK_FAMILY } from '../render/script-fonts.ts';
import { withFallbackFamily } from '../render/theme-fonts.ts';
import { readFallbackCatalog } from './fallback-fonts.ts';
import {
  highlightThemeNames,
  loadIndexTemplate,
  loadTemplates,
  type TemplateCache,
} from './load-templates.ts';
import { highlightStyles, PACKAGE_ROOT, revealDist, TEMPLATES_DIR } from './package-paths.ts';
import { readSource, resolveInputs } from './read-inputs.ts';
import { readRecipients } from './recipients.ts';
import { loadThemeStylesheet } from './theme-stylesheets.ts';

export interface ReadOptions {
  /** Relative paths are relative to this; default `process.cwd()`. */
  cwd?: string | undefined;
  /** The output folder (default `dist`). */
  out?: string | undefined;
  /** A folder of Handlebars templates instead of the built-in ones. */
  templates?: string | undefined;
  /** A recipients file (CSV with a header, or a JSON array): one cut per row, its columns as vars. */
  each?: string | undefined;
  /** The column of `each` whose slug names each recipient's folder. */
  nameBy?: string | undefined;
  /** Read the index template and what the output folder's index already lists (for `build`). */
  index?: boolean | undefined;
  /** Compiled templates to reuse from build to build. */
  templateCache?: TemplateCache | undefined;
}

/**
 * Reads everything a build needs before planning starts: the decks, the templates, the recipients, the
 * package's own files, and what the output folder already holds.
 *
 * @throws DeckError for a deck path, templates folder or recipients file that is wrong.
 */
export async function readBuildInputs(
  paths: readonly string[],
  options: ReadOptions = {},
): Promise<BuildInputs> {
  const cwd = options.cwd ?? process.cwd();
  const out = resolve(cwd, options.out ?? 'dist');
  if (options.nameBy !== undefined && options.each === undefined) {
    throw new DeckError('--name-by names the folders of --each; it needs --each', {
      file: '',
      line: 0,
      code: 'usage',
      hint: 'e.g. --audience founders --each recipients.csv --name-by name',
    });
  }
  const templatesDir = options.templates === undefined ? undefined : resolve(cwd, options.templates);
  const files = diskFiles();
  const [decks, templates, indexTemplate, recipients, resources] = await Promise.all([
    resolveInputs(paths, cwd).then((found) =>
      Promise.all(found.map(async (file) => ({ file, source: await readSource(file, cwd) }))),
    ),
    options.templateCache
      ? options.templateCache.load(templatesDir ?? TEMPLATES_DIR, cwd)
      : loadTemplates(templatesDir ?? TEMPLATES_DIR, cwd),
    options.index ? loadIndexTemplate(templatesDir, cwd) : undefined,
    options.each === undefined ? undefined : readRecipients(options.each, nameBy(options), cwd),
    packageResources(),
  ]);
  return {
    cwd,
    out,
    decks,
    templates,
    indexTemplate,
    previousIndex: options.index ? await readIndexManifest(out, files) : undefined,
    recipients,
    resources,
    files,
    version: version(),
  };
}

function nameBy(options: ReadOptions): string {
  if (options.nameBy === undefined || options.nameBy === '') {
    throw new DeckError("--each needs --name-by COLUMN: the column that names each recipient's folder", {
      file: options.each ?? '',
      line: 0,
      code: 'usage',
      hint: 'e.g. --each recipients.csv --name-by name',
    });
  }
  return options.nameBy;
}

/**
 * The disk as the plan sees it, each path looked at once per run: a build of hundreds of recipients'
 * cuts links the same few images hundreds of times.
 */
export function diskFiles(): FileView {
  const seen = new Map<string, FileInfo>();
  return {
    stat(path) {
      let info = seen.get(path);
      if (!info) {
        info = statPath(path);
        seen.set(path, info);
      }
      return info;
    },
  };
}

function statPath(path: string): FileInfo {
  try {
    const real = realpathSync(path);
    const info = statSync(real);
    return { kind: info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other', real };
  } catch {
    return { kind: 'missing' };
  }
}

let resources: PackageResources | undefined;

/** reveal.js, highlight.js's styles, pitchdeck's stylesheets and themes; read once per process. */
export async function packageResources(): Promise<PackageResources> {
  if (resources) return resources;
  const themes = new Map<string, Promise<LocalizedStylesheet>>();
  resources = {
    revealDist: revealDist(),
    highlightStyles: highlightStyles(),
    highlightThemes: await highlightThemeNames(),
    stylesDir: join(TEMPLATES_DIR, 'styles'),
    revealCss: withFallbackFamily(await readFile(join(revealDist(), 'reveal.css'), 'utf8'), FALLBACK_FAMILY),
    loadFallbackFonts: readFallbackCatalog,
    loadTheme(name) {
      let theme = themes.get(name);
      if (!theme) {
        theme = loadThemeStylesheet(name);
        // A failed read is not kept: the next build tries again.
        theme.catch(() => themes.delete(name));
        themes.set(name, theme);
      }
      return theme;
    },
  };
  return resources;
}

/**
 * What the output folder's index listed after the last build, for the cuts whose pages are still
 * there: the index lists every deck in the folder, not only this run's. A missing or unreadable list
 * is an empty one.
 */
async function readIndexManifest(out: string, files: FileView): Promise<IndexEntry[]> {
  const text = await readFile(join(out, INDEX_MANIFEST), 'utf8').catch(() => undefined);
  if (text === undefined) return [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(data)) return [];
  const present = (path: unknown): path is string =>
    typeof path === 'string' && files.stat(join(out, ...path.split('/'))).kind === 'file';
  return data.filter(isIndexEntry).flatMap((entry) =>
    present(entry.page)
      ? [
          {
            ...entry,
            pdf: present(entry.pdf) ? entry.pdf : null,
            singleFile: present(entry.singleFile) ? entry.singleFile : null,
          },
        ]
      : [],
  );
}

function isIndexEntry(value: unknown): value is IndexEntry {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  const text = (v: unknown) => typeof v === 'string';
  // Only paths below the output folder: the list is read back from a folder anyone could have edited.
  if (typeof e.page !== 'string' || e.page.split('/').some((s) => s === '..' || s === '')) return false;
  const textOrNull = (v: unknown) => v === null || typeof v === 'string';
  return (
    text(e.deck) &&
    text(e.source) &&
    text(e.title) &&
    text(e.page) &&
    typeof e.slides === 'number' &&
    textOrNull(e.audience) &&
    textOrNull(e.recipient) &&
    textOrNull(e.pdf) &&
    textOrNull(e.singleFile)
  );
}

let cachedVersion: string | undefined;

/** pitchdeck's version from its package.json. */
export function version(): string {
  cachedVersion ??= (
    JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }
  ).version;
  return cachedVersion;
}
