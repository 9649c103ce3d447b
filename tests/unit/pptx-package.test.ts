import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { type PptxDocument, writePptx } from '../../src/export/pptx-document.ts';
import type { TextRun } from '../../src/export/pptx-measure.ts';
import { repairPart } from '../../src/export/pptx-package.ts';

const run = (text: string, extra: Partial<TextRun> = {}): TextRun => ({
  text,
  font: 'Arial',
  size: 32,
  colour: { hex: '222222', alpha: 1 },
  bold: false,
  italic: false,
  underline: false,
  strike: false,
  baseline: null,
  highlight: null,
  link: null,
  spacing: 0,
  breakBefore: false,
  ...extra,
});

/** Two slides measured by hand: a list with a nested item of two runs, and a table. */
const DOC: PptxDocument = {
  width: 1280,
  height: 720,
  title: 'Unit deck',
  author: 'Ada',
  subject: undefined,
  lang: 'en',
  headingFont: 'Inter',
  bodyFont: 'Inter',
  background: { colour: { hex: '1E1035', alpha: 1 }, picture: undefined },
  slides: [
    {
      title: 'List',
      notes: 'the notes',
      background: undefined,
      pictures: new Map(),
      measured: {
        index: 0,
        line: 1,
        background: { kind: 'deck' },
        captures: [],
        unmapped: [],
        shapes: [
          {
            kind: 'text',
            role: 'body',
            wrap: true,
            box: { x: 96, y: 96, w: 960, h: 200 },
            paragraphs: [
              {
                runs: [run('plain '), run('bold', { bold: true })],
                align: 'left',
                lineHeight: 40,
                spaceBefore: 0,
                level: 0,
                bullet: { kind: 'char', char: '2022', indent: 32 },
              },
              {
                runs: [run('nested')],
                align: 'left',
                lineHeight: 40,
                spaceBefore: 8,
                level: 1,
                bullet: { kind: 'number', style: 'alphaLcPeriod', start: 3, indent: 32 },
              },
            ],
          },
        ],
      },
    },
  ],
};

describe('writePptx and repairPart', () => {
  it('writes paragraphs with one properties element each, first, holding the list level and bullet', async () => {
    const zip = await JSZip.loadAsync(await writePptx(DOC));
    const slide = (await zip.file('ppt/slides/slide1.xml')?.async('string')) ?? '';
    const paragraphs = [...slide.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)].map((m) => m[1] ?? '');
    expect(paragraphs).toHaveLength(2);
    for (const p of paragraphs) expect(p.match(/<a:pPr\b/g)).toHaveLength(1);
    expect(paragraphs[0]).toMatch(
      /^<a:pPr algn="l" marL="304800" indent="-304800">.*<a:buChar char="&#x2022;"\/>/,
    );
    expect(paragraphs[0]).toMatch(/<a:t>plain <\/a:t>.*b="1".*<a:t>bold<\/a:t>/);
    // Level 1: the bullet's indent twice; lettered from c; 8 px (6 pt) before it.
    expect(paragraphs[1]).toMatch(/^<a:pPr algn="l" lvl="1" marL="609600" indent="-304800">/);
    expect(paragraphs[1]).toContain('<a:spcBef><a:spcPts val="600"/></a:spcBef>');
    expect(paragraphs[1]).toContain('<a:buAutoNum type="alphaLcPeriod" startAt="3"/>');
    expect(slide).toContain(
      '<p:bg><p:bgPr><a:solidFill><a:srgbClr val="1E1035"/></a:solidFill><a:effectLst/>',
    );
    const notes = (await zip.file('ppt/notesSlides/notesSlide1.xml')?.async('string')) ?? '';
    expect(notes).toContain('<a:t>the notes</a:t>');
    const types = (await zip.file('[Content_Types].xml')?.async('string')) ?? '';
    expect(types).not.toContain('slideMaster2.xml');
  });

  it('leaves a part that is already valid as it is', () => {
    const xml =
      '<p:bg><p:bgPr><a:solidFill><a:srgbClr val="000000"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>' +
      '<a:p><a:pPr algn="ctr"/><a:r><a:t>x</a:t></a:r></a:p><a:p><a:r><a:t>y</a:t></a:r></a:p>';
    expect(repairPart(xml)).toBe(xml);
  });
});
