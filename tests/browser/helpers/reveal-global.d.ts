/**
 * The part of reveal.js's API that browser tests call inside the page (`page.evaluate`). reveal.js's own
 * types do not resolve under nodenext, so the global is declared here.
 */
interface RevealIndices {
  h: number;
  v: number;
  f?: number | undefined;
}

interface RevealApi {
  isReady(): boolean;
  getTotalSlides(): number;
  getSlides(): HTMLElement[];
  getCurrentSlide(): HTMLElement;
  getIndices(slide?: HTMLElement): RevealIndices;
  slide(h: number, v?: number, f?: number): void;
  next(): void;
  getConfig(): Record<string, unknown>;
  isSpeakerNotes?(): boolean;
}

declare const Reveal: RevealApi;
