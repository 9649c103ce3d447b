import render from 'dom-serializer';
import { type ChildNode, Comment, type Document, Element, type ParentNode, Text } from 'domhandler';
import { textContent } from 'domutils';
import { decodeHTML, decodeHTMLAttribute } from 'entities';
import { parseDocument as parseHtml } from 'htmlparser2';

/** reveal.js markdown plugin's own patterns, so `.slide:` and `.element:` comments behave the same. */
const ELEMENT_COMMENT = /\.element\s*?(.+?)$/m;
const SLIDE_COMMENT = /\.slide:\s*?(\S.+?)$/m;
const ATTRIBUTE = /([^"= ]+?)="([^"]+?)"|(data-[^"= ]+?)(?=[" ])/g;

/**
 * Elements nested deeper than this are refused: the tree walks here and in dom-serializer recurse per
 * level and overflow the stack at a few thousand, and Chromium's HTML parser stops nesting at 512 anyway.
 */
export const MAX_ELEMENT_DEPTH = 500;

/** A slide's HTML nests elements deeper than MAX_ELEMENT_DEPTH; the caller knows the slide's line. */
export class ElementDepthError extends Error {
  constructor(readonly depth: number) {
    super(`HTML elements nested ${depth} deep`);
  }
}

export interface SlideDom {
  root: Document;
  /** Attributes the slide's `.slide:` comments set on its <section>. */
  sectionAttributes: Record<string, string>;
  /** `.element:` comments that had no element before them, so they went to the slide. */
  strayElementComments: string[];
}

/**
 * Parses a slide's rendered HTML and applies its attribute comments the way reveal.js's markdown plugin
 * does: `.element:` goes to the previous element sibling (or the parent when there is none), `.slide:`
 * to the slide. Applied comments are removed.
 */
export function parseSlideHtml(html: string): SlideDom {
  const root = parseHtml(html, { decodeEntities: false, lowerCaseAttributeNames: false });
  const depth = elementDepth(root);
  if (depth > MAX_ELEMENT_DEPTH) throw new ElementDepthError(depth);
  const sectionAttributes: Record<string, string> = {};
  const strayElementComments: string[] = [];
  const applied: Comment[] = [];

  const visit = (parent: ParentNode) => {
    let previous: Element | undefined = parent instanceof Element ? parent : undefined;
    for (const child of [...parent.children]) {
      if (child instanceof Comment) {
        const element = ELEMENT_COMMENT.exec(child.data);
        if (element) {
          // At the top level with nothing before it, reveal.js gives the attributes to the slide itself.
          if (previous) setAttributes(elementTarget(previous, child).attribs, element[1] ?? '');
          else {
            setAttributes(sectionAttributes, element[1] ?? '');
            strayElementComments.push(child.data.trim());
          }
          applied.push(child);
        } else {
          const slide = SLIDE_COMMENT.exec(child.data);
          if (slide) {
            setAttributes(sectionAttributes, slide[1] ?? '');
            applied.push(child);
          }
        }
      } else if (child instanceof Element) {
        visit(child);
        if (child.name !== 'br') previous = child;
      }
    }
  };
  visit(root);
  for (const comment of applied) removeNode(comment);
  return { root, sectionAttributes, strayElementComments };
}

/** How deep elements nest below `root`, counted without recursion (the point is to check it first). */
export function elementDepth(root: ParentNode): number {
  let deepest = 0;
  const stack: [ParentNode, number][] = [[root, 0]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [node, depth] = next;
    deepest = Math.max(deepest, depth);
    for (const child of node.children) if (child instanceof Element) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * reveal.js 6 gives an `.element:` comment written on the line right after a list to the list's last
 * item; only a blank line in between makes it the list's. Blank lines survive rendering as whitespace
 * (see `createMarkdown`), so the text before the comment tells the two apart.
 */
function elementTarget(previous: Element, comment: Comment): Element {
  if (previous.name !== 'ul' && previous.name !== 'ol') return previous;
  const before = comment.prev instanceof Text ? comment.prev.data : '';
  if (/\n[ \t]*\n/.test(before)) return previous;
  return previous.children.findLast((n): n is Element => n instanceof Element) ?? previous;
}

function setAttributes(target: Record<string, string>, spec: string): void {
  for (const m of spec.matchAll(ATTRIBUTE)) {
    if (m[2] !== undefined && m[1]) target[m[1]] = m[2];
    else if (m[3]) target[m[3]] = '';
  }
}

export function serialize(nodes: ChildNode | ChildNode[]): string {
  return render(nodes, { encodeEntities: false, decodeEntities: false });
}

export function removeNode(node: ChildNode): void {
  const parent = node.parent;
  if (!parent) return;
  const index = parent.children.indexOf(node);
  if (index !== -1) parent.children.splice(index, 1);
  const prev = node.prev;
  const next = node.next;
  if (prev) prev.next = next;
  if (next) next.prev = prev;
  node.parent = null;
  node.prev = null;
  node.next = null;
}

/** Every element below `parent`, in document order. */
export function* elements(parent: ParentNode): Generator<Element> {
  for (const child of parent.children) {
    if (child instanceof Element) {
      yield child;
      yield* elements(child);
    }
  }
}

export const HEADING = /^h[1-6]$/;

/** The decoded text of the first heading, or ''. */
export function firstHeading(root: Document): Element | undefined {
  for (const el of elements(root)) if (HEADING.test(el.name)) return el;
  return undefined;
}

export function plainText(node: ChildNode | ChildNode[]): string {
  return decodeEntities(readText(node)).replace(/\s+/g, ' ').trim();
}

/**
 * The text of nodes as read aloud: typeset maths counts once, as its MathML (KaTeX also writes it as
 * HTML for the eye, hidden from screen readers, and keeps its TeX source as an annotation).
 */
function readText(node: ChildNode | ChildNode[]): string {
  if (Array.isArray(node)) return node.map(readText).join('');
  if (!(node instanceof Element)) return textContent(node);
  if (node.name === 'annotation' || /\bkatex-html\b/.test(node.attribs.class ?? '')) return '';
  return node.children.map(readText).join('');
}

/**
 * Text as a browser shows it: every HTML character reference decoded, named (`&mdash;`, `&hellip;`, the
 * legacy ones without `;`) and numeric. The tree keeps entities as marked wrote them, so text taken from
 * it (titles, the PDF outline, messages) goes through here.
 */
export function decodeEntities(text: string): string {
  return decodeHTML(text);
}

/** An attribute value as a browser reads it (`&copy=` in a URL's query stays as written). */
export function decodeAttribute(value: string): string {
  return decodeHTMLAttribute(value);
}

/** True when the nodes show nothing: no text and no embedded media. */
export function isBlank(nodes: ChildNode[]): boolean {
  return nodes.every((node) => {
    if (node instanceof Text) return decodeEntities(node.data).trim() === '';
    if (node instanceof Comment) return true;
    if (node instanceof Element) {
      if (/^(img|video|iframe|svg|canvas|audio|object|embed|hr|table)$/.test(node.name)) return false;
      return isBlank(node.children);
    }
    return true;
  });
}

export { Comment, Element, Text };
