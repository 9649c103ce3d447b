import { audiencesOf } from '../audience/audiences.ts';
import type { CutOptions } from '../audience/cut-for-audience.ts';
import { DeckError } from '../errors.ts';
import type { DeckDocument } from '../model.ts';
import type { Recipient, Recipients } from './build-plan.ts';
import { inShard, type Shard } from './shard.ts';

/** One page to build from a deck: for whom, and where it goes below the deck's folder. */
export interface PlannedCut {
  audience: string | undefined;
  recipient: Recipient | undefined;
  /** The folder below `<out>/<deck>/`, or undefined for the deck's own folder (a deck without cuts). */
  folder: string | undefined;
  options: CutOptions;
}

export interface PlanOptions {
  /**
   * The audiences named with --audience; every declared audience when absent or empty; `first`: the
   * first the deck declares (what `serve` presents by default).
   */
  audiences?: readonly string[] | 'first' | undefined;
  /** The rows of --each: one cut per row. */
  recipients?: Recipients | undefined;
  /** `--shard K/N`: only the rows in the K-th of N parts of the list. */
  shard?: Shard | undefined;
}

/**
 * The cuts to build from a deck: one per audience (or per requested audience) into `<deck>/<audience>/`,
 * one per recipient into `<deck>/<slug>/`, or the deck itself into `<deck>/` when it declares no
 * audiences, as before audiences existed.
 *
 * @throws DeckError at the deck's `audiences` line for an audience it does not declare, and for --each
 *   without exactly one --audience on a deck that has audiences.
 */
export function planCuts(doc: DeckDocument, options: PlanOptions): PlannedCut[] {
  const names = audiencesOf(doc).audiences.map((a) => a.name);
  const requested = options.audiences === 'first' ? names.slice(0, 1) : [...new Set(options.audiences ?? [])];
  const where = { file: doc.path, line: doc.frontMatterLines.audiences ?? 0 };
  for (const name of requested) {
    if (!names.includes(name)) {
      throw new DeckError(
        names.length === 0
          ? `--audience ${name}: this deck declares no audiences`
          : `--audience ${name}: unknown audience (known: ${names.join(', ')})`,
        {
          ...where,
          code: 'unknown-audience',
          hint:
            names.length === 0
              ? 'Declare audiences in its front matter, or build it without --audience.'
              : `Use one of: ${names.map((n) => `--audience ${n}`).join(', ')}.`,
        },
      );
    }
  }
  const { recipients } = options;
  if (recipients) {
    if (names.length > 0 && requested.length !== 1) {
      throw new DeckError(
        `--each builds one audience's cut per row: name exactly one --audience (this deck has: ${names.join(', ')})`,
        { ...where, code: 'usage', hint: `e.g. --audience ${names[0]} --each ${recipients.file}` },
      );
    }
    const audience = requested[0];
    const { shard } = options;
    const rows = shard ? recipients.rows.filter((r) => inShard(r.slug, shard)) : recipients.rows;
    return rows.map((recipient) => ({
      audience,
      recipient,
      folder: recipient.slug,
      options: { vars: recipient.vars, varsSource: `${recipients.file} row ${recipient.row}` },
    }));
  }
  if (names.length === 0)
    return [{ audience: undefined, recipient: undefined, folder: undefined, options: {} }];
  return (requested.length > 0 ? requested : names).map((audience) => ({
    audience,
    recipient: undefined,
    folder: audience,
    options: {},
  }));
}
