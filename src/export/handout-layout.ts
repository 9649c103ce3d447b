/**
 * Where the slides (and their notes) go on the portrait pages of a handout, in PDF points measured
 * from the page's top left. Pure: the same numbers place the HTML frame Chromium prints and the slide
 * pages pdf-lib draws onto it.
 *
 * @module
 */

/** Slides per handout page. */
export const HANDOUT_SIZES = [1, 2, 3, 4, 6] as const;
export type HandoutSize = (typeof HANDOUT_SIZES)[number];

export type Paper = 'a4' | 'letter';

export interface HandoutOptions {
  perPage: HandoutSize;
  paper: Paper;
}

/** A page's size in points, and how CSS names it exactly (Chromium's `A4` format is rounded). */
export const PAPER: Readonly<Record<Paper, { width: number; height: number; css: [string, string] }>> = {
  a4: { width: (210 / 25.4) * 72, height: (297 / 25.4) * 72, css: ['210mm', '297mm'] },
  letter: { width: 612, height: 792, css: ['8.5in', '11in'] },
};

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One slide's place on a handout page. */
export interface HandoutSlot {
  /** 0-based handout page. */
  page: number;
  slide: Rect;
  /** Where its notes go, when notes are printed. */
  notes: Rect | undefined;
}

export interface HandoutLayout {
  pageCount: number;
  width: number;
  height: number;
  /** The footer's box: the deck's title and the page number. */
  footer: Rect;
  slots: HandoutSlot[];
}

const MARGIN = 40;
const FOOTER = 22;
const GAP = 16;

/**
 * The handout's pages: `perPage` slides to a portrait page, in a column (1, 2, 3) or two columns (4,
 * 6). With notes, each slide has its notes beside it (below it when it is alone on the page).
 */
export function handoutLayout(
  slideCount: number,
  aspect: number,
  options: HandoutOptions & { notes: boolean },
): HandoutLayout {
  const { width, height } = PAPER[options.paper];
  const area: Rect = {
    x: MARGIN,
    y: MARGIN,
    width: width - 2 * MARGIN,
    height: height - 2 * MARGIN - FOOTER,
  };
  const n = options.perPage;
  const cells: { slide: Rect; notes: Rect | undefined }[] = [];
  if (options.notes && n === 1) {
    const slide = fitRect({ ...area, height: area.height / 2 }, aspect, 'top');
    const top = slide.y + slide.height + GAP;
    cells.push({
      slide,
      notes: { x: area.x, y: top, width: area.width, height: area.y + area.height - top },
    });
  } else if (options.notes) {
    // One row per slide: the slide on the left, at most half the width, its notes on the right.
    const rowHeight = (area.height - GAP * (n - 1)) / n;
    for (let row = 0; row < n; row++) {
      const y = area.y + row * (rowHeight + GAP);
      const slide = fitRect({ x: area.x, y, width: area.width / 2, height: rowHeight }, aspect, 'top-left');
      const left = slide.x + slide.width + GAP;
      cells.push({ slide, notes: { x: left, y, width: area.x + area.width - left, height: rowHeight } });
    }
  } else {
    const columns = n >= 4 ? 2 : 1;
    const rows = n / columns;
    const cellWidth = (area.width - GAP * (columns - 1)) / columns;
    const cellHeight = (area.height - GAP * (rows - 1)) / rows;
    for (let row = 0; row < rows; row++) {
      for (let column = 0; column < columns; column++) {
        const cell = {
          x: area.x + column * (cellWidth + GAP),
          y: area.y + row * (cellHeight + GAP),
          width: cellWidth,
          height: cellHeight,
        };
        cells.push({ slide: fitRect(cell, aspect, 'center'), notes: undefined });
      }
    }
  }
  const slots = Array.from({ length: slideCount }, (_, i) => {
    const cell = cells[i % n] as (typeof cells)[number];
    return { page: Math.floor(i / n), slide: cell.slide, notes: cell.notes };
  });
  return {
    pageCount: Math.max(1, Math.ceil(slideCount / n)),
    width,
    height,
    footer: { x: MARGIN, y: height - MARGIN - FOOTER + 6, width: width - 2 * MARGIN, height: FOOTER - 6 },
    slots,
  };
}

/** The largest rectangle of the given aspect in a box. */
function fitRect(box: Rect, aspect: number, align: 'center' | 'top' | 'top-left'): Rect {
  const width = Math.min(box.width, box.height * aspect);
  const height = width / aspect;
  const x = align === 'top-left' ? box.x : box.x + (box.width - width) / 2;
  const y = align === 'center' ? box.y + (box.height - height) / 2 : box.y;
  return { x, y, width, height };
}

/** Countries that print on US Letter; the rest of the world uses A4. */
const LETTER_REGIONS = new Set([
  'US',
  'CA',
  'MX',
  'PH',
  'CL',
  'CO',
  'VE',
  'CR',
  'GT',
  'PR',
  'NI',
  'PA',
  'SV',
  'DO',
  'BZ',
]);

/**
 * The paper a locale prints on, from a POSIX locale (`en_US.UTF-8`) or a BCP 47 tag (`fr-CA`): Letter
 * in the Americas that use it, A4 elsewhere and when nothing is known.
 */
export function paperForLocale(locale: string | undefined): Paper {
  const region = /^[a-z]{2,3}[_-](?:[A-Za-z]{4}[_-])?([A-Z]{2})\b/i.exec(locale ?? '')?.[1]?.toUpperCase();
  return region !== undefined && LETTER_REGIONS.has(region) ? 'letter' : 'a4';
}
