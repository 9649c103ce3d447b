import type { Browser } from 'puppeteer-core';
import { forEachBounded } from '../bounded.ts';
import { EnvironmentError, type Warning } from '../errors.ts';
import type { PlannedPage } from '../plan/build-plan.ts';
import { type CutLabel, type Finding, sortFindings } from './finding.ts';
import { assetFindings, checkStructure } from './structure.ts';

/** A page of the plan as written where the browser can load it (the staging folder). */
export interface CheckTarget {
  page: PlannedPage;
  htmlPath: string;
}

export interface CheckPagesOptions {
  cwd?: string | undefined;
  /** The run's browser; undefined skips the browser checks (overflow, font size, contrast). */
  browser?: (() => Promise<Browser>) | undefined;
  /**
   * Lay out every recipient's cut (default). When false, only the largest page of each audience's
   * recipients is laid out, the one most likely to overflow: hundreds of cuts that differ only in their
   * vars would take minutes. The checks that need no browser still run on every cut.
   */
  everyRecipient?: boolean | undefined;
  /** Told as each cut has been laid out. */
  onChecked?: ((page: PlannedPage) => void) | undefined;
  /** Cuts laid out at once in the one browser. */
  concurrency?: number | undefined;
  timeoutMs?: number | undefined;
  /**
   * Called instead of throwing when no browser can be started: the checks that need none still report.
   * Without it, that EnvironmentError is thrown.
   */
  onLayoutUnavailable?: ((error: EnvironmentError) => void) | undefined;
  /** Pages whose layout is measured elsewhere (as they are printed): only their structure is checked here. */
  laidOutElsewhere?: ReadonlySet<PlannedPage> | undefined;
}

/**
 * Checks the pages of a plan: the structure of each cut, the files it links, and, in the run's one
 * browser, each slide's layout.
 *
 * @throws EnvironmentError when the layout is checked and no browser can be started.
 */
export async function checkPages(
  targets: readonly CheckTarget[],
  options: CheckPagesOptions = {},
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const { page } of targets) {
    findings.push(
      ...checkStructure(page.deck, cutOf(page)),
      ...assetFindings(page.deck, page.warnings, cutOf(page)),
    );
  }
  const elsewhere = options.laidOutElsewhere;
  const laidOut = toLayOut(targets, options.everyRecipient !== false).filter((t) => !elsewhere?.has(t.page));
  if (options.browser && laidOut.length > 0) {
    try {
      findings.push(...(await checkLayouts(laidOut, options.browser, options)));
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

async function checkLayouts(
  targets: readonly CheckTarget[],
  browser: () => Promise<Browser>,
  options: CheckPagesOptions,
): Promise<Finding[]> {
  const { checkLayout } = await import('./layout.ts');
  const running = await browser();
  const results: Finding[][] = [];
  await forEachBounded(targets, options.concurrency ?? 2, async ({ page, htmlPath }, i) => {
    results[i] = await checkLayout(
      running,
      { deck: page.deck, htmlPath, cut: cutOf(page), source: page.sourceText },
      { timeoutMs: options.timeoutMs },
    );
    options.onChecked?.(page);
  });
  return results.flat();
}

/**
 * The cuts whose layout is checked in the browser: every one, or (`everyRecipient` false) the cuts
 * without recipients and, of each deck's and audience's recipients, the largest page.
 */
export function toLayOut<T extends CheckTarget>(targets: readonly T[], everyRecipient: boolean): T[] {
  return everyRecipient ? [...targets] : largestPerAudience(targets);
}

function largestPerAudience<T extends CheckTarget>(targets: readonly T[]): T[] {
  const largest = new Map<string, T>();
  for (const target of targets) {
    if (!target.page.recipient) continue;
    const key = `${target.page.deck.path}\0${target.page.audience ?? ''}`;
    const best = largest.get(key);
    if (best === undefined || target.page.html.length > best.page.html.length) largest.set(key, target);
  }
  const chosen = new Set(largest.values());
  return targets.filter((t) => !t.page.recipient || chosen.has(t));
}

export function cutOf(page: PlannedPage): CutLabel {
  return { audience: page.audience, recipient: page.recipient?.name };
}
