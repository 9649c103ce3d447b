/** A rebuild as the event stream tells it (`hello` on connecting, `reload` after each build). */
interface LiveUpdate {
  build: string;
  shell: string;
  /** The page's HTML changed, not only files it links. */
  page?: boolean;
  /** URL paths of files that changed since the previous build (pictures, stylesheets, ...). */
  changed?: string[];
  error?: LiveError | null;
}

/** A build that failed; the page shows its text. */
interface LiveError {
  text: string;
}

type LiveMessage = { type: 'hello' | 'reload'; data: LiveUpdate } | { type: 'error'; data: LiveError };

interface RevealState {
  indexh: number;
  indexv: number;
  indexf?: number;
}

/** The part of reveal.js's API live reload uses; reveal.js's own types do not resolve under nodenext. */
interface RevealApi {
  isReady(): boolean;
  getState(): RevealState;
  setState(state: RevealState): void;
  sync(): void;
  getCurrentSlide(): HTMLElement | undefined;
  dispatchEvent(event: { type: string; data: Record<string, unknown> }): void;
  on(type: 'ready', listener: () => void): void;
  isPrintView?: () => boolean;
  isScrollView?: () => boolean;
  addKeyBinding?: (
    binding: { keyCode: number; key: string; description: string },
    callback: () => void,
  ) => void;
}

/**
 * The browser side of live reload, served as `/_pitchdeck/live.js`: the server serialises this function
 * (`Function.prototype.toString`), so everything it uses is defined inside it. It runs as the script tag
 * loads, and reads its build and page shell from that tag (`data-build`, `data-shell`).
 *
 * One EventSource per tab: reveal.js's speaker view loads the deck twice more in frames (`?receiver`), and
 * browsers allow only six connections per host, so the frames listen on a BroadcastChannel that the tab
 * relays to. On a rebuild the page fetches the new HTML and swaps the slides in place (no reload, no flash,
 * same slide and fragment); when more than the slides changed it reloads and restores its state from
 * sessionStorage. Errors show as an overlay over the last good deck.
 */
export function liveReload(): void {
  const script = document.currentScript;
  if (!script) throw new Error('[pitchdeck] live reload must be loaded by a classic <script src> tag');
  let build = script.getAttribute('data-build');
  const shell = script.getAttribute('data-shell');
  const receiver = /(^|[?&])receiver/i.test(location.search);
  const stateKey = `pitchdeck:state:${location.pathname}${location.search}`;
  const root = document.documentElement;
  // Files changed since this page loaded, by path, with the build that changed them: their URLs get
  // ?v=<build> so the browser's image cache cannot show the old picture.
  const versions = new Map<string, string>();
  let overlay: { box: HTMLDivElement; text: HTMLDivElement } | null = null;
  let queue: Promise<void> = Promise.resolve();
  // Once this page has asked to be reloaded, later notices are for the page that replaces it.
  let reloading = false;

  const revealOf = (): RevealApi | undefined => (window as Window & { Reveal?: RevealApi }).Reveal;

  const style = document.createElement('style');
  style.textContent =
    'html.pitchdeck-swapping .reveal .slides section,html.pitchdeck-swapping .reveal .backgrounds *' +
    '{transition:none!important;animation:none!important}';
  document.head.appendChild(style);
  if (build) root.setAttribute('data-pitchdeck-build', build);

  restoreState();

  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('pitchdeck-live') : null;
  if (receiver && channel) {
    channel.onmessage = (event: MessageEvent<LiveMessage>) => {
      handle(event.data);
    };
  } else {
    addPdfKey();
    const source = new EventSource('/_pitchdeck/events');
    for (const type of ['hello', 'reload', 'error'] as const) {
      source.addEventListener(type, (event) => {
        // A dropped or refused connection is an `error` too, a plain Event: EventSource retries by itself.
        if (!(event instanceof MessageEvent)) return;
        const message = { type, data: JSON.parse(event.data) } as LiveMessage;
        if (channel) channel.postMessage(message);
        handle(message);
      });
    }
  }

  // `D` opens the deck as a PDF, which the server prints from the build the page shows; reveal.js lists
  // it in its help (`?`). Not in the speaker view's frames: only the presenter's own tab.
  function addPdfKey(): void {
    const reveal = revealOf();
    const bind = () =>
      revealOf()?.addKeyBinding?.({ keyCode: 68, key: 'D', description: 'Open the deck as a PDF' }, () => {
        window.open('/deck.pdf', '_blank');
      });
    if (reveal?.addKeyBinding) bind();
    else reveal?.on('ready', bind);
  }

  // One update at a time, in order: a swap must finish before the next one reads the page.
  function handle(message: LiveMessage): void {
    queue = queue
      .then(() => apply(message))
      .catch((error: unknown) => {
        console.error('[pitchdeck] live reload failed, reloading the page:', error);
        reloadKeepingState();
      });
  }

  async function apply(message: LiveMessage): Promise<void> {
    if (reloading) return;
    if (message.type === 'error') {
      showError(message.data);
      return;
    }
    const data = message.data;
    if (data.error) showError(data.error);
    else hideError();
    if (!data.build || data.build === build) return;
    const changed = data.changed ?? [];
    for (const path of changed) versions.set(path, data.build);
    const reveal = revealOf();
    if (!reveal?.isReady() || data.shell !== shell || printOrScroll(reveal)) {
      reloadKeepingState();
      return;
    }
    bustStylesheets(changed);
    if (!data.page && !changed.some(isSlideFile)) {
      build = data.build;
      root.setAttribute('data-pitchdeck-build', build);
      return;
    }
    const response = await fetch(location.pathname, { cache: 'no-store' });
    if (!response.ok) throw new Error(`GET ${location.pathname}: ${response.status}`);
    const html = await response.text();
    swap(reveal, new DOMParser().parseFromString(html, 'text/html'));
  }

  function swap(reveal: RevealApi, doc: Document): void {
    const next = doc.querySelector('.reveal .slides');
    const current = document.querySelector('.reveal .slides');
    const tag = doc.querySelector('script[data-shell]');
    if (!next || !current || !tag || tag.getAttribute('data-shell') !== shell) {
      reloadKeepingState();
      return;
    }
    bustUrls(next);
    const state = reveal.getState();
    root.classList.add('pitchdeck-swapping');
    current.replaceChildren(...Array.from(next.childNodes, (node) => document.importNode(node, true)));
    reveal.sync();
    reveal.setState(state);
    document.title = doc.title;
    build = tag.getAttribute('data-build') ?? '';
    root.setAttribute('data-pitchdeck-build', build);
    requestAnimationFrame(() => {
      requestAnimationFrame(() => {
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

  function printOrScroll(reveal: RevealApi): boolean {
    return reveal.isPrintView?.() === true || reveal.isScrollView?.() === true;
  }

  function isSlideFile(path: string): boolean {
    return !/\.css$/i.test(path);
  }

  function pathOf(url: string): string | null {
    try {
      const parsed = new URL(url, location.href);
      return parsed.origin === location.origin ? decodeURIComponent(parsed.pathname) : null;
    } catch {
      return null;
    }
  }

  // Keeps the URL as written (relative stays relative), with v=<build> added before any #fragment.
  function versioned(url: string): string {
    const path = pathOf(url);
    const version = path === null ? undefined : versions.get(path);
    if (!version) return url;
    const hash = url.indexOf('#') === -1 ? '' : url.slice(url.indexOf('#'));
    const bare = url
      .slice(0, url.length - hash.length)
      .replace(/([?&])v=[^&]*&?/, '$1')
      .replace(/[?&]$/, '');
    return `${bare}${bare.indexOf('?') === -1 ? '?' : '&'}v=${version}${hash}`;
  }

  function bustUrls(container: Element): void {
    for (const name of ['src', 'poster', 'data-src', 'data-background-image', 'data-background-video']) {
      for (const element of container.querySelectorAll(`[${name}]`)) {
        const value = element.getAttribute(name) ?? '';
        const next = value
          .split(',')
          .map((url) => versioned(url.trim()))
          .join(',');
        if (next !== value) element.setAttribute(name, next);
      }
    }
    for (const element of container.querySelectorAll('[srcset]')) {
      element.setAttribute(
        'srcset',
        (element.getAttribute('srcset') ?? '')
          .split(',')
          .map((candidate) => {
            const [url = '', ...descriptors] = candidate.trim().split(/\s+/);
            return [versioned(url), ...descriptors].join(' ');
          })
          .join(', '),
      );
    }
  }

  // A stylesheet that changed is loaded again beside the old one, which goes once the new one applies.
  function bustStylesheets(changed: string[]): void {
    for (const link of document.querySelectorAll<HTMLLinkElement>('link[rel~="stylesheet"]')) {
      const path = pathOf(link.href);
      if (path === null || !changed.includes(path)) continue;
      const fresh = link.cloneNode() as HTMLLinkElement;
      fresh.href = versioned(link.getAttribute('href') ?? '');
      const dropOld = () => link.remove();
      fresh.onload = dropOld;
      fresh.onerror = dropOld;
      link.after(fresh);
    }
  }

  function reloadKeepingState(): void {
    if (reloading) return;
    reloading = true;
    try {
      const reveal = revealOf();
      if (reveal?.isReady()) sessionStorage.setItem(stateKey, JSON.stringify(reveal.getState()));
    } catch {
      // Storage may be off (private windows); the URL's hash still keeps the slide.
    }
    location.reload();
  }

  function restoreState(): void {
    let saved: string | null = null;
    try {
      saved = sessionStorage.getItem(stateKey);
      sessionStorage.removeItem(stateKey);
    } catch {
      return;
    }
    const reveal = revealOf();
    if (!saved || !reveal) return;
    const state = JSON.parse(saved) as RevealState;
    const restore = () => reveal.setState(state);
    if (reveal.isReady()) restore();
    else reveal.on('ready', restore);
  }

  function showError(error: LiveError): void {
    root.setAttribute('data-pitchdeck-error', error.text);
    // The speaker view's frames show slides, not the overlay; the main window shows it.
    if (receiver) return;
    if (!overlay) {
      const box = document.createElement('div');
      box.id = 'pitchdeck-error';
      box.setAttribute('role', 'alert');
      box.style.cssText =
        'position:fixed;left:0;right:0;top:0;z-index:2147483647;max-height:60vh;overflow:auto;' +
        'margin:0;padding:14px 44px 14px 18px;background:rgba(40,4,8,.94);color:#fff;' +
        'font:15px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap;' +
        'border-bottom:3px solid #ff5468;box-shadow:0 4px 24px rgba(0,0,0,.5);text-align:left';
      const close = document.createElement('button');
      close.type = 'button';
      close.textContent = '\u00d7';
      close.title = 'Hide (the next save that builds hides it too)';
      close.style.cssText =
        'position:absolute;top:8px;right:10px;border:0;background:none;color:#fff;font-size:22px;cursor:pointer';
      close.onclick = () => {
        box.style.display = 'none';
      };
      const text = document.createElement('div');
      box.appendChild(text);
      box.appendChild(close);
      document.body.appendChild(box);
      overlay = { box, text };
    }
    overlay.text.textContent = `${error.text}\n\n${build ? 'Still showing the last version that built.' : 'Nothing has built yet.'}`;
    overlay.box.style.display = 'block';
  }

  function hideError(): void {
    root.removeAttribute('data-pitchdeck-error');
    if (overlay) overlay.box.style.display = 'none';
  }
}
