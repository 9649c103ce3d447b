import pptxgenjs from 'pptxgenjs';
import type { Box, Colour, MeasuredShape, MeasuredSlide, TableCell, TextParagraph } from './pptx-measure.ts';
import { repairPackage } from './pptx-package.ts';

/** A picture to embed: its bytes and their format. */
export interface Picture {
  data: Uint8Array;
  type: 'png' | 'jpeg' | 'gif';
}

/** One slide as measured in the browser, with the pictures taken of it and its speaker notes. */
export interface PptxSlide {
  measured: MeasuredSlide;
  /** The pictures of its `picture` shapes, by capture id (a file of the deck, or a screenshot). */
  pictures: ReadonlyMap<number, Picture>;
  /** A photograph of the slide's own background, when it is not one colour. */
  background: Picture | undefined;
  notes: string | undefined;
  /** The slide's title, as the deck model has it. */
  title: string;
}

/** Everything a PPTX holds, in the deck's own pixels. */
export interface PptxDocument {
  /** The deck's size in CSS pixels: the slide size is this at 96 pixels per inch. */
  width: number;
  height: number;
  title: string;
  author: string | undefined;
  subject: string | undefined;
  /** `<html lang>` of the page, for the text's language. */
  lang: string;
  /** The theme's fonts, for text added later in PowerPoint. */
  headingFont: string;
  bodyFont: string;
  /** The theme's background: a colour, or a picture (gradient, image) on the master slide. */
  background: { colour: Colour; picture: Picture | undefined };
  slides: PptxSlide[];
}

// pptxgenjs's types describe its CommonJS build, where the class is `default.default`; Node loads its ES
// module build, where the class is the default export.
const PptxGenJS = pptxgenjs as unknown as typeof pptxgenjs.default;
type PptxGenJS = pptxgenjs.default;
type Slide = pptxgenjs.default.Slide;
type TextProps = pptxgenjs.default.TextProps;
type TextPropsOptions = pptxgenjs.default.TextPropsOptions;
type TableCellProps = pptxgenjs.default.TableCell;
type BorderProps = pptxgenjs.default.BorderProps;
type ShapeFillProps = pptxgenjs.default.ShapeFillProps;

/** 96 CSS pixels make an inch; 72 points do. */
const inches = (pxValue: number) => pxValue / 96;
const points = (pxValue: number) => round(pxValue * 0.75, 2);
const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

const MASTER = 'PITCHDECK';
/** PowerPoint lays text out with other metrics than Chromium: room so a line that fit still fits. */
const SLACK = 0.03;

/**
 * Builds the PPTX: slides at the deck's size (16:9 by default), each shape where the browser drew it.
 * Text stays text (runs with their fonts, sizes, colours and links; lists with their levels; code on
 * its lines), tables are native tables, pictures are pictures, notes are speaker notes.
 */
export async function writePptx(doc: PptxDocument): Promise<Uint8Array> {
  const pptx = new PptxGenJS();
  pptx.defineLayout({ name: 'PITCHDECK', width: inches(doc.width), height: inches(doc.height) });
  pptx.layout = 'PITCHDECK';
  pptx.title = doc.title;
  if (doc.author) pptx.author = doc.author;
  if (doc.subject) pptx.subject = doc.subject;
  pptx.company = '';
  pptx.theme = { headFontFace: doc.headingFont, bodyFontFace: doc.bodyFont };
  const deckPicture = doc.background.picture;
  pptx.defineSlideMaster({
    title: MASTER,
    background: deckPicture ? background(deckPicture) : { color: doc.background.colour.hex },
  });
  const lang = doc.lang && doc.lang !== 'en' ? doc.lang : undefined;
  for (const slide of doc.slides) {
    const s = pptx.addSlide({ masterName: MASTER });
    // The first heading is the slide's title: named `Title`, and made the title placeholder when the
    // package is finished (`repairPackage`).
    const title = slide.measured.shapes.find((shape) => shape.kind === 'text' && shape.role === 'heading');
    const bg = slide.measured.background;
    if (bg.kind === 'colour') s.background = { color: bg.colour.hex };
    else if (bg.kind === 'capture' && slide.background) s.background = background(slide.background);
    else if (!deckPicture) s.background = { color: doc.background.colour.hex };
    for (const shape of slide.measured.shapes) {
      addShape(pptx, s, shape, slide.pictures, lang, shape === title ? 'Title' : undefined);
    }
    if (slide.notes) s.addNotes(slide.notes);
  }
  const written = await pptx.write({ outputType: 'uint8array', compression: false });
  return repairPackage(written as Uint8Array);
}

function addShape(
  pptx: PptxGenJS,
  slide: Slide,
  shape: MeasuredShape,
  pictures: ReadonlyMap<number, Picture>,
  lang: string | undefined,
  name: string | undefined,
): void {
  switch (shape.kind) {
    case 'rect': {
      const radius = Math.min(shape.radius, shape.box.w / 2, shape.box.h / 2);
      // A shape with text (empty) rather than none: pptxgenjs leaves out the text body of a shape
      // without text, which PowerPoint repairs (https://github.com/gitbrent/PptxGenJS/issues/1441).
      slide.addText('', {
        ...position(shape.box),
        shape: radius > 0.5 ? pptx.ShapeType.roundRect : pptx.ShapeType.rect,
        ...(radius > 0.5 ? { rectRadius: inches(radius) } : {}),
        ...(shape.fill ? { fill: fill(shape.fill) } : {}),
        ...(shape.line
          ? {
              line: {
                color: shape.line.colour.hex,
                width: points(shape.line.width),
                ...alpha(shape.line.colour),
              },
            }
          : {}),
        margin: 0,
      });
      return;
    }
    case 'text': {
      const { box } = shape;
      const align = shape.paragraphs[0]?.align ?? 'left';
      // Wider by a little, on the side the text does not start from.
      const extra = shape.wrap ? box.w * SLACK : 0;
      const x = align === 'center' ? box.x - extra / 2 : align === 'right' ? box.x - extra : box.x;
      slide.addText(textRuns(shape.paragraphs, lang), {
        ...position({ x, y: box.y, w: box.w + extra, h: box.h }),
        margin: 0,
        valign: 'top',
        isTextBox: true,
        wrap: shape.wrap,
        fit: 'none',
        fontSize: points(shape.paragraphs[0]?.runs[0]?.size ?? 16),
        ...(name ? { objectName: name } : shape.role === 'code' ? { objectName: 'Code' } : {}),
      });
      return;
    }
    case 'table': {
      const rows = shape.rows.map((row) => row.cells.map((cell) => tableCell(cell, lang)));
      // Cells wrap in PowerPoint where another font's metrics need a little more room: wider columns,
      // the table grown about its centre.
      const grow = 1 + SLACK * 2;
      const { box } = shape;
      slide.addTable(rows, {
        ...position({ x: box.x - (box.w * (grow - 1)) / 2, y: box.y, w: box.w * grow, h: box.h }),
        colW: shape.columns.map((w) => inches(w * grow)),
        rowH: shape.rows.map((r) => inches(r.height)),
        autoPage: false,
      });
      return;
    }
    case 'picture': {
      const picture = pictures.get(shape.capture);
      if (!picture) return;
      slide.addImage({
        ...position(shape.box),
        data: dataUri(picture),
        ...(shape.alt ? { altText: shape.alt } : {}),
        ...(shape.link ? { hyperlink: { url: shape.link } } : {}),
      });
      return;
    }
  }
}

function tableCell(cell: TableCell, lang: string | undefined): TableCellProps {
  const [top, right, bottom, left] = cell.padding.map((p) => Math.min(inches(p), 0.99));
  return {
    text: textRuns(cell.paragraphs, lang) as TableCellProps[],
    options: {
      colspan: cell.colspan,
      rowspan: cell.rowspan,
      // Inches: pptxgenjs reads cell margins as points when the first is 1 or more, so each stays below.
      margin: [top ?? 0, right ?? 0, bottom ?? 0, left ?? 0],
      valign: cell.valign,
      border: cell.borders.map((b) =>
        b ? { type: 'solid' as const, pt: points(b.width), color: b.colour.hex } : { type: 'none' as const },
      ) as [BorderProps, BorderProps, BorderProps, BorderProps],
      ...(cell.fill ? { fill: { color: cell.fill.hex } } : {}),
    },
  };
}

/**
 * Paragraphs as pptxgenjs text runs: paragraph properties (alignment, line spacing, space before, list
 * level, bullet) on each paragraph's first run, and a break after its last.
 */
export function textRuns(paragraphs: readonly TextParagraph[], lang?: string): TextProps[] {
  const out: TextProps[] = [];
  paragraphs.forEach((paragraph, p) => {
    paragraph.runs.forEach((run, r) => {
      const options: TextPropsOptions = {
        fontFace: run.font,
        fontSize: points(run.size),
        color: run.colour.hex,
        bold: run.bold,
        italic: run.italic,
        align: paragraph.align,
      };
      if (run.colour.alpha < 0.99) options.transparency = Math.round((1 - run.colour.alpha) * 100);
      if (run.underline) options.underline = { style: 'sng' };
      if (run.strike) options.strike = 'sngStrike';
      if (run.baseline === 'sub') options.subscript = true;
      if (run.baseline === 'super') options.superscript = true;
      if (run.highlight) options.highlight = run.highlight;
      if (run.link) options.hyperlink = { url: run.link };
      if (run.spacing !== 0) options.charSpacing = points(run.spacing);
      if (run.breakBefore && r > 0) options.softBreakBefore = true;
      if (lang) options.lang = lang;
      if (r === 0) {
        options.lineSpacing = points(paragraph.lineHeight);
        if (paragraph.spaceBefore > 0.5) options.paraSpaceBefore = points(paragraph.spaceBefore);
        if (paragraph.level > 0) options.indentLevel = paragraph.level;
        const bullet = paragraph.bullet;
        if (bullet?.kind === 'char') {
          options.bullet = { characterCode: bullet.char, indent: points(bullet.indent) };
        } else if (bullet?.kind === 'number') {
          options.bullet = {
            type: 'number',
            numberType: bullet.style as NumberType,
            // What pptxgenjs 4.0.1 writes into <a:buAutoNum> (it does not read numberType).
            style: bullet.style,
            numberStartAt: bullet.start,
            indent: points(bullet.indent),
          };
        }
      }
      if (r === paragraph.runs.length - 1 && p < paragraphs.length - 1) options.breakLine = true;
      out.push({ text: run.text, options });
    });
  });
  return out;
}

type NumberType = NonNullable<Exclude<TextPropsOptions['bullet'], boolean | undefined>['numberType']>;

function position(box: Box): { x: number; y: number; w: number; h: number } {
  return { x: inches(box.x), y: inches(box.y), w: inches(Math.max(box.w, 1)), h: inches(Math.max(box.h, 1)) };
}

function fill(colour: Colour): ShapeFillProps {
  return { color: colour.hex, ...alpha(colour) };
}

function alpha(colour: Colour): { transparency?: number } {
  return colour.alpha < 0.99 ? { transparency: Math.round((1 - colour.alpha) * 100) } : {};
}

/**
 * A background picture. pptxgenjs names a background's file after `path` (`preencoded.png` when there
 * is none), whatever `data` holds: the path gives a JPEG its own extension and content type.
 */
function background(picture: Picture): { data: string; path: string } {
  return { data: dataUri(picture), path: `background.${picture.type === 'jpeg' ? 'jpg' : picture.type}` };
}

function dataUri(picture: Picture): string {
  return `image/${picture.type};base64,${Buffer.from(picture.data).toString('base64')}`;
}
