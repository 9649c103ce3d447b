import { Lexer, type Token } from 'marked';
import { type Chunk, chunk } from './separators.ts';

/**
 * Splits a plain document on its headings the way Quarto and Pandoc do: a heading above `slideLevel`
 * opens a section (a new horizontal stack), a heading at `slideLevel` opens a slide (vertical inside a
 * section, horizontal before the first one), and a thematic break starts another slide at the current
 * level. Headings inside code, HTML or YAML blocks are not slides, which is why this reads marked's
 * tokens rather than lines.
 */
export function splitOnHeadings(body: string, bodyLine: number, slideLevel: number): Chunk[] {
  const tokens = Lexer.lex(body, { gfm: true });
  const cuts: { offset: number; skip: number; kind: 'section' | 'slide' | 'rule'; heading?: string }[] = [];
  let offset = 0;
  for (const token of tokens) {
    const at = body.indexOf(token.raw, offset);
    const start = at === -1 ? offset : at;
    offset = start + token.raw.length;
    const cut = cutFor(token, slideLevel);
    if (cut) cuts.push({ offset: start, skip: cut === 'rule' ? token.raw.length : 0, kind: cut });
  }

  const chunks: Chunk[] = [];
  let h = -1;
  let v = 0;
  let inSection = false;
  const first = cuts[0]?.offset ?? body.length;
  if (body.slice(0, first).trim() !== '') {
    h = 0;
    chunks.push(chunk(body, 0, first, bodyLine, 0, 0));
  }
  cuts.forEach((cut, i) => {
    const end = cuts[i + 1]?.offset ?? body.length;
    // A rule with nothing after it (right before a heading) starts no slide and takes no position.
    if (cut.kind === 'rule' && body.slice(cut.offset + cut.skip, end).trim() === '') return;
    if (cut.kind === 'section') {
      inSection = true;
      h++;
      v = 0;
    } else if (inSection) {
      v++;
    } else {
      h++;
      v = 0;
    }
    const piece = chunk(body, cut.offset + cut.skip, end, bodyLine, h, v);
    if (cut.kind !== 'rule') Object.assign(piece, headingAttributes(piece));
    chunks.push(piece);
  });
  if (chunks.length === 0) chunks.push(chunk(body, 0, body.length, bodyLine, 0, 0));
  return chunks;
}

function cutFor(token: Token, slideLevel: number): 'section' | 'slide' | 'rule' | undefined {
  if (token.type === 'heading') {
    if (token.depth < slideLevel) return 'section';
    if (token.depth === slideLevel) return 'slide';
  }
  return token.type === 'hr' ? 'rule' : undefined;
}

/**
 * Pandoc attributes on a slide's heading, `## Title {#id .class background-color="#123"}`, become the
 * slide's attributes and are removed from the heading text.
 */
function headingAttributes(piece: Chunk): Pick<Chunk, 'text' | 'attributes'> {
  const firstLineEnd = piece.text.indexOf('\n');
  const head = firstLineEnd === -1 ? piece.text : piece.text.slice(0, firstLineEnd);
  const m = /\s*\{([^{}]*)\}\s*$/.exec(head);
  if (!m || !/^#/.test(head)) return { text: piece.text, attributes: {} };
  const attributes: Record<string, string> = {};
  const classes: string[] = [];
  for (const part of m[1]?.match(/[^\s"=]+(?:="[^"]*"|=\S+)?/g) ?? []) {
    if (part.startsWith('#')) attributes.id = part.slice(1);
    else if (part.startsWith('.')) classes.push(part.slice(1));
    else {
      const [key = '', raw = ''] = part.split(/=(.*)/s);
      const value = raw.replace(/^"|"$/g, '');
      const name = key.startsWith('data-') ? key : `data-${key}`;
      attributes[name] = value;
    }
  }
  if (classes.length > 0) attributes.class = classes.join(' ');
  const text = head.slice(0, m.index) + piece.text.slice(head.length);
  return { text, attributes };
}
