import { createHash } from 'node:crypto';
import { DeckError } from '../errors.ts';

/** The K-th (1-based) of N parts of a recipients list, as `--shard K/N` names it. */
export interface Shard {
  index: number;
  count: number;
}

/**
 * `--shard K/N`, checked before any work starts: whole numbers with 1 ≤ K ≤ N.
 *
 * @throws DeckError (usage) for anything else.
 */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count || !Number.isSafeInteger(count)) {
    throw new DeckError(`--shard ${text}: not a part K/N with K from 1 to N`, {
      file: '',
      line: 0,
      code: 'usage',
      hint: 'e.g. --shard 2/8 builds the second of eight parts of the --each list.',
    });
  }
  return { index, count };
}

/**
 * The part (1-based) a recipient belongs to, out of `count`: from a hash of its folder name (its slug),
 * so that a recipient lands in the same part on every machine and in every run, wherever it is in the
 * list and whatever rows are added or removed around it, and no two parts ever write the same folder.
 */
export function shardOf(slug: string, count: number): number {
  const digest = createHash('sha256').update(slug).digest();
  return (digest.readUInt32BE(0) % count) + 1;
}

/** Whether a recipient (by its folder name) is in the shard. */
export function inShard(slug: string, shard: Shard): boolean {
  return shardOf(slug, shard.count) === shard.index;
}

/** `2-of-8`: how a shard's own files are named. */
export function shardName(shard: Shard): string {
  return `${shard.index}-of-${shard.count}`;
}

/** A file of the output folder as a part names its own: `index.html` → `index-2-of-8.html`. */
export function shardFile(file: string, shard: Shard): string {
  return file.replace(/(\.[a-z]+)$/, `-${shardName(shard)}$1`);
}
