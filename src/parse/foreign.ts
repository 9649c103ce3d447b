import { Lexer } from 'marked';
import { findFences, maskFences } from './fences.ts';
import { parseYamlMapping } from './front-matter.ts';
import { type Chunk, chunk } from './separators.ts';

/**
 * Marp: slides are split by top-level thematic breaks (`---`, `***`, `___`), never by setext underlines;
 * with `headingDivider`, also before a top-level heading of one of `headingLevels`, unless nothing but
 * comments comes before it in its slide.
 */
export function splitMarp(body: string, bodyLine: number, headingLevels: readonly number[] = []): Chunk[] {
  const chunks: Chunk[] = [];
  let offset = 0;
  let from = 0;
  let shown = false;
  for (const token of Lexer.lex(body, { gfm: true })) {
    const at = body.indexOf(token.raw, offset);
    const start = at === -1 ? offset : at;
    offset = start + token.raw.length;
    if (token.type === 'hr') {
      chunks.push(chunk(body, from, start, bodyLine, chunks.length, 0));
      from = offset;
      shown = false;
      continue;
    }
    if (token.type === 'heading' && shown && headingLevels.includes(token.depth)) {
      chunks.push(chunk(body, from, start, bodyLine, chunks.length, 0));
      from = start;
    }
    if (token.type !== 'space' && !(token.type === 'html' && /^\s*(<!--[\s\S]*?-->\s*)+$/.test(token.raw))) {
      shown = true;
    }
  }
  chunks.push(chunk(body, from, body.length, bodyLine, chunks.length, 0));
  return chunks;
}

/**
 * Slidev: a line beginning with `---` ends a slide; when the next line is not blank, that `---` opens the
 * new slide's front matter, which runs to the next `---` line. Fenced code does not split.
 */
export function splitSlidev(body: string, bodyLine: number, file: string): Chunk[] {
  const masked = maskFences(body, findFences(body));
  const lines = masked.split('\n');
  const starts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.length + 1;
  }
  const chunks: Chunk[] = [];
  let from = 0;
  let attributes: Record<string, string> = {};
  for (let i = 0; i < lines.length; i++) {
    if (!/^---\s*$/.test(lines[i] ?? '')) continue;
    const piece = chunk(body, from, starts[i] ?? body.length, bodyLine, chunks.length, 0);
    chunks.push({ ...piece, attributes });
    attributes = {};
    from = starts[i + 1] ?? body.length;
    const next = lines[i + 1];
    if (next === undefined || next.trim() === '') continue;
    const close = lines.findIndex((l, j) => j > i && /^---\s*$/.test(l));
    if (close === -1) continue;
    const yamlText = lines.slice(i + 1, close).join('\n');
    try {
      attributes = slidevAttributes(parseYamlMapping(yamlText, file, bodyLine + i + 1).data);
      from = starts[close + 1] ?? body.length;
      i = close;
    } catch {
      // Not YAML after all: the lines are the slide's content.
    }
  }
  chunks.push({ ...chunk(body, from, body.length, bodyLine, chunks.length, 0), attributes });
  return chunks;
}

/** Slidev layouts that have a pitchdeck counterpart; the others show as the default layout. */
const SLIDEV_LAYOUTS: Record<string, string> = {
  cover: 'title',
  intro: 'title',
  section: 'section',
  quote: 'quote',
  fact: 'stat',
  default: 'default',
};

function slidevAttributes(data: Record<string, unknown>): Record<string, string> {
  const attributes: Record<string, string> = {};
  const layout = typeof data.layout === 'string' ? SLIDEV_LAYOUTS[data.layout] : undefined;
  if (layout) attributes.layout = layout;
  if (typeof data.class === 'string') attributes.class = data.class;
  return attributes;
}

/**
 * Pandoc metadata blocks in the middle or at the end of a document (`---` then YAML then `---` or `...`)
 * are settings, not slides: blank them out, keeping the line count.
 */
export function blankMetadataBlocks(body: string): string {
  return body.replace(/^---[ \t]*\n(?=\S)([\s\S]*?)^(?:---|\.\.\.)[ \t]*$/gm, (block, inner: string) => {
    try {
      parseYamlMapping(inner, '', 1);
    } catch {
      return block;
    }
    return block.replace(/[^\n]/g, '');
  });
}

/**
 * Pandoc/Quarto notes and pauses: `::: notes` ... `:::` becomes the slide's notes, `. . .` pause lines
 * are dropped (pitchdeck has fragments for that).
 */
export function extractDivNotes(text: string): { markdown: string; notes: string | undefined } {
  const lines = text.split('\n');
  const kept: string[] = [];
  const notes: string[] = [];
  let depth = 0;
  let inNotes = false;
  for (const line of lines) {
    const opener = /^:{3,}\s*\{?\s*\.?(\S[^}]*?)\}?\s*$/.exec(line);
    const closer = /^:{3,}\s*$/.test(line);
    if (inNotes) {
      if (closer && depth === 0) inNotes = false;
      else {
        if (closer) depth--;
        else if (opener) depth++;
        notes.push(line);
      }
      continue;
    }
    if (opener && /^notes$/.test(opener[1] ?? '')) {
      inNotes = true;
      depth = 0;
      continue;
    }
    if (/^\.\s\.\s\.\s*$/.test(line)) continue;
    kept.push(line);
  }
  return { markdown: kept.join('\n'), notes: notes.length > 0 ? notes.join('\n') : undefined };
}
