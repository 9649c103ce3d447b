/**
 * Recipients whose pages differ only in their vars are printed from the print view of the one before
 * them in the tab, their text swapped in: each PDF must be what printing that recipient's page afresh
 * gives, to the position of every text run, also when a long name wraps and moves a centred slide.
 */
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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

  it("links a PDF to the files beside its own page, never to another recipient's", async () => {
    const dir = spaces.make({
      'deck.md': `---\ntitle: For {{name}}\n---\n\n## Terms for {{name}}\n\nRead [the terms](terms.pdf) and [the site](https://example.com/).\n`,
      'terms.pdf': '%PDF-1.4\n',
      'people.csv': 'name\nAnn Lee\nBob Ray\n',
    });
    const result = runCli(dir, [
      'build',
      'deck.md',
      '--each',
      'people.csv',
      '--name-by',
      'name',
      '--pdf',
      '-q',
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const linksOf = async (who: string) => {
      const pdf = await openPdf(join(dir, 'dist', 'deck', who, `deck-${who}.pdf`));
      try {
        return await pdf.links(2);
      } finally {
        await pdf.close();
      }
    };
    const [ann, bob] = [await linksOf('ann-lee'), await linksOf('bob-ray')];
    expect(ann).toContain('https://example.com/');
    // Where the file is once the run is over, not the staging folder the page was printed from.
    const final = (who: string) =>
      pathToFileURL(join(realpathSync(dir), 'dist', 'deck', who, 'terms.pdf')).href;
    expect(ann).toContain(final('ann-lee'));
    expect(bob).toContain(final('bob-ray'));
    expect(bob.join(' ')).not.toContain('ann-lee');
    // -o names the PDF alone (no page is kept): its links lead to the deck's own files.
    writeFileSync(join(dir, 'plain.md'), '# Plain\n\nRead [the terms](terms.pdf).\n');
    const alone = runCli(dir, ['pdf', 'plain.md', '-q', '-o', 'plain.pdf']);
    expect(alone.status, alone.stderr).toBe(0);
    const pdf = await openPdf(join(dir, 'plain.pdf'));
    try {
      expect(await pdf.links(1)).toEqual([pathToFileURL(join(realpathSync(dir), 'terms.pdf')).href]);
    } finally {
      await pdf.close();
    }
  });
});
