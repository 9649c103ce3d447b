import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { cutForAudience } from '../audience/cut-for-audience.ts';
import { buildDeck } from '../deck/build-deck.ts';
import { DeckError, type Warning } from '../errors.ts';
import type { Deck, RenderedDeck } from '../model.ts';
import { parseDocument } from '../parse/parse-document.ts';
import { renderDeck } from '../render/render-deck.ts';
import { compileTemplates, type Templates } from '../render/templates.ts';
import { forEachBounded } from './bounded.ts';
import { loadTemplateSources } from './load-templates.ts';
import { PACKAGE_ROOT, TEMPLATES_DIR } from './package-paths.ts';
import { planCuts } from './plan-cuts.ts';
import { readSource, resolveInputs } from './read-inputs.ts';
import { type Recipient, readRecipients } from './recipients.ts';
import { ASSETS_DIR, highlightThemeNames, writeSharedAssets } from './shared-assets.ts';
import { readSharedAssetBytes, writeSingleFile } from './single-file.ts';
import { copyFileAtomic, writeFileAtomic } from './write-files.ts';
import { loadIndexTemplate, renderIndex, writeIndex } from './write-index.ts';

export interface BuildOptions {
  /** Output folder; each deck goes to `<out>/<deck>/index.html`. */
  out: string;
  cwd?: string | undefined;
  separator?: string | undefined;
  verticalSeparator?: string | undefined;
  theme?: string | undefined;
  templates?: string | undefined;
  /** Keep speaker notes in the HTML (default true). */
  notes?: boolean | undefined;
  /** Build only these audiences of each deck (default: every audience it declares). */
  audiences?: readonly string[] | undefined;
  /** A recipients file (CSV with a header, or a JSON array): one cut per row, its columns as vars. */
  each?: string | undefined;
  /** The column of `each` whose slug names each recipient's folder. */
  nameBy?: string | undefined;
  /** PDFs are exported beside the pages after the build: dist/index.html links them. */
  pdf?: boolean | undefined;
  /** Also write each cut as one self-contained HTML file beside its index.html (`<deck>[-<cut>].html`). */
  singleFile?: boolean | undefined;
}

/** One deck as built: where its page went and what was worth a warning. */
export interface BuiltDeck {
  deck: Deck;
  /** Absolute path of the deck's folder in the output. */
  dir: string;
  htmlPath: string;
  warnings: Warning[];
  /** The audience this cut is for; undefined for a deck without audiences. */
  audience: string | undefined;
  /** The recipient (a row of `each`) this cut is for, by name and folder. */
  recipient: { name: string; slug: string } | undefined;
  /** The self-contained HTML file written with `singleFile`, and its size in bytes. */
  singleFile?: { path: string; bytes: number } | undefined;
}

interface PlannedDeck {
  deck: Deck;
  rendered: RenderedDeck;
  sourceDir: string;
  dir: string;
  copies: { from: string; to: string }[];
  warnings: Warning[];
  audience: string | undefined;
  recipient: Recipient | undefined;
}

/** Cuts written at once: enough to keep the disk busy, few enough for hundreds of recipients' handles. */
const WRITE_CONCURRENCY = 16;

/**
 * Builds decks into the output folder. Every deck is parsed and rendered in memory first; only when all
 * succeeded is anything written, each file through a temporary name.
 *
 * @throws DeckError for the first deck, template or path that is wrong; nothing is written then.
 */
export async function buildDecks(inputs: readonly string[], options: BuildOptions): Promise<BuiltDeck[]> {
  const cwd = options.cwd ?? process.cwd();
  const out = resolve(cwd, options.out);
  const files = await resolveInputs(inputs, cwd);
  const templates = await loadTemplates(
    options.templates ? resolve(cwd, options.templates) : TEMPLATES_DIR,
    cwd,
  );
  const highlightThemes = await highlightThemeNames();
  const indexTemplate = await loadIndexTemplate(
    options.templates ? resolve(cwd, options.templates) : undefined,
    cwd,
  );
  const recipients =
    options.each === undefined ? undefined : await readRecipients(options.each, nameBy(options), cwd);
  if (options.nameBy !== undefined && options.each === undefined) {
    throw new DeckError('--name-by names the folders of --each; it needs --each', {
      file: '',
      line: 0,
      code: 'usage',
      hint: 'e.g. --audience founders --each recipients.csv --name-by name',
    });
  }

  const planned: PlannedDeck[] = [];
  for (const file of files) {
    const source = await readSource(file, cwd);
    const sourceDir = dirname(file);
    const doc = parseDocument(source, {
      separator: options.separator,
      verticalSeparator: options.verticalSeparator,
    });
    // Every cut (audience or recipient) is built and rendered here, before anything is written.
    for (const cut of planCuts(doc, { audiences: options.audiences, recipients })) {
      const deck = await buildDeck(cutForAudience(doc, cut.audience, cut.options), {
        exists: (path) => existsSync(join(sourceDir, path)),
        highlightThemes,
        theme: options.theme,
      });
      const rendered = renderDeck(deck, templates, {
        assetBase: cut.folder === undefined ? `../${ASSETS_DIR}` : `../../${ASSETS_DIR}`,
        version: version(),
        notes: options.notes !== false,
      });
      const dir = cut.folder === undefined ? join(out, deck.name) : join(out, deck.name, cut.folder);
      const { copies, warnings } = planCopies(deck, rendered, sourceDir, dir);
      planned.push({
        deck,
        rendered,
        sourceDir,
        dir,
        copies,
        warnings: [...deck.warnings, ...warnings],
        audience: cut.audience,
        recipient: cut.recipient,
      });
    }
  }
  checkNames(planned, cwd);

  const built: BuiltDeck[] = planned.map((p) => ({
    deck: p.deck,
    dir: p.dir,
    htmlPath: join(p.dir, 'index.html'),
    warnings: p.warnings,
    audience: p.audience,
    recipient: p.recipient && { name: p.recipient.name, slug: p.recipient.slug },
  }));
  const index = renderIndex(built, indexTemplate, {
    out,
    pdf: options.pdf,
    singleFile: options.singleFile,
    version: version(),
  });

  // Read before anything is written, so a single file that cannot be made leaves the output untouched.
  const shared = options.singleFile ? await readSharedAssetBytes(planned.map((p) => p.deck)) : undefined;
  await writeSharedAssets(
    out,
    planned.map((p) => p.deck),
  );
  await forEachBounded(planned, WRITE_CONCURRENCY, async (p, i) => {
    await forEachBounded(p.copies, 4, (c) => copyFileAtomic(c.from, c.to));
    await writeFileAtomic(built[i]?.htmlPath ?? join(p.dir, 'index.html'), p.rendered.html);
    // Inlined here rather than with the other pages: a single file is most of a megabyte, and hundreds
    // of recipients' files held at once would not fit in memory.
    const b = built[i];
    if (shared && b) {
      const single = await writeSingleFile(shared, p, out);
      b.singleFile = { path: single.path, bytes: single.bytes };
      b.warnings.push(...single.warnings);
    }
  });
  await writeIndex(index, out);
  return built;
}

function nameBy(options: BuildOptions): string {
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

export async function loadTemplates(dir: string, cwd: string): Promise<Templates> {
  if (!existsSync(join(dir, 'page.hbs'))) {
    throw new DeckError('no page.hbs in the templates folder', {
      file: relative(cwd, dir) || dir,
      line: 0,
      code: 'template',
      hint: 'A templates folder needs page.hbs, layouts/*.hbs and partials/*.hbs.',
    });
  }
  return compileTemplates(await loadTemplateSources(dir, cwd));
}

/**
 * The local files a deck links to, copied beside its page with their relative paths. A missing file or
 * one outside the deck's folder is a warning: the deck still builds.
 */
function planCopies(
  deck: Deck,
  rendered: RenderedDeck,
  sourceDir: string,
  dir: string,
): { copies: { from: string; to: string }[]; warnings: Warning[] } {
  const copies: { from: string; to: string }[] = [];
  const warnings: Warning[] = [];
  const seen = new Set<string>();
  for (const asset of rendered.assets) {
    if (seen.has(asset.path)) continue;
    seen.add(asset.path);
    const from = resolve(sourceDir, asset.path);
    // Through symlinks: a link in the deck's folder must not copy a file from elsewhere into dist/.
    // (A file that does not exist leaks nothing: it is judged by its path as written.)
    const inside = existsSync(from)
      ? relative(realDir(sourceDir), realpathSync(from))
      : relative(sourceDir, from);
    const where = { file: deck.path, line: asset.line };
    if (inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
      warnings.push({
        ...where,
        code: 'asset-outside',
        message: `"${asset.path}" is outside the deck's folder and is not copied`,
      });
      continue;
    }
    const info = existsSync(from) ? statSync(from) : undefined;
    if (!info) {
      warnings.push({ ...where, code: 'missing-asset', message: `"${asset.path}" does not exist` });
    } else if (info.isFile()) {
      // Where the page links it, which a symlink inside the folder may not be where it really lives.
      copies.push({ from, to: join(dir, relative(sourceDir, from)) });
    }
  }
  return { copies, warnings };
}

/** Two decks with the same file name would overwrite each other's folder. */
function checkNames(planned: readonly PlannedDeck[], cwd: string): void {
  const byName = new Map<string, string>();
  for (const { deck } of planned) {
    const other = byName.get(deck.name);
    // The cuts of one deck share its name and folder; only two source files may not.
    if (other !== undefined && other !== (relative(cwd, deck.path) || deck.path)) {
      throw new DeckError(`two decks would both be written to "${deck.name}/" (the other is ${other})`, {
        file: deck.path,
        line: 0,
        code: 'usage',
        hint: 'Rename one of them, or build them into different --out folders.',
      });
    }
    byName.set(deck.name, relative(cwd, deck.path) || deck.path);
  }
}

let cachedVersion: string | undefined;

/** pitchdeck's version from its package.json. */
export function version(): string {
  cachedVersion ??= (
    JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }
  ).version;
  return cachedVersion;
}

function realDir(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}
