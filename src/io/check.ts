import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserSession } from '../browser/session.ts';
import { type CutLabel, type Finding, sortFindings } from '../check/finding.ts';
import { assetFindings, checkStructure } from '../check/structure.ts';
import { EnvironmentError, type Warning } from '../errors.ts';
import { forEachBounded } from './bounded.ts';
import { type BuildOptions, type BuiltDeck, buildDecks } from './build.ts';

export interface CheckBuiltOptions {
  cwd?: string | undefined;
  /** A browser already being launched by the caller, who also closes it; else one is started here. */
  session?: BrowserSession | undefined;
  /** Skip the browser checks (overflow, font size, contrast): only what the Markdown shows. */
  layout?: boolean | undefined;
  /**
   * Lay out every recipient's cut (default). When false, only the largest page of each audience's
   * recipients is laid out, the one most likely to overflow: hundreds of cuts that differ only in their
   * vars would take minutes. The checks that need no browser still run on every cut.
   */
  everyRecipient?: boolean | undefined;
  /** Cuts laid out at once in the one browser. */
  concurrency?: number | undefined;
  timeoutMs?: number | undefined;
  log?: ((line: string) => void) | undefined;
  /**
   * Called instead of throwing when no browser can be started: the checks that need none still report.
   * Without it, that EnvironmentError is thrown.
   */
  onLayoutUnavailable?: ((error: EnvironmentError) => void) | undefined;
}

export type CheckOptions = Omit<BuildOptions, 'out' | 'pdf' | 'singleFile'> & CheckBuiltOptions;

export interface CheckResult {
  /** Every cut's findings, in source order. */
  findings: Finding[];
  /** The build's warnings that are not findings (an unknown front matter key, an unclosed fence). */
  warnings: Warning[];
  /** The cuts checked: deck name, audience and recipient. */
  cuts: { deck: string; path: string; audience: string | undefined; recipient: string | undefined }[];
}

/**
 * Builds decks (every audience cut, or those asked for) into a temporary folder, checks each cut, and
 * removes the folder: `check` writes nothing to the output folder.
 *
 * @throws DeckError for a deck that does not build; EnvironmentError when no browser can be started.
 */
export async function checkDecks(
  inputs: readonly string[],
  options: CheckOptions = {},
): Promise<CheckResult> {
  const out = await mkdtemp(join(tmpdir(), 'pitchdeck-check-'));
  try {
    const built = await buildDecks(inputs, { ...options, out });
    const findings = await checkBuilt(built, options);
    // The cuts of a deck share its warnings: each once.
    const warnings = [
      ...new Map(
        built
          .flatMap((b) => b.warnings)
          .filter((w) => !isAssetWarning(w))
          .map((w) => [`${w.file}:${w.line}:${w.code}:${w.message}`, w] as const),
      ).values(),
    ];
    return {
      findings,
      warnings,
      cuts: built.map((b) => ({
        deck: b.deck.name,
        path: b.deck.path,
        audience: b.audience,
        recipient: b.recipient?.name,
      })),
    };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

/**
 * Checks decks already built (by `buildDecks`): the structure of each cut, the files it links, and,
 * in one browser for the whole run, each slide's layout.
 *
 * @throws EnvironmentError when the layout is checked and no browser can be started.
 */
export async function checkBuilt(
  built: readonly BuiltDeck[],
  options: CheckBuiltOptions = {},
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const b of built) {
    findings.push(...checkStructure(b.deck, cutOf(b)), ...assetFindings(b.deck, b.warnings, cutOf(b)));
  }
  if (options.layout !== false && built.length > 0) {
    try {
      const targets = options.everyRecipient === false ? await largestPerAudience(built) : built;
      findings.push(...(await checkLayouts(targets, options)));
    } catch (error) {
      if (!(error instanceof EnvironmentError) || !options.onLayoutUnavailable) throw error;
      options.onLayoutUnavailable(error);
    }
  }
  return sortFindings(findings);
}

/** The build's own warnings that `check` reports as `missing-asset` findings. */
export function isAssetWarning(warning: Warning): boolean {
  return warning.code === 'missing-asset' || warning.code === 'asset-outside';
}

async function checkLayouts(built: readonly BuiltDeck[], options: CheckBuiltOptions): Promise<Finding[]> {
  const [{ checkLayout }, { startBrowser }] = await Promise.all([
    import('../check/layout.ts'),
    import('../browser/session.ts'),
  ]);
  const cwd = options.cwd ?? process.cwd();
  const sources = new Map<string, Promise<string | undefined>>();
  const sourceOf = (path: string) => {
    let text = sources.get(path);
    if (!text) {
      // Only to point findings at lines: a deck that moved away since its build still gets its findings.
      text = readFile(resolve(cwd, path), 'utf8').catch(() => undefined);
      sources.set(path, text);
    }
    return text;
  };
  const session = options.session ?? startBrowser({ log: options.log });
  try {
    const browser = await session.browser();
    const results: Finding[][] = [];
    await forEachBounded(built, options.concurrency ?? 2, async (b, i) => {
      results[i] = await checkLayout(
        browser,
        { deck: b.deck, htmlPath: b.htmlPath, cut: cutOf(b), source: await sourceOf(b.deck.path) },
        { timeoutMs: options.timeoutMs },
      );
    });
    return results.flat();
  } finally {
    if (!options.session) await session.close();
  }
}

/** Cuts without recipients as they are; of each deck's and audience's recipients, the largest page. */
async function largestPerAudience(built: readonly BuiltDeck[]): Promise<BuiltDeck[]> {
  const sizes = await Promise.all(
    built.map((b) =>
      b.recipient
        ? stat(b.htmlPath).then(
            (s) => s.size,
            () => 0,
          )
        : 0,
    ),
  );
  const largest = new Map<string, number>();
  built.forEach((b, i) => {
    if (!b.recipient) return;
    const key = `${b.deck.path}\0${b.audience ?? ''}`;
    const best = largest.get(key);
    if (best === undefined || (sizes[i] ?? 0) > (sizes[best] ?? 0)) largest.set(key, i);
  });
  const chosen = new Set(largest.values());
  return built.filter((b, i) => !b.recipient || chosen.has(i));
}

function cutOf(built: BuiltDeck): CutLabel {
  return { audience: built.audience, recipient: built.recipient?.name };
}
