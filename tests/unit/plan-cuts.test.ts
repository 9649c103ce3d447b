import { describe, expect, it } from 'vitest';
import { forEachBounded } from '../../src/bounded.ts';
import { parseDocument } from '../../src/parse/parse-document.ts';
import type { Recipients } from '../../src/plan/build-plan.ts';
import { planCuts } from '../../src/plan/plan-cuts.ts';
import { slugOf } from '../../src/read/recipients.ts';
import { deckErrorOf } from '../helpers/deck-error.ts';

const WITH = parseDocument({
  path: 'slides/pitch.md',
  text: ['---', 'audiences:', '  founders: {}', '  engineers: {}', '  cto: {}', '---', '# A'].join('\n'),
});
const WITHOUT = parseDocument({ path: 'slides/plain.md', text: '# A' });

const people: Recipients = {
  file: 'people.csv',
  rows: [
    { row: 1, line: 2, name: 'Ann Lee', slug: 'ann-lee', vars: { name: 'Ann Lee' } },
    { row: 2, line: 3, name: 'Bob', slug: 'bob', vars: { name: 'Bob' } },
  ],
};

const where = (cuts: ReturnType<typeof planCuts>) => cuts.map((c) => [c.audience, c.folder]);

describe('planCuts', () => {
  it('plans one cut per audience into its folder, or the deck itself when it declares none', () => {
    expect(where(planCuts(WITH, {}))).toEqual([
      ['founders', 'founders'],
      ['engineers', 'engineers'],
      ['cto', 'cto'],
    ]);
    expect(where(planCuts(WITH, { audiences: ['cto', 'founders', 'cto'] }))).toEqual([
      ['cto', 'cto'],
      ['founders', 'founders'],
    ]);
    expect(where(planCuts(WITHOUT, {}))).toEqual([[undefined, undefined]]);
  });

  it("plans one cut per recipient of the one audience, into the row's folder, with the row as vars", () => {
    const cuts = planCuts(WITH, { audiences: ['cto'], recipients: people });
    expect(where(cuts)).toEqual([
      ['cto', 'ann-lee'],
      ['cto', 'bob'],
    ]);
    expect(cuts[1]?.options).toEqual({ vars: { name: 'Bob' }, varsSource: 'people.csv row 2' });
    expect(where(planCuts(WITHOUT, { recipients: people }))).toEqual([
      [undefined, 'ann-lee'],
      [undefined, 'bob'],
    ]);
  });

  it('rejects an audience the deck does not declare, naming those it does', () => {
    expect(deckErrorOf(() => planCuts(WITH, { audiences: ['sales'] })).format()).toBe(
      'slides/pitch.md:2: --audience sales: unknown audience (known: founders, engineers, cto)\n' +
        '  Use one of: --audience founders, --audience engineers, --audience cto.',
    );
    expect(deckErrorOf(() => planCuts(WITHOUT, { audiences: ['cto'] })).format()).toBe(
      'slides/plain.md: --audience cto: this deck declares no audiences\n' +
        '  Declare audiences in its front matter, or build it without --audience.',
    );
  });

  it('rejects recipients without exactly one audience for a deck that has audiences', () => {
    for (const audiences of [[], ['cto', 'founders']]) {
      expect(deckErrorOf(() => planCuts(WITH, { audiences, recipients: people })).message).toBe(
        "--each builds one audience's cut per row: name exactly one --audience (this deck has: founders, engineers, cto)",
      );
    }
  });
});

describe('slugOf', () => {
  it('makes a folder name of a recipient name', () => {
    expect(slugOf('Ann Lee (Acme, Inc.)')).toBe('ann-lee-acme-inc');
    expect(slugOf('  José Ñúñez ')).toBe('jose-nunez');
    expect(slugOf('山田 太郎')).toBe('山田-太郎');
    expect(slugOf('../../etc/passwd')).toBe('etc-passwd');
    expect(slugOf('!!!')).toBe('');
    expect(slugOf('a'.repeat(100))).toHaveLength(80);
  });
});

describe('forEachBounded', () => {
  it('never runs more than the limit at once and runs every item', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await forEachBounded(
      Array.from({ length: 50 }, (_, i) => i),
      4,
      async (item) => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, item % 3));
        done.push(item);
        running--;
      },
    );
    expect(most).toBe(4);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('rejects with the first failure and starts nothing after it', async () => {
    const started: number[] = [];
    const run = forEachBounded([0, 1, 2, 3, 4, 5], 2, async (item) => {
      started.push(item);
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (item === 1) throw new Error('disk full');
    });
    await expect(run).rejects.toThrow('disk full');
    expect(started.length).toBeLessThan(6);
  });
});
