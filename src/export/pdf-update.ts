/**
 * Reading just enough of a PDF to add to it, and adding to it as an incremental update: new and changed
 * objects appended after the original bytes, with a cross-reference section of their own that points
 * back to the original one (PDF 32000-1, 7.5.6). The original bytes, and with them Chromium's tagged
 * structure, fonts and pages, are left exactly as they are, and nothing is parsed but the trailer, the
 * catalog, the document information and the page tree.
 *
 * Only PDFs with a classic cross-reference table (what Chromium writes) are read; `readPdf` returns
 * undefined for any other (a cross-reference stream, encryption), and the caller takes the slow road.
 */

/** A PDF object as read: what a caller needs of it, and its source text to copy as it is. */
export type PdfValue =
  | { type: 'dict'; entries: Map<string, PdfValue>; raw: string }
  | { type: 'array'; items: PdfValue[]; raw: string }
  | { type: 'ref'; num: number; gen: number; raw: string }
  | { type: 'name'; name: string; raw: string }
  | { type: 'other'; raw: string };

/** An indirect object's number and generation. */
export interface PdfRef {
  num: number;
  gen: number;
}

/** The parts of a PDF an update is made from. */
export interface PdfStructure {
  /** The original bytes, as Latin-1 text (one character per byte). */
  text: string;
  /** Where the last cross-reference section starts: the update's `/Prev`. */
  xref: number;
  /** The trailer's `/Size`: the first object number free for new objects. */
  size: number;
  root: PdfRef;
  info: PdfRef | undefined;
  /** The trailer's `/ID`, kept in the update's trailer as the specification asks. */
  id: string | undefined;
  /** Byte offset of every object in use, by number. */
  offsets: Map<number, { offset: number; gen: number }>;
}

const WHITESPACE = new Set(['\0', '\t', '\n', '\f', '\r', ' ']);
const DELIMITERS = new Set(['(', ')', '<', '>', '[', ']', '{', '}', '/', '%']);

class Reader {
  constructor(
    readonly s: string,
    public i: number,
  ) {}

  skip(): void {
    const { s } = this;
    while (this.i < s.length) {
      const c = s[this.i] as string;
      if (WHITESPACE.has(c)) this.i++;
      else if (c === '%') {
        while (this.i < s.length && s[this.i] !== '\n' && s[this.i] !== '\r') this.i++;
      } else break;
    }
  }

  /** A run of regular characters: a number, a keyword, or a name's text. */
  token(): string {
    this.skip();
    const start = this.i;
    const { s } = this;
    while (this.i < s.length && !WHITESPACE.has(s[this.i] as string) && !DELIMITERS.has(s[this.i] as string))
      this.i++;
    return s.slice(start, this.i);
  }

  integer(): number {
    const t = this.token();
    if (!/^\d+$/.test(t)) throw new PdfFormatError(`expected an integer at ${this.i}, found "${t}"`);
    return Number(t);
  }

  value(): PdfValue {
    this.skip();
    const { s } = this;
    const start = this.i;
    const c = s[this.i];
    if (c === '<' && s[this.i + 1] === '<') {
      this.i += 2;
      const entries = new Map<string, PdfValue>();
      for (;;) {
        this.skip();
        if (s.startsWith('>>', this.i)) {
          this.i += 2;
          break;
        }
        if (s[this.i] !== '/') throw new PdfFormatError(`expected a name in a dictionary at ${this.i}`);
        const key = this.value() as { name: string };
        entries.set(key.name, this.value());
      }
      return { type: 'dict', entries, raw: s.slice(start, this.i) };
    }
    if (c === '<') {
      const end = s.indexOf('>', this.i);
      if (end === -1) throw new PdfFormatError('unterminated hex string');
      this.i = end + 1;
      return { type: 'other', raw: s.slice(start, this.i) };
    }
    if (c === '[') {
      this.i++;
      const items: PdfValue[] = [];
      for (;;) {
        this.skip();
        if (s[this.i] === ']') {
          this.i++;
          break;
        }
        if (this.i >= s.length) throw new PdfFormatError('unterminated array');
        items.push(this.value());
      }
      return { type: 'array', items, raw: s.slice(start, this.i) };
    }
    if (c === '(') {
      let depth = 0;
      for (; this.i < s.length; this.i++) {
        const ch = s[this.i];
        if (ch === '\\') this.i++;
        else if (ch === '(') depth++;
        else if (ch === ')' && --depth === 0) break;
      }
      if (this.i >= s.length) throw new PdfFormatError('unterminated string');
      this.i++;
      return { type: 'other', raw: s.slice(start, this.i) };
    }
    if (c === '/') {
      this.i++;
      const name = this.token();
      return { type: 'name', name, raw: s.slice(start, this.i) };
    }
    const word = this.token();
    if (word === '') throw new PdfFormatError(`unexpected "${c}" at ${start}`);
    if (/^\d+$/.test(word)) {
      // `12 0 R`: a reference, when a generation and R follow.
      const after = this.i;
      const gen = this.token();
      if (/^\d+$/.test(gen) && this.token() === 'R') {
        return { type: 'ref', num: Number(word), gen: Number(gen), raw: s.slice(start, this.i) };
      }
      this.i = after;
    }
    return { type: 'other', raw: s.slice(start, this.i) };
  }
}

/** A PDF this module does not read; the caller falls back to a full PDF library. */
export class PdfFormatError extends Error {}

/**
 * The trailer, the cross-reference table (every section, newest first) and the offsets of the objects;
 * undefined for a PDF this module does not update (a cross-reference stream, encryption, damage).
 */
export function readPdf(bytes: Uint8Array): PdfStructure | undefined {
  try {
    return readStructure(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'));
  } catch (error) {
    if (error instanceof PdfFormatError) return undefined;
    throw error;
  }
}

function readStructure(text: string): PdfStructure {
  const at = text.lastIndexOf('startxref');
  if (at === -1) throw new PdfFormatError('no startxref');
  const xref = new Reader(text, at + 'startxref'.length).integer();
  const offsets = new Map<number, { offset: number; gen: number }>();
  let trailer: Map<string, PdfValue> | undefined;
  const seen = new Set<number>();
  for (let section: number | undefined = xref; section !== undefined; ) {
    if (seen.has(section)) throw new PdfFormatError('a loop of cross-reference sections');
    seen.add(section);
    const reader = new Reader(text, section);
    if (reader.token() !== 'xref') throw new PdfFormatError('not a cross-reference table');
    for (;;) {
      reader.skip();
      if (text.startsWith('trailer', reader.i)) {
        reader.i += 'trailer'.length;
        break;
      }
      const first = reader.integer();
      const count = reader.integer();
      for (let n = first; n < first + count; n++) {
        const offset = reader.integer();
        const gen = reader.integer();
        const kind = reader.token();
        // Newer sections come first and win.
        if (kind === 'n' && !offsets.has(n)) offsets.set(n, { offset, gen });
        else if (kind !== 'n' && kind !== 'f') throw new PdfFormatError(`bad cross-reference entry ${n}`);
      }
    }
    const dict = reader.value();
    if (dict.type !== 'dict') throw new PdfFormatError('no trailer dictionary');
    if (dict.entries.has('Encrypt') || dict.entries.has('XRefStm'))
      throw new PdfFormatError('encrypted or hybrid');
    trailer ??= dict.entries;
    const prev = dict.entries.get('Prev');
    section = prev ? Number(prev.raw) : undefined;
  }
  const root = trailer?.get('Root');
  const size = trailer?.get('Size');
  if (root?.type !== 'ref' || size === undefined) throw new PdfFormatError('no /Root or /Size');
  const info = trailer?.get('Info');
  return {
    text,
    xref,
    size: Number(size.raw),
    root: { num: root.num, gen: root.gen },
    info: info?.type === 'ref' ? { num: info.num, gen: info.gen } : undefined,
    id: trailer?.get('ID')?.raw,
    offsets,
  };
}

/** The indirect object `ref`, read where the cross-reference table says it is. */
export function objectAt(pdf: PdfStructure, ref: PdfRef): PdfValue {
  const entry = pdf.offsets.get(ref.num);
  if (!entry) throw new PdfFormatError(`object ${ref.num} is not in the table`);
  const reader = new Reader(pdf.text, entry.offset);
  if (reader.integer() !== ref.num || reader.integer() !== entry.gen || reader.token() !== 'obj')
    throw new PdfFormatError(`object ${ref.num} is not where the table says`);
  return reader.value();
}

/** A dictionary, following a reference to it. */
export function dictOf(pdf: PdfStructure, value: PdfValue | undefined): Map<string, PdfValue> | undefined {
  const resolved = value?.type === 'ref' ? objectAt(pdf, value) : value;
  return resolved?.type === 'dict' ? resolved.entries : undefined;
}

/** Every page object, in page order, from the catalog's page tree. */
export function pageRefs(pdf: PdfStructure, catalog: Map<string, PdfValue>): PdfRef[] {
  const pages: PdfRef[] = [];
  const visited = new Set<number>();
  const walk = (node: PdfValue | undefined, depth: number) => {
    if (node?.type !== 'ref' || visited.has(node.num) || depth > 64)
      throw new PdfFormatError('a page tree this reader does not follow');
    visited.add(node.num);
    const dict = dictOf(pdf, node);
    const kids = dict?.get('Kids');
    const type = dict?.get('Type');
    if (type?.type === 'name' && type.name === 'Page') {
      pages.push({ num: node.num, gen: node.gen });
      return;
    }
    if (kids?.type !== 'array') throw new PdfFormatError('a page tree node without /Kids');
    for (const kid of kids.items) walk(kid, depth + 1);
  };
  walk(catalog.get('Pages'), 0);
  return pages;
}

/** An object to write: a dictionary's text, or a stream (its dictionary, less /Length, and its bytes). */
export type NewObject =
  | { ref: PdfRef; dict: string }
  | { ref: PdfRef; streamDict: string; stream: Uint8Array };

/**
 * The original bytes with the objects appended as an incremental update: a cross-reference section for
 * exactly those objects, and a trailer with the new `/Root` and `/Info` that points back to the original
 * section. An object given with the number of an existing one replaces it.
 */
export function appendUpdate(
  pdf: PdfStructure,
  original: Uint8Array,
  objects: readonly NewObject[],
  trailer: { size: number; root: PdfRef; info: PdfRef | undefined },
): Uint8Array {
  const chunks: Uint8Array[] = [original];
  let length = original.byteLength;
  const push = (chunk: Uint8Array) => {
    chunks.push(chunk);
    length += chunk.byteLength;
  };
  const ascii = (s: string) => push(Buffer.from(s, 'latin1'));
  const last = original[original.byteLength - 1];
  if (last !== 0x0a && last !== 0x0d) ascii('\n');
  const written: { num: number; gen: number; offset: number }[] = [];
  for (const object of objects) {
    written.push({ num: object.ref.num, gen: object.ref.gen, offset: length });
    if ('dict' in object) {
      ascii(`${object.ref.num} ${object.ref.gen} obj\n${object.dict}\nendobj\n`);
    } else {
      const dict = object.streamDict.replace(/>>\s*$/, `/Length ${object.stream.byteLength}\n>>`);
      ascii(`${object.ref.num} ${object.ref.gen} obj\n${dict}\nstream\n`);
      push(object.stream);
      ascii('\nendstream\nendobj\n');
    }
  }
  const xref = length;
  written.sort((a, b) => a.num - b.num);
  const lines = ['xref'];
  for (let i = 0; i < written.length; ) {
    let j = i;
    while (
      j + 1 < written.length &&
      (written[j + 1] as { num: number }).num === (written[j] as { num: number }).num + 1
    )
      j++;
    lines.push(`${(written[i] as { num: number }).num} ${j - i + 1}`);
    for (const entry of written.slice(i, j + 1)) {
      lines.push(`${String(entry.offset).padStart(10, '0')} ${String(entry.gen).padStart(5, '0')} n\r`);
    }
    i = j + 1;
  }
  const fields = [
    `/Size ${trailer.size}`,
    `/Root ${trailer.root.num} ${trailer.root.gen} R`,
    trailer.info ? `/Info ${trailer.info.num} ${trailer.info.gen} R` : '',
    pdf.id ? `/ID ${pdf.id}` : '',
    `/Prev ${pdf.xref}`,
  ].filter(Boolean);
  ascii(`${lines.join('\n')}\ntrailer\n<<\n${fields.join('\n')}\n>>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(chunks);
}

/** Text as a PDF text string: UTF-16BE with a byte order mark, in hex. */
export function hexText(value: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < value.length; i++)
    hex += value.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
  return `<${hex}>`;
}

/** ASCII text as a PDF literal string; anything else as a text string. */
export function literalText(value: string): string {
  if (!/^[\x20-\x7e]*$/.test(value)) return hexText(value);
  return `(${value.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

/** A date as PDF writes it: `(D:20261127093000Z)`, in UTC. */
export function pdfDate(date: Date): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `(D:${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z)`;
}
