import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { audiencesOf } from '../audience/audiences.ts';
import { cutForAudience } from '../audience/cut-for-audience.ts';
import { buildDeck } from '../deck/build-deck.ts';
import { DeckError, type Warning } from '../errors.ts';
import { parseDocument } from '../parse/parse-document.ts';
import { renderDeck } from '../render/render-deck.ts';
import { fallbackFaces } from '../render/script-fonts.ts';
import type { BuildInputs, BuildPlan, IndexEntry, PlannedPage, PlanOptions } from './build-plan.ts';
import { planCopies } from './deck-files.ts';
import { INDEX_FILE, INDEX_MANIFEST, indexEntry, indexPage, mergeIndex } from './index-page.ts';
import { handoutFileName, pdfFileName, singleFileName } from './output-names.ts';
import { planCuts } from './plan-cuts.ts';
import { ASSETS_DIR, fallbackCatalog, sharedAssets } from './shared-assets.ts';

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
  const pages: PlannedPage[] = [];
  const imageFormat = options.images === 'jpeg' ? 'jpeg' : 'png';
  for (const { source, file } of inputs.decks) {
    const sourceDir = dirname(file);
    const dirInfo = inputs.files.stat(sourceDir);
    const sourceDirReal = dirInfo.kind === 'missing' ? sourceDir : dirInfo.real;
    const doc = parseDocument(source, {
      separator: options.separator,
      verticalSeparator: options.verticalSeparator,
    });
    const declaredAudiences = audiencesOf(doc).audiences.map((a) => a.name);
    for (const cut of planCuts(doc, { audiences: options.audiences, recipients: inputs.recipients })) {
      const deck = await buildDeck(cutForAudience(doc, cut.audience, cut.options), {
        exists: (path) => inputs.files.stat(join(sourceDir, path)).kind !== 'missing',
        highlightThemes: inputs.resources.highlightThemes,
        theme: options.theme,
      });
      checkName(deck.name, deck.path);
      const dir = cut.folder === undefined ? join(out, deck.name) : join(out, deck.name, cut.folder);
      const rendered = renderDeck(deck, inputs.templates, {
        assetBase: options.assetBase ?? relativeUrl(dir, join(out, ASSETS_DIR)),
        version: inputs.version,
        notes: options.notes !== false,
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
        singleFilePath: options.singleFile ? join(dir, singleFileName(name)) : undefined,
        warnings: [...deck.warnings, ...warnings],
      });
    }
  }
  checkFolders(pages);
  if (options.pdfPath !== undefined) {
    const only = pages[0];
    if (pages.length !== 1 || !only) {
      throw new DeckError(`-o names one PDF, but this run has ${pages.length} cuts`, {
        file: '',
        line: 0,
        code: 'usage',
        hint: 'Print one with --audience NAME, or leave out -o to write each cut beside its page.',
      });
    }
    // A run that makes only a handout writes it there.
    if (only.pdfPath === undefined && only.handoutPath !== undefined) {
      only.handoutPath = resolve(inputs.cwd, options.pdfPath);
    } else only.pdfPath = resolve(inputs.cwd, options.pdfPath);
  }

  return {
    out,
    pages,
    assetsDir: join(out, ASSETS_DIR),
    sharedAssets: await sharedAssets(
      pages.map((p) => p.deck),
      inputs.resources,
    ),
    index: inputs.indexTemplate === undefined ? undefined : planIndex(pages, inputs),
    warnings: uniqueWarnings(pages.flatMap((p) => p.warnings)),
  };
}

function planIndex(pages: readonly PlannedPage[], inputs: BuildInputs): NonNullable<BuildPlan['index']> {
  const { out } = inputs;
  const existing = (path: string) => inputs.files.stat(path).kind === 'file';
  const entries: IndexEntry[] = mergeIndex(
    inputs.previousIndex ?? [],
    pages.map((p) => indexEntry(p, out, existing)),
  );
  const html = inputs.indexTemplate?.(indexPage(entries, inputs.version)) ?? '';
  return { path: join(out, INDEX_FILE), html, manifestPath: join(out, INDEX_MANIFEST), entries };
}

/** The cuts of several decks share their warnings (an unknown key, a missing image): each once. */
export function uniqueWarnings(warnings: readonly Warning[]): Warning[] {
  return [
    ...new Map(warnings.map((w) => [`${w.file}:${w.line}:${w.code}:${w.message}`, w] as const)).values(),
  ];
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
