import { findFences } from '../parse/fences.ts';

/** A part of a slide's text that is code: `[start, end)` offsets. */
export type Range = readonly [start: number, end: number];

/**
 * The parts of a slide's Markdown that are code: the inside of fenced blocks (an unclosed fence runs to
 * the end, as marked renders it) and inline code spans. Handlebars and `.slide:` comments written there
 * are examples for the audience to read, not instructions to pitchdeck.
 */
export function codeRanges(text: string): Range[] {
  const ranges: Range[] = [];
  let from = 0;
  for (const fence of findFences(text)) {
    const fenceLineStart = text.lastIndexOf('\n', Math.max(0, fence.start - 2)) + 1;
    ranges.push(...codeSpans(text, from, fenceLineStart));
    ranges.push([fence.start, fence.end]);
    // Skip the closing fence line too: its backticks open no code span.
    const close = text.indexOf('\n', fence.end);
    from = close === -1 ? text.length : close + 1;
  }
  ranges.push(...codeSpans(text, from, text.length));
  return ranges.filter(([start, end]) => end > start);
}

/**
 * Inline code spans between `from` and `to`, the CommonMark way: a run of backticks closed by the next
 * run of the same length, within one paragraph. A backslash-escaped backtick opens nothing, and a run
 * that is never closed is literal text.
 */
function codeSpans(text: string, from: number, to: number): Range[] {
  const spans: Range[] = [];
  const opener = /`+/g;
  opener.lastIndex = from;
  for (let m = opener.exec(text); m !== null && m.index < to; m = opener.exec(text)) {
    if (m.index > 0 && text[m.index - 1] === '\\') continue;
    const run = m[0].length;
    const blank = /\n[ \t]*\n/g;
    blank.lastIndex = m.index;
    const paragraphEnd = Math.min(to, blank.exec(text)?.index ?? to);
    const closer = new RegExp(`(?<!\`)\`{${run}}(?!\`)`, 'g');
    closer.lastIndex = m.index + run;
    const close = closer.exec(text);
    if (close && close.index + run <= paragraphEnd) {
      spans.push([m.index, close.index + run]);
      opener.lastIndex = close.index + run;
    }
  }
  return spans;
}

/** The text with every code range blanked out (same length, no newline moved), for searching. */
export function blankRanges(text: string, ranges: readonly Range[]): string {
  let out = '';
  let from = 0;
  for (const [start, end] of ranges) {
    out += text.slice(from, start) + text.slice(start, end).replace(/[^\n]/g, '\u0001');
    from = end;
  }
  return out + text.slice(from);
}

/** Text whose code ranges are swapped for placeholders, and the way back. */
export interface MaskedText {
  text: string;
  /** The rendered text with each range back; `fill` may give a range (by its index) other text. */
  restore(rendered: string, fill?: (index: number, code: string) => string): string;
}

const PLACEHOLDER = /\uE000(\d+)\n*\uE001/g;

/**
 * Replaces each code range with a placeholder Handlebars passes through untouched (private-use
 * characters around an index), keeping its newlines so that template line numbers stay file lines.
 */
export function maskRanges(text: string, ranges: readonly Range[]): MaskedText {
  const saved: string[] = [];
  let out = '';
  let from = 0;
  for (const [start, end] of ranges) {
    const code = text.slice(start, end);
    out += `${text.slice(from, start)}\uE000${saved.length}${'\n'.repeat(countNewlines(code))}\uE001`;
    saved.push(code);
    from = end;
  }
  out += text.slice(from);
  return {
    text: out,
    restore: (rendered, fill) =>
      rendered.replace(PLACEHOLDER, (whole, index: string) => {
        const code = saved[Number(index)];
        if (code === undefined) return whole;
        return fill ? fill(Number(index), code) : code;
      }),
  };
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
