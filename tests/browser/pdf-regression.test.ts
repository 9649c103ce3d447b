/**
 * The PDFs print what they printed before printing, checking and finishing were made faster: the same
 * pages with the same text, size, title, language and outline, for the decks listed in
 * tests/fixtures/pdf-texts/README.md.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { filesBelow, ROOT, runCli } from '../helpers/cli.ts';
import { type OutlineItem, openPdf } from '../helpers/pdf.ts';

interface PrintedBefore {
  size: [number, number];
  title: string;
  lang: string | null;
  outline: { title: string; page: number; items?: PrintedBefore['outline'] }[];
  pages: string[];
}

const before = JSON.parse(
  readFileSync(join(ROOT, 'tests/fixtures/pdf-texts/before-speed.json'), 'utf8'),
) as Record<string, PrintedBefore>;

/**
 * The runs the fixture was printed by, each as one CLI run now: the plain decks together in one `build`
 * (one browser for all of them, as a user's `build --pdf` prints them), the variants on their own.
 */
const RUNS = [
  {
    name: 'plain decks',
    args: [
      'build',
      'slides/elixir-pitch.md',
      'tests/fixtures/decks/basic.md',
      'tests/fixtures/decks/layouts.md',
      'tests/fixtures/decks/vertical.md',
      'tests/fixtures/decks/maths.md',
      '--pdf',
    ],
    names: ['elixir-pitch', 'basic', 'layouts', 'vertical', 'maths'],
    /** The fixture's run for a PDF of this run, by the deck's folder. */
    key: (file: string) => `${file.split('/')[0]}: ${file}`,
  },
  {
    name: 'notes',
    args: ['pdf', 'tests/fixtures/decks/basic.md', '--notes'],
    names: ['basic-notes'],
    key: (file: string) => `basic-notes: ${file}`,
  },
  {
    name: 'fragments',
    args: ['pdf', 'tests/fixtures/decks/basic.md', '--fragments'],
    names: ['basic-fragments'],
    key: (file: string) => `basic-fragments: ${file}`,
  },
];

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** The outline as the fixture stores it: nested items only where there are some. */
function brief(items: readonly OutlineItem[]): PrintedBefore['outline'] {
  return items.map((item) =>
    item.items.length > 0
      ? { title: item.title, page: item.page, items: brief(item.items) }
      : { title: item.title, page: item.page },
  );
}

describe('PDFs print as before', () => {
  it.each(RUNS)('$name', async ({ args, key, names }) => {
    const out = mkdtempSync(join(tmpdir(), 'pitchdeck-pdf-regression-'));
    made.push(out);
    const run = runCli(ROOT, [...args, '--out', out, '--no-check', '-q'], {
      env: { PITCHDECK_CACHE_DIR: join(out, '.cache') },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const pdfs = filesBelow(out).filter((f) => f.endsWith('.pdf'));
    expect(pdfs.map(key).sort()).toEqual(
      Object.keys(before)
        .filter((k) => names.includes(k.split(':')[0] as string))
        .sort(),
    );
    for (const file of pdfs) {
      const want = before[key(file)] as PrintedBefore;
      const pdf = await openPdf(join(out, file));
      try {
        const pages = [];
        for (let i = 1; i <= pdf.pageCount; i++) pages.push(await pdf.text(i));
        const meta = await pdf.metadata();
        expect({
          size: await pdf.pageSize(1),
          title: meta.Title,
          lang: meta.Language ?? null,
          outline: brief(await pdf.outline()),
          pages,
        }).toEqual(want);
      } finally {
        await pdf.close();
      }
    }
  });
});

it('covers every PDF the fixture holds', () => {
  const printed = RUNS.flatMap((run) => run.names);
  expect(new Set(Object.keys(before).map((key) => key.split(':')[0]))).toEqual(new Set(printed));
});
