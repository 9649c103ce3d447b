/**
 * Reads a PDF back the way a viewer does, with pdf.js (no poppler, no canvas): pages, sizes, metadata,
 * text, outline, fonts, structure tree, and what each page paints in which colour.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PDFDict, PDFDocument, PDFName, PDFNumber } from '@cantoo/pdf-lib';
import { getDocument, OPS, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';

/** pdf.js's data folders; in Node it reads them as files, so plain paths with a trailing slash. */
const pdfjsRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const dataDir = (name: string) => `${join(pdfjsRoot, name)}/`;

export interface PdfMetadata {
  Title?: string;
  Author?: string;
  Subject?: string;
  Keywords?: string;
  Creator?: string;
  CreationDate?: string;
  /** The catalog's /Lang. */
  Language?: string;
  /** The XMP metadata stream's fields (`dc:title`, `dc:language`), when there is one. */
  xmp?: Record<string, string>;
  /** The catalog's MarkInfo says the document is tagged. */
  tagged: boolean;
}

export interface OutlineItem {
  title: string;
  /** 1-based page the item leads to. */
  page: number;
  items: OutlineItem[];
}

export interface PdfFont {
  /** The font's PostScript name as the PDF gives it, e.g. `ABCDEF+Inter-Bold` for a subset. */
  name: string;
  /** The font program is inside the PDF (a FontFile stream), not left to the reader's machine. */
  embedded: boolean;
  /** A subset of the font, named with the six-letter tag the PDF specification prescribes. */
  subset: boolean;
}

/** One node of a page's structure tree: a role with children, or a piece of marked content. */
export interface StructNode {
  role?: string;
  alt?: string;
  type?: string;
  children?: StructNode[];
}

/** One painting operation of a page, with the fill colour in force. */
export type Paint =
  | { kind: 'path'; colour: string }
  | { kind: 'text'; colour: string; text: string }
  | { kind: 'image'; colour: string; pixels: Rgb[] };

export type Rgb = [number, number, number];

export interface PdfFile {
  pageCount: number;
  /** The page's size in points, as [width, height]. */
  pageSize(page: number): Promise<[number, number]>;
  metadata(): Promise<PdfMetadata>;
  /** A page's text (1-based), or every page's text one after the other; lines end with `\n`. */
  text(page?: number): Promise<string>;
  /** A page's text runs where they are drawn: x and y of each run's origin, in points, rounded to 0.01. */
  textRuns(page: number): Promise<{ text: string; x: number; y: number }[]>;
  outline(): Promise<OutlineItem[]>;
  /** The outline dictionary's /Count: how many items a viewer shows open. */
  outlineCount(): Promise<number | undefined>;
  /** Every font the pages use, once each. */
  fonts(): Promise<PdfFont[]>;
  structTree(page: number): Promise<StructNode>;
  /** The addresses a page's link annotations lead to (links out of the PDF only). */
  links(page: number): Promise<string[]>;
  paints(page: number): Promise<Paint[]>;
  close(): Promise<void>;
}

export async function openPdf(path: string): Promise<PdfFile> {
  const bytes = readFileSync(path);
  const doc: PDFDocumentProxy = await getDocument({
    data: new Uint8Array(bytes),
    standardFontDataUrl: dataDir('standard_fonts'),
    cMapUrl: dataDir('cmaps'),
    wasmUrl: dataDir('wasm'),
    // Images come back as pixels, not as ImageBitmaps Node does not have.
    isOffscreenCanvasSupported: false,
  }).promise;

  const page = (n: number) => doc.getPage(n);
  const pages = () => Promise.all(Array.from({ length: doc.numPages }, (_, i) => page(i + 1)));

  return {
    pageCount: doc.numPages,

    async pageSize(n) {
      const { width, height } = (await page(n)).getViewport({ scale: 1 });
      return [width, height];
    },

    async metadata() {
      const [{ info, metadata }, mark] = await Promise.all([doc.getMetadata(), doc.getMarkInfo()]);
      const fields = info as Record<string, unknown>;
      const out: PdfMetadata = { tagged: mark?.Marked === true };
      for (const key of [
        'Title',
        'Author',
        'Subject',
        'Keywords',
        'Creator',
        'CreationDate',
        'Language',
      ] as const) {
        const value = fields[key];
        if (typeof value === 'string') out[key] = value;
      }
      if (metadata) {
        out.xmp = Object.fromEntries(
          [...(metadata as unknown as Iterable<[string, unknown]>)].flatMap(([k, v]) =>
            typeof v === 'string' ? [[k, v]] : [],
          ),
        );
      }
      return out;
    },

    async text(n) {
      const read = async (p: PDFPageProxy) =>
        (await p.getTextContent()).items
          .map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : ''))
          .join('');
      if (n !== undefined) return read(await page(n));
      return (await Promise.all((await pages()).map(read))).join('\n');
    },

    async textRuns(n) {
      const round = (v: number) => Math.round(v * 100) / 100;
      return (await (await page(n)).getTextContent()).items.flatMap((item) =>
        'str' in item ? [{ text: item.str, x: round(item.transform[4]), y: round(item.transform[5]) }] : [],
      );
    },

    async outline() {
      const resolve = async (dest: string | unknown[] | null): Promise<number> => {
        const explicit = typeof dest === 'string' ? await doc.getDestination(dest) : dest;
        const target = explicit?.[0];
        if (typeof target === 'number') return target + 1;
        if (target && typeof target === 'object') {
          return (await doc.getPageIndex(target as Parameters<typeof doc.getPageIndex>[0])) + 1;
        }
        throw new Error(`outline item without a page: ${JSON.stringify(dest)}`);
      };
      type Raw = { title: string; dest: string | unknown[] | null; items: Raw[] };
      const walk = (items: Raw[]): Promise<OutlineItem[]> =>
        Promise.all(
          items.map(async (item) => ({
            title: item.title,
            page: await resolve(item.dest),
            items: await walk(item.items),
          })),
        );
      return walk(((await doc.getOutline()) ?? []) as Raw[]);
    },

    async outlineCount() {
      // pdf.js gives each item's count but not the outline dictionary's own; pdf-lib reads it.
      const catalog = (await PDFDocument.load(bytes, { updateMetadata: false })).catalog;
      return catalog
        .lookupMaybe(PDFName.of('Outlines'), PDFDict)
        ?.lookupMaybe(PDFName.of('Count'), PDFNumber)
        ?.asNumber();
    },

    async fonts() {
      const found = new Map<string, PdfFont>();
      for (const p of await pages()) {
        const ops = await p.getOperatorList();
        ops.fnArray.forEach((fn, i) => {
          const id = ops.argsArray[i]?.[0];
          if (fn !== OPS.setFont || typeof id !== 'string' || found.has(id)) return;
          // Loaded by getOperatorList: a FontFaceObject that knows whether the PDF carried the font's file.
          const font = p.commonObjs.get(id) as { name: string; missingFile: boolean };
          found.set(id, {
            name: font.name,
            embedded: !font.missingFile,
            subset: /^[A-Z]{6}\+/.test(font.name),
          });
        });
      }
      return [...found.values()];
    },

    async structTree(n) {
      return (await (await page(n)).getStructTree()) as StructNode;
    },

    async links(n) {
      const annotations = (await (await page(n)).getAnnotations()) as {
        subtype: string;
        url?: string;
        unsafeUrl?: string;
      }[];
      // pdf.js gives `url` only for the protocols it would open itself (not file:).
      return annotations.flatMap((a) => {
        const url = a.url ?? a.unsafeUrl;
        return a.subtype === 'Link' && url ? [url] : [];
      });
    },

    async paints(n) {
      const p = await page(n);
      const ops = await p.getOperatorList();
      const out: Paint[] = [];
      const saved: string[] = [];
      let colour = '#000000';
      for (const [i, fn] of ops.fnArray.entries()) {
        const args = ops.argsArray[i] as unknown[];
        switch (fn) {
          case OPS.save:
            saved.push(colour);
            break;
          case OPS.restore:
            colour = saved.pop() ?? colour;
            break;
          case OPS.setFillRGBColor:
            colour = String(args[0]);
            break;
          case OPS.constructPath:
            // A path built and painted in one operation; the first argument says how it is painted.
            if ([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke].includes(args[0] as number)) {
              out.push({ kind: 'path', colour });
            }
            break;
          case OPS.showText: {
            const glyphs = (args[0] ?? []) as ({ unicode: string } | number | null)[];
            const text = glyphs.map((g) => (g && typeof g === 'object' ? g.unicode : '')).join('');
            out.push({ kind: 'text', colour, text });
            break;
          }
          case OPS.paintImageXObject: {
            const image = await new Promise<DecodedImage>((done) => p.objs.get(String(args[0]), done));
            out.push({ kind: 'image', colour, pixels: pixelsOf(image) });
            break;
          }
        }
      }
      return out;
    },

    close: () => doc.destroy(),
  };
}

interface DecodedImage {
  width: number;
  height: number;
  /** pdf.js's ImageKind: 1 one bit grey, 2 RGB, 3 RGBA. */
  kind: number;
  data: Uint8Array | Uint8ClampedArray;
}

function pixelsOf(image: DecodedImage): Rgb[] {
  const step = image.kind === 3 ? 4 : image.kind === 2 ? 3 : 0;
  if (step === 0) throw new Error(`image kind ${image.kind} is not read here`);
  const pixels: Rgb[] = [];
  for (let i = 0; i + 2 < image.data.length; i += step) {
    pixels.push([image.data[i] ?? 0, image.data[i + 1] ?? 0, image.data[i + 2] ?? 0]);
  }
  return pixels;
}

/** `#rrggbb` as numbers. */
export function rgbOf(hex: string): Rgb {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [Number.parseInt(m[1] ?? '', 16), Number.parseInt(m[2] ?? '', 16), Number.parseInt(m[3] ?? '', 16)];
}

/** The sum of the channel differences: 0 for the same colour. */
export function colourDistance(a: Rgb, b: Rgb): number {
  return Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) + Math.abs(a[2] - b[2]);
}

/** Every role in a structure tree, depth first. */
export function structRoles(node: StructNode): string[] {
  return [...(node.role ? [node.role] : []), ...(node.children ?? []).flatMap(structRoles)];
}
