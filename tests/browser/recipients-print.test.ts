/**
 * Recipients whose pages differ only in their vars are printed from the print view of the one before
 * them in the tab, their text swapped in: each PDF must be what printing that recipient's page afresh
 * gives, to the position of every text run, also when a long name wraps and moves a centred slide.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textSkeleton } from '../../src/export/text-swap.ts';
import { runCli, workspaces } from '../helpers/cli.ts';
import { openPdf } from '../helpers/pdf.ts';

const DECK = `---
title: For {{name}}
theme: white
audiences:
  founders: {}
---

## Hello {{name}}

A paragraph for {{company}}, in one sentence.

- a fact for {{name}}
- another fact

Note: Greet {{name}}.

---

## Centred

Thanks, {{name}} of {{company}}.

---

## Unchanged

No vars on this slide.
`;

const PEOPLE = [
  ['Al', 'Acme'],
  [
    'Maximilian Alexander Ferdinand von Habsburg-Lothringen und Sachsen-Coburg-Gotha',
    'A Company With A Name Long Enough To Wrap Onto A Second Line Of The Slide',
  ],
  ['Bo', 'Beta'],
  ['Dr. Jane Q. Public', 'Gamma & Delta'],
];

const spaces = workspaces('pitchdeck-recipients-print');
let work: string;

beforeAll(() => {
  const csv = (rows: string[][]) =>
    `name,company\n${rows.map((r) => r.map((c) => `"${c}"`).join(',')).join('\n')}\n`;
  work = spaces.make({ 'deck.md': DECK, 'all.csv': csv(PEOPLE) });
  for (const [i, row] of PEOPLE.entries()) writeFileSync(join(work, `one-${i}.csv`), csv([row]));
});

afterAll(() => spaces.cleanup());

/** Every page's text runs with their positions. */
async function runs(file: string): Promise<{ text: string; x: number; y: number }[][]> {
  const pdf = await openPdf(file);
  try {
    const pages = [];
    for (let i = 1; i <= pdf.pageCount; i++) pages.push(await pdf.textRuns(i));
    return pages;
  } finally {
    await pdf.close();
  }
}

describe('recipients printed one after another in a tab', () => {
  it('print what each recipient printed alone prints, run for run', async () => {
    const together = runCli(work, [
      'build',
      'deck.md',
      '--audience',
      'founders',
      '--each',
      'all.csv',
      '--name-by',
      'name',
      '--pdf',
      '-q',
      '-o',
      'together',
    ]);
    expect(together.stderr).toBe('');
    expect(together.status).toBe(0);
    const folders = [
      'al',
      'maximilian-alexander-ferdinand-von-habsburg-lothringen-und-sachsen-coburg-gotha',
      'bo',
      'dr-jane-q-public',
    ];
    // Their pages differ only in their text: the tab swaps it in rather than loading the page again.
    const skeletons = folders.map((f) =>
      textSkeleton(readFileSync(join(work, 'together', 'deck', f, 'index.html'), 'utf8')),
    );
    expect(skeletons[0]).toBeDefined();
    expect(new Set(skeletons).size).toBe(1);
    for (const [i, folder] of folders.entries()) {
      const alone = runCli(work, [
        'build',
        'deck.md',
        '--audience',
        'founders',
        '--each',
        `one-${i}.csv`,
        '--name-by',
        'name',
        '--pdf',
        '-q',
        '-o',
        `alone-${i}`,
      ]);
      expect(alone.status, alone.stderr).toBe(0);
      const pdf = `deck-${folder}.pdf`;
      const printed = await runs(join(work, 'together', 'deck', folder, pdf));
      expect(printed[0]?.map((r) => r.text).join(' ')).toContain(
        `a fact for ${PEOPLE[i]?.[0]?.split(' ')[0]}`,
      );
      expect(printed).toEqual(await runs(join(work, `alone-${i}`, 'deck', folder, pdf)));
    }
  });
});
