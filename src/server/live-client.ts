import { createHash } from 'node:crypto';
import { Parser } from 'htmlparser2';
import { liveReload } from './page/live-reload.ts';

/** Where the served page finds the live-reload script and its event stream; decks never link these. */
export const LIVE_PREFIX = '_pitchdeck';
export const LIVE_SCRIPT_PATH = `/${LIVE_PREFIX}/live.js`;
export const EVENTS_PATH = `/${LIVE_PREFIX}/events`;

/**
 * The page without its slides and title, hashed. When a rebuild keeps it, the browser swaps the slides in
 * place and stays where it is; when it changes (theme, size, transition, reveal.js options, stylesheets),
 * the page reloads and restores its slide and fragment.
 */
export function pageShell(html: string): string {
  const cut: { start: number; end: number }[] = [];
  const stack: { name: string; classes: string[]; contentStart: number; cut: boolean }[] = [];
  let slidesFound = false;
  let titleFound = false;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const classes = (attribs.class ?? '').split(/\s+/);
        // The first .slides inside .reveal is the one reveal.js uses; a user's own .slides is content.
        const slides =
          !slidesFound && classes.includes('slides') && stack.some((e) => e.classes.includes('reveal'));
        const title = !titleFound && name === 'title';
        slidesFound ||= slides;
        titleFound ||= title;
        stack.push({ name, classes, contentStart: parser.endIndex + 1, cut: slides || title });
      },
      onclosetag() {
        const open = stack.pop();
        if (open?.cut) cut.push({ start: open.contentStart, end: parser.startIndex });
      },
    },
    { decodeEntities: false },
  );
  parser.end(html);
  let shell = html;
  for (const { start, end } of cut.sort((a, b) => b.start - a.start)) {
    shell = shell.slice(0, start) + shell.slice(end);
  }
  return createHash('sha1').update(shell).digest('hex').slice(0, 16);
}

/** The page with the live-reload script before `</body>`: only served pages get it, never built decks. */
export function injectLiveClient(html: string, page: { build: string; shell: string }): string {
  const tag = `<script src="${LIVE_SCRIPT_PATH}" data-build="${page.build}" data-shell="${page.shell}"></script>\n`;
  const at = html.lastIndexOf('</body>');
  return at === -1 ? html + tag : html.slice(0, at) + tag + html.slice(at);
}

/** Served at `/` until the deck has built once: the overlay says why, and the first good save loads it. */
export function waitingPage(title: string): string {
  return injectLiveClient(
    `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)} (not built yet)</title></head>
<body style="background:#1b1b1b;color:#ddd;font:16px/1.5 system-ui,sans-serif">
<p style="margin:40vh 0 0;text-align:center">Waiting for a version of the deck that builds.</p>
</body>
</html>
`,
    { build: '', shell: '' },
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The browser side of live reload, as the script served at `LIVE_SCRIPT_PATH`: the typed `liveReload`
 * function, serialised and called as the script loads (so `document.currentScript` is its tag).
 */
export const LIVE_CLIENT_JS = `'use strict';\n(${liveReload.toString()})();\n`;
