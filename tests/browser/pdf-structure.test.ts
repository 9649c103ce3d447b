import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, workspaces } from '../helpers/cli.ts';
import { type OutlineItem, openPdf, type PdfFile, type StructNode, structRoles } from '../helpers/pdf.ts';

/** A 4x4 PNG of pure red. */
const RED_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEklEQVR4nGP4z8AARwzEcQAA5HwL9Wbz5x8AAAAASUVORK5CYII=',
  'base64',
);

const DECK = `---
title: Structure deck
lang: de-ch
theme: white
---

# Opening

A first paragraph.

Note: notes of opening

---

## Steps

- step one
- step two <!-- .element: class="fragment" -->
- step three <!-- .element: class="fragment" -->

Note: notes of steps

---

## Numbers

| name | value |
|------|-------|
| a    | 1     |

----

## Picture

![a red square](img/red.png)

\`\`\`js
const answer = 42;
\`\`\`

Note: notes of picture

---

## Close

Thanks.

Note: notes of close
`;

/** The slides' bookmarks, with the page each leads to in a given print. */
function outline(pages: { opening: number; steps: number; numbers: number; picture: number; close: number }) {
  const item = (title: string, page: number, items: OutlineItem[] = []): OutlineItem => ({
    title,
    page,
    items,
  });
  return [
    item('Opening', pages.opening),
    item('Steps', pages.steps),
    item('Numbers', pages.numbers, [item('Picture', pages.picture)]),
    item('Close', pages.close),
  ];
}

/** Every node of a structure tree with the given role, depth first. */
function nodesWith(node: StructNode, role: string): StructNode[] {
  return [...(node.role === role ? [node] : []), ...(node.children ?? []).flatMap((c) => nodesWith(c, role))];
}

const spaces = workspaces('pitchdeck-pdf-structure');
let work: string;
const printed = new Map<string, { pdf: PdfFile; stdout: string }>();

/** Prints the deck once per combination of flags (the four prints run in parallel in beforeAll). */
const COMBINATIONS: Record<string, string[]> = {
  plain: [],
  notes: ['--notes'],
  fragments: ['--fragments'],
  both: ['--fragments', '--notes'],
};

beforeAll(async () => {
  work = spaces.make({ 'deck.md': DECK, 'img/red.png': RED_PNG });
  mkdirSync(join(work, 'out'));
  for (const [name, flags] of Object.entries(COMBINATIONS)) {
    const result = runCli(work, ['pdf', 'deck.md', ...flags, '-o', `out/${name}.pdf`]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    printed.set(name, { pdf: await openPdf(join(work, 'out', `${name}.pdf`)), stdout: result.stdout });
  }
});

afterAll(async () => {
  for (const { pdf } of printed.values()) await pdf.close();
  spaces.cleanup();
});

const get = (name: string) => {
  const entry = printed.get(name);
  if (!entry) throw new Error(`no print for ${name}`);
  return entry;
};

describe('the tagged PDF, through the whole deck', () => {
  it('has a heading in the structure tree of every slide page, before the rest of the slide', async () => {
    const { pdf } = get('plain');
    expect(pdf.pageCount).toBe(5);
    const headings = ['H1', 'H2', 'H2', 'H2', 'H2'];
    for (const [i, heading] of headings.entries()) {
      const roles = structRoles(await pdf.structTree(i + 1));
      expect(roles, `page ${i + 1}`).toContain(heading);
      expect(roles.indexOf(heading), `page ${i + 1}`).toBeLessThan(
        roles.indexOf('P') === -1 ? Infinity : roles.indexOf('P'),
      );
    }
  });

  it('tags lists, tables, figures with their alt text, and code on later pages', async () => {
    const { pdf } = get('plain');
    const steps = structRoles(await pdf.structTree(2));
    expect(steps.filter((r) => r === 'LI')).toHaveLength(3);
    expect(steps.indexOf('H2')).toBeLessThan(steps.indexOf('L'));
    const numbers = structRoles(await pdf.structTree(3));
    expect(numbers).toEqual(expect.arrayContaining(['Table', 'TR', 'TH', 'TD']));
    const picture = await pdf.structTree(4);
    expect(nodesWith(picture, 'Figure').map((f) => f.alt)).toEqual(['a red square']);
    expect(structRoles(picture)).toContain('Code');
  });

  it("carries the deck's language as /Lang and in the XMP metadata, with the title", async () => {
    const { pdf } = get('plain');
    const info = await pdf.metadata();
    expect(info.Language).toBe('de-CH');
    expect(info.xmp).toMatchObject({ 'dc:title': 'Structure deck', 'dc:language': 'de-CH' });
  });
});

describe('notes, fragments and the outline, in every combination', () => {
  it('plain: one page per slide', async () => {
    const { pdf, stdout } = get('plain');
    expect(stdout).toContain('(5 pages,');
    expect(await pdf.outline()).toEqual(outline({ opening: 1, steps: 2, numbers: 3, picture: 4, close: 5 }));
  });

  it('--notes: bookmarks count the notes pages before them, and so does the reported page count', async () => {
    const { pdf, stdout } = get('notes');
    expect(pdf.pageCount).toBe(9);
    expect(stdout).toContain('(9 pages,');
    expect(await pdf.outline()).toEqual(outline({ opening: 1, steps: 3, numbers: 5, picture: 6, close: 8 }));
    // Numbers has no notes: no page for them.
    for (const [page, notes] of [
      [2, 'notes of opening'],
      [4, 'notes of steps'],
      [7, 'notes of picture'],
      [9, 'notes of close'],
    ] as const) {
      expect(await pdf.text(page)).toContain(notes);
    }
  });

  it('--fragments: one page per step, bookmarks at each slide’s first step', async () => {
    const { pdf, stdout } = get('fragments');
    expect(pdf.pageCount).toBe(7);
    expect(stdout).toContain('(7 pages,');
    expect(await pdf.outline()).toEqual(outline({ opening: 1, steps: 2, numbers: 5, picture: 6, close: 7 }));
    expect(await pdf.text(2)).not.toContain('step two');
    expect(await pdf.text(4)).toContain('step three');
  });

  it('--fragments --notes: the notes page comes after the last step', async () => {
    const { pdf, stdout } = get('both');
    expect(pdf.pageCount).toBe(11);
    expect(stdout).toContain('(11 pages,');
    expect(await pdf.outline()).toEqual(outline({ opening: 1, steps: 3, numbers: 7, picture: 8, close: 10 }));
    expect(await pdf.text(3)).not.toContain('step two');
    expect(await pdf.text(5)).toContain('step three');
    expect(await pdf.text(6)).toContain('notes of steps');
    expect(await pdf.text(11)).toContain('notes of close');
  });

  it('tags the slide pages that follow notes pages too', async () => {
    const { pdf } = get('both');
    for (const page of [1, 3, 4, 5, 7, 8, 10]) {
      expect(
        structRoles(await pdf.structTree(page)).some((r) => /^H\d$/.test(r)),
        `page ${page}`,
      ).toBe(true);
    }
  });
});
