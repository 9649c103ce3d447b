import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { FSWatcher } from 'chokidar';
import type { BrowserSession } from '../browser/session.ts';
import { isInside } from '../plan/deck-files.ts';
import type { RunOptions, RunResult } from '../run/build.ts';
import type { CliIo } from './print.ts';

/** Quiet time after the last change before a rebuild: a burst of saves is one build. */
const DEBOUNCE_MS = 100;

export interface WatchHooks {
  /** One run over the plan, as `build` does without --watch (the browser is the watcher's, kept up). */
  run(signal: AbortSignal): Promise<RunResult>;
  /** Prints what a run did. */
  report(result: RunResult): Promise<void>;
  /** Prints a failed run; the watcher goes on. */
  fail(error: unknown): void;
  /** The browser the runs share, closed when the watch ends. */
  session: BrowserSession;
}

/**
 * `build --watch`: runs the build, then again each time a deck, a file it links, a template, a config
 * file or a recipients file changes, until Ctrl-C or SIGTERM. A run that fails is printed and the next
 * save is built all the same; its outputs, all or nothing, leave the last good ones in place. One
 * browser serves every run, so a PDF after a save costs no Chromium launch.
 */
export async function watchBuild(
  io: CliIo,
  paths: readonly string[],
  options: Pick<RunOptions, 'templates' | 'each'> & { out: string },
  hooks: WatchHooks,
  stopped: Promise<unknown> = signalled(),
): Promise<void> {
  const { watch } = await import('chokidar');
  const cwd = io.cwd;
  const watched = new Set<string>();
  let watcher: FSWatcher | undefined;
  let current: { controller: AbortController; done: Promise<void> } | undefined;
  let timer: NodeJS.Timeout | undefined;
  let again = false;
  let closing = false;

  const folders = (result: RunResult | undefined): string[] => {
    const dirs = new Set<string>();
    for (const path of paths) {
      const absolute = resolve(cwd, path);
      dirs.add(
        existsSync(absolute) && !/\.(md|markdown|qmd)$/i.test(absolute) ? absolute : dirname(absolute),
      );
    }
    if (options.templates !== undefined) {
      const templates = resolve(cwd, options.templates);
      for (const sub of ['', 'layouts', 'partials']) dirs.add(join(templates, sub));
    }
    if (options.each !== undefined) dirs.add(dirname(resolve(cwd, options.each)));
    for (const page of result?.plan.pages ?? []) {
      dirs.add(page.sourceDir);
      for (const link of page.links) dirs.add(dirname(resolve(page.sourceDir, link.path)));
    }
    for (const file of result?.plan.stylesheetFiles ?? []) dirs.add(dirname(file));
    return [...dirs].filter((d) => existsSync(d));
  };

  const watchFolders = (dirs: readonly string[]) => {
    const fresh = dirs.filter((d) => !watched.has(d));
    for (const dir of fresh) watched.add(dir);
    if (fresh.length > 0) watcher?.add(fresh);
  };

  const build = async (controller: AbortController): Promise<void> => {
    let result: RunResult | undefined;
    try {
      result = await hooks.run(controller.signal);
      await hooks.report(result);
    } catch (error) {
      if (!controller.signal.aborted) hooks.fail(error);
    }
    if (result) {
      linked = new Set([
        ...result.plan.pages.flatMap((page) => page.links.map((link) => resolve(page.sourceDir, link.path))),
        ...result.plan.stylesheetFiles,
      ]);
    }
    watchFolders(folders(result));
  };

  const start = () => {
    const controller = new AbortController();
    current = {
      controller,
      done: build(controller).finally(() => {
        current = undefined;
        if (again && !closing) {
          again = false;
          schedule();
        }
      }),
    };
  };

  const schedule = () => {
    if (closing) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      // One build at a time; a change meanwhile builds once more right after, from the files as they are.
      if (current) again = true;
      else start();
    }, DEBOUNCE_MS);
  };

  // What the build itself writes (the output folder, its staging folder) and hidden files (editors'
  // swap files) are no reason to build again.
  const out = resolve(cwd, options.out);
  const ignored = (path: string) => isInside(out, path) || basename(path).startsWith('.');
  // Only what a build reads: decks, the files they link, templates, config and recipients files.
  let linked = new Set<string>();
  const templates = options.templates === undefined ? undefined : resolve(cwd, options.templates);
  const recipients = options.each === undefined ? undefined : resolve(cwd, options.each);
  const relevant = (path: string) =>
    /\.(md|markdown|qmd)$/i.test(path) ||
    linked.has(path) ||
    path === recipients ||
    (templates !== undefined && isInside(templates, path)) ||
    /^(pitchdeck\.config\.[a-z]+|\.pitchdeckrc(\.[a-z]+)?|package\.json|reveal(-md)?\.json)$/.test(
      basename(path),
    );

  try {
    // Folders one level deep, not files: a file saved through a temporary file is still seen.
    watcher = watch(folders(undefined), { ignoreInitial: true, depth: 0, ignored });
    for (const dir of folders(undefined)) watched.add(dir);
    watcher.on('all', (_event, path) => {
      const absolute = resolve(path);
      if (!ignored(absolute) && relevant(absolute)) schedule();
    });
    await new Promise<void>((done) => watcher?.once('ready', () => done()));
    start();
    // Ctrl-C during the first build stops it too.
    const first = await Promise.race([
      (current?.done ?? Promise.resolve()).then(() => 'built' as const),
      stopped.then(() => 'stopped' as const),
    ]);
    if (first === 'built') {
      io.stdout.write('watching for changes; Ctrl-C stops\n');
      await stopped;
    }
  } finally {
    closing = true;
    clearTimeout(timer);
    current?.controller.abort();
    // The browser goes first: a build printing PDFs stops at once instead of printing the rest.
    await hooks.session.close();
    await current?.done.catch(() => {});
    await watcher?.close();
  }
  io.stdout.write('stopped\n');
}

/**
 * Resolves on the first Ctrl-C, SIGTERM or SIGHUP: watching is stopped that way, and that is success. A
 * second signal while the watch winds down ends the process at once (its exit hooks stop the browser).
 */
function signalled(): Promise<NodeJS.Signals> {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  return new Promise((done) => {
    const on = (signal: NodeJS.Signals) => {
      for (const s of signals) process.off(s, on);
      for (const s of signals) process.once(s, (again) => process.exit(again === 'SIGTERM' ? 143 : 130));
      done(signal);
    };
    for (const s of signals) process.once(s, on);
  });
}
