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
      if (xml !== undefined) zip.file(name, repairPart(xml));
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
