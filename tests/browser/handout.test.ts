import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, workspaces } from '../helpers/cli.ts';
import { type OutlineItem, openPdf, type PdfFile, structRoles } from '../helpers/pdf.ts';

/** Seven slides, a vertical stack among them; each but the third has notes. */
const DECK = `---
title: Handout deck
theme: white
---

# One

Note: notes for one

---

## Two

Note: notes for two

---

## Three

----

## Three below

Note: notes for three below

---

## Four

Note: notes for four

---

## Five

Note: notes for five

---

## Six

Note: notes for six
`;

const TITLES = ['One', 'Two', 'Three', 'Three below', 'Four', 'Five', 'Six'];

const spaces = workspaces('pitchdeck-handout');
let work: string;

beforeAll(() => {
  work = spaces.make({ 'deck.md': DECK });
});

afterAll(() => spaces.cleanup());

/** Prints a handout and opens it; `env` overrides the locale. */
async function handout(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ pdf: PdfFile; stdout: string }> {
  const out = `handout-${args.join('').replace(/\W/g, '')}.pdf`;
  const result = runCli(work, ['pdf', 'deck.md', ...args, '-o', out], {
    env: { LC_ALL: '', LC_PAPER: '', LANG: 'en_GB.UTF-8', ...env },
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return { pdf: await openPdf(join(work, out)), stdout: result.stdout };
}

/** The outline's pages, in order, nested ones after their parent. */
function pagesOf(items: OutlineItem[]): [string, number][] {
  return items.flatMap((i) => [[i.title, i.page] as [string, number], ...pagesOf(i.items)]);
}

describe('pitchdeck pdf --handout', () => {
  it('puts 1, 2, 3, 4 or 6 slides to a portrait A4 page, and the outline leads to each slide', async () => {
    for (const n of [1, 2, 3, 4, 6]) {
      const { pdf, stdout } = await handout(['--handout', String(n)]);
      try {
        const pages = Math.ceil(TITLES.length / n);
        expect(pdf.pageCount, `--handout ${n}`).toBe(pages);
        expect(stdout).toContain(`(handout, ${pages} ${pages === 1 ? 'page' : 'pages'},`);
        // A4, to within Chromium's rounding of the page to its pixel grid.
        const [width, height] = await pdf.pageSize(1);
        expect(Math.abs(width - 595.28)).toBeLessThan(1);
        expect(Math.abs(height - 841.89)).toBeLessThan(1);
        expect(pagesOf(await pdf.outline())).toEqual(TITLES.map((t, i) => [t, Math.floor(i / n) + 1]));
        // The slides are drawn as vector pages: their text is there to select and search.
        const first = (await pdf.text(1)).toLowerCase();
        expect(first).toContain('one');
        expect(first).toContain(`1 / ${pages}`);
      } finally {
        await pdf.close();
      }
    }
  });

  it('sets each slide’s notes beside it with --notes, on Letter from the locale', async () => {
    const { pdf } = await handout(['--handout', '3', '--notes'], { LANG: 'en_US.UTF-8' });
    try {
      expect(pdf.pageCount).toBe(3);
      expect(await pdf.pageSize(1)).toEqual([612, 792]);
      const text = [await pdf.text(1), await pdf.text(2), await pdf.text(3)];
      expect(text[0]).toContain('notes for one');
      expect(text[0]).toContain('notes for two');
      expect(text[1]).toContain('notes for three below');
      expect(text[2]).toContain('notes for six');
      // Each slide is named for assistive technology.
      expect(structRoles(await pdf.structTree(1))).toContain('Figure');
      expect((await pdf.metadata()).Title).toBe('Handout deck');
    } finally {
      await pdf.close();
    }
  });

  it('takes --paper over the locale, and refuses --fragments', async () => {
    const { pdf } = await handout(['--handout', '6', '--paper', 'a4'], { LANG: 'en_US.UTF-8' });
    try {
      expect(Math.abs((await pdf.pageSize(1))[0] - 595.28)).toBeLessThan(1);
    } finally {
      await pdf.close();
    }
    const wrong = runCli(work, ['pdf', 'deck.md', '--handout', '2', '--fragments', '-o', 'no.pdf']);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('--handout shows each slide once');
    expect(existsSync(join(work, 'no.pdf'))).toBe(false);
  });

  it('writes the handout beside the page without -o, and no slides PDF', () => {
    const result = runCli(work, ['pdf', 'deck.md', '--handout', '4', '-q']);
    expect(result.status).toBe(0);
    expect(existsSync(join(work, 'dist', 'deck', 'deck-handout.pdf'))).toBe(true);
    expect(existsSync(join(work, 'dist', 'deck', 'deck.pdf'))).toBe(false);
  });
});
