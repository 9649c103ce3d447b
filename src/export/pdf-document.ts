import { PDFDocument, PDFHexString, PDFName, PDFNumber, type PDFRef } from '@cantoo/pdf-lib';

/** Document information written into the PDF. */
export interface PdfMetadata {
  title: string;
  author?: string | undefined;
  subject?: string | undefined;
  keywords?: string[] | undefined;
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
 * Adds what Chromium's PDF lacks: document information (author, subject, keywords, creator) and an
 * outline with one bookmark per slide, vertical slides nested under their stack. Chromium's tagged
 * structure and embedded fonts are kept as they are.
 */
export async function finishPdf(
  bytes: Uint8Array,
  metadata: PdfMetadata,
  outline: readonly OutlineEntry[],
): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  doc.setTitle(metadata.title, { showInWindowTitleBar: true });
  if (metadata.author) doc.setAuthor(metadata.author);
  if (metadata.subject) doc.setSubject(metadata.subject);
  if (metadata.keywords && metadata.keywords.length > 0) doc.setKeywords(metadata.keywords);
  doc.setCreator(metadata.creator);
  doc.setCreationDate(metadata.creationDate);
  doc.setModificationDate(metadata.creationDate);
  if (outline.length > 0) addOutline(doc, outline);
  return doc.save({ updateFieldAppearances: false });
}

function addOutline(doc: PDFDocument, entries: readonly OutlineEntry[]): void {
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
