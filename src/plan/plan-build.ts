import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { audiencesOf } from '../audience/audiences.ts';
import { cutForAudience } from '../audience/cut-for-audience.ts';
import { buildDeck } from '../deck/build-deck.ts';
import { DeckError, type Warning } from '../errors.ts';
import type { ThemeRef } from '../model.ts';
import { parseDocument } from '../parse/parse-document.ts';
import { renderDeck } from '../render/render-deck.ts';
import { renderParts } from '../render/render-index.ts';
import { fallbackFaces } from '../render/script-fonts.ts';
import type {
  BuildInputs,
  BuildPlan,
  IndexEntry,
  OutputFile,
  PlannedPage,
  PlanOptions,
  Recipients,
} from './build-plan.ts';
import { planCopies } from './deck-files.ts';
import { INDEX_FILE, INDEX_MANIFEST, indexEntry, indexPage, mergeIndex } from './index-page.ts';
import { handoutFileName, imageFileName, pdfFileName, pptxFileName, singleFileName } from './output-names.ts';
import { planPictures } from './pictures.ts';
import { planCuts } from './plan-cuts.ts';
import { type Shard, shardFile, shardOf } from './shard.ts';
import { ASSETS_DIR, fallbackCatalog, sharedAssets } from './shared-assets.ts';
import { planUserStylesheets } from './user-stylesheets.ts';

/** Names a deck's folder cannot have: the output folder's own files live there. */
const RESERVED_NAMES = new Set([ASSETS_DIR, 'index.html']);

/**
 * The one place the stages are composed: every deck read, parsed, cut for each audience or recipient,
 * built and rendered, with every output path, the files to copy, the shared assets, the index and the
 * warnings. `build`, `check`, `pdf` and `serve` all run on a plan; nothing else renders a deck.
 * Nothing is written or launched here: the disk is seen only through `inputs.files`.
 *
 * @throws DeckError for the first deck, cut or option that is wrong.
 */
export async function planBuild(inputs: BuildInputs, options: PlanOptions = {}): Promise<BuildPlan> {
  const { out } = inputs;
  if (options.shard && !inputs.recipients) {
    throw new DeckError('--shard splits the --each list: it needs --each', {
      file: '',
      line: 0,
      code: 'usage',
      hint: 'e.g. --audience founders --each recipients.csv --shard 1/4',
    });
  }
  const pages: PlannedPage[] = [];
  // Stylesheets named on the command line are the user's, not a deck's: in the shared assets.
  const stylesheets = planUserStylesheets(inputs.stylesheets ?? [], inputs.files, inputs.cwd);
  const theme: PlanOptions['theme'] | ThemeRef = stylesheets.theme
    ? { type: 'asset', path: stylesheets.theme.path }
    : options.theme;
  const pictures = planPictures(inputs, options, stylesheets.theme);
  const imageFormat = options.images === 'jpeg' ? 'jpeg' : 'png';
  for (const { source, file, defaults } of inputs.decks) {
    const sourceDir = dirname(file);
    const dirInfo = inputs.files.stat(sourceDir);
    const sourceDirReal = dirInfo.kind === 'missing' ? sourceDir : dirInfo.real;
    const doc = parseDocument(source, {
      separator: options.separator,
      verticalSeparator: options.verticalSeparator,
      defaults,
    });
    const declaredAudiences = audiencesOf(doc).audiences.map((a) => a.name);
    const cuts = planCuts(doc, {
      audiences: options.audiences,
      recipients: inputs.recipients,
      shard: options.shard,
    });
    for (const cut of cuts) {
      const deck = await buildDeck(cutForAudience(doc, cut.audience, cut.options), {
        exists: (path) => inputs.files.stat(join(sourceDir, path)).kind !== 'missing',
        highlightThemes: inputs.resources.highlightThemes,
        theme,
        layouts: inputs.templates.layouts,
        pictures: pictures.forDeck({ path: sourceDir, real: sourceDirReal }),
      });
      checkName(deck.name, deck.path);
      const dir = cut.folder === undefined ? join(out, deck.name) : join(out, deck.name, cut.folder);
      const rendered = renderDeck(deck, inputs.templates, {
        assetBase: options.assetBase ?? relativeUrl(dir, join(out, ASSETS_DIR)),
        version: inputs.version,
        notes: options.notes !== false,
        stylesheets: stylesheets.css,
        fallbackFonts: fallbackFaces(deck, await fallbackCatalog(deck, inputs.resources)),
      });
      const { copies, warnings } = planCopies(
        rendered.assets,
        inputs.files,
        { path: sourceDir, real: sourceDirReal },
        dir,
        deck.path,
      );
      const name = { deck, audience: cut.audience, recipient: cut.recipient };
      pages.push({
        deck,
        sourceText: source.text,
        html: rendered.html,
        links: rendered.assets,
        audience: cut.audience,
        recipient: cut.recipient,
        declaredAudiences,
        sourceDir,
        sourceDirReal,
        dir,
        htmlPath: join(dir, 'index.html'),
        copies,
        pdfPath: options.pdf || options.images ? join(dir, pdfFileName(name)) : undefined,
        handoutPath: options.handout ? join(dir, handoutFileName(name)) : undefined,
        imageDir: options.images ? join(dir, imageFormat) : undefined,
        imageFormat,
        imageStem: undefined,
        singleFilePath: options.singleFile ? join(dir, singleFileName(name)) : undefined,
        pptxPath: options.pptx ? join(dir, pptxFileName(name)) : undefined,
        warnings: [...deck.warnings, ...warnings],
      });
    }
  }
  checkFolders(pages);
  if (!options.outputFile) checkOutputFolder(inputs);
  if (options.outputFile) useOutputFile(pages, options.outputFile, inputs);
  for (const page of pages) checkOverwrites(page);

  return {
    out,
    pages,
    assetsDir: join(out, ASSETS_DIR),
    sharedAssets: [
      ...(await sharedAssets(
        pages.map((p) => p.deck),
        inputs.resources,
      )),
      ...stylesheets.assets,
    ],
    index:
      inputs.indexTemplate === undefined
        ? undefined
        : planIndex(pages, inputs, options.shard, options.pdf === true),
    parts:
      inputs.indexTemplate === undefined || !options.shard || !inputs.recipients
        ? undefined
        : planParts(inputs.recipients, options.shard, inputs),
    warnings: uniqueWarnings([...stylesheets.warnings, ...pages.flatMap((p) => p.warnings)]),
    stylesheetFiles: stylesheets.sources,
  };
}

function planIndex(
  pages: readonly PlannedPage[],
  inputs: BuildInputs,
  shard: Shard | undefined,
  pdfKept: boolean,
): NonNullable<BuildPlan['index']> {
  const { out } = inputs;
  const existing = (path: string) => inputs.files.stat(path).kind === 'file';
  // Images alone are captured beside a PDF that is not kept: no link to it.
  const current = pages.map((p) => indexEntry(pdfKept ? p : { ...p, pdfPath: undefined }, out, existing));
  // A part lists exactly its own cuts: the other parts' folders may be there too (merged outputs).
  const entries: IndexEntry[] = shard
    ? mergeIndex([], current)
    : mergeIndex(inputs.previousIndex ?? [], current);
  const html = inputs.indexTemplate?.(indexPage(entries, inputs.version)) ?? '';
  const name = (file: string) => (shard ? shardFile(file, shard) : file);
  return { path: join(out, name(INDEX_FILE)), html, manifestPath: join(out, name(INDEX_MANIFEST)), entries };
}

/** The N parts of a sharded run, with how many recipients each has: the same page from every part. */
function planParts(
  recipients: Recipients,
  shard: Shard,
  inputs: BuildInputs,
): NonNullable<BuildPlan['parts']> {
  const counts = new Array<number>(shard.count).fill(0);
  for (const row of recipients.rows) {
    const part = shardOf(row.slug, shard.count) - 1;
    counts[part] = (counts[part] ?? 0) + 1;
  }
  const parts = counts.map((recipients, i) => {
    const part = { index: i + 1, count: shard.count };
    return { label: `part ${part.index} of ${part.count}`, href: shardFile(INDEX_FILE, part), recipients };
  });
  return { path: join(inputs.out, INDEX_FILE), html: renderParts(parts, recipients.file, inputs.version) };
}

/** The cuts of several decks share their warnings (an unknown key, a missing image): each once. */
export function uniqueWarnings(warnings: readonly Warning[]): Warning[] {
  return [
    ...new Map(warnings.map((w) => [`${w.file}:${w.line}:${w.code}:${w.message}`, w] as const)).values(),
  ];
}

const KIND_NAMES = {
  pdf: 'PDF',
  pptx: 'PowerPoint file',
  html: 'single HTML file',
  png: 'set of slide images',
};

/** `-o talk.pdf`: the one cut's output goes there, checked before any work starts. */
function useOutputFile(pages: PlannedPage[], file: OutputFile, inputs: BuildInputs): void {
  const only = pages[0];
  if (pages.length !== 1 || !only) {
    throw new DeckError(
      `-o ${file.path} names one ${KIND_NAMES[file.kind]}, but this run has ${pages.length} cuts`,
      {
        file: '',
        line: 0,
        code: 'usage',
        hint: 'Make one with --audience NAME, or give -o a folder to write each cut beside its page.',
      },
    );
  }
  const path = resolve(inputs.cwd, file.path);
  checkOutputFile(file.path, path, inputs);
  // A run that makes only a handout writes the handout there.
  if (file.kind === 'pdf' && only.pdfPath === undefined && only.handoutPath !== undefined)
    only.handoutPath = path;
  else if (file.kind === 'pdf') only.pdfPath = path;
  else if (file.kind === 'pptx') only.pptxPath = path;
  else if (file.kind === 'html') only.singleFilePath = path;
  else {
    // The images are captured while the PDF is printed: it is made, but only staged.
    only.pdfPath ??= join(only.dir, pdfFileName(only));
    only.imageDir = dirname(path);
    only.imageStem = basename(path, extname(path));
  }
}

/**
 * A file path the user gave for an output must be one a file can be written to: not a folder, not a
 * device, and in a folder (or a path that can become one).
 */
function checkOutputFile(given: string, path: string, inputs: BuildInputs): void {
  const usage = (what: string, hint: string) =>
    new DeckError(`-o ${given}: ${what}`, { file: '', line: 0, code: 'usage', hint });
  const info = inputs.files.stat(path);
  if (info.kind === 'directory') throw usage('is a folder', 'Name a file, e.g. -o talk.pdf.');
  if (info.kind === 'other') throw usage('is not a regular file', 'Name a file, e.g. -o talk.pdf.');
  for (let dir = dirname(path); dirname(dir) !== dir; dir = dirname(dir)) {
    const kind = inputs.files.stat(dir).kind;
    if (kind === 'directory') return;
    if (kind !== 'missing')
      throw usage(`${relative(inputs.cwd, dir) || dir} is a file, not a folder`, 'Name a path in a folder.');
  }
}

/** The output folder (`-o site`) must be a folder, or a path that can become one. */
function checkOutputFolder(inputs: BuildInputs): void {
  // As the user would type it: relative below the working folder, else absolute.
  const shown = (path: string) => {
    const rel = relative(inputs.cwd, path);
    return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
  };
  for (let dir = inputs.out; dirname(dir) !== dir; dir = dirname(dir)) {
    const kind = inputs.files.stat(dir).kind;
    if (kind === 'directory') return;
    if (kind === 'missing') continue;
    const what = dir === inputs.out ? 'is' : `${shown(dir)} is`;
    throw new DeckError(`-o ${shown(inputs.out)}: ${what} a file, not a folder`, {
      file: '',
      line: 0,
      code: 'usage',
      hint: 'Name a folder for the output, or one file ending in .pdf, .pptx, .html or .png.',
    });
  }
}

/** A file the deck links must not sit where pitchdeck writes one of the deck's outputs. */
function checkOverwrites(page: PlannedPage): void {
  const outputs = [page.htmlPath, page.pdfPath, page.singleFilePath, page.pptxPath, page.handoutPath].filter(
    (p): p is string => p !== undefined,
  );
  const image = page.imageDir === undefined ? undefined : imagePattern(page);
  const isOutput = (path: string) =>
    outputs.includes(path) ||
    (image !== undefined && dirname(path) === page.imageDir && image.test(basename(path)));
  // Where the deck's files are copied to, and where they are (an output may be written beside them).
  const copied = page.copies.map((c) => ({ link: relative(page.dir, c.to), at: c.to }));
  const linked = page.links.map((l) => ({ link: l.path, at: resolve(page.sourceDir, l.path) }));
  const clash = [...copied, ...linked].find((c) => isOutput(c.at));
  if (!clash) return;
  const where = page.links.find(
    (l) => resolve(page.sourceDir, l.path) === resolve(page.sourceDir, clash.link),
  );
  throw new DeckError(`the deck links "${clash.link}", which is where pitchdeck writes one of its outputs`, {
    file: page.deck.path,
    line: where?.line ?? 0,
    code: 'usage',
    hint: 'Rename or move that file (e.g. into a folder of its own), so the output does not replace it.',
  });
}

/** The names of a page's slide images (`talk-001.png`, ...) in its image folder. */
function imagePattern(page: PlannedPage): RegExp {
  const sample = imageFileName(page, 1, page.imageFormat, page.imageStem);
  const stem = sample.slice(0, sample.lastIndexOf('-'));
  return new RegExp(`^${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d{3,}\\.(png|jpg)$`);
}

/** A deck named `_assets.md` would write into the shared assets folder. */
function checkName(name: string, path: string): void {
  if (!RESERVED_NAMES.has(name) && !name.startsWith('.')) return;
  throw new DeckError(`a deck cannot be named "${name}": the output folder uses that name itself`, {
    file: path,
    line: 0,
    code: 'usage',
    hint: 'Rename the deck file.',
  });
}

/** Two decks with the same file name would overwrite each other's folder. */
function checkFolders(pages: readonly PlannedPage[]): void {
  const byName = new Map<string, string>();
  for (const { deck } of pages) {
    // The path as the user named it; the cuts of one deck share it.
    const source = deck.path;
    const other = byName.get(deck.name);
    // The cuts of one deck share its name and folder; only two source files may not.
    if (other !== undefined && other !== source) {
      throw new DeckError(`two decks would both be written to "${deck.name}/" (the other is ${other})`, {
        file: deck.path,
        line: 0,
        code: 'usage',
        hint: 'Rename one of them, or build them into different --out folders.',
      });
    }
    byName.set(deck.name, source);
  }
}

/** A URL from a page's folder to another folder of the output, `/`-separated. */
function relativeUrl(from: string, to: string): string {
  const rel = relative(from, to);
  return isAbsolute(rel) ? rel : rel.split(/[\\/]/).join('/');
}
