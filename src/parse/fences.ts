/** A fenced code block: offsets of its interior (between the fence lines) and its opening line. */
export interface FenceRange {
  /** Offset of the first character after the opening fence line. */
  start: number;
  /** Offset of the first character of the closing fence line (or of the end of text). */
  end: number;
  /** 0-based index of the opening fence line. */
  openLine: number;
  closed: boolean;
  /** The info string after the opening fence (`js [1-2]`), trimmed. */
  info: string;
}

const OPEN = /^\s*(`{3,}|~{3,})(.*)$/;

/**
 * Finds fenced code blocks line by line. Indentation is not limited to three spaces, so fences inside
 * list items count too; a backtick fence's info string may not contain backticks (CommonMark).
 */
export function findFences(text: string): FenceRange[] {
  const fences: FenceRange[] = [];
  const lines = text.split('\n');
  let offset = 0;
  let open: { marker: string; start: number; openLine: number; info: string } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const next = offset + line.length + 1;
    if (open) {
      const close = /^\s*(`{3,}|~{3,})\s*$/.exec(line);
      if (close?.[1] && close[1][0] === open.marker[0] && close[1].length >= open.marker.length) {
        fences.push({
          start: open.start,
          end: offset,
          openLine: open.openLine,
          closed: true,
          info: open.info,
        });
        open = undefined;
      }
    } else {
      const m = OPEN.exec(line);
      if (m?.[1] && !(m[1][0] === '`' && (m[2] ?? '').includes('`'))) {
        open = { marker: m[1], start: Math.min(next, text.length), openLine: i, info: (m[2] ?? '').trim() };
      }
    }
    offset = next;
  }
  if (open) {
    fences.push({
      start: open.start,
      end: text.length,
      openLine: open.openLine,
      closed: false,
      info: open.info,
    });
  }
  return fences;
}

/**
 * Replaces the interior of closed fences with a character no separator matches, keeping every offset.
 * Unclosed fences are left alone: their author meant the separators after them (and is warned).
 */
export function maskFences(text: string, fences: readonly FenceRange[]): string {
  let masked = '';
  let from = 0;
  for (const fence of fences) {
    if (!fence.closed) continue;
    masked += text.slice(from, fence.start) + '\u0001'.repeat(fence.end - fence.start);
    from = fence.end;
  }
  return masked + text.slice(from);
}
