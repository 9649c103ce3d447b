import { decodeHTML } from 'entities';
import type { TokenizerAndRendererExtension, Tokens } from 'marked';

/**
 * Maths in a deck's Markdown, typeset at build time with KaTeX into HTML and MathML: nothing runs in the
 * page, and the PDF gets the typeset formula. The delimiters are those of reveal.js's math plugin:
 * `$...$` and `\(...\)` inline, `$$...$$` and `\[...\]` displayed. A `$` follows pandoc's rules, so
 * prices in prose stay text: an opening `$` is not followed by a space, the closing one is not preceded
 * by a space nor followed by a digit. Code spans and fences are marked's before this sees them.
 */

/** Typesets TeX to HTML; remembers whether it was used, so the page links KaTeX's stylesheet only then. */
export interface Typesetter {
  typeset(tex: string, display: boolean): string;
  readonly used: boolean;
  /** The same, as MathML alone: for where KaTeX's stylesheet is not (the speaker view's notes). */
  readonly mathmlOnly: Typesetter;
}

/** TeX KaTeX cannot typeset; the deck stage turns it into a DeckError at the line of the formula. */
export class MathsError extends Error {
  constructor(
    /** The formula as written, delimiters included, to find its line by. */
    readonly source: string,
    /** KaTeX's own message. */
    readonly detail: string,
  ) {
    super(describeMathsError(source, detail));
  }
}

/** `TeX error in "$\\foo$": Undefined control sequence: \\foo` (marked adds to an error's own message). */
export function describeMathsError(source: string, detail: string): string {
  return `TeX error in "${source.length > 60 ? `${source.slice(0, 57)}…` : source}": ${detail}`;
}

/** Whether a text may hold maths at all: KaTeX is loaded only for decks that may. */
export function mayHaveMaths(text: string): boolean {
  return /\$|\\\(|\\\[/.test(text);
}

/** KaTeX, loaded on demand (it costs ~30 ms to import). */
export async function createTypesetter(): Promise<Typesetter> {
  const { default: katex } = await import('katex');
  const make = (output: 'htmlAndMathml' | 'mathml'): Omit<Typesetter, 'mathmlOnly'> => {
    let used = false;
    return {
      get used() {
        return used;
      },
      typeset(written, display) {
        used = true;
        // Vars filled into maths arrive HTML-escaped, as everywhere in Markdown; TeX wants the characters.
        const tex = decodeHTML(written);
        try {
          return katex.renderToString(tex, {
            displayMode: display,
            output,
            throwOnError: true,
            // KaTeX warns about LaTeX it accepts anyway (unicode text in maths) on the console: not here.
            strict: 'ignore',
            trust: false,
          });
        } catch (error) {
          const raw = (error as { rawMessage?: unknown }).rawMessage;
          const detail =
            typeof raw === 'string' ? raw : error instanceof Error ? error.message : String(error);
          throw new MathsError(written, detail);
        }
      },
    };
  };
  const mathml = make('mathml');
  const both = make('htmlAndMathml');
  const mathmlOnly: Typesetter = {
    typeset: mathml.typeset,
    get used() {
      return mathml.used;
    },
    get mathmlOnly() {
      return mathmlOnly;
    },
  };
  return {
    typeset: both.typeset,
    get used() {
      return both.used;
    },
    mathmlOnly,
  };
}

/** A formula found at the start of a text: what it took (`raw`), the TeX inside, and how it shows. */
export interface MathsMatch {
  raw: string;
  tex: string;
  display: boolean;
}

/** A blank line ends a paragraph, and with it any formula that was open. */
const BLANK_LINE = /\n[ \t]*\n/;

/** The text up to `close`, if it is closed before a blank line or a code span and is not empty. */
function closedBy(src: string, open: string, close: string, display: boolean): MathsMatch | undefined {
  const end = src.indexOf(close, open.length);
  if (end === -1) return undefined;
  const tex = src.slice(open.length, end);
  if (tex.trim() === '' || BLANK_LINE.test(tex) || tex.includes('`')) return undefined;
  return { raw: src.slice(0, end + close.length), tex, display };
}

/**
 * Inline maths at the start of `src`: `$$...$$` and `\[...\]` (displayed), `\(...\)` and `$...$`. A
 * single `$` opens only before a character that is not a space, and the first unescaped `$` after it
 * closes, unless a space precedes it or a digit follows it: then it is no maths at all (pandoc's rules).
 */
export function scanInlineMaths(src: string): MathsMatch | undefined {
  if (src.startsWith('$$')) return closedBy(src, '$$', '$$', true);
  if (src.startsWith('\\(')) return closedBy(src, '\\(', '\\)', false);
  if (src.startsWith('\\[')) return closedBy(src, '\\[', '\\]', true);
  if (!src.startsWith('$')) return undefined;
  const first = src[1];
  if (first === undefined || /\s/.test(first)) return undefined;
  for (let i = 1; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
    } else if (c === '`') {
      // A `$` inside a code span closes nothing: code is never maths.
      return undefined;
    } else if (c === '\n' && /^\n[ \t]*(\n|$)/.test(src.slice(i))) {
      return undefined;
    } else if (c === '$') {
      if (/\s/.test(src[i - 1] ?? '') || /[0-9]/.test(src[i + 1] ?? '')) return undefined;
      return { raw: src.slice(0, i + 1), tex: src.slice(1, i), display: false };
    }
  }
  return undefined;
}

/** A displayed formula that is a block of its own: `$$` or `\[` opening a line, its closer ending one. */
export function scanBlockMaths(src: string): MathsMatch | undefined {
  const indent = /^ {0,3}/.exec(src)?.[0] ?? '';
  const rest = src.slice(indent.length);
  const [open, close] = rest.startsWith('$$') ? ['$$', '$$'] : rest.startsWith('\\[') ? ['\\[', '\\]'] : [];
  if (open === undefined || close === undefined) return undefined;
  const found = closedBy(rest, open, close, true);
  if (!found) return undefined;
  const after = /^[ \t]*(?:\n|$)/.exec(rest.slice(found.raw.length));
  if (!after) return undefined;
  return { ...found, raw: indent + found.raw + after[0] };
}

interface MathsToken extends Tokens.Generic {
  type: 'mathsBlock' | 'mathsInline';
  tex: string;
  display: boolean;
}

/** marked extensions for block and inline maths, typeset by `typesetter`. */
export function mathsExtensions(typesetter: Typesetter): TokenizerAndRendererExtension[] {
  const token = (type: MathsToken['type'], found: MathsMatch): MathsToken => ({
    type,
    raw: found.raw,
    tex: found.tex,
    display: found.display,
  });
  return [
    {
      name: 'mathsBlock',
      level: 'block',
      start: (src: string) => /^ {0,3}(?:\$\$|\\\[)/m.exec(src)?.index,
      tokenizer(src: string) {
        const found = scanBlockMaths(src);
        return found && token('mathsBlock', found);
      },
      renderer(t) {
        const { raw, display } = t as MathsToken;
        return `<div class="pd-maths">${typeset(typesetter, raw.trim(), t as MathsToken, display)}</div>\n`;
      },
    },
    {
      name: 'mathsInline',
      level: 'inline',
      start: (src: string) => /\$|\\[([]/.exec(src)?.index,
      tokenizer(src: string) {
        const found = scanInlineMaths(src);
        return found && token('mathsInline', found);
      },
      renderer(t) {
        const { raw, display } = t as MathsToken;
        return typeset(typesetter, raw, t as MathsToken, display);
      },
    },
  ];
}

function typeset(typesetter: Typesetter, raw: string, t: MathsToken, display: boolean): string {
  try {
    return typesetter.typeset(t.tex, display);
  } catch (error) {
    // Named by the whole formula as written, so its line can be found in the slide.
    if (error instanceof MathsError) throw new MathsError(raw, error.detail);
    throw error;
  }
}
