import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/parse/parse-document.ts';
import type { Recipient, Recipients } from '../../src/plan/build-plan.ts';
import { planCuts } from '../../src/plan/plan-cuts.ts';
import { parseShard, type Shard, shardFile } from '../../src/plan/shard.ts';
import { slugOf } from '../../src/read/recipients.ts';
import { deckErrorOf } from '../helpers/deck-error.ts';

const DECK = parseDocument({
  path: 'slides/pitch.md',
  text: ['---', 'audiences:', '  founders: {}', '---', '# Hello {{name}}'].join('\n'),
});

function recipients(names: readonly string[]): Recipients {
  return {
    file: 'people.csv',
    rows: names.map(
      (name, i): Recipient => ({ row: i + 1, line: i + 2, name, slug: slugOf(name), vars: { name } }),
    ),
  };
}

const NAMES = Array.from({ length: 1000 }, (_, i) => `Person ${i + 1} of Company ${(i * 7) % 97}`);

/** The folders each part of N builds, by planning the cuts as a run with `--shard K/N` does. */
function parts(list: Recipients, count: number): string[][] {
  return Array.from({ length: count }, (_, i) =>
    planCuts(DECK, { audiences: ['founders'], recipients: list, shard: { index: i + 1, count } }).map(
      (cut) => cut.folder ?? '',
    ),
  );
}

describe('--shard K/N', () => {
  it('reads K/N, and refuses anything but a part from 1 to N', () => {
    expect(parseShard('2/8')).toEqual({ index: 2, count: 8 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
    for (const text of ['0/3', '4/3', '1/0', 'a/b', '2', '-1/3', '1.5/3', '']) {
      expect(deckErrorOf(() => parseShard(text)).format()).toBe(
        `--shard ${text}: not a part K/N with K from 1 to N\n  e.g. --shard 2/8 builds the second of eight parts of the --each list.`,
      );
    }
  });

  it('splits the list into parts that are disjoint and together hold every recipient once', () => {
    const list = recipients(NAMES);
    for (const count of [1, 2, 3, 7, 16]) {
      const split = parts(list, count);
      const all = split.flat();
      expect(all).toHaveLength(NAMES.length);
      expect(new Set(all).size).toBe(NAMES.length);
      expect(new Set(all)).toEqual(new Set(list.rows.map((r) => r.slug)));
      // Each part keeps the list's order.
      for (const part of split) {
        const order = part.map((slug) => list.rows.findIndex((r) => r.slug === slug));
        expect(order).toEqual([...order].sort((a, b) => a - b));
      }
    }
  });

  it('puts a recipient in the same part in every run, wherever it is in the list and whatever else is in it', () => {
    const before = parts(recipients(NAMES), 8);
    expect(parts(recipients(NAMES), 8)).toEqual(before);
    const partOf = (split: string[][]) =>
      new Map(split.flatMap((folders, i) => folders.map((f) => [f, i] as const)));
    const reversedAndMore = [...NAMES].reverse().concat(['Someone New', 'Another One']);
    const after = partOf(parts(recipients(reversedAndMore), 8));
    for (const [folder, part] of partOf(before)) expect(after.get(folder)).toBe(part);
  });

  it('gives every part a share of a long list', () => {
    const sizes = parts(recipients(NAMES), 4).map((part) => part.length);
    for (const size of sizes) expect(size).toBeGreaterThan(NAMES.length / 4 / 1.5);
  });

  it('takes more parts than recipients: some parts are empty, and every recipient is in one', () => {
    const list = recipients(['Ann Lee', 'Bob', 'Chen Wei']);
    const split = parts(list, 10);
    expect(split.flat().sort()).toEqual(['ann-lee', 'bob', 'chen-wei']);
    expect(split.filter((part) => part.length === 0).length).toBeGreaterThanOrEqual(7);
  });

  it("names a part's own files after it", () => {
    const shard: Shard = { index: 3, count: 12 };
    expect(shardFile('index.html', shard)).toBe('index-3-of-12.html');
    expect(shardFile('.pitchdeck-index.json', shard)).toBe('.pitchdeck-index-3-of-12.json');
  });
});
