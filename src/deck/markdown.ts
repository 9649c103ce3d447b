import { Marked, type TokenizerAndRendererExtension, type Tokens } from 'marked';
import { fenceLanguage, renderCode } from './fences/code.ts';
import type { PictureSlots } from './fences/render-fences.ts';
import { escapeHtml, type Highlighter } from './highlight.ts';
import { mathsExtensions, type Typesetter } from './maths.ts';

export interface MarkdownOptions {
  highlighter: Highlighter;
  /** Pandoc/Quarto `::: {.class}` containers become <div>s (only for decks written that way). */
  fencedDivs?: boolean;
  /** Pictures already drawn for fences: they take the place of the fence's code. */
  pictures?: PictureSlots | undefined;
  /** Typesets `$...$`, `$$...$$`, `\(...\)` and `\[...\]`; without it, they stay text. */
  maths?: Typesetter | undefined;
}

/**
 * The one configured Marked instance a deck is rendered with: GitHub-flavoured Markdown, code highlighted
 * at build time (so it shows without client JavaScript and prints in a PDF), raw HTML kept, since decks
 * rely on it for `<!-- .slide: -->` comments and layout.
 */
export function createMarkdown(options: MarkdownOptions): Marked {
  const marked = new Marked({ gfm: true, async: false });
  marked.use({
    renderer: {
      // Blank lines are kept as written, as reveal.js's markdown plugin keeps them: an `.element:` comment
      // after a list applies to the list or to its last item depending on them (see slide-dom.ts).
      space({ raw }: Tokens.Space): string {
        return raw;
      },
      // A fence is code unless a picture was drawn for it (fences/registry.ts).
      code({ text, lang }: Tokens.Code): string {
        const language = fenceLanguage(lang);
        return options.pictures?.place(language, text) ?? renderCode(text, language, options.highlighter);
      },
    },
  });
  if (options.fencedDivs) marked.use({ extensions: [fencedDiv] });
  if (options.maths) marked.use({ extensions: mathsExtensions(options.maths) });
  return marked;
}

interface FencedDivToken extends Tokens.Generic {
  type: 'fencedDiv';
  attributes: string;
  tokens: Tokens.Generic[];
}

const fencedDiv: TokenizerAndRendererExtension = {
  name: 'fencedDiv',
  level: 'block',
  start: (src: string) => /^:{3,}/m.exec(src)?.index,
  tokenizer(src: string) {
    const open = /^(:{3,})[ \t]*([^\n]*)\n/.exec(src);
    if (!open?.[2]?.trim()) return undefined;
    let depth = 1;
    let offset = open[0].length;
    const line = /^(:{3,})[ \t]*(\S?)[^\n]*(?:\n|$)/gm;
    line.lastIndex = offset;
    for (let m = line.exec(src); m; m = line.exec(src)) {
      if (m.index !== offset && src[m.index - 1] !== '\n') continue;
      if (m[2]) depth++;
      else depth--;
      if (depth === 0) {
        const inner = src.slice(open[0].length, m.index);
        const token: FencedDivToken = {
          type: 'fencedDiv',
          raw: src.slice(0, m.index + m[0].length),
          attributes: divAttributes(open[2]),
          tokens: [],
        };
        this.lexer.blockTokens(inner, token.tokens);
        return token;
      }
      offset = m.index + m[0].length;
    }
    return undefined;
  },
  renderer(token) {
    const div = token as FencedDivToken;
    return `<div${div.attributes}>\n${this.parser.parse(div.tokens)}</div>\n`;
  },
};

/** `{.columns #id width="40%"}` or a bare `block` name, as HTML attributes. */
function divAttributes(spec: string): string {
  const inner = spec.trim().replace(/^\{|\}$/g, '');
  const classes: string[] = [];
  let attributes = '';
  for (const part of inner.match(/[^\s"=]+(?:="[^"]*"|=\S+)?/g) ?? []) {
    if (part.startsWith('.')) classes.push(part.slice(1));
    else if (part.startsWith('#')) attributes += ` id="${escapeHtml(part.slice(1))}"`;
    else if (part.includes('=')) {
      const [key = '', raw = ''] = part.split(/=(.*)/s);
      const value = raw.replace(/^"|"$/g, '');
      attributes +=
        key === 'width'
          ? ` style="width: ${escapeHtml(value)}"`
          : ` data-${escapeHtml(key)}="${escapeHtml(value)}"`;
    } else classes.push(part);
  }
  return (classes.length > 0 ? ` class="${escapeHtml(classes.join(' '))}"` : '') + attributes;
}
