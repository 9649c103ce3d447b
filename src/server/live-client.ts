import { createHash } from 'node:crypto';
import { Parser } from 'htmlparser2';

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
 * The browser side of live reload. One EventSource per tab: reveal.js's speaker view loads the deck twice
 * more in frames (`?receiver`), and browsers allow only six connections per host, so the frames listen
 * on a BroadcastChannel that the tab relays to. On a rebuild the page fetches the new HTML and swaps the
 * slides in place (no reload, no flash, same slide and fragment); when more than the slides changed it
 * reloads and restores its state from sessionStorage. Errors show as an overlay over the last good deck.
 */
export const LIVE_CLIENT_JS = String.raw`(function () {
  'use strict';
  var script = document.currentScript;
  var build = script.getAttribute('data-build');
  var shell = script.getAttribute('data-shell');
  var receiver = /(^|[?&])receiver/i.test(location.search);
  var stateKey = 'pitchdeck:state:' + location.pathname + location.search;
  var root = document.documentElement;
  // Files changed since this page loaded, by path, with the build that changed them: their URLs get
  // ?v=<build> so the browser's image cache cannot show the old picture.
  var versions = {};
  var overlay = null;
  var queue = Promise.resolve();
  // Once this page has asked to be reloaded, later notices are for the page that replaces it.
  var reloading = false;

  var style = document.createElement('style');
  style.textContent =
    'html.pitchdeck-swapping .reveal .slides section,html.pitchdeck-swapping .reveal .backgrounds *' +
    '{transition:none!important;animation:none!important}';
  document.head.appendChild(style);
  if (build) root.setAttribute('data-pitchdeck-build', build);

  restoreState();

  var channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('pitchdeck-live') : null;
  if (receiver && channel) {
    channel.onmessage = function (event) {
      handle(event.data.type, event.data.data);
    };
  } else {
    var source = new EventSource('/_pitchdeck/events');
    ['hello', 'reload', 'error'].forEach(function (type) {
      source.addEventListener(type, function (event) {
        var data = JSON.parse(event.data);
        if (channel) channel.postMessage({ type: type, data: data });
        handle(type, data);
      });
    });
  }

  // One update at a time, in order: a swap must finish before the next one reads the page.
  function handle(type, data) {
    queue = queue
      .then(function () {
        return apply(type, data);
      })
      .catch(function (error) {
        console.error('[pitchdeck] live reload failed, reloading the page:', error);
        reloadKeepingState();
      });
  }

  function apply(type, data) {
    if (reloading) return;
    if (type === 'error') {
      showError(data);
      return;
    }
    if (data.error) showError(data.error);
    else hideError();
    if (!data.build || data.build === build) return;
    (data.changed || []).forEach(function (path) {
      versions[path] = data.build;
    });
    var reveal = window.Reveal;
    if (!reveal || !reveal.isReady() || data.shell !== shell || printOrScroll(reveal)) {
      reloadKeepingState();
      return;
    }
    bustStylesheets(data.changed || []);
    if (!data.page && !(data.changed || []).some(isSlideFile)) {
      build = data.build;
      root.setAttribute('data-pitchdeck-build', build);
      return;
    }
    return fetch(location.pathname, { cache: 'no-store' })
      .then(function (response) {
        if (!response.ok) throw new Error('GET ' + location.pathname + ': ' + response.status);
        return response.text();
      })
      .then(function (html) {
        swap(reveal, new DOMParser().parseFromString(html, 'text/html'));
      });
  }

  function swap(reveal, doc) {
    var next = doc.querySelector('.reveal .slides');
    var current = document.querySelector('.reveal .slides');
    var tag = doc.querySelector('script[data-shell]');
    if (!next || !current || !tag || tag.getAttribute('data-shell') !== shell) {
      reloadKeepingState();
      return;
    }
    bustUrls(next);
    var state = reveal.getState();
    root.classList.add('pitchdeck-swapping');
    var nodes = Array.prototype.map.call(next.childNodes, function (node) {
      return document.importNode(node, true);
    });
    current.replaceChildren.apply(current, nodes);
    reveal.sync();
    reveal.setState(state);
    document.title = doc.title;
    build = tag.getAttribute('data-build');
    root.setAttribute('data-pitchdeck-build', build);
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        root.classList.remove('pitchdeck-swapping');
      });
    });
    // The notes plugin sends the speaker view the current slide's notes on slidechanged; the slide did
    // not change, its notes may have.
    reveal.dispatchEvent({
      type: 'slidechanged',
      data: {
        indexh: state.indexh,
        indexv: state.indexv,
        previousSlide: null,
        currentSlide: reveal.getCurrentSlide(),
        origin: 'pitchdeck-live-reload',
      },
    });
  }

  function printOrScroll(reveal) {
    return (reveal.isPrintView && reveal.isPrintView()) || (reveal.isScrollView && reveal.isScrollView());
  }

  function isSlideFile(path) {
    return !/\.css$/i.test(path);
  }

  function pathOf(url) {
    try {
      var parsed = new URL(url, location.href);
      return parsed.origin === location.origin ? decodeURIComponent(parsed.pathname) : null;
    } catch (error) {
      return null;
    }
  }

  // Keeps the URL as written (relative stays relative), with v=<build> added before any #fragment.
  function versioned(url) {
    var path = pathOf(url);
    if (path === null || !versions[path]) return url;
    var hash = url.indexOf('#') === -1 ? '' : url.slice(url.indexOf('#'));
    var bare = url.slice(0, url.length - hash.length).replace(/([?&])v=[^&]*&?/, '$1').replace(/[?&]$/, '');
    return bare + (bare.indexOf('?') === -1 ? '?' : '&') + 'v=' + versions[path] + hash;
  }

  function bustUrls(container) {
    ['src', 'poster', 'data-src', 'data-background-image', 'data-background-video'].forEach(function (name) {
      container.querySelectorAll('[' + name + ']').forEach(function (element) {
        var value = element.getAttribute(name);
        var next = value
          .split(',')
          .map(function (url) {
            return versioned(url.trim());
          })
          .join(',');
        if (next !== value) element.setAttribute(name, next);
      });
    });
    container.querySelectorAll('[srcset]').forEach(function (element) {
      element.setAttribute(
        'srcset',
        element
          .getAttribute('srcset')
          .split(',')
          .map(function (candidate) {
            var parts = candidate.trim().split(/\s+/);
            parts[0] = versioned(parts[0]);
            return parts.join(' ');
          })
          .join(', '),
      );
    });
  }

  // A stylesheet that changed is loaded again beside the old one, which goes once the new one applies.
  function bustStylesheets(changed) {
    document.querySelectorAll('link[rel~="stylesheet"]').forEach(function (link) {
      var path = pathOf(link.href);
      if (path === null || changed.indexOf(path) === -1) return;
      var fresh = link.cloneNode();
      fresh.href = versioned(link.getAttribute('href'));
      fresh.onload = fresh.onerror = function () {
        link.remove();
      };
      link.after(fresh);
    });
  }

  function reloadKeepingState() {
    if (reloading) return;
    reloading = true;
    try {
      if (window.Reveal && window.Reveal.isReady()) {
        sessionStorage.setItem(stateKey, JSON.stringify(window.Reveal.getState()));
      }
    } catch (error) {
      // Storage may be off (private windows); the URL's hash still keeps the slide.
    }
    location.reload();
  }

  function restoreState() {
    var saved = null;
    try {
      saved = sessionStorage.getItem(stateKey);
      sessionStorage.removeItem(stateKey);
    } catch (error) {
      return;
    }
    var reveal = window.Reveal;
    if (!saved || !reveal) return;
    var state = JSON.parse(saved);
    var restore = function () {
      reveal.setState(state);
    };
    if (reveal.isReady()) restore();
    else reveal.on('ready', restore);
  }

  function showError(error) {
    root.setAttribute('data-pitchdeck-error', error.text);
    // The speaker view's frames show slides, not the overlay; the main window shows it.
    if (receiver) return;
    if (!overlay) {
      overlay = document.createElement('div');
      overlay.id = 'pitchdeck-error';
      overlay.setAttribute('role', 'alert');
      overlay.style.cssText =
        'position:fixed;left:0;right:0;top:0;z-index:2147483647;max-height:60vh;overflow:auto;' +
        'margin:0;padding:14px 44px 14px 18px;background:rgba(40,4,8,.94);color:#fff;' +
        'font:15px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap;' +
        'border-bottom:3px solid #ff5468;box-shadow:0 4px 24px rgba(0,0,0,.5);text-align:left';
      var close = document.createElement('button');
      close.type = 'button';
      close.textContent = '\u00d7';
      close.title = 'Hide (the next save that builds hides it too)';
      close.style.cssText =
        'position:absolute;top:8px;right:10px;border:0;background:none;color:#fff;font-size:22px;cursor:pointer';
      close.onclick = function () {
        overlay.style.display = 'none';
      };
      overlay.appendChild(document.createElement('div'));
      overlay.appendChild(close);
      document.body.appendChild(overlay);
    }
    overlay.firstChild.textContent =
      error.text + '\n\n' + (build ? 'Still showing the last version that built.' : 'Nothing has built yet.');
    overlay.style.display = 'block';
  }

  function hideError() {
    root.removeAttribute('data-pitchdeck-error');
    if (overlay) overlay.style.display = 'none';
  }
})();
`;
