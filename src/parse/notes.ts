import { findFences, maskFences } from './fences.ts';
import { lineAt } from './source-text.ts';

/** reveal.js's own notes pattern: a line starting with `Note:` or `Notes:`, any case. */
export const DEFAULT_NOTES_SEPARATOR = '^\\s*notes?:';

/**
 * Splits a slide's Markdown at its first notes marker outside code. Everything after the marker, the
 * rest of its line included, is the notes.
 */
export function splitNotes(
  text: string,
  line: number,
  pattern: string = DEFAULT_NOTES_SEPARATOR,
): { markdown: string; notes: { markdown: string; line: number } | undefined } {
  const masked = maskFences(text, findFences(text));
  const m = new RegExp(pattern, 'mi').exec(masked);
  if (!m) return { markdown: text, notes: undefined };
  const at = m.index + Math.max(0, m[0].search(/\S/));
  return {
    markdown: text.slice(0, m.index),
    notes: { markdown: text.slice(m.index + m[0].length), line: line + lineAt(text, at) - 1 },
  };
}
