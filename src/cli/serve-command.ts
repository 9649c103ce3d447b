import { relative } from 'node:path';
import { DeckError, formatWarning } from '../errors.ts';
import type { ServeEvent } from '../server/serve-deck.ts';
import type { CliIo } from './main.ts';

export interface ServeCliOptions {
  port: string;
  host: string;
  audience?: string;
  theme?: string;
  css?: string[];
  templates?: string;
  separator?: string;
  verticalSeparator?: string;
  open?: boolean;
  quiet?: boolean;
}

/**
 * `pitchdeck serve`: starts the server, prints its URL and what each rebuild did, and stops cleanly on
 * Ctrl-C (SIGINT) or SIGTERM. Resolves when stopped; start-up failures reject (port in use: exit 2).
 */
export async function runServe(
  io: CliIo,
  file: string,
  options: ServeCliOptions,
  stopped: Promise<unknown> = signalled(),
): Promise<void> {
  const port = Number(options.port);
  if (options.port.trim() === '' || !Number.isInteger(port)) {
    throw new DeckError(`--port ${options.port}: not a port number`, {
      file: '',
      line: 0,
      code: 'usage',
      hint: 'Use a whole number from 1 to 65535, or 0 for a free port.',
    });
  }
  const { serveDeck } = await import('../server/serve-deck.ts');
  const printer = eventPrinter(io, options.quiet === true);
  const stop = new AbortController();
  stopped.then(() => stop.abort());
  const server = await serveDeck({
    signal: stop.signal,
    file,
    cwd: io.cwd,
    host: options.host,
    port,
    audience: options.audience,
    theme: options.theme,
    css: options.css,
    templates: options.templates,
    separator: options.separator,
    verticalSeparator: options.verticalSeparator,
    onEvent: printer,
  });
  if (stop.signal.aborted) {
    // Stopped while the first build was still running.
    if (!options.quiet) io.stdout.write('stopped\n');
    return;
  }
  try {
    io.stdout.write(`serving ${relative(io.cwd, server.file) || file} at ${server.url}\n`);
    if (!options.quiet) {
      io.stdout.write('  press S in the deck for the speaker view; Ctrl-C stops the server\n');
    }
    if (options.open) await openBrowser(io, server.url);
    await stopped;
  } finally {
    await server.close();
  }
  if (!options.quiet) io.stdout.write('stopped\n');
}

/** Resolves on the first Ctrl-C or SIGTERM; a second Ctrl-C, while closing, ends the process as usual. */
function signalled(): Promise<NodeJS.Signals> {
  return new Promise((done) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      done(signal);
    };
    process.once('SIGINT', on);
    process.once('SIGTERM', on);
  });
}

/**
 * Prints each build once: errors always (they also show in the page), a line per rebuild unless quiet,
 * and warnings only when they are new, so that saving a deck with a known warning does not repeat it.
 */
function eventPrinter(io: CliIo, quiet: boolean): (event: ServeEvent) => void {
  let shown = new Set<string>();
  return (event) => {
    if (event.type === 'failed') {
      const still = event.serving ? '\n  (the page keeps showing the last version that built)' : '';
      io.stderr.write(`error: ${event.text}${still}\n`);
      return;
    }
    if (event.type === 'problem') {
      io.stderr.write(`warning: ${event.text}\n`);
      return;
    }
    const lines = event.warnings.map(formatWarning);
    for (const line of lines) if (!shown.has(line)) io.stderr.write(`${line}\n`);
    shown = new Set(lines);
    if (quiet || event.unchanged) return;
    const slides = `${event.slides} slide${event.slides === 1 ? '' : 's'}`;
    if (event.first) {
      const others = event.audiences.filter((a) => a !== event.audience);
      const cut =
        event.audience === undefined
          ? ''
          : `, audience ${event.audience}${others.length > 0 ? ` (others: ${others.join(', ')}; choose with --audience)` : ''}`;
      io.stdout.write(`built ${slides}${cut} in ${Math.round(event.ms)} ms\n`);
    } else {
      io.stdout.write(`${event.recovered ? 'fixed: ' : ''}rebuilt ${slides} in ${Math.round(event.ms)} ms\n`);
    }
  };
}

/**
 * Opens the URL in the system browser. Failing to is not worth stopping the server for: the URL is
 * printed anyway.
 */
async function openBrowser(io: CliIo, url: string): Promise<void> {
  try {
    const { default: open } = await import('open');
    const child = await open(url);
    // Without a listener, a missing xdg-open would be an uncaught 'error' event.
    child.on('error', (error) => io.stderr.write(`warning: could not open a browser (${error.message})\n`));
  } catch (error) {
    io.stderr.write(`warning: could not open a browser (${(error as Error).message})\n`);
  }
}
