import type { ChildNode } from 'domhandler';
import { parseDocument as parseHtml } from 'htmlparser2';
import { decodeEntities, Element, isBlank, Text } from '../deck/slide-dom.ts';
import type { Warning } from '../errors.ts';
import type { Deck, Slide, SlideContent } from '../model.ts';
import { type CutLabel, type Finding, makeFinding, slideName, withoutIgnored } from './finding.ts';

/**
 * The checks that need no browser: empty slides, slides with no heading, missing speaker notes (when the
 * deck asks for them), `.element:` comments that attached to nothing, duplicate slide ids, pictures and
 * videos loaded from the network, and slides with more words than the deck's `check.maxWords`. Pure: a
 * Deck in, findings out.
 */
export function checkStructure(deck: Deck, cut: CutLabel = {}): Finding[] {
  const findings: Finding[] = [];
  const { maxWords } = deck.config.check;
  // A cut that leaves its notes out on purpose (`notes: false`) is not missing them.
  const notes = deck.config.check.notes && deck.config.notes;
  const ids = new Map<string, Slide>();
  for (const slide of deck.slides) {
    const name = slideName(deck, slide);
    const add = (rule: Finding['rule'], message: string, line?: number) =>
      findings.push(makeFinding(deck, slide, rule, message, cut, line));
    const nodes = contentNodes(slide.content);
    const empty = isEmpty(slide, nodes);

    if (empty) {
      add('empty-slide', `${name} is empty: it shows nothing but the background; add content or remove it`);
    } else if (!slide.title && !ownTitle(slide) && !isBlank(nodes)) {
      add(
        'no-heading',
        `${name} has no heading: the PDF outline and the slide overview cannot name it; start it with "## Title"`,
      );
    }
    if (notes && !slide.notesHtml?.replace(/<[^>]*>/g, '').trim()) {
      add('missing-notes', `${name} has no speaker notes; add a "Note:" line at its end`);
    }
    for (const stray of slide.strayElements) {
      add(
        'stray-element',
        `${name}: "<!-- ${stray.comment} -->" has no element before it, so reveal.js applies it to the whole slide; put it right after the element it is for (on the same line for a list item or paragraph)`,
        stray.line,
      );
    }
    const id = slide.attributes.id;
    if (id !== undefined && id !== '') {
      const first = ids.get(id);
      if (first) {
        add(
          'duplicate-id',
          `${name} has the id "${id}" of ${slideName(deck, first)} (line ${first.line}); links to #/${id} open the first only. Rename one of them`,
        );
      } else ids.set(id, slide);
    }
    for (const media of slide.remoteMedia) {
      add(
        'remote-media',
        `${name} loads "${media.url}" from the network: without one (offline, or a PDF made without network) it shows broken; put the file beside the deck and link it relatively`,
        media.line,
      );
    }
    const words = empty ? 0 : countWords(nodes);
    if (words > maxWords) {
      add(
        'word-count',
        `${name} has ${words} words, more than ${maxWords}: split it, or move the detail to the speaker notes`,
      );
    }
  }
  return quietHeadless(withoutIgnored(findings, deck), deck, cut);
}

/**
 * A deck whose slides are mostly without headings (a picture deck, a migrated reveal-md deck) is written
 * that way on purpose: one finding says so for the deck, instead of one per slide.
 */
function quietHeadless(findings: Finding[], deck: Deck, cut: CutLabel): Finding[] {
  const headless = findings.filter((f) => f.rule === 'no-heading');
  if (headless.length <= deck.slides.length / 2) return findings;
  const first = headless[0];
  return [
    ...findings.filter((f) => f.rule !== 'no-heading'),
    makeFinding(
      deck,
      undefined,
      'no-heading',
      `${headless.length} of ${deck.slides.length} slides have no heading (from line ${first?.line ?? 0}): the PDF outline and the slide overview cannot name them; add "## Title" lines, or "check: { ignore: [no-heading] }" in the front matter if that is how this deck is written`,
      cut,
      first?.line ?? 0,
    ),
  ];
}

/**
 * The build's warnings about linked files that will not be beside the page (missing, or outside the
 * deck's folder and so not copied) as `missing-asset` findings on the slides that link them.
 */
export function assetFindings(deck: Deck, warnings: readonly Warning[], cut: CutLabel = {}): Finding[] {
  const findings: Finding[] = [];
  for (const warning of warnings) {
    if (warning.code !== 'missing-asset' && warning.code !== 'asset-outside') continue;
    if (warning.file !== deck.path) continue;
    const slide = slideAt(deck, warning.line);
    const where = slide ? `${slideName(deck, slide)}: ` : '';
    findings.push(makeFinding(deck, slide, 'missing-asset', `${where}${warning.message}`, cut, warning.line));
  }
  return withoutIgnored(findings, deck);
}

/** The slide whose source holds `line`: the last one starting at or before it. Line 0 is the deck's. */
export function slideAt(deck: Deck, line: number): Slide | undefined {
  if (line <= 0) return undefined;
  let found: Slide | undefined;
  for (const slide of deck.slides)
    if (slide.line <= line && (!found || slide.line > found.line)) found = slide;
  return found;
}

/**
 * Slides that need no heading: a quote or a full-bleed picture stands for one, and a generated title
 * slide shows the deck's title. (A slide of nothing but a background is neither empty nor untitled.)
 */
function ownTitle(slide: Slide): boolean {
  const { content } = slide;
  return (
    content.type === 'quote' ||
    content.type === 'full-image' ||
    (content.type === 'title' && content.generated)
  );
}

/** What the slide shows, as a tree: the layout's parts, without notes. */
function contentNodes(content: SlideContent): ChildNode[] {
  const html = (() => {
    switch (content.type) {
      case 'two-column':
        return [content.head, ...content.columns].join('\n');
      case 'stat':
        return `<div>${content.value}</div>${content.label}`;
      case 'full-image':
        return `<img src="${content.image}">${content.html}`;
      default:
        return content.html;
    }
  })();
  return parseHtml(html, { decodeEntities: false }).children;
}

function isEmpty(slide: Slide, nodes: ChildNode[]): boolean {
  if (slide.content.type === 'title' && slide.content.generated) return false;
  // A slide of just a colour, a picture or a video behind it shows what it was made to show.
  if (Object.keys(slide.attributes).some((name) => name.startsWith('data-background'))) return false;
  if (slide.frame && slide.frame.backgrounds.length > 0) return false;
  return isBlank(nodes);
}

/**
 * Words a reader has to read: the text outside code blocks (code is read differently, and its size is
 * the overflow check's business), counted as runs of letters or digits.
 */
export function countWords(nodes: readonly ChildNode[]): number {
  const text = (list: readonly ChildNode[]): string =>
    list
      .map((node) => {
        if (node instanceof Text) return node.data;
        if (!(node instanceof Element) || UNREAD.has(node.name)) return ' ';
        // Blocks and line breaks separate words even where the HTML has no space between them.
        return INLINE.has(node.name) ? text(node.children) : ` ${text(node.children)} `;
      })
      .join('');
  return decodeEntities(text(nodes))
    .split(/\s+/)
    .filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

/** Not counted: code, pictures (a diagram's or chart's labels are read as part of it) and notes. */
const UNREAD: ReadonlySet<string> = new Set(['pre', 'script', 'style', 'aside', 'br', 'img', 'video', 'svg']);
const INLINE: ReadonlySet<string> = new Set([
  'a',
  'abbr',
  'b',
  'code',
  'em',
  'i',
  'kbd',
  'mark',
  's',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'u',
]);
