import type { HLJSApi } from 'highlight.js';

/** Fence names people write that are not highlight.js language file names. */
const ALIASES: Record<string, string> = {
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  ts: 'typescript',
  tsx: 'typescript',
  sh: 'bash',
  zsh: 'bash',
  shell: 'bash',
  console: 'shell',
  py: 'python',
  rb: 'ruby',
  yml: 'yaml',
  html: 'xml',
  xhtml: 'xml',
  svg: 'xml',
  vue: 'xml',
  md: 'markdown',
  ex: 'elixir',
  exs: 'elixir',
  hs: 'haskell',
  kt: 'kotlin',
  cs: 'csharp',
  'c#': 'csharp',
  'c++': 'cpp',
  rs: 'rust',
  golang: 'go',
  ps1: 'powershell',
  tf: 'hcl',
  dockerfile: 'dockerfile',
  docker: 'dockerfile',
  text: 'plaintext',
  txt: 'plaintext',
  plain: 'plaintext',
};

/** Turns code into highlighted HTML. `language` is the fence's info word, possibly unknown. */
export interface Highlighter {
  highlight(code: string, language: string): string;
}

/**
 * Loads highlight.js's core and only the languages a deck uses: importing every language costs ~0.3 s
 * of start-up, one language a few milliseconds.
 */
export async function createHighlighter(languages: Iterable<string>): Promise<Highlighter> {
  const { default: hljs } = (await import('highlight.js/lib/core')) as { default: HLJSApi };
  await Promise.all(
    [...new Set([...languages].map(canonical))].map(async (name) => {
      if (hljs.getLanguage(name) || !/^[a-z0-9-]+$/.test(name)) return;
      try {
        const mod = (await import(`highlight.js/lib/languages/${name}`)) as {
          default: Parameters<HLJSApi['registerLanguage']>[1];
        };
        hljs.registerLanguage(name, mod.default);
      } catch {
        // Not a highlight.js language: the code is shown unhighlighted.
      }
    }),
  );
  return {
    highlight(code, language) {
      const name = canonical(language);
      if (name && hljs.getLanguage(name)) return hljs.highlight(code, { language: name }).value;
      return escapeHtml(code);
    },
  };
}

/**
 * The languages of a Markdown text's fences (`` ```js [1-2] `` gives `js`). Only spaces and tabs around
 * the fence: `\s*` would run over line ends, taking a word of the code for the language of a bare fence,
 * and backtrack over every blank line from every line start (quadratic in a long run of blank lines).
 */
export function fenceLanguages(markdown: string): string[] {
  return [...markdown.matchAll(/^[ \t]*(?:`{3,}|~{3,})[ \t]*\{?\.?([\w+#-]+)/gm)].map((m) => m[1] ?? '');
}

function canonical(language: string): string {
  const lower = language.toLowerCase();
  return ALIASES[lower] ?? lower;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;',
  );
}
