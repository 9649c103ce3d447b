/** One printed page of reveal.js's print view, in print order. */
export interface PrintedPage {
  kind: 'slide' | 'notes';
  /** The `data-source-line` of the slide the page shows (or whose notes it holds); null when unknown. */
  line: number | null;
}

export interface PrintViewOptions {
  /** The page's size in CSS pixels: a notes page is cut to it rather than spilling onto a second. */
  width: number;
  height: number;
}

/**
 * Runs in the page once reveal.js's print view is laid out (`pdf-ready`), before `page.pdf`; serialised
 * by Puppeteer, so everything it uses is defined inside. It mends what the print view leaves wrong:
 *
 * - reveal.js marks every slide but the current one `hidden`, `aria-hidden` and `inert`, and the print
 *   view shows them all without taking that back, so Chromium's tagged PDF had structure (headings,
 *   lists, figures and their alt text) for the first slide only;
 * - with fragments on separate pages, a slide's notes page came after its first step, not its last;
 * - a notes page grew past one page, and a last notes page left a blank page after it.
 *
 * Returns every page in print order, slides and notes pages alike, so bookmarks lead to the right page
 * and the count is the PDF's.
 */
export function preparePrintView(options: PrintViewOptions): PrintedPage[] {
  const container = document.querySelector('.reveal .slides');
  if (!container) return [];
  for (const section of container.querySelectorAll('section')) {
    section.removeAttribute('hidden');
    section.removeAttribute('aria-hidden');
    section.removeAttribute('inert');
  }

  const lineOf = (el: Element): number | null => {
    const value = el.querySelector('section[data-source-line]')?.getAttribute('data-source-line');
    return value == null ? null : Number(value);
  };
  // Each slide's pages (its fragment steps) and then its notes page, in the slides' order.
  const groups: { line: number | null; pages: Element[]; notes: Element[] }[] = [];
  let current: (typeof groups)[number] | undefined;
  for (const child of [...container.children]) {
    if (child.classList.contains('pdf-page')) {
      const line = lineOf(child);
      if (!current || line === null || current.line !== line) {
        current = { line, pages: [], notes: [] };
        groups.push(current);
      }
      current.pages.push(child);
    } else if (child.classList.contains('speaker-notes-pdf')) {
      current?.notes.push(child);
    }
  }
  const pages: PrintedPage[] = [];
  for (const group of groups) {
    for (const el of [...group.pages, ...group.notes]) {
      container.appendChild(el);
      pages.push({ kind: el.classList.contains('pdf-page') ? 'slide' : 'notes', line: group.line });
    }
  }

  const style = document.createElement('style');
  style.textContent = [
    // A notes page is exactly one page: long notes are cut at its foot, never pushed onto a second.
    `html.reveal-print .reveal .speaker-notes-pdf[data-layout=separate-page] { box-sizing: border-box; height: ${options.height}px; width: ${options.width}px; overflow: hidden; }`,
    // reveal.js keeps only the last slide page from breaking after itself; the last page may be notes.
    'html.reveal-print .reveal .slides > :is(.pdf-page, .speaker-notes-pdf) { break-after: page; }',
    'html.reveal-print .reveal .slides > :is(.pdf-page, .speaker-notes-pdf):last-child { break-after: avoid; }',
  ].join('\n');
  document.head.appendChild(style);
  return pages;
}
