import JSZip from 'jszip';

/**
 * Fixes what pptxgenjs 4.0.1 writes against the Office Open XML schema, which PowerPoint answers with
 * its "found a problem with content" repair dialog (LibreOffice, Keynote and Google Slides read it as
 * it is), and compresses the package:
 * - a paragraph of several runs gets a `<a:pPr>` before each run, where the schema allows one, first
 *   (https://github.com/gitbrent/PptxGenJS/pull/1083);
 * - a solid background has no `<a:effectLst/>` (https://github.com/gitbrent/PptxGenJS/issues/1442);
 * - `[Content_Types].xml` names a slide master per slide, of which only the first exists
 *   (https://github.com/gitbrent/PptxGenJS/issues/1444).
 *
 * It also makes each slide's text box named `Title` the slide's title placeholder, where it stands:
 * PowerPoint's outline, its slide titles for screen readers and its accessibility checker read the
 * title there. (pptxgenjs's own placeholders share one set of text-body settings between every slide
 * that fills them, so one slide's wrapping would become every title's.)
 */
export async function repairPackage(bytes: Uint8Array): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  const types = zip.file('[Content_Types].xml');
  if (types) {
    const xml = await types.async('string');
    zip.file(
      '[Content_Types].xml',
      xml.replace(/<Override PartName="\/([^"]+)"[^>]*\/>/g, (override, part: string) =>
        zip.file(part) ? override : '',
      ),
    );
  }
  const parts = Object.keys(zip.files).filter((name) =>
    /^ppt\/(slides|slideLayouts|slideMasters|notesSlides)\/[^/]+\.xml$/.test(name),
  );
  await Promise.all(
    parts.map(async (name) => {
      const xml = await zip.file(name)?.async('string');
      if (xml === undefined) return;
      const repaired = repairPart(xml);
      zip.file(name, name.startsWith('ppt/slides/') ? titlePlaceholder(repaired) : repaired);
    }),
  );
  return zip.generateAsync({
    type: 'uint8array',
    compression: 'DEFLATE',
    compressionOptions: { level: 6 },
    mimeType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  });
}

/** One slide's (or layout's, or master's) XML with the paragraph and background fixes applied. */
export function repairPart(xml: string): string {
  return xml
    .replace(/<a:p>([\s\S]*?)<\/a:p>/g, (_, inner: string) => {
      let first = true;
      const kept = inner.replace(/<a:pPr\b[^>]*?\/>|<a:pPr\b[^>]*>[\s\S]*?<\/a:pPr>/g, (pPr) => {
        const keep = first;
        first = false;
        return keep ? pPr : '';
      });
      return `<a:p>${kept}</a:p>`;
    })
    .replace(/(<p:bgPr>(?:(?!<\/p:bgPr>)[\s\S])*?)(<\/p:bgPr>)/g, (bgPr, body: string, end: string) =>
      body.includes('<a:effectLst') ? bgPr : `${body}<a:effectLst/>${end}`,
    );
}

/**
 * A slide's XML with its text box named `Title` turned into the title placeholder: not a text box, no
 * grouping, `<p:ph type="title"/>`. Its position, text and text settings stay as they were written.
 */
export function titlePlaceholder(xml: string): string {
  return xml.replace(
    /(<p:cNvPr id="\d+" name="Title"(?:\/>|>[\s\S]*?<\/p:cNvPr>))<p:cNvSpPr txBox="1"\/><p:nvPr(?:\/>|><\/p:nvPr>)/,
    '$1<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="title"/></p:nvPr>',
  );
}
