import { escapeHtml, type Highlighter } from '../highlight.ts';

/**
 * The default renderer of a fence: code, highlighted at build time (so it shows without client
 * JavaScript and prints in a PDF). Every fence whose language has no picture renderer is code.
 */
export function renderCode(text: string, language: string, highlighter: Highlighter): string {
  const cls = language ? `hljs language-${escapeHtml(language)}` : 'hljs';
  return `<pre><code class="${cls}">${highlighter.highlight(text, language)}</code></pre>\n`;
}

/** A fence's language: the first word of its info string (`` ```js [1-2] `` is `js`). */
export function fenceLanguage(info: string | undefined): string {
  return (info ?? '').trim().split(/[\s{[]/)[0] ?? '';
}
