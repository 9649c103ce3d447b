import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { FSWatcher } from 'chokidar';
import type { Page } from 'puppeteer-core';
import sendFileStream from 'send';
import { type BrowserDiagrams, browserDiagrams } from '../browser/diagram-page.ts';
import { type BrowserSession, lazyBrowser } from '../browser/session.ts';
import { DeckError, EnvironmentError, type Warning } from '../errors.ts';
import { deckFile, isInside } from '../plan/deck-files.ts';
import { TEMPLATES_DIR } from '../read/package-paths.ts';
import { diskFiles } from '../read/read-build-inputs.ts';
import { resolveInputs } from '../read/read-inputs.ts';
import { checkTemplatesFolder } from '../read/templates-folder.ts';
import { mediaType } from '../render/media-types.ts';
import type { LiveBuild } from './live-build.ts';
import {
  EVENTS_PATH,
  injectLiveClient,
  LIVE_CLIENT_JS,
  LIVE_PREFIX,
  LIVE_SCRIPT_PATH,
  pageShell,
  waitingPage,
} from './live-client.ts';
import { OffThreadBuilder } from './off-thread-builder.ts';
import { isAllowedHost, parseRequestPath } from './request-path.ts';

export const DEFAULT_HOST = '127.0.0.1';
/** Where the served cut's PDF is: printed on request in the server's browser. */
export const PDF_PATH = '/deck.pdf';
/** The query parameter that asks `/` for the page as built, without live reload (what the PDF prints). */
const PRINT_PARAM = 'pitchdeck-print';
export const DEFAULT_PORT = 1948;

export interface ServeOptions {
  /** The Markdown deck (or a folder holding exactly one). */
  file: string;
  /** Relative paths and messages are relative to this; default `process.cwd()`. */
  cwd?: string | undefined;
  /** Address to listen on; default 127.0.0.1, this machine only. */
  host?: string | undefined;
  /** Port to listen on; default 1948; 0 takes a free one (see `DeckServer.port`). */
  port?: number | undefined;
  /** The audience to present, for a deck that declares audiences; default its first. */
  audience?: string | undefined;
  /** Theme over the deck's front matter: a name, or a stylesheet anywhere (`./mytheme.css`). */
  theme?: string | undefined;
  /** Stylesheets after the deck's own (`--css`), anywhere; watched like the deck. */
  css?: readonly string[] | undefined;
  /** A templates folder instead of the built-in one; watched like the deck. */
  templates?: string | undefined;
  separator?: string | undefined;
  verticalSeparator?: string | undefined;
  /** Quiet time after the last change before a rebuild, in ms (default 60): a burst of saves is one build. */
  debounceMs?: number | undefined;
  /** A build that takes longer is stopped and reported as an error (default 20 s). */
  rebuildLimitMs?: number | undefined;
  /** Stops the server, also while it starts (`serveDeck` then resolves with a closed server). */
  signal?: AbortSignal | undefined;
  /**
   * The browser diagrams are drawn in and `/deck.pdf` is printed in. By default the server launches its
   * own when one is first needed and closes it with the server; one given here is the caller's to close.
   */
  browser?: BrowserSession | undefined;
  /** Told of every build and failure, for a terminal; the server itself prints nothing. */
  onEvent?: ((event: ServeEvent) => void) | undefined;
}

/** What happened, for whoever prints. */
export type ServeEvent =
  | {
      type: 'built';
      /** The first build, at start-up. */
      first: boolean;
      /** The build before this one failed: the overlay is gone. */
      recovered: boolean;
      /** Nothing the page shows changed (a save without edits): no browser was told. */
      unchanged: boolean;
      slides: number;
      audience: string | undefined;
      audiences: string[];
      warnings: Warning[];
      /** Wall time of the rebuild. */
      ms: number;
      /** The files whose change caused it (absolute paths). */
      files: string[];
    }
  | {
      type: 'failed';
      first: boolean;
      /** The error: a DeckError for the user's mistakes, anything else is a bug. */
      error: unknown;
      /** `file:line: message` and the hint, as the overlay shows it. */
      text: string;
      /** A good build is still being served. */
      serving: boolean;
    }
  | { type: 'problem'; text: string; error: unknown };

/** A running `pitchdeck serve`. */
export interface DeckServer {
  /** `http://127.0.0.1:1948/`: the deck's page. */
  readonly url: string;
  /** Absolute path of the Markdown deck served (the one deck of a folder given as `file`). */
  readonly file: string;
  readonly host: string;
  /** The port listened on, also when 0 asked for a free one. */
  readonly port: number;
  /** The audience presented (undefined for a deck without audiences or before the first good build). */
  readonly audience: string | undefined;
  /** Resolves when every change seen so far is built and announced. */
  whenIdle(): Promise<void>;
  /** Closes the watcher, the event streams and the server. Safe to call twice. */
  close(): Promise<void>;
}

interface Current {
  build: LiveBuild;
  id: string;
  shell: string;
  page: string;
}

interface ErrorPayload {
  text: string;
  file: string | null;
  line: number | null;
  message: string;
  hint: string | null;
}

/** An upper bound for a stream of saves that never pauses: the page still updates twice a second. */
const MAX_WAIT_MS = 500;
/**
 * After a build, the deck file is looked at once more this much later. chokidar drops a file's change
 * events for 50 ms after one it reports (its `_throttle`), so the last of a quick run of saves can go
 * unreported; the look catches it, so the last save always wins.
 */
const VERIFY_MS = 120;
/** Comments on the event stream keep proxies and sleeping laptops from dropping it silently. */
const PING_MS = 15_000;

/**
 * Serves one deck over HTTP, built in memory with the same pipeline as `pitchdeck build`, and rebuilds it
 * when the Markdown, a file it links, a template or a theme changes. Connected pages update in place over
 * server-sent events and stay on their slide; a broken save shows its error over the last good deck.
 * Only the deck's folder (no dotfiles, no listings, nothing a symlink leads out to) and the shared
 * assets are served.
 *
 * @throws DeckError for a deck path that does not exist or names several decks, a bad port number or a
 *   missing templates folder; EnvironmentError when the port is in use or the host cannot be bound.
 */
export async function serveDeck(options: ServeOptions): Promise<DeckServer> {
  const cwd = options.cwd ?? process.cwd();
  const [file, ...others] = await resolveInputs([options.file], cwd);
  if (file === undefined || others.length > 0) {
    throw new DeckError('serve presents one deck, and this folder has several', {
      file: options.file,
      line: 0,
      code: 'usage',
      hint: `Name one of them: ${[file, ...others].map((f) => relative(cwd, f ?? '')).join(', ')}.`,
    });
  }
  const port = options.port ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new DeckError(`--port ${port}: not a port number`, {
      file: '',
      line: 0,
      code: 'usage',
      hint: 'Use a whole number from 1 to 65535, or 0 for a free port.',
    });
  }
  const templates = options.templates === undefined ? undefined : resolve(cwd, options.templates);
  if (templates !== undefined) checkTemplatesFolder(templates, cwd);
  const server = new LiveServer(file, cwd, options, templates);
  await server.start(options.host ?? DEFAULT_HOST, port, options.signal);
  return server;
}

class LiveServer implements DeckServer {
  url = '';
  host = '';
  port = 0;

  readonly file: string;
  readonly #cwd: string;
  readonly #deckDir: string;
  #deckDirReal = '';
  readonly #builder: OffThreadBuilder;
  /**
   * The browser diagrams are drawn in and the PDF is printed in: launched on the first diagram or PDF
   * and kept up, so that the next PDF costs only the print; closed with the server (unless given).
   */
  readonly #browser: BrowserSession;
  readonly #ownBrowser: boolean;
  readonly #diagrams: BrowserDiagrams;
  /** The tab `/deck.pdf` is printed in, kept between requests. */
  #printTab: Promise<Page> | undefined;
  /** One print at a time; the last PDF is kept for the build it was printed from. */
  #printQueue: Promise<unknown> = Promise.resolve();
  #printed: { id: string; pdf: Uint8Array } | undefined;
  /** The page each print under way prints, by its build's id: a save meanwhile does not change it. */
  readonly #printPages = new Map<string, string>();
  readonly #debounceMs: number;
  readonly #emit: (event: ServeEvent) => void;
  readonly #instance = randomBytes(3).toString('hex');
  readonly #http: Server;
  readonly #clients = new Set<ServerResponse>();
  #watcher: FSWatcher | undefined;
  readonly #watchedDirs = new Set<string>();
  /** Names of this machine, for pages opened from another device on the network. */
  readonly #hostNames = [hostname(), `${hostname()}.local`];

  #count = 0;
  #current: Current | undefined;
  #error: ErrorPayload | undefined;
  #ready: Promise<void> = Promise.resolve();
  readonly #pending = new Set<string>();
  #firstPendingAt: number | undefined;
  #timer: NodeJS.Timeout | undefined;
  #verifyTimer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #ping: NodeJS.Timeout | undefined;
  #closing: Promise<void> | undefined;

  constructor(file: string, cwd: string, options: ServeOptions, templates: string | undefined) {
    this.file = file;
    this.#cwd = cwd;
    this.#deckDir = dirname(file);
    this.#debounceMs = options.debounceMs ?? 60;
    this.#ownBrowser = options.browser === undefined;
    this.#browser = options.browser ?? lazyBrowser({ install: false });
    this.#diagrams = browserDiagrams(() => this.#browser.browser());
    const onEvent = options.onEvent;
    // A printer that throws must not take the server down with it.
    this.#emit = (event) => {
      try {
        onEvent?.(event);
      } catch {}
    };
    // Off this thread: whatever a deck does to its build, the server goes on answering and stopping.
    this.#builder = new OffThreadBuilder(
      {
        file,
        cwd,
        audience: options.audience,
        theme: options.theme,
        css: options.css,
        templates,
        separator: options.separator,
        verticalSeparator: options.verticalSeparator,
      },
      options.rebuildLimitMs,
      this.#diagrams,
    );
    this.#http = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        this.#emit({ type: 'problem', text: `serving ${req.url}: ${String(error)}`, error });
        if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'pitchdeck: internal error\n');
        else res.destroy();
      });
    });
  }

  get audience(): string | undefined {
    return this.#current?.build.audience;
  }

  async start(host: string, port: number, signal?: AbortSignal): Promise<void> {
    this.#deckDirReal = await realpath(this.#deckDir);
    await listen(this.#http, host, port);
    const address = this.#http.address() as AddressInfo;
    this.host = host;
    this.port = address.port;
    this.url = `http://${displayHost(host)}:${address.port}/`;
    this.#http.on('error', (error) => this.#emit({ type: 'problem', text: String(error), error }));
    this.#ping = setInterval(() => {
      for (const client of this.#clients) client.write(': ping\n\n');
    }, PING_MS);
    this.#ping.unref();
    try {
      // Requests that arrive during the first build wait for it rather than see the waiting page.
      this.#ready = this.#rebuild([], true);
      // Ctrl-C during a long first build stops the server at once, not once the build is done.
      await Promise.race([this.#ready, aborted(signal)]);
      if (signal?.aborted) {
        await this.close();
        return;
      }
      await this.#watch();
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  async whenIdle(): Promise<void> {
    while (this.#running || this.#timer || this.#verifyTimer || this.#pending.size > 0) {
      if (this.#running) await this.#running;
      else await new Promise((r) => setTimeout(r, this.#debounceMs));
    }
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      clearTimeout(this.#timer);
      clearTimeout(this.#verifyTimer);
      this.#timer = undefined;
      this.#verifyTimer = undefined;
      this.#pending.clear();
      clearInterval(this.#ping);
      for (const client of this.#clients) client.end();
      this.#clients.clear();
      await this.#watcher?.close();
      await this.#builder.close();
      await this.#running?.catch(() => {});
      await this.#diagrams.close();
      // The print tab goes first: a print under way stops instead of holding the server open.
      const tab = await this.#printTab?.catch(() => undefined);
      await tab?.close().catch(() => {});
      await this.#printQueue;
      if (this.#ownBrowser) await this.#browser.close();
      await new Promise<void>((done) => {
        this.#http.close(() => done());
        this.#http.closeAllConnections();
      });
    })();
    return this.#closing;
  }

  // -- watching and rebuilding --------------------------------------------------------------------

  async #watch(): Promise<void> {
    const { watch } = await import('chokidar');
    const templatesDir = this.#builder.templatesDir;
    const dirs = [
      this.#deckDir,
      templatesDir,
      join(templatesDir, 'partials'),
      join(templatesDir, 'layouts'),
      join(TEMPLATES_DIR, 'styles'),
      join(TEMPLATES_DIR, 'themes'),
    ].filter((d) => existsSync(d));
    for (const dir of dirs) this.#watchedDirs.add(dir);
    // Folders, not files, one level deep: a file deleted and saved again (as editors that save through a
    // temporary file do) is still seen, and a deck beside a big folder does not watch all of it.
    const watcher = watch(dirs, { ignoreInitial: true, depth: 0 });
    this.#watcher = watcher;
    watcher.on('all', (_event, path) => this.#changed(resolve(path)));
    watcher.on('error', (error) =>
      this.#emit({ type: 'problem', text: `watching files: ${String(error)}`, error }),
    );
    await new Promise<void>((done) => watcher.once('ready', () => done()));
    this.#watchDeckFiles();
  }

  /** Folders of the files the deck links, so a changed image is seen wherever below the deck it is. */
  #watchDeckFiles(): void {
    if (!this.#watcher || this.#closing) return;
    const dirs = [...new Set((this.#current?.build.deckFiles ?? []).map((f) => dirname(f)))].filter(
      (d) => !this.#watchedDirs.has(d) && existsSync(d),
    );
    for (const dir of dirs) this.#watchedDirs.add(dir);
    if (dirs.length > 0) this.#watcher.add(dirs);
  }

  #isTemplate(path: string): boolean {
    const dir = this.#builder.templatesDir;
    return (
      /\.hbs$/i.test(path) &&
      (dirname(path) === dir ||
        dirname(path) === join(dir, 'partials') ||
        dirname(path) === join(dir, 'layouts'))
    );
  }

  #isRelevant(path: string): boolean {
    if (path === this.file || this.#isTemplate(path)) return true;
    if (this.#current?.build.deckFiles.includes(path)) return true;
    const dir = dirname(path);
    return (
      /\.css$/i.test(path) && (dir === join(TEMPLATES_DIR, 'styles') || dir === join(TEMPLATES_DIR, 'themes'))
    );
  }

  /** Debounced: each change restarts a short wait, capped so that a stream of saves still updates. */
  #changed(path: string): void {
    if (this.#closing || !this.#isRelevant(path)) return;
    this.#pending.add(path);
    const now = Date.now();
    this.#firstPendingAt ??= now;
    clearTimeout(this.#timer);
    const wait = Math.max(0, Math.min(this.#debounceMs, this.#firstPendingAt + MAX_WAIT_MS - now));
    this.#timer = setTimeout(() => this.#flush(), wait);
  }

  #flush(): void {
    this.#timer = undefined;
    // One build at a time; what changes meanwhile is built right after, from the files as they are then,
    // so the last save wins.
    if (this.#running || this.#pending.size === 0 || this.#closing) return;
    const files = [...this.#pending];
    this.#pending.clear();
    this.#firstPendingAt = undefined;
    this.#running = this.#rebuild(files, false).finally(() => {
      this.#running = undefined;
      if (this.#pending.size > 0 && !this.#timer) this.#flush();
    });
  }

  async #rebuild(files: string[], first: boolean): Promise<void> {
    const started = performance.now();
    if (files.some((f) => this.#isTemplate(f))) this.#builder.invalidateTemplates();
    // Taken before the file is read: a save after this point is seen by the look that follows the build.
    const stamp = await fileStamp(this.file);
    let next: LiveBuild;
    try {
      next = await this.#builder.build();
    } catch (error) {
      this.#verifyAfter(stamp);
      if (this.#closing) return;
      this.#error = errorPayload(error);
      this.#broadcast('error', this.#error);
      this.#emit({
        type: 'failed',
        first,
        error,
        text: this.#error.text,
        serving: this.#current !== undefined,
      });
      return;
    }
    if (this.#closing) return;
    this.#verifyAfter(stamp);
    const previous = this.#current;
    const recovered = this.#error !== undefined;
    const changed = changedUrls(next, previous?.build, files, this.#deckDir);
    const pageChanged = next.html !== previous?.build.html;
    const unchanged = !first && !pageChanged && changed.length === 0 && !recovered;
    this.#error = undefined;
    if (previous && unchanged) {
      previous.build = next;
    } else {
      const id = `${this.#instance}.${++this.#count}`;
      const shell = pageShell(next.html);
      this.#current = { build: next, id, shell, page: injectLiveClient(next.html, { build: id, shell }) };
      this.#broadcast('reload', { build: id, shell, page: pageChanged, changed, error: null });
    }
    this.#watchDeckFiles();
    this.#emit({
      type: 'built',
      first,
      recovered,
      unchanged,
      slides: next.deck.slides.length,
      audience: next.audience,
      audiences: next.audiences,
      warnings: next.warnings,
      ms: performance.now() - started,
      files,
    });
  }

  /** Rebuilds when the deck file differs from what the last build read, even if no event said so. */
  #verifyAfter(stamp: string): void {
    clearTimeout(this.#verifyTimer);
    if (this.#closing) return;
    this.#verifyTimer = setTimeout(async () => {
      this.#verifyTimer = undefined;
      if (this.#closing || this.#running || this.#timer || this.#pending.size > 0) return;
      if ((await fileStamp(this.file)) !== stamp) this.#changed(this.file);
    }, VERIFY_MS);
  }

  #broadcast(event: string, data: unknown): void {
    const message = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const client of this.#clients) client.write(message);
  }

  // -- HTTP ---------------------------------------------------------------------------------------

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (!isAllowedHost(req.headers.host, this.host, this.#hostNames)) {
      const body =
        `pitchdeck serve answers only to its own names, not "${req.headers.host ?? ''}".\n` +
        `Open ${this.url}, or start it with --host ${(req.headers.host ?? '').replace(/:\d+$/, '')}.\n`;
      send(res, 403, 'text/plain; charset=utf-8', body);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      send(res, 405, 'text/plain; charset=utf-8', 'pitchdeck serve: GET and HEAD only\n');
      return;
    }
    const target = parseRequestPath(req.url ?? '');
    if (!target.ok) {
      send(res, target.status, 'text/plain; charset=utf-8', `${statusText(target.status)}\n`);
      return;
    }
    const { segments } = target;
    const [head, ...rest] = segments;
    if (segments.length === 1 && head === PDF_PATH.slice(1)) return this.#deckPdf(req, res);
    if (head === undefined || (segments.length === 1 && head === 'index.html')) {
      await this.#ready;
      // The page as built, without live reload: what `/deck.pdf` prints.
      const printId = new URL(req.url ?? '/', 'http://host').searchParams.get(PRINT_PARAM);
      if (printId !== null) {
        const html = this.#printPages.get(printId);
        if (html === undefined) return notFound(res);
        res.setHeader('Cache-Control', 'no-store');
        send(res, 200, 'text/html; charset=utf-8', html, req.method === 'HEAD');
        return;
      }
      res.setHeader('Cache-Control', 'no-store');
      const page = this.#current?.page ?? waitingPage(relative(this.#cwd, this.file));
      send(res, 200, 'text/html; charset=utf-8', page, req.method === 'HEAD');
      return;
    }
    if (head === LIVE_PREFIX) {
      const path = `/${segments.join('/')}`;
      if (path === EVENTS_PATH) return this.#events(req, res);
      if (path === LIVE_SCRIPT_PATH) {
        res.setHeader('Cache-Control', 'no-cache');
        send(res, 200, 'text/javascript; charset=utf-8', LIVE_CLIENT_JS, req.method === 'HEAD');
        return;
      }
      return notFound(res);
    }
    if (head === '_assets') {
      await this.#ready;
      const source = this.#current?.build.assets.get(rest.join('/'));
      if (source === undefined) return notFound(res);
      if ('text' in source) return sendCached(req, res, mediaType(rest.join('/')), source.text);
      return sendFile(req, res, source.file);
    }
    return this.#deckFile(req, res, segments);
  }

  /**
   * `/deck.pdf`: the served cut printed in the server's browser, which stays up between requests (the
   * first request launches it). The PDF is kept for its build: asked again before the next save, it is
   * sent at once.
   */
  async #deckPdf(req: IncomingMessage, res: ServerResponse): Promise<void> {
    await this.#ready;
    const current = this.#current;
    if (!current) {
      send(res, 503, 'text/plain; charset=utf-8', 'pitchdeck serve: the deck has not built yet\n');
      return;
    }
    let pdf: Uint8Array;
    try {
      pdf = await this.#print(current);
    } catch (error) {
      const environment = error instanceof EnvironmentError;
      const text =
        error instanceof DeckError || error instanceof EnvironmentError ? error.format() : String(error);
      this.#emit({ type: 'problem', text: `printing ${PDF_PATH}: ${text}`, error });
      send(res, environment ? 503 : 500, 'text/plain; charset=utf-8', `pitchdeck serve: ${text}\n`);
      return;
    }
    const name = current.build.deck.name.replace(/["\\\r\n]/g, '_');
    res.writeHead(200, {
      'Content-Type': 'application/pdf',
      'Content-Length': pdf.byteLength,
      'Content-Disposition': `inline; filename="${name}.pdf"`,
      'Cache-Control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : pdf);
  }

  /** The PDF of a build: the one kept for it, or printed now (after any print under way). */
  #print(current: Current): Promise<Uint8Array> {
    if (this.#printed?.id === current.id) return Promise.resolve(this.#printed.pdf);
    const printing = this.#printQueue.then(async () => {
      if (this.#printed?.id === current.id) return this.#printed.pdf;
      const [{ printDeckPdf }, { openPage }] = await Promise.all([
        import('../export/export-plan.ts'),
        import('../browser/tabs.ts'),
      ]);
      this.#printTab ??= this.#browser.browser().then(openPage);
      const tab = await this.#printTab.catch((error: unknown) => {
        this.#printTab = undefined;
        throw error;
      });
      const page = new URL(this.url);
      page.searchParams.set(PRINT_PARAM, current.id);
      this.#printPages.set(current.id, current.build.html);
      try {
        const { pdf } = await printDeckPdf(tab, page, current.build.deck);
        // Kept only if the page printed is still the one served.
        if (this.#current?.id === current.id) this.#printed = { id: current.id, pdf };
        return pdf;
      } catch (error) {
        // A tab that failed may be in any state: the next print gets a new one.
        this.#printTab = undefined;
        void tab.close().catch(() => {});
        throw error;
      } finally {
        this.#printPages.delete(current.id);
      }
    });
    this.#printQueue = printing.catch(() => {});
    return printing;
  }

  /**
   * A file below the deck's folder, judged by the rule the build copies by (src/plan/deck-files.ts):
   * its real path must be a file inside the folder, and nothing on the way hidden.
   */
  async #deckFile(req: IncomingMessage, res: ServerResponse, segments: string[]): Promise<void> {
    if (segments.at(-1) === '') return notFound(res);
    const found = deckFile(diskFiles(), { path: this.#deckDir, real: this.#deckDirReal }, segments.join('/'));
    if (found.kind === 'missing' && segments.length === 1 && segments[0] === 'favicon.ico') {
      // Browsers ask for it on every load; a 404 would be an error in the console of every session.
      res.writeHead(204).end();
      return;
    }
    if (found.kind === 'outside') {
      send(res, 403, 'text/plain; charset=utf-8', 'Forbidden\n');
      return;
    }
    // The deck's Markdown holds its notes and every audience's slides: never sent, only its page is.
    if (found.kind !== 'file' || /\.(md|markdown|qmd)$/i.test(found.real)) return notFound(res);
    return sendFile(req, res, found.real);
  }

  #events(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
    });
    // A page that reconnects (the server restarted, the laptop slept) compares builds and catches up.
    res.write('retry: 1000\n\n');
    const current = this.#current;
    res.write(
      `event: hello\ndata: ${JSON.stringify({
        build: current?.id ?? '',
        shell: current?.shell ?? '',
        page: true,
        changed: [],
        error: this.#error ?? null,
      })}\n\n`,
    );
    this.#clients.add(res);
    const drop = () => this.#clients.delete(res);
    req.on('close', drop);
    res.on('error', drop);
  }
}

/** The URLs a rebuild changed besides the page: files of the deck and shared assets (a theme). */
function changedUrls(
  next: LiveBuild,
  previous: LiveBuild | undefined,
  files: readonly string[],
  deckDir: string,
): string[] {
  const urls = new Set<string>();
  for (const file of files) {
    if (isInside(deckDir, file) && file !== deckDir)
      urls.add(`/${relative(deckDir, file).split(sep).join('/')}`);
  }
  for (const [path, source] of next.assets) {
    const before = previous?.assets.get(path);
    const changed =
      'file' in source
        ? files.includes(source.file)
        : before !== undefined && 'text' in before && before.text !== source.text;
    if (changed) urls.add(`/_assets/${path}`);
  }
  return [...urls];
}

/** Resolves when the signal fires; never without one. */
function aborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((done) => {
    if (signal?.aborted) done();
    signal?.addEventListener('abort', () => done(), { once: true });
  });
}

/** Identity, size and time of a file, or `missing`: what tells a save from none. */
async function fileStamp(path: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  return info ? `${info.ino}:${info.size}:${info.mtimeMs}` : 'missing';
}

function errorPayload(error: unknown): ErrorPayload {
  if (error instanceof DeckError) {
    return {
      text: error.format(),
      file: error.file || null,
      line: error.line || null,
      message: error.message,
      hint: error.hint ?? null,
    };
  }
  if (error instanceof EnvironmentError) {
    return { text: error.format(), file: null, line: null, message: error.message, hint: error.hint ?? null };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    text: `internal error (a bug in pitchdeck): ${message}`,
    file: null,
    line: null,
    message,
    hint: null,
  };
}

async function listen(server: Server, host: string, port: number): Promise<void> {
  await new Promise<void>((done, fail) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      fail(listenError(error, host, port));
    };
    const onListening = () => {
      server.off('error', onError);
      done();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  if (error.code === 'EADDRINUSE') {
    return new EnvironmentError(`port ${port} on ${host} is already in use`, {
      hint: `Stop what uses it, or use --port 0 (any free port) or another port, e.g. --port ${port + 1}.`,
      cause: error,
    });
  }
  if (error.code === 'EACCES') {
    return new EnvironmentError(`not allowed to listen on port ${port}`, {
      hint: `Ports below 1024 need privileges: use --port ${DEFAULT_PORT}, or --port 0 for any free port.`,
      cause: error,
    });
  }
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') {
    return new EnvironmentError(`cannot listen on host "${host}": no such address on this machine`, {
      hint: 'Use --host 127.0.0.1 (this machine only) or --host 0.0.0.0 (every network it is on).',
      cause: error,
    });
  }
  return error;
}

/** A URL people can open: 0.0.0.0 and :: listen everywhere but are not addresses to browse to. */
function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

function statusText(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

function notFound(res: ServerResponse): void {
  send(res, 404, 'text/plain; charset=utf-8', 'Not Found\n');
}

function send(res: ServerResponse, status: number, type: string, body: string, headOnly = false): void {
  const data = Buffer.from(body);
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': data.byteLength });
  res.end(headOnly ? undefined : data);
}

/** Text made in memory (a theme with its fonts localised), revalidated by its hash. */
function sendCached(req: IncomingMessage, res: ServerResponse, type: string, body: string): void {
  const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 20)}"`;
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('ETag', etag);
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304).end();
    return;
  }
  send(res, 200, type, body, req.method === 'HEAD');
}

/**
 * A file from disk, through `send`: byte ranges (a video can seek, and Safari plays it at all), ETag and
 * Last-Modified with conditional requests, HEAD. `path` is a real path already judged by the caller; send
 * is given its folder as root and only its name, so it judges nothing above it (a deck may live in a
 * dot-folder, pitchdeck in `~/.npm/_npx`), lists no folders and redirects nowhere. Only regular files.
 */
async function sendFile(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) return notFound(res);
  // Always revalidated: an image replaced under the same name must show after a reload.
  res.setHeader('Cache-Control', 'no-cache');
  // send decodes the path it is given as a URL path: the name is encoded so that `100%.png` stays itself.
  sendFileStream(req, `/${encodeURIComponent(basename(path))}`, {
    root: dirname(path),
    dotfiles: 'allow',
    index: false,
    extensions: false,
    cacheControl: false,
  })
    .on('headers', (response: ServerResponse, file: string) => {
      // The types `--single-file` uses too (text/javascript, not application/javascript); send's own
      // table for what decks rarely link (.wasm, .glb).
      const type = mediaType(file);
      if (type !== 'application/octet-stream') response.setHeader('Content-Type', type);
    })
    .on('directory', () => notFound(res))
    .on('error', (error: { status?: number; headers?: Record<string, string> }) => {
      // A file gone since the stat (404), an unsatisfiable range (416), a failed If-Match (412), a read
      // error: answered, never thrown. Once the body has started, only the connection can be closed.
      if (res.headersSent) {
        res.destroy();
        return;
      }
      for (const name of res.getHeaderNames()) {
        if (name !== 'x-content-type-options') res.removeHeader(name);
      }
      for (const [name, value] of Object.entries(error.headers ?? {})) res.setHeader(name, value);
      const status = error.status ?? 500;
      send(res, status, 'text/plain; charset=utf-8', `${statusText(status)}\n`, req.method === 'HEAD');
    })
    .pipe(res);
}
