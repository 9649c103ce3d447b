import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString } from '@cantoo/pdf-lib';
import { describe, expect, it } from 'vitest';
import { finishPdf, type PdfMetadata } from '../../src/export/pdf-document.ts';
import { readPdf } from '../../src/export/pdf-update.ts';

const METADATA: PdfMetadata = {
  title: 'Élan (vital) \\ 🚀',
  author: 'Ann Lee',
  subject: 'A subject',
  keywords: ['one', 'two'],
  lang: 'fr-CA',
  creator: 'pitchdeck',
  creationDate: new Date('2026-11-27T09:30:05Z'),
};

const OUTLINE = [
  { title: 'First', page: 0, children: [] },
  {
    title: 'Second',
    page: 1,
    children: [{ title: 'Second, below', page: 2, children: [] }],
  },
];

/** A PDF of `pages` pages with a title, as pdf-lib writes it: a table (as Chromium) or a stream. */
async function makePdf(pages: number, useObjectStreams: boolean): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  for (let i = 0; i < pages; i++) doc.addPage([960, 540]);
  doc.setTitle('Before');
  doc.setProducer('Skia/PDF m150');
  return doc.save({ useObjectStreams });
}

/** What a reader finds: information, language, bookmarks with their page numbers, the page count. */
async function read(bytes: Uint8Array) {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const pages = doc.getPages().map((p) => p.ref.toString());
  const outlines = doc.catalog.lookup(PDFName.of('Outlines'), PDFDict);
  const walk = (first: unknown): unknown[] => {
    const out: unknown[] = [];
    for (let item = first as PDFDict | undefined; item; ) {
      const dest = item.lookup(PDFName.of('Dest'), PDFArray);
      const children = item.get(PDFName.of('First'));
      out.push({
        title: item.lookup(PDFName.of('Title'), PDFHexString).decodeText(),
        page: pages.indexOf(dest.get(0).toString()),
        ...(children ? { children: walk(item.lookup(PDFName.of('First'))) } : {}),
      });
      item = item.get(PDFName.of('Next')) ? item.lookup(PDFName.of('Next'), PDFDict) : undefined;
    }
    return out;
  };
  return {
    pageCount: doc.getPageCount(),
    title: doc.getTitle(),
    author: doc.getAuthor(),
    subject: doc.getSubject(),
    keywords: doc.getKeywords(),
    creator: doc.getCreator(),
    producer: doc.getProducer(),
    created: doc.getCreationDate()?.toISOString(),
    lang: doc.catalog.lookup(PDFName.of('Lang'), PDFString).decodeText(),
    displayTitle: doc.catalog.getViewerPreferences()?.getDisplayDocTitle(),
    xmp: doc.catalog.lookup(PDFName.of('Metadata')) !== undefined,
    outlineCount: outlines.lookup(PDFName.of('Count'), PDFNumber).asNumber(),
    outline: walk(outlines.lookup(PDFName.of('First'))),
  };
}

const EXPECTED = {
  pageCount: 3,
  title: METADATA.title,
  author: 'Ann Lee',
  subject: 'A subject',
  keywords: 'one, two',
  creator: 'pitchdeck',
  producer: 'Skia/PDF m150',
  created: '2026-11-27T09:30:05.000Z',
  lang: 'fr-CA',
  displayTitle: true,
  xmp: true,
  outlineCount: 3,
  outline: [
    { title: 'First', page: 0 },
    { title: 'Second', page: 1, children: [{ title: 'Second, below', page: 2 }] },
  ],
};

describe('finishPdf', () => {
  it('appends the information, language, XMP and bookmarks to a PDF with a table, leaving its bytes as they are', async () => {
    const original = await makePdf(3, false);
    expect(readPdf(original)).toBeDefined();
    const finished = await finishPdf(original, METADATA, OUTLINE);
    expect(Buffer.from(finished.subarray(0, original.byteLength)).equals(Buffer.from(original))).toBe(true);
    expect(await read(finished)).toEqual(EXPECTED);
  });

  it('updates a PDF that was updated before: the newer values win', async () => {
    const once = await finishPdf(await makePdf(3, false), { ...METADATA, title: 'Old' }, OUTLINE);
    const twice = await finishPdf(once, METADATA, OUTLINE);
    expect(twice.byteLength).toBeGreaterThan(once.byteLength);
    expect(await read(twice)).toEqual(EXPECTED);
  });

  it('finishes a PDF with a cross-reference stream the slow way, with the same result', async () => {
    const original = await makePdf(3, true);
    expect(readPdf(original)).toBeUndefined();
    expect(await read(await finishPdf(original, METADATA, OUTLINE))).toEqual(EXPECTED);
  });
});
