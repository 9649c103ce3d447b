import { type ChildNode, type Element, isTag, isText } from 'domhandler';
import { parseDocument } from 'htmlparser2';

/**
 * Recipients' pages differ in their vars: when two pages differ only in the text of their slides (and
 * their title), the second one is printed from the first one's laid-out print view with its text put in
 * place, instead of loading and laying out reveal.js again (a third of the time of a small deck's PDF).
 *
 * `textSkeleton` is a page with the text of its slides and title left out: two pages with the same
 * skeleton have the same elements, attributes, scripts, styles and text everywhere else. It is
 * undefined for a page whose layout reveal.js or a script computes from the text (`r-fit-text`,
 * `r-stretch`, a script in a slide), and for one whose slides link to a relative address: the print view
 * keeps the first page's address, and the PDF would carry a link resolved against the other cut's folder
 * (a recipient's name in another recipient's PDF). Such a page is always loaded afresh.
 */
export function textSkeleton(html: string): string | undefined {
  const doc = parseDocument(html, { decodeEntities: false });
  const parts: string[] = [];
  let unsafe = false;
  const walk = (nodes: readonly ChildNode[], inSlide: boolean, inTitle: boolean) => {
    for (const node of nodes) {
      if (isText(node)) {
        // Text in a slide or the title is swapped; whether it is blank is kept, since the parser treats
        // blank text differently (in a table, at the start of a <pre>).
        if (inSlide || inTitle) parts.push(/\S/.test(node.data) ? '\u0001' : '\u0002');
        else parts.push(node.data);
      } else if (isTag(node)) {
        const classes = ` ${node.attribs.class ?? ''} `;
        const slide = node.name === 'section' && !hasSection(node);
        if (
          (inSlide || slide) &&
          (node.name === 'script' ||
            /\s(r-fit-text|r-stretch|stretch)\s/.test(classes) ||
            ((node.name === 'a' || node.name === 'area') &&
              node.attribs.href !== undefined &&
              !ABSOLUTE_LINK.test(node.attribs.href.trim())))
        )
          unsafe = true;
        parts.push(
          `<${node.name}${Object.entries(node.attribs)
            .map(([k, v]) => ` ${k}="${v}"`)
            .join('')}>`,
        );
        const raw = node.name === 'script' || node.name === 'style';
        walk(node.children, (inSlide || slide) && !raw, node.name === 'title');
        parts.push(`</${node.name}>`);
      } else if ('data' in node) {
        parts.push(`<!--${String(node.data)}-->`);
      }
    }
  };
  walk(doc.children, false, false);
  return unsafe ? undefined : parts.join('');
}

/** A link whose target does not depend on the page's address. */
const ABSOLUTE_LINK = /^(https?:|mailto:|tel:)/i;

function hasSection(element: Element): boolean {
  return element.children.some((child) => isTag(child) && (child.name === 'section' || hasSection(child)));
}

/** What `swapText` needs: the new page. */
export interface SwapArgs {
  /** The new page's HTML, parsed in the tab by the browser's own parser. */
  html: string;
}

/**
 * Runs in the tab (serialised by Puppeteer: everything it uses is defined inside), on reveal.js's print
 * view of a page with the same skeleton: puts the new page's slide text and title in place. Returns
 * false, changing nothing, when the two pages' slides do not have the same text nodes. The slides are
 * centred again with `recentre` once the fonts the new text needs have loaded.
 */
export function swapText(args: SwapArgs): boolean {
  const doc = new DOMParser().parseFromString(args.html, 'text/html');
  const leaves = (root: ParentNode, printed: boolean) =>
    [...root.querySelectorAll('.reveal .slides section')].filter(
      (s) => !s.querySelector('section') && (!printed || !s.classList.contains('stack')),
    );
  const textsOf = (root: Node) => {
    const texts: Text[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node as Text);
    return texts;
  };
  const from = leaves(doc, false).map(textsOf);
  const to = leaves(document, true).map(textsOf);
  if (from.length !== to.length || from.some((texts, i) => texts.length !== to[i]?.length)) return false;
  from.forEach((texts, i) => {
    texts.forEach((text, j) => {
      const target = to[i]?.[j];
      if (target && target.data !== text.data) target.data = text.data;
    });
  });
  document.title = doc.title;
  return true;
}

/**
 * Runs in the tab after `swapText` and once its fonts are loaded: centres each slide again as reveal.js's
 * print view does (its height may have changed with its text).
 */
export function recentre(pageHeight: number): void {
  const leaves = () =>
    [...document.querySelectorAll('.reveal .slides section')].filter(
      (s) => !s.querySelector('section') && !s.classList.contains('stack'),
    );
  // reveal.js's print view centres a one-page slide from its content's height (js/controllers/printview.js).
  const center = (window as unknown as { Reveal: { getConfig(): { center?: boolean } } }).Reveal.getConfig()
    .center;
  for (const slide of leaves()) {
    if (!(slide instanceof HTMLElement) || !slide.parentElement?.classList.contains('pdf-page')) continue;
    if (center || slide.classList.contains('center')) {
      slide.style.top = `${Math.max((pageHeight - slide.scrollHeight) / 2, 0)}px`;
    }
  }
}

/**
 * Runs in the tab: whether `swapText` would centre the slides where reveal.js's print view put them,
 * checked once on each page laid out afresh before any text is swapped into it.
 */
export function centredAsReveal(pageHeight: number): boolean {
  const center = (window as unknown as { Reveal: { getConfig(): { center?: boolean } } }).Reveal.getConfig()
    .center;
  return [...document.querySelectorAll('.reveal .slides .pdf-page > section')].every((slide) => {
    if (!(slide instanceof HTMLElement)) return true;
    if (!center && !slide.classList.contains('center')) return true;
    const expected = Math.max((pageHeight - slide.scrollHeight) / 2, 0);
    return Math.abs(Number.parseFloat(slide.style.top || '0') - expected) < 0.5;
  });
}
