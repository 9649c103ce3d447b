import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, workspaces } from '../helpers/cli.ts';

const repo = resolve(import.meta.dirname, '..', '..');

/** A 4x4 PNG of pure red (#ff0000). */
const RED_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEklEQVR4nGP4z8AARwzEcQAA5HwL9Wbz5x8AAAAASUVORK5CYII=',
  'base64',
);

const DECK = `---
title: PPTX fixture deck
author: Ada Lovelace
theme: black
---

# Opening slide

Note: notes of the opening slide

---

## Bullets

- first point
- second point with **bold** words
  - nested point
- third point <!-- .element: class="fragment" -->
- [x] a done task

Note: notes of the bullets

---

## Table slide

| Name | Value |
|------|------:|
| Alpha | 1 |
| Beta | 22 |

---

## Code slide

\`\`\`js
const answer = function () { return 42; };
\`\`\`

Note: notes of the code slide

---

## Picture slide

![a red square](img/red.png)

<svg aria-label="a blue bar" width="80" height="40"><rect width="80" height="40" fill="#0000ff"/></svg>

----

## Embedded

<iframe src="https://example.invalid/embed" width="480" height="270"></iframe>
`;

const TITLES = ['Opening slide', 'Bullets', 'Table slide', 'Code slide', 'Picture slide', 'Embedded'];

/** A PPTX read back: its parts as text, in slide order. */
interface Pptx {
  zip: JSZip;
  slides: string[];
  notes: string[];
  part(path: string): Promise<string>;
}

async function openPptx(path: string): Promise<Pptx> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  const numbered = (folder: string, stem: string) =>
    Object.keys(zip.files)
      .filter((name) => new RegExp(`^ppt/${folder}/${stem}\\d+\\.xml$`).test(name))
      .sort((a, b) => Number(/(\d+)\.xml$/.exec(a)?.[1]) - Number(/(\d+)\.xml$/.exec(b)?.[1]));
  const part = async (name: string) => {
    const file = zip.file(name);
    if (!file) throw new Error(`no ${name} in the PPTX`);
    return file.async('string');
  };
  return {
    zip,
    slides: await Promise.all(numbered('slides', 'slide').map(part)),
    notes: await Promise.all(numbered('notesSlides', 'notesSlide').map(part)),
    part,
  };
}

/** The text of every `<a:t>`, entities decoded. */
function texts(xml: string): string[] {
  return [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) =>
    (m[1] ?? '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&'),
  );
}

/** Every paragraph of a slide, with its properties and text. */
function paragraphs(xml: string): { pPr: string; text: string }[] {
  return [...xml.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)].map((m) => ({
    pPr: /^<a:pPr\b[^>]*?(?:\/>|>[\s\S]*?<\/a:pPr>)/.exec(m[1] ?? '')?.[0] ?? '',
    text: texts(m[1] ?? '').join(''),
  }));
}

describe('pitchdeck pptx', () => {
  const spaces = workspaces('pitchdeck-pptx');
  let work: string;
  let stderr: string;
  let pptx: Pptx;

  beforeAll(async () => {
    work = spaces.make({ 'deck.md': DECK, 'img/red.png': RED_PNG });
    const result = runCli(work, ['pptx', 'deck.md']);
    stderr = result.stderr;
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('wrote dist/deck/deck.pptx (6 slides, ');
    pptx = await openPptx(join(work, 'dist', 'deck', 'deck.pptx'));
  });

  afterAll(() => spaces.cleanup());

  it('writes one slide per slide of the deck, vertical slides included, at 16:9 and the deck size', async () => {
    expect(pptx.slides).toHaveLength(TITLES.length);
    // The black theme sets headings in capitals; the text is the same.
    for (const [i, title] of TITLES.entries()) {
      expect(
        texts(pptx.slides[i] ?? '')
          .join(' ')
          .toLowerCase(),
      ).toContain(title.toLowerCase());
    }
    const size = /<p:sldSz cx="(\d+)" cy="(\d+)"/.exec(await pptx.part('ppt/presentation.xml'));
    // 1280 x 720 CSS pixels, 9525 EMU each.
    expect([Number(size?.[1]), Number(size?.[2])]).toEqual([1280 * 9525, 720 * 9525]);
  });

  it('keeps titles and bullets as text: a paragraph per item, at its level, every fragment shown', () => {
    const bullets = paragraphs(pptx.slides[1] ?? '');
    const item = (text: string) => bullets.find((p) => p.text === text);
    expect(item('first point')?.pPr).toMatch(/<a:pPr (?![^>]*lvl=)[^>]*marL="\d+" indent="-\d+"/);
    expect(item('second point with bold words')?.pPr).not.toContain('lvl=');
    expect(item('nested point')?.pPr).toContain('lvl="1"');
    expect(item('third point')).toBeDefined();
    // Each item has its bullet; the heading has none.
    expect(pptx.slides[1]?.match(/<a:buChar /g)).toHaveLength(5);
    // A task list's checkbox is a character of its item, not a picture.
    expect(item('\u2611 a done task')).toBeDefined();
    expect(stderr).not.toContain('<input>');
    expect(item('BULLETS')?.pPr).toContain('<a:buNone/>');
    expect(item('nested point')?.pPr).toContain('<a:buChar ');
    // The bold words are a run of their own, in bold, inside the item's one paragraph.
    expect(pptx.slides[1]).toMatch(/<a:rPr [^>]*b="1"[^>]*>(?:(?!<\/a:rPr>).)*<\/a:rPr><a:t>bold<\/a:t>/s);
  });

  it("fills each slide's title placeholder with its heading, and gives a slide without one none", async () => {
    // PowerPoint's outline, its slide titles for screen readers and its accessibility checker read the
    // title placeholder.
    const titleShape = (xml: string) =>
      [...xml.matchAll(/<p:sp>[\s\S]*?<\/p:sp>/g)]
        .map((m) => m[0])
        .filter((sp) => /<p:ph\b[^>]*type="title"/.test(sp));
    for (const [i, title] of TITLES.entries()) {
      const shapes = titleShape(pptx.slides[i] ?? '');
      expect(shapes, title).toHaveLength(1);
      expect(
        texts(shapes[0] ?? '')
          .join('')
          .toLowerCase(),
      ).toBe(title.toLowerCase());
    }
    const long = 'A heading long enough to need two lines on a slide of this width, however wide the font';
    const work2 = spaces.make({
      'deck.md': `## ${long}\n\nText.\n\n---\n\n![a red square](red.png)\n\nNo heading here.\n\n---\n\n## Short\n`,
      'red.png': RED_PNG,
    });
    const result = runCli(work2, ['pptx', 'deck.md', '-o', 'three.pptx', '-q']);
    expect(result.status, result.stderr).toBe(0);
    const three = await openPptx(join(work2, 'three.pptx'));
    const [wrapped, , short] = [0, 1, 2].map((i) => titleShape(three.slides[i] ?? ''));
    expect(wrapped).toHaveLength(1);
    expect(short).toHaveLength(1);
    // Each title keeps its own wrapping: the long one wraps, the one-line one does not.
    expect(wrapped?.[0]).toMatch(/<a:bodyPr [^>]*wrap="square"/);
    expect(short?.[0]).toMatch(/<a:bodyPr [^>]*wrap="none"/);
    expect(wrapped?.[0]).not.toContain('txBox="1"');
    // No empty "Click to add title" box on the slide without a heading, nor anywhere else.
    expect(three.slides[1]).not.toContain('<p:ph');
    for (const xml of three.slides) expect(xml.match(/<p:ph\b/g)?.length ?? 0).toBeLessThanOrEqual(1);
  });

  it('writes every paragraph with at most one paragraph-properties element, first', () => {
    for (const slide of pptx.slides) {
      for (const m of slide.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)) {
        const inner = m[1] ?? '';
        expect(inner.match(/<a:pPr\b/g)?.length ?? 0).toBeLessThanOrEqual(1);
        if (inner.includes('<a:pPr')) expect(inner.startsWith('<a:pPr')).toBe(true);
      }
    }
  });

  it('makes the table a native table', () => {
    const table = pptx.slides[2] ?? '';
    expect(table).toContain('<a:tbl>');
    expect(table.match(/<a:tr /g)).toHaveLength(3);
    expect(table.match(/<a:gridCol /g)).toHaveLength(2);
    expect(texts(table)).toEqual(expect.arrayContaining(['Name', 'Value', 'Alpha', '1', 'Beta', '22']));
    expect(pptx.slides[0]).not.toContain('<a:tbl>');
  });

  it("writes code as monospace text in the highlight theme's colours", () => {
    const code = pptx.slides[3] ?? '';
    const run = (text: string) =>
      new RegExp(`<a:rPr [^>]*>((?:(?!</a:rPr>).)*)</a:rPr><a:t>${text}</a:t>`, 's').exec(code)?.[1] ?? '';
    // monokai: keywords and numbers #f92672, other text #ddd.
    expect(run('const')).toContain('<a:srgbClr val="F92672"/>');
    expect(run('42')).toContain('<a:srgbClr val="F92672"/>');
    expect(run(' answer = ')).toContain('<a:srgbClr val="DDDDDD"/>');
    expect(run('const')).toMatch(/<a:latin typeface="(Courier New|Consolas|Menlo)"/);
    // The code block's background, #272822, is a shape behind the text.
    expect(code).toMatch(/<a:solidFill><a:srgbClr val="272822"\/><\/a:solidFill>/);
  });

  it("embeds the deck's picture file as it is, and a drawing (SVG) as a picture of it", async () => {
    const slide = pptx.slides[4] ?? '';
    const rels = await pptx.part('ppt/slides/_rels/slide5.xml.rels');
    const media = async (descr: string) => {
      const id = new RegExp(`descr="${descr}"[\\s\\S]*?<a:blip r:embed="(rId\\d+)"`).exec(slide)?.[1];
      const target = new RegExp(`Id="${id}"[^>]*Target="\\.\\./media/([^"]+)"`).exec(rels)?.[1];
      return pptx.zip.file(`ppt/media/${target}`)?.async('nodebuffer');
    };
    expect(slide.match(/<p:pic>/g)).toHaveLength(2);
    expect((await media('a red square'))?.equals(RED_PNG)).toBe(true);
    // The drawing is photographed, twice the slide's pixels: 160 x 80.
    const bar = await media('a blue bar');
    expect(bar?.subarray(1, 4).toString()).toBe('PNG');
    expect([bar?.readUInt32BE(16), bar?.readUInt32BE(20)]).toEqual([160, 80]);
  });

  it('turns an iframe into a linked picture and says so, with slide and line', async () => {
    const slide = pptx.slides[5] ?? '';
    expect(slide).toContain('<p:pic>');
    expect(slide).toContain('<a:hlinkClick');
    expect(await pptx.part('ppt/slides/_rels/slide6.xml.rels')).toContain(
      'Target="https://example.invalid/embed"',
    );
    const line = DECK.split('\n').findIndex((l) => l.includes('<iframe')) + 1;
    expect(stderr).toContain(
      `deck.md:${line}: warning: slide 6 "Embedded": the iframe (https://example.invalid/embed) does not run in PowerPoint; the PPTX shows a picture of it, linked to its address`,
    );
  });

  it('puts the speaker notes in the notes pages', () => {
    expect(pptx.notes).toHaveLength(TITLES.length);
    expect(texts(pptx.notes[0] ?? '').join(' ')).toContain('notes of the opening slide');
    expect(texts(pptx.notes[1] ?? '').join(' ')).toContain('notes of the bullets');
    expect(texts(pptx.notes[3] ?? '').join(' ')).toContain('notes of the code slide');
    expect(texts(pptx.notes[2] ?? '').join(' ')).not.toContain('notes of');
  });

  it("paints the theme's background colour behind every slide", () => {
    // black: #191919.
    for (const slide of pptx.slides) {
      expect(slide).toContain(
        '<p:bg><p:bgPr><a:solidFill><a:srgbClr val="191919"/></a:solidFill><a:effectLst/>',
      );
    }
  });

  it('names only the parts the package holds in [Content_Types].xml', async () => {
    const types = await pptx.part('[Content_Types].xml');
    for (const [, name] of types.matchAll(/<Override PartName="\/([^"]+)"/g)) {
      expect(pptx.zip.file(name ?? ''), name).not.toBeNull();
    }
  });

  it('leaves the notes out with --no-notes, and writes where -o says', async () => {
    const result = runCli(work, ['pptx', 'deck.md', '--no-notes', '-o', 'talk.pptx', '-q']);
    expect(result.status, result.stderr).toBe(0);
    const bare = await openPptx(join(work, 'talk.pptx'));
    for (const notes of bare.notes) expect(texts(notes).join(' ')).not.toContain('notes of');
    expect(bare.slides).toHaveLength(TITLES.length);
  });

  it('strips the notes of an audience with notes: false from its page and PPTX, and keeps the others’', async () => {
    const dir = spaces.make({
      'deck.md': [
        '---',
        'audiences: { investors: { notes: false }, engineers: {} }',
        '---',
        '',
        '# Opening',
        '',
        'Note: the opening notes',
        '',
        '---',
        '',
        '## Numbers',
        '',
        'Note: the numbers notes',
        '',
      ].join('\n'),
    });
    const result = runCli(dir, ['build', 'deck.md', '--pptx', '--no-check', '-q']);
    expect(result.status, result.stderr).toBe(0);
    const notesOf = async (audience: string) => {
      const pptx = await openPptx(join(dir, 'dist', 'deck', audience, `deck-${audience}.pptx`));
      return pptx.notes.map((xml) => texts(xml).join(' ')).join('\n');
    };
    const page = (audience: string) =>
      readFileSync(join(dir, 'dist', 'deck', audience, 'index.html'), 'utf8');
    expect(await notesOf('investors')).not.toContain('notes');
    expect(page('investors')).not.toContain('<aside class="notes">');
    expect(await notesOf('engineers')).toContain('the opening notes');
    expect(await notesOf('engineers')).toContain('the numbers notes');
    expect(page('engineers')).toMatch(/<aside class="notes"><p>\s*the numbers notes<\/p>/);
  });

  it('refuses -o for several cuts before doing any work', () => {
    const dir = spaces.make({
      'deck.md':
        '---\naudiences: { a: {}, b: {} }\n---\n\n# One\n\n---\n\n<!-- .slide: data-audience="a" -->\n\n# Two\n',
    });
    const result = runCli(dir, ['pptx', 'deck.md', '-o', 'talk.pptx']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'error: -o talk.pptx names one PowerPoint file, but this run has 2 cuts\n  Make one with --audience NAME, or give -o a folder to write each cut beside its page.\n',
    );
    expect(existsSync(join(dir, 'dist'))).toBe(false);
    expect(existsSync(join(dir, 'talk.pptx'))).toBe(false);
  });
});

describe('build --pptx with the Elixir pitch', () => {
  const spaces = workspaces('pitchdeck-pptx-elixir');
  afterAll(() => spaces.cleanup());

  it('writes one PPTX per audience beside its page, each with its cut of slides and notes', async () => {
    const work = spaces.make();
    const result = runCli(work, [
      'build',
      join(repo, 'slides', 'elixir-pitch.md'),
      '--pptx',
      '--no-check',
      '-o',
      'out',
    ]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const cuts = { founders: '', engineers: '', cto: '' };
    for (const audience of Object.keys(cuts) as (keyof typeof cuts)[]) {
      const slides = Number(new RegExp(`\\(${audience}, (\\d+) slides\\)`).exec(result.stdout)?.[1]);
      const path = join(work, 'out', 'elixir-pitch', audience, `elixir-pitch-${audience}.pptx`);
      expect(result.stdout).toContain(
        `wrote out/elixir-pitch/${audience}/elixir-pitch-${audience}.pptx (${slides} slides, `,
      );
      const deck = await openPptx(path);
      expect(deck.slides).toHaveLength(slides);
      expect(deck.notes).toHaveLength(slides);
      cuts[audience] = [...deck.slides, ...deck.notes].map((x) => texts(x).join(' ')).join('\n');
    }
    // Each cut's own slides and notes, and not another's.
    expect(cuts.engineers).toContain('A whole LiveView');
    expect(cuts.engineers).toContain('I’ll spend most of our time on how it works');
    expect(cuts.founders).not.toContain('A whole LiveView');
    expect(cuts.founders).toContain('Made for a startup shipping fast');
    expect(cuts.cto).toContain('Fewer moving parts');
    expect(cuts.founders).not.toContain('Fewer moving parts');
  });
});
