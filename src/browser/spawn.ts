import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Browser, ConnectionTransport } from 'puppeteer-core';
import { EnvironmentError } from '../errors.ts';

/**
 * The arguments Puppeteer 24 gives a headless Chrome it launches (`puppeteer.defaultArgs()`, less the
 * profile folder and `about:blank`, which `chromiumArgs` adds): the browser starts here without loading
 * Puppeteer first, and must start exactly as Puppeteer would start it. tests/unit/spawn-browser.test.ts
 * compares the two, so an upgrade of Puppeteer that changes them fails there.
 */
const PUPPETEER_ARGS = [
  '--allow-pre-commit-input',
  '--disable-background-networking',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-breakpad',
  '--disable-client-side-phishing-detection',
  '--disable-component-extensions-with-background-pages',
  '--disable-crash-reporter',
  '--disable-default-apps',
  '--disable-dev-shm-usage',
  '--disable-hang-monitor',
  '--disable-infobars',
  '--disable-ipc-flooding-protection',
  '--disable-popup-blocking',
  '--disable-prompt-on-repost',
  '--disable-renderer-backgrounding',
  '--disable-search-engine-choice-screen',
  '--disable-sync',
  '--enable-automation',
  '--export-tagged-pdf',
  '--force-color-profile=srgb',
  '--generate-pdf-document-outline',
  '--metrics-recording-only',
  '--no-first-run',
  '--password-store=basic',
  '--use-mock-keychain',
  '--disable-features=Translate,AcceptCHFrame,MediaRouter,OptimizationHints,WebUIReloadButton,ProcessPerSiteUpToMainFrameThreshold,IsolateSandboxedIframes',
  '--enable-features=PdfOopif',
];

/** Puppeteer's headless arguments, after the profile folder. */
const HEADLESS_ARGS = ['--headless=new', '--hide-scrollbars', '--mute-audio', '--disable-extensions'];

/**
 * pitchdeck's own arguments on top of Puppeteer's: background networking off so a build never reaches
 * out, and no sandbox for root (Chromium refuses to start as root with one).
 */
export function extraArgs(): string[] {
  const args = ['--disable-background-networking', '--disable-component-update', '--no-first-run'];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return args;
}

/** Everything the browser is started with, as Puppeteer would start it, talking over a pipe. */
export function chromiumArgs(userDataDir: string): string[] {
  return [
    ...PUPPETEER_ARGS,
    `--user-data-dir=${userDataDir}`,
    ...HEADLESS_ARGS,
    'about:blank',
    ...extraArgs(),
    '--remote-debugging-pipe',
  ];
}

/** A browser process started, and Puppeteer connected to it once asked for. */
export interface SpawnedBrowser {
  /** Puppeteer, connected over the pipe (loaded on the first call, while the browser starts). */
  browser(): Promise<Browser>;
  /** Closes the browser, waits for it to exit and removes its profile; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts the browser at `path` at once, in its own process group with a fresh profile folder, and talks
 * to it over `--remote-debugging-pipe`, as `puppeteer.launch({ pipe: true })` does. Puppeteer itself
 * (~0.15 s to import) is loaded only when the browser is first asked for, while the browser starts.
 * The browser is killed when this process exits, whatever the reason.
 *
 * @throws EnvironmentError (from `browser()`) when the browser cannot be started or exits at once.
 */
export function spawnBrowser(path: string): SpawnedBrowser {
  const profile = mkdtempSync(join(tmpdir(), 'pitchdeck-chromium-'));
  const child = spawn(path, chromiumArgs(profile), {
    // Its own process group, so that the helpers it starts are stopped with it.
    detached: process.platform !== 'win32',
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    env: process.env,
  });
  const log: string[] = [];
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    log.push(...text.split('\n').filter((line) => line.trim() !== ''));
    if (log.length > 50) log.splice(0, log.length - 50);
  });
  let exited = false;
  const exit = new Promise<void>((done) => {
    child.once('exit', () => {
      exited = true;
      done();
    });
    child.once('error', () => {
      exited = true;
      done();
    });
  });
  const spawnError = new Promise<Error>((done) => child.once('error', done));
  const kill = () => {
    if (exited || child.pid === undefined) return;
    try {
      // The whole group: the browser and the helpers it started.
      if (process.platform === 'win32') child.kill('SIGKILL');
      else process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
    // At process exit nothing asynchronous runs: the profile and socket go now, or stay in the temp folder.
    if (!closing) {
      rmSync(profile, { recursive: true, force: true });
      removeSocketFolder(socket);
    }
  };
  process.on('exit', kill);

  let connecting: Promise<Browser> | undefined;
  let connected: Browser | undefined;
  let socket: string | undefined;
  let closing: Promise<void> | undefined;

  const failed = (reason: string, cause?: unknown) =>
    new EnvironmentError(`the browser at ${path} failed to start: ${reason}`, {
      hint: 'Check that it runs (e.g. "chromium --version"), or point PUPPETEER_EXECUTABLE_PATH at another one.',
      cause,
    });

  // Every stream closed: what the browser printed before it exited has been read.
  const drained = new Promise<void>((done) => child.once('close', () => done()));
  const connect = async (): Promise<Browser> => {
    // Puppeteer's browser build: everything `connect` needs, without the launchers, the browser
    // downloader and the WebSocket client that the Node entry loads too (a third of its load time).
    const { default: puppeteer } = await import('puppeteer-core/internal/puppeteer-core-browser.js');
    try {
      if (exited) throw new Error('it exited at once');
      const transport = new PipeTransport(child.stdio[3] as Writable, child.stdio[4] as Readable);
      const browser = await puppeteer.connect({ transport, defaultViewport: { width: 800, height: 600 } });
      // Where the browser keeps its singleton socket, beside the temp folder: known once it answers.
      socket = await readlink(join(profile, 'SingletonSocket')).catch(() => undefined);
      // The tab the browser opened at start-up, set up for Puppeteer now, while the caller still plans:
      // the first page asked for is then ready at once.
      browser.pages().catch(() => {});
      // The same class as the public entry's; its types come from a separate declaration file.
      connected = browser as unknown as Browser;
      return connected;
    } catch (error) {
      await Promise.race([drained, new Promise((done) => setTimeout(done, 2000))]);
      const cause = (await Promise.race([spawnError, Promise.resolve(undefined)])) ?? error;
      throw failed(lastLine(log) ?? (cause as Error).message.split('\n')[0] ?? 'no answer', cause);
    }
  };

  return {
    browser: () => {
      connecting ??= connect();
      return connecting;
    },
    close: () => {
      closing ??= (async () => {
        // The profile is thrown away: the browser is stopped at once rather than asked to shut down
        // (which takes a tenth of a second writing what no one reads). The singleton socket it keeps
        // beside the temp folder is removed with the profile.
        socket ??= await readlink(join(profile, 'SingletonSocket')).catch(() => undefined);
        // Puppeteer let go first: a tab that loses the browser while Puppeteer still counts it connected
        // waits a tenth of a second (a timer that holds this process) for a replacement that never comes.
        await connected?.disconnect().catch(() => {});
        if (!exited) {
          kill();
          await exit;
        }
        process.off('exit', kill);
        for (const stream of child.stdio) stream?.destroy();
        await rm(profile, { recursive: true, force: true, maxRetries: 5 }).catch(() => {});
        removeSocketFolder(socket);
      })();
      return closing;
    },
  };
}

/**
 * The folder the browser made in the temp folder for its singleton socket (`.org.chromium.Chromium.*`,
 * `.com.google.Chrome.*`, by the build): removed when it holds nothing but the browser's `Singleton*`
 * files, so that a run leaves nothing behind.
 */
function removeSocketFolder(socket: string | undefined): void {
  if (socket === undefined) return;
  const dir = dirname(socket);
  if (!basename(dir).startsWith('.') || dirname(dir) !== dirname(join(tmpdir(), 'x'))) return;
  try {
    if (readdirSync(dir).every((name) => name.startsWith('Singleton')))
      rmSync(dir, { recursive: true, force: true });
  } catch {
    // Gone already.
  }
}

function lastLine(log: readonly string[]): string | undefined {
  // Debian's wrapper script prints a harmless shell complaint first; the browser's own lines come later.
  return [...log].reverse().find((line) => !/unexpected operator/.test(line));
}

/**
 * Chrome DevTools Protocol messages over the pipe: JSON, each ended by a NUL byte, written to the
 * browser's fd 3 and read from its fd 4.
 */
class PipeTransport implements ConnectionTransport {
  onmessage?: (message: string) => void;
  onclose?: () => void;
  readonly #write: Writable;
  #pending: Buffer[] = [];
  #closed = false;

  constructor(write: Writable, read: Readable) {
    this.#write = write;
    read.on('data', (chunk: Buffer) => this.#dispatch(chunk));
    read.on('close', () => {
      this.#closed = true;
      this.onclose?.();
    });
    // A browser that went away shows as a closed connection; the errors themselves say no more.
    read.on('error', () => {});
    write.on('error', () => {});
  }

  send(message: string): void {
    if (this.#closed) return;
    this.#write.write(message);
    this.#write.write('\0');
  }

  close(): void {
    this.#closed = true;
  }

  #dispatch(chunk: Buffer): void {
    this.#pending.push(chunk);
    if (!chunk.includes(0)) return;
    const all = Buffer.concat(this.#pending);
    let start = 0;
    for (let end = all.indexOf(0); end !== -1; end = all.indexOf(0, start)) {
      const message = all.toString('utf8', start, end);
      // As Puppeteer's own pipe does: each message on its own turn of the event loop.
      setImmediate(() => this.onmessage?.(message));
      start = end + 1;
    }
    this.#pending = start < all.length ? [all.subarray(start)] : [];
  }
}
