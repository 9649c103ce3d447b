import { describe, expect, it } from 'vitest';
import {
  HANDOUT_SIZES,
  handoutLayout,
  PAPER,
  paperForLocale,
  type Rect,
} from '../../src/export/handout-layout.ts';

const inside = (inner: Rect, outer: { width: number; height: number }) =>
  inner.x >= 0 &&
  inner.y >= 0 &&
  inner.x + inner.width <= outer.width &&
  inner.y + inner.height <= outer.height;

const overlap = (a: Rect, b: Rect) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('handoutLayout', () => {
  it('puts n slides to a portrait page, as many pages as it takes', () => {
    for (const perPage of HANDOUT_SIZES) {
      const layout = handoutLayout(7, 16 / 9, { perPage, paper: 'a4', notes: false });
      expect(layout.pageCount, `${perPage} a page`).toBe(Math.ceil(7 / perPage));
      expect(layout.slots.map((s) => s.page)).toEqual(
        [0, 1, 2, 3, 4, 5, 6].map((i) => Math.floor(i / perPage)),
      );
      expect(layout.height).toBeGreaterThan(layout.width);
    }
  });

  it('keeps every slide at its aspect, on the page, clear of the others and of the footer', () => {
    for (const notes of [false, true]) {
      for (const perPage of HANDOUT_SIZES) {
        const layout = handoutLayout(perPage, 16 / 9, { perPage, paper: 'letter', notes });
        const boxes = layout.slots.flatMap((s) => (s.notes ? [s.slide, s.notes] : [s.slide]));
        for (const slot of layout.slots) {
          expect(slot.slide.width / slot.slide.height).toBeCloseTo(16 / 9, 6);
          expect(slot.notes !== undefined).toBe(notes);
        }
        for (const [i, box] of boxes.entries()) {
          expect(inside(box, layout), `${perPage}, notes ${notes}: box ${i}`).toBe(true);
          expect(overlap(box, layout.footer)).toBe(false);
          for (const other of boxes.slice(i + 1)) expect(overlap(box, other)).toBe(false);
        }
      }
    }
  });

  it('sets a slide’s notes beside it, below it when it is alone on the page', () => {
    const three = handoutLayout(3, 16 / 9, { perPage: 3, paper: 'a4', notes: true });
    for (const { slide, notes } of three.slots) {
      expect(notes?.x).toBeGreaterThan(slide.x + slide.width);
      expect(notes?.y).toBe(slide.y);
    }
    const one = handoutLayout(1, 16 / 9, { perPage: 1, paper: 'a4', notes: true }).slots[0];
    expect(one?.notes?.y).toBeGreaterThan((one?.slide.y ?? 0) + (one?.slide.height ?? 0));
  });

  it('uses the paper’s size in points', () => {
    expect(handoutLayout(1, 4 / 3, { perPage: 1, paper: 'a4', notes: false })).toMatchObject({
      width: PAPER.a4.width,
      height: PAPER.a4.height,
    });
    expect(PAPER.a4.width).toBeCloseTo(595.28, 2);
    expect(PAPER.a4.height).toBeCloseTo(841.89, 2);
    expect([PAPER.letter.width, PAPER.letter.height]).toEqual([612, 792]);
  });
});

describe('paperForLocale', () => {
  it('is Letter where it is used, A4 elsewhere and when nothing is known', () => {
    expect(paperForLocale('en_US.UTF-8')).toBe('letter');
    expect(paperForLocale('fr_CA.UTF-8')).toBe('letter');
    expect(paperForLocale('es-MX')).toBe('letter');
    expect(paperForLocale('en_GB.UTF-8')).toBe('a4');
    expect(paperForLocale('de_DE@euro')).toBe('a4');
    expect(paperForLocale('zh-Hant-TW')).toBe('a4');
    expect(paperForLocale('C.UTF-8')).toBe('a4');
    expect(paperForLocale(undefined)).toBe('a4');
  });
});
