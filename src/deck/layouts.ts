import type { ChildNode, Document } from 'domhandler';
import { DeckError } from '../errors.ts';
import { LAYOUTS, type LayoutName, type SlideContent } from '../model.ts';
import {
  Comment,
  Element,
  elements,
  firstHeading,
  isBlank,
  removeNode,
  serialize,
  Text,
} from './slide-dom.ts';

export interface LayoutContext {
  file: string;
  /** Source line of the layout choice, for errors. */
  line: number;
  /** Section attributes; a full-image layout sets the slide's background. */
  attributes: Record<string, string>;
}

export function isLayout(name: string): name is LayoutName {
  return (LAYOUTS as readonly string[]).includes(name);
}

/**
 * The layout a slide chose: one of pitchdeck's, or one the templates add (`layouts/banner.hbs`).
 *
 * @throws DeckError naming the line and every layout there is.
 */
export function checkLayout(
  name: string,
  where: LayoutContext,
  added: ReadonlySet<string> = new Set(),
): LayoutName | { custom: string } {
  if (isLayout(name)) return name;
  if (added.has(name)) return { custom: name };
  const own = [...added].filter((n) => !isLayout(n)).sort();
  throw new DeckError(`unknown layout "${name}"`, {
    file: where.file,
    line: where.line,
    code: 'unknown-layout',
    hint: `Use one of: ${[...LAYOUTS, ...own].join(', ')}.`,
  });
}

/** Shapes a slide's DOM into what its layout template shows. */
export function layoutContent(
  layout: LayoutName | { custom: string },
  root: Document,
  where: LayoutContext,
): SlideContent {
  if (typeof layout === 'object')
    return { type: 'custom', layout: layout.custom, html: serialize(root.children) };
  switch (layout) {
    case 'title':
      return { type: 'title', html: serialize(root.children), generated: isBlank(root.children) };
    case 'section':
    case 'quote':
    case 'default':
      return { type: layout, html: serialize(root.children) };
    case 'stat': {
      const heading = firstHeading(root);
      if (!heading) {
        throw new DeckError('a stat slide needs a heading holding the number, e.g. "## 97.5%"', {
          file: where.file,
          line: where.line,
          code: 'unknown-layout',
          hint: 'Add a heading with the figure, or choose another layout.',
        });
      }
      const value = serialize(heading.children);
      removeNode(heading);
      return { type: 'stat', value, label: serialize(root.children) };
    }
    case 'two-column':
      return twoColumns(root);
    case 'full-image': {
      const image = [...elements(root)].find((el) => el.name === 'img');
      const src = image?.attribs.src;
      if (!image || !src) {
        throw new DeckError('a full-image slide needs an image, e.g. "![](photo.jpg)"', {
          file: where.file,
          line: where.line,
          code: 'unknown-layout',
          hint: 'Add an image, or choose another layout.',
        });
      }
      const parent = image.parent;
      removeNode(image);
      if (parent instanceof Element && parent.name === 'p' && isBlank(parent.children)) removeNode(parent);
      where.attributes['data-background-image'] ??= src;
      where.attributes['data-background-size'] ??= 'cover';
      return { type: 'full-image', html: serialize(root.children), image: src };
    }
  }
}

/**
 * The first heading spans the top; the rest splits at `<!-- .column -->` comments, or into two halves of
 * its blocks when there is none.
 */
function twoColumns(root: Document): SlideContent {
  const heading = root.children.find((n): n is Element => n instanceof Element && /^h[1-6]$/.test(n.name));
  const head = heading ? serialize(heading) : '';
  const rest = root.children.filter((n) => n !== heading);
  const columns: ChildNode[][] = [[]];
  for (const node of rest) {
    if (node instanceof Comment && /^\s*\.column\s*$/.test(node.data)) columns.push([]);
    else columns.at(-1)?.push(node);
  }
  if (columns.length === 1) {
    const blocks = rest.filter((n) => !(n instanceof Text && n.data.trim() === ''));
    const half = Math.ceil(blocks.length / 2);
    columns.splice(0, 1, blocks.slice(0, half), blocks.slice(half));
  }
  return { type: 'two-column', head, columns: columns.map((c) => serialize(c)) };
}
