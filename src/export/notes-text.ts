import { type ChildNode, Element, Text } from 'domhandler';
import { parseDocument } from 'htmlparser2';

const BLOCK = /^(p|div|h[1-6]|ul|ol|li|pre|blockquote|table|tr|dl|dt|dd|hr|figure|figcaption|section)$/;

/**
 * Speaker notes as the plain text PowerPoint's notes hold: a line per paragraph and list item (items
 * marked with a bullet), line breaks kept, code kept as written, entities decoded.
 */
export function notesText(html: string): string {
  const lines: string[] = [];
  let line = '';
  // A list item's bullet, put before the item's first text (which may be in a paragraph of its own).
  let prefix = '';
  const flush = () => {
    const text = line.replace(/[ \t\r\n\f]+/g, ' ').trim();
    if (text !== '') {
      lines.push(prefix + text);
      prefix = '';
    }
    line = '';
  };
  const walk = (nodes: ChildNode[], pre: boolean) => {
    for (const node of nodes) {
      if (node instanceof Text) {
        if (pre) {
          for (const [i, part] of node.data.replace(/\n$/, '').split('\n').entries()) {
            if (i > 0) lines.push(line.replace(/\s+$/, ''));
            if (i > 0) line = '';
            line += part;
          }
        } else line += node.data;
      } else if (node instanceof Element) {
        if (node.name === 'br') {
          flush();
        } else if (node.name === 'pre') {
          flush();
          walk(node.children, true);
          lines.push(line.replace(/\s+$/, ''));
          line = '';
        } else if (BLOCK.test(node.name)) {
          flush();
          if (node.name === 'li') prefix = '• ';
          walk(node.children, pre);
          flush();
        } else if (!/^(script|style|template)$/.test(node.name)) {
          walk(node.children, pre);
        }
      }
    }
  };
  walk(parseDocument(html).children, false);
  flush();
  return lines.join('\n');
}
