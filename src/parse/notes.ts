import { findFences, maskFences } from './fences.ts';
import { BUILT_IN_PATTERNS, compilePattern } from './patterns.ts';
import { lineAt } from './source-text.ts';

/** reveal.js's own notes pattern: a line starting with `Note:` or `Notes:`, any case. */
export const DEFAULT_NOTES_SEPARATOR: string = BUILT_IN_PATTERNS.notesSeparator;

/**
 * Splits a slide's Markdown at its first notes marker outside code. Everything after the marker, the
 * rest of its line included, is the notes. The pattern is case-insensitive, as in reveal.js.
 *
 * @throws PatternSyntaxError for a pattern that cannot be compiled (parseDocument checks them first).
 */
export function splitNotes(
  text: string,
  line: number,
  pattern: string = DEFAULT_NOTES_SEPARATOR,
): { markdown: string; notes: { markdown: string; line: number } | undefined } {
  const masked = maskFences(text, findFences(text));
  const m = compilePattern(pattern, { ignoreCase: true }).exec(masked);
  if (!m) return { markdown: text, notes: undefined };
  const at = m.index + Math.max(0, m.text.search(/\S/));
  return {
    markdown: text.slice(0, m.index),
    notes: { markdown: text.slice(m.index + m.text.length), line: line + lineAt(text, at) - 1 },
  };
}
