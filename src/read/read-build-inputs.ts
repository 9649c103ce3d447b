import { readFileSync, realpathSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { decodeHTML } from 'entities';
import type { PictureCache } from '../deck/fences/fence.ts';
import { DeckError } from '../errors.ts';
import type { SourceFile } from '../model.ts';
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
import { findConfig, mergeDefaults, readRevealMdDefaults } from './config.ts';
import { readFallbackCatalog } from './fallback-fonts.ts';
import {
  highlightThemeNames,
  loadIndexTemplate,
  loadTemplates,
  type TemplateCache,
} from './load-templates.ts';
import { loadMathsStylesheet } from './maths-stylesheet.ts';
import { highlightStyles, PACKAGE_ROOT, revealDist, TEMPLATES_DIR } from './package-paths.ts';
import { openPictureCache } from './picture-cache.ts';
import { readSource, resolveInputs } from './read-inputs.ts';
import { readRecipients } from './recipients.ts';
import { loadThemeStylesheet } from './theme-stylesheets.ts';
import { readUserStylesheets } from './user-stylesheets.ts';

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
  /** Pictures drawn before; by default those kept on disk (see `openPictureCache`). */
  pictureCache?: PictureCache | undefined;
  /**
   * Decks given as text rather than read from files (the themes gallery), after those of `paths`; each
   * is named by its `path`, relative to `cwd`, and gets no config file's defaults.
   */
  sources?: readonly SourceFile[] | undefined;
  /** Stylesheets for every deck (`--css`), anywhere on disk; relative to `cwd`. */
  css?: readonly string[] | undefined;
  /** The theme for every deck (`--theme`): read here when it names a stylesheet (`./mytheme.css`). */
  theme?: string | undefined;
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
  checkRecipientFlags(options);
  const templatesDir = options.templates === undefined ? undefined : resolve(cwd, options.templates);
  const files = diskFiles();
  const [decks, templates, indexTemplate, recipients, resources, stylesheets] = await Promise.all([
    resolveInputs(paths, cwd).then(async (found) => {
      const defaults = folderDefaults(cwd);
      const read = await Promise.all(
        found.map(async (file) => ({
          file,
          source: await readSource(file, cwd),
          defaults: await defaults(dirname(file)),
        })),
      );
      const given = (options.sources ?? []).map((source) => ({ file: resolve(cwd, source.path), source }));
      return [...read, ...given];
    }),
    options.templateCache
      ? options.templateCache.load(templatesDir ?? TEMPLATES_DIR, cwd)
      : loadTemplates(templatesDir ?? TEMPLATES_DIR, cwd),
    options.index ? loadIndexTemplate(templatesDir, cwd) : undefined,
    options.each === undefined ? undefined : readRecipients(options.each, nameBy(options), cwd),
    packageResources(),
    readUserStylesheets(options.css ?? [], options.theme, cwd),
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
    pictureCache: options.pictureCache ?? openPictureCache(),
    stylesheets,
  };
}

/**
 * Deck defaults by folder: pitchdeck's config found from the folder upward over reveal-md's files beside
 * the decks; each folder read once.
 */
function folderDefaults(cwd: string): (dir: string) => Promise<Record<string, unknown>> {
  const seen = new Map<string, Promise<Record<string, unknown>>>();
  return (dir) => {
    let defaults = seen.get(dir);
    if (!defaults) {
      defaults = Promise.all([readRevealMdDefaults(dir, cwd), findConfig(dir, cwd)]).then(
        ([revealMd, config]) => mergeDefaults(revealMd, config?.deck ?? {}),
      );
      seen.set(dir, defaults);
    }
    return defaults;
  };
}

/**
 * `--each` and `--name-by` go together: checked before any work starts.
 *
 * @throws DeckError (usage) for one without the other.
 */
export function checkRecipientFlags(options: Pick<ReadOptions, 'each' | 'nameBy'>): void {
  if (options.nameBy !== undefined && options.each === undefined) {
    throw new DeckError('--name-by names the folders of --each; it needs --each', {
      file: '',
      line: 0,
      code: 'usage',
      hint: 'e.g. --audience founders --each recipients.csv --name-by name',
    });
  }
  if (options.each !== undefined) nameBy(options);
}

function nameBy(options: Pick<ReadOptions, 'each' | 'nameBy'>): string {
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
  const texts = new Map<string, string | undefined>();
  return {
    stat(path) {
      let info = seen.get(path);
      if (!info) {
        info = statPath(path);
        seen.set(path, info);
      }
      return info;
    },
    readText(path) {
      if (!texts.has(path)) {
        let text: string | undefined;
        try {
          text = readFileSync(path, 'utf8');
        } catch {
          text = undefined;
        }
        texts.set(path, text);
      }
      return texts.get(path);
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
  let maths: Promise<LocalizedStylesheet> | undefined;
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
    loadMaths() {
      maths ??= loadMathsStylesheet();
      return maths;
    },
  };
  return resources;
}

/**
 * The cuts the output folder holds, for its index: what the index listed after the last build (the
 * cuts whose pages are still there), and pitchdeck pages it does not list (built before the list was
 * kept, or the list deleted), read from the pages themselves.
 */
async function readIndexManifest(out: string, files: FileView): Promise<IndexEntry[]> {
  const present = (path: unknown): path is string =>
    typeof path === 'string' && files.stat(join(out, ...path.split('/'))).kind === 'file';
  const listed = (await readManifest(out)).filter(isIndexEntry).flatMap((entry) =>
    present(entry.page)
      ? [
          {
            ...entry,
            pdf: present(entry.pdf) ? entry.pdf : null,
            singleFile: present(entry.singleFile) ? entry.singleFile : null,
            pptx: present(entry.pptx) ? entry.pptx : null,
            handout: present(entry.handout) ? entry.handout : null,
          },
        ]
      : [],
  );
  const known = new Set(listed.map((e) => e.page));
  const found = await pagesIn(out);
  const unlisted = await Promise.all(
    found.filter((page) => !known.has(page.page)).map((page) => pageEntry(out, page, present)),
  );
  return [...listed, ...unlisted.filter((e): e is IndexEntry => e !== undefined)];
}

async function readManifest(out: string): Promise<unknown[]> {
  const text = await readFile(join(out, INDEX_MANIFEST), 'utf8').catch(() => undefined);
  try {
    const data: unknown = text === undefined ? [] : JSON.parse(text);
    return Array.isArray(data) ? data : [];
  } catch {
    return [];
  }
}

/** `<deck>/index.html` and `<deck>/<cut>/index.html` below the output folder, by their parts. */
async function pagesIn(out: string): Promise<{ page: string; deck: string; cut: string | null }[]> {
  const folders = async (dir: string) =>
    (await readdir(dir, { withFileTypes: true }).catch(() => []))
      .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !e.name.startsWith('_'))
      .map((e) => e.name);
  const pages: { page: string; deck: string; cut: string | null }[] = [];
  for (const deck of await folders(out)) {
    pages.push({ page: `${deck}/index.html`, deck, cut: null });
    for (const cut of await folders(join(out, deck)))
      pages.push({ page: `${deck}/${cut}/index.html`, deck, cut });
  }
  return pages;
}

/** The index's entry for a page pitchdeck built, read from the page; undefined for anything else. */
async function pageEntry(
  out: string,
  { page, deck, cut }: { page: string; deck: string; cut: string | null },
  present: (path: string) => boolean,
): Promise<IndexEntry | undefined> {
  const html = await readFile(join(out, ...page.split('/')), 'utf8').catch(() => undefined);
  if (html === undefined || !/<meta name="generator" content="pitchdeck /.test(html)) return undefined;
  const dir = page.slice(0, -'index.html'.length);
  const stem = cut === null ? deck : `${deck}-${cut}`;
  const title = /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? deck;
  return {
    deck,
    source: `${deck}.md`,
    // A recipient's folder cannot be told from an audience's by its name: shown as the cut it is.
    audience: cut,
    recipient: null,
    title: decodeHTML(title),
    slides: html.split('data-source-line="').length - 1,
    page,
    pdf: present(`${dir}${stem}.pdf`) ? `${dir}${stem}.pdf` : null,
    singleFile: present(`${dir}${stem}.html`) ? `${dir}${stem}.html` : null,
    pptx: present(`${dir}${stem}.pptx`) ? `${dir}${stem}.pptx` : null,
    handout: present(`${dir}${stem}-handout.pdf`) ? `${dir}${stem}-handout.pdf` : null,
  };
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
    textOrNull(e.singleFile) &&
    (e.pptx === undefined || textOrNull(e.pptx)) &&
    (e.handout === undefined || textOrNull(e.handout))
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
