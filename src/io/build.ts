import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { buildDeck } from '../deck/build-deck.ts';
import { DeckError, type Warning } from '../errors.ts';
import type { Deck, RenderedDeck } from '../model.ts';
import { parseDocument } from '../parse/parse-document.ts';
import { renderDeck } from '../render/render-deck.ts';
import { compileTemplates, type Templates } from '../render/templates.ts';
import { loadTemplateSources } from './load-templates.ts';
import { PACKAGE_ROOT, TEMPLATES_DIR } from './package-paths.ts';
import { readSource, resolveInputs } from './read-inputs.ts';
import { ASSETS_DIR, highlightThemeNames, writeSharedAssets } from './shared-assets.ts';
import { copyFileAtomic, writeFileAtomic } from './write-files.ts';

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
}

/** One deck as built: where its page went and what was worth a warning. */
export interface BuiltDeck {
  deck: Deck;
  /** Absolute path of the deck's folder in the output. */
  dir: string;
  htmlPath: string;
  warnings: Warning[];
}

interface PlannedDeck {
  deck: Deck;
  rendered: RenderedDeck;
  sourceDir: string;
  dir: string;
  copies: { from: string; to: string }[];
  warnings: Warning[];
}

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

  const planned: PlannedDeck[] = [];
  for (const file of files) {
    const source = await readSource(file, cwd);
    const sourceDir = dirname(file);
    const doc = parseDocument(source, {
      separator: options.separator,
      verticalSeparator: options.verticalSeparator,
    });
    const deck = await buildDeck(doc, {
      exists: (path) => existsSync(join(sourceDir, path)),
      highlightThemes,
      theme: options.theme,
    });
    const rendered = renderDeck(deck, templates, {
      assetBase: `../${ASSETS_DIR}`,
      version: version(),
      notes: options.notes !== false,
    });
    const dir = join(out, deck.name);
    const { copies, warnings } = planCopies(deck, rendered, sourceDir, dir);
    planned.push({ deck, rendered, sourceDir, dir, copies, warnings: [...deck.warnings, ...warnings] });
  }
  checkNames(planned, cwd);

  await writeSharedAssets(
    out,
    planned.map((p) => p.deck),
  );
  return Promise.all(
    planned.map(async (p) => {
      const htmlPath = join(p.dir, 'index.html');
      await Promise.all(p.copies.map((c) => copyFileAtomic(c.from, c.to)));
      await writeFileAtomic(htmlPath, p.rendered.html);
      return { deck: p.deck, dir: p.dir, htmlPath, warnings: p.warnings };
    }),
  );
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
    const inside = relative(sourceDir, from);
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
      copies.push({ from, to: join(dir, inside) });
    }
  }
  return { copies, warnings };
}

/** Two decks with the same file name would overwrite each other's folder. */
function checkNames(planned: readonly PlannedDeck[], cwd: string): void {
  const byName = new Map<string, string>();
  for (const { deck } of planned) {
    const other = byName.get(deck.name);
    if (other) {
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
