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

const RUNS = [
  { name: 'elixir-pitch', deck: 'slides/elixir-pitch.md', args: [] },
  { name: 'basic', deck: 'tests/fixtures/decks/basic.md', args: [] },
  { name: 'basic-notes', deck: 'tests/fixtures/decks/basic.md', args: ['--notes'] },
  { name: 'basic-fragments', deck: 'tests/fixtures/decks/basic.md', args: ['--fragments'] },
  { name: 'layouts', deck: 'tests/fixtures/decks/layouts.md', args: [] },
  { name: 'vertical', deck: 'tests/fixtures/decks/vertical.md', args: [] },
  { name: 'maths', deck: 'tests/fixtures/decks/maths.md', args: [] },
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
  it.each(RUNS)('$name', async ({ name, deck, args }) => {
    const out = mkdtempSync(join(tmpdir(), 'pitchdeck-pdf-regression-'));
    made.push(out);
    const run = runCli(ROOT, ['pdf', deck, '--out', out, '--no-check', '-q', ...args], {
      env: { PITCHDECK_CACHE_DIR: join(out, '.cache') },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const pdfs = filesBelow(out).filter((f) => f.endsWith('.pdf'));
    const expected = Object.keys(before)
      .filter((key) => key.startsWith(`${name}: `))
      .map((key) => key.slice(name.length + 2));
    expect(pdfs).toEqual(expected);
    for (const file of pdfs) {
      const want = before[`${name}: ${file}`] as PrintedBefore;
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
