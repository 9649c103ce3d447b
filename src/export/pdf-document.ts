import type { PDFDocument, PDFRef } from '@cantoo/pdf-lib';
import {
  appendUpdate,
  dictOf,
  hexText,
  literalText,
  type NewObject,
  objectAt,
  PdfFormatError,
  type PdfRef,
  type PdfStructure,
  pageRefs,
  pdfDate,
  readPdf,
} from './pdf-update.ts';

/** Document information written into the PDF. */
export interface PdfMetadata {
  title: string;
  author?: string | undefined;
  subject?: string | undefined;
  keywords?: string[] | undefined;
  /** The document's language, a BCP 47 tag: the catalog's /Lang, which screen readers speak it in. */
  lang: string;
  creator: string;
  creationDate: Date;
}

/** A bookmark: a title, the 0-based page it opens, and entries nested under it. */
export interface OutlineEntry {
  title: string;
  page: number;
  children: OutlineEntry[];
}

/**
 * Adds what Chromium's PDF lacks: document information (author, subject, keywords, creator), the
 * language, the same in XMP metadata (where PDF/UA checkers and assistive technology look for the
 * title), and an outline with one bookmark per slide, vertical slides nested under their stack.
 * Chromium's tagged structure and embedded fonts are kept as they are: what is added is appended as an
 * incremental update, without parsing or writing the pages again (a PDF with a cross-reference stream,
 * which Chromium does not write, goes through pdf-lib instead).
 */
export async function finishPdf(
  bytes: Uint8Array,
  metadata: PdfMetadata,
  outline: readonly OutlineEntry[],
): Promise<Uint8Array> {
  const pdf = readPdf(bytes);
  if (pdf) {
    try {
      return updatePdf(pdf, bytes, metadata, outline);
    } catch (error) {
      if (!(error instanceof PdfFormatError)) throw error;
    }
  }
  return rewritePdf(bytes, metadata, outline);
}

/** The fast road: the catalog, the document information and the new objects as an incremental update. */
function updatePdf(
  pdf: PdfStructure,
  bytes: Uint8Array,
  metadata: PdfMetadata,
  outline: readonly OutlineEntry[],
): Uint8Array {
  const catalog = dictOf(pdf, objectAt(pdf, pdf.root));
  if (!catalog) throw new PdfFormatError('the catalog is not a dictionary');
  const pages = pageRefs(pdf, catalog);
  let next = pdf.size;
  const allocate = (): PdfRef => ({ num: next++, gen: 0 });
  const objects: NewObject[] = [];

  const info = new Map<string, string>();
  const oldInfo = pdf.info ? dictOf(pdf, objectAt(pdf, pdf.info)) : undefined;
  for (const [key, value] of oldInfo ?? []) info.set(key, value.raw);
  info.set('Title', hexText(metadata.title));
  if (metadata.author) info.set('Author', hexText(metadata.author));
  if (metadata.subject) info.set('Subject', hexText(metadata.subject));
  if (metadata.keywords && metadata.keywords.length > 0)
    info.set('Keywords', hexText(metadata.keywords.join(', ')));
  info.set('Creator', hexText(metadata.creator));
  info.set('CreationDate', pdfDate(metadata.creationDate));
  info.set('ModDate', pdfDate(metadata.creationDate));
  const infoRef = allocate();
  objects.push({ ref: infoRef, dict: dictText(info) });

  const xmp = allocate();
  objects.push({
    ref: xmp,
    streamDict: '<<\n/Type /Metadata\n/Subtype /XML\n>>',
    stream: new TextEncoder().encode(xmpPacket(metadata)),
  });

  const entries = new Map<string, string>();
  for (const [key, value] of catalog) entries.set(key, value.raw);
  // Readers show the title in the window's title bar, not the file name.
  const preferences = new Map<string, string>();
  for (const [key, value] of dictOf(pdf, catalog.get('ViewerPreferences')) ?? [])
    preferences.set(key, value.raw);
  preferences.set('DisplayDocTitle', 'true');
  entries.set('ViewerPreferences', dictText(preferences));
  entries.set('Lang', literalText(metadata.lang));
  entries.set('Metadata', refText(xmp));
  if (outline.length > 0 && pages.length > 0) {
    const root = allocate();
    const top = writeOutline(outline, root, pages, allocate, objects);
    objects.push({
      ref: root,
      dict: dictText(
        new Map([
          ['Type', '/Outlines'],
          ['First', refText(top.first)],
          ['Last', refText(top.last)],
          ['Count', String(top.count)],
        ]),
      ),
    });
    entries.set('Outlines', refText(root));
    entries.set('PageMode', '/UseOutlines');
  }
  objects.push({ ref: pdf.root, dict: dictText(entries) });
  return appendUpdate(pdf, bytes, objects, { size: next, root: pdf.root, info: infoRef });
}

/** Writes a list of sibling bookmarks under `parent`; returns the first and last and how many are open. */
function writeOutline(
  level: readonly OutlineEntry[],
  parent: PdfRef,
  pages: readonly PdfRef[],
  allocate: () => PdfRef,
  objects: NewObject[],
): { first: PdfRef; last: PdfRef; count: number } {
  const refs = level.map(() => allocate());
  let count = 0;
  level.forEach((entry, i) => {
    const page = pages[Math.min(entry.page, pages.length - 1)] as PdfRef;
    const ref = refs[i] as PdfRef;
    const item = new Map<string, string>([
      ['Title', hexText(entry.title)],
      ['Parent', refText(parent)],
      ['Dest', `[${refText(page)} /Fit]`],
    ]);
    const prev = refs[i - 1];
    const next = refs[i + 1];
    if (prev) item.set('Prev', refText(prev));
    if (next) item.set('Next', refText(next));
    count++;
    if (entry.children.length > 0) {
      const sub = writeOutline(entry.children, ref, pages, allocate, objects);
      item.set('First', refText(sub.first));
      item.set('Last', refText(sub.last));
      // A positive count: the stack's bookmarks are shown open.
      item.set('Count', String(sub.count));
      count += sub.count;
    }
    objects.push({ ref, dict: dictText(item) });
  });
  return { first: refs[0] as PdfRef, last: refs.at(-1) as PdfRef, count };
}

function refText(ref: PdfRef): string {
  return `${ref.num} ${ref.gen} R`;
}

function dictText(entries: ReadonlyMap<string, string>): string {
  return `<<\n${[...entries].map(([key, value]) => `/${key} ${value}`).join('\n')}\n>>`;
}

/** The slow road, for a PDF the update reader does not read: pdf-lib loads it whole and writes it again. */
async function rewritePdf(
  bytes: Uint8Array,
  metadata: PdfMetadata,
  outline: readonly OutlineEntry[],
): Promise<Uint8Array> {
  const { PDFDocument, PDFName, PDFString } = await import('@cantoo/pdf-lib');
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  doc.setTitle(metadata.title, { showInWindowTitleBar: true });
  if (metadata.author) doc.setAuthor(metadata.author);
  if (metadata.subject) doc.setSubject(metadata.subject);
  // pdf-lib joins a list with spaces, which runs multi-word keywords together: commas keep them apart.
  if (metadata.keywords && metadata.keywords.length > 0) doc.setKeywords([metadata.keywords.join(', ')]);
  doc.setCreator(metadata.creator);
  doc.setCreationDate(metadata.creationDate);
  doc.setModificationDate(metadata.creationDate);
  doc.catalog.set(PDFName.of('Lang'), PDFString.of(metadata.lang));
  const xmp = doc.context.stream(new TextEncoder().encode(xmpPacket(metadata)), {
    Type: 'Metadata',
    Subtype: 'XML',
  });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(xmp));
  if (outline.length > 0) await addOutline(doc, outline);
  return doc.save({ updateFieldAppearances: false });
}

async function addOutline(doc: PDFDocument, entries: readonly OutlineEntry[]): Promise<void> {
  const { PDFHexString, PDFName, PDFNumber } = await import('@cantoo/pdf-lib');
  const { context, catalog } = doc;
  const pages = doc.getPages().map((p) => p.ref);
  const root = context.nextRef();

  /** Writes a list of sibling entries under `parent`; returns the first and last refs and the count. */
  const writeLevel = (level: readonly OutlineEntry[], parent: PDFRef) => {
    const refs = level.map(() => context.nextRef());
    let count = 0;
    level.forEach((entry, i) => {
      const page = pages[Math.min(entry.page, pages.length - 1)];
      const ref = refs[i];
      if (!page || !ref) return;
      const item = context.obj({});
      item.set(PDFName.of('Title'), PDFHexString.fromText(entry.title));
      item.set(PDFName.of('Parent'), parent);
      item.set(PDFName.of('Dest'), context.obj([page, PDFName.of('Fit')]));
      const prev = refs[i - 1];
      const next = refs[i + 1];
      if (prev) item.set(PDFName.of('Prev'), prev);
      if (next) item.set(PDFName.of('Next'), next);
      count++;
      if (entry.children.length > 0) {
        const sub = writeLevel(entry.children, ref);
        item.set(PDFName.of('First'), sub.first);
        item.set(PDFName.of('Last'), sub.last);
        // A positive count: the stack's bookmarks are shown open.
        item.set(PDFName.of('Count'), PDFNumber.of(sub.count));
        count += sub.count;
      }
      context.assign(ref, item);
    });
    return { first: refs[0] as PDFRef, last: refs.at(-1) as PDFRef, count };
  };

  const top = writeLevel(entries, root);
  const outlines = context.obj({});
  outlines.set(PDFName.of('Type'), PDFName.of('Outlines'));
  outlines.set(PDFName.of('First'), top.first);
  outlines.set(PDFName.of('Last'), top.last);
  outlines.set(PDFName.of('Count'), PDFNumber.of(top.count));
  context.assign(root, outlines);
  catalog.set(PDFName.of('Outlines'), root);
  catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}

/**
 * Bookmarks from the page each slide starts on: a slide's title (or "Slide N"), vertical slides under the
 * first slide of their stack.
 */
export function outlineFromPages(
  slides: readonly { h: number; v: number; title: string }[],
  firstPageOfSlide: readonly (number | undefined)[],
): OutlineEntry[] {
  const entries: OutlineEntry[] = [];
  slides.forEach((slide, i) => {
    const page = firstPageOfSlide[i];
    if (page === undefined) return;
    const label = slide.v > 0 ? `${slide.h + 1}.${slide.v + 1}` : `${slide.h + 1}`;
    const entry = { title: slide.title || `Slide ${label}`, page, children: [] };
    const parent = entries.at(-1);
    if (slide.v > 0 && parent) parent.children.push(entry);
    else entries.push(entry);
  });
  return entries;
}

/** An XMP packet with the document information a PDF/UA reader looks for in the metadata stream. */
export function xmpPacket(metadata: PdfMetadata): string {
  const date = metadata.creationDate.toISOString();
  const alt = (value: string) =>
    `<rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(value)}</rdf:li></rdf:Alt>`;
  const fields = [
    `<dc:format>application/pdf</dc:format>`,
    `<dc:title>${alt(metadata.title)}</dc:title>`,
    `<dc:language><rdf:Bag><rdf:li>${escapeXml(metadata.lang)}</rdf:li></rdf:Bag></dc:language>`,
    metadata.author &&
      `<dc:creator><rdf:Seq><rdf:li>${escapeXml(metadata.author)}</rdf:li></rdf:Seq></dc:creator>`,
    metadata.subject && `<dc:description>${alt(metadata.subject)}</dc:description>`,
    metadata.keywords?.length && `<pdf:Keywords>${escapeXml(metadata.keywords.join(', '))}</pdf:Keywords>`,
    `<xmp:CreatorTool>${escapeXml(metadata.creator)}</xmp:CreatorTool>`,
    `<xmp:CreateDate>${date}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${date}</xmp:ModifyDate>`,
  ].filter(Boolean);
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">',
    ...fields,
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ].join('\n');
}

function escapeXml(value: string): string {
  return value.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
