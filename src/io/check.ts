import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserSession } from '../browser/session.ts';
import { type CutLabel, type Finding, sortFindings } from '../check/finding.ts';
import { assetFindings, checkStructure } from '../check/structure.ts';
import type { Warning } from '../errors.ts';
import { forEachBounded } from './bounded.ts';
import { type BuildOptions, type BuiltDeck, buildDecks } from './build.ts';

export interface CheckBuiltOptions {
  cwd?: string | undefined;
  /** A browser already being launched by the caller, who also closes it; else one is started here. */
  session?: BrowserSession | undefined;
  /** Skip the browser checks (overflow, font size, contrast): only what the Markdown shows. */
  layout?: boolean | undefined;
  /** Cuts laid out at once in the one browser. */
  concurrency?: number | undefined;
  timeoutMs?: number | undefined;
  log?: ((line: string) => void) | undefined;
}

export type CheckOptions = Omit<BuildOptions, 'out' | 'pdf'> & CheckBuiltOptions;

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
export async function checkDecks(inputs: readonly string[], options: CheckOptions = {}): Promise<CheckResult> {
  const out = await mkdtemp(join(tmpdir(), 'pitchdeck-check-'));
  try {
    const built = await buildDecks(inputs, { ...options, out });
    const findings = await checkBuilt(built, options);
    const seen = new Set<string>();
    const warnings = built
      .flatMap((b) => b.warnings)
      .filter((w) => !isAssetWarning(w))
      .filter((w) => {
        const key = `${w.file}:${w.line}:${w.code}:${w.message}`;
        return seen.has(key) ? false : (seen.add(key), true);
      });
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
  if (options.layout !== false && built.length > 0) findings.push(...(await checkLayouts(built, options)));
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

function cutOf(built: BuiltDeck): CutLabel {
  return { audience: built.audience, recipient: built.recipient?.name };
}
