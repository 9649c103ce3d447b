import { randomBytes } from 'node:crypto';
import { copyFile, link, mkdir, readdir, rename, rm, rmdir, stat, utimes, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { isInside } from '../plan/deck-files.ts';
import { fileSystemError } from './fs-errors.ts';

/** The staging folder's name inside the output folder: `.pitchdeck-tmp-<pid>-<random>`. */
export const STAGING_PREFIX = '.pitchdeck-tmp-';

interface Staged {
  /** Where the file sits while the run goes on. */
  staged: string;
  /** Already in place with the same content: kept in the staging folder only for the browser to load. */
  unchanged: boolean;
  /** Moved into place by `commit()`; false for what the run needed but the user did not ask to keep. */
  keep: boolean;
}

/** One file moved into place, and what it replaced: enough to undo it. */
interface Moved {
  final: string;
  /** The file it replaced, moved aside into the staging folder; undefined when there was none. */
  previous: string | undefined;
}

/**
 * Everything a run writes goes first into one staging folder inside the output folder, laid out like
 * the output folder itself, so that pages load their assets and Chromium prints from there. Only when
 * every part succeeded does `commit()` move the files into place, as one transaction: when a move
 * fails, the files already moved are put back and the ones they replaced restored. `discard()` removes
 * the folder and leaves the output folder as it was.
 */
export class Staging {
  readonly out: string;
  readonly root: string;
  readonly #created: string | undefined;
  readonly #files = new Map<string, Staged>();
  #external = 0;

  private constructor(out: string, root: string, created: string | undefined) {
    this.out = out;
    this.root = root;
    this.#created = created;
  }

  /**
   * Creates the staging folder (and the output folder when it does not exist yet), and removes staging
   * folders that runs killed outright (SIGKILL, a power cut) left behind.
   *
   * @throws EnvironmentError naming the folder when it cannot be created.
   */
  static async open(out: string): Promise<Staging> {
    const root = join(out, `${STAGING_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      const created = await makeFolders(out);
      await removeAbandoned(out);
      await mkdir(root);
      return new Staging(out, root, created);
    } catch (error) {
      throw fileSystemError(error, out, 'write into');
    }
  }

  /** Where a file that goes to `final` is staged: the same place below the staging folder. */
  pathOf(final: string): string {
    const known = this.#files.get(final);
    if (known) return known.staged;
    if (isInside(this.out, final) && final !== this.out) return join(this.root, relative(this.out, final));
    // A file outside the output folder (`pdf -o ~/talk.pdf`) is staged under a name of its own.
    this.#external++;
    return join(this.root, '.external', `${this.#external}-${basename(final)}`);
  }

  /**
   * Writes a file that will go to `final`. With `keep: false` it is only staged, for the browser to load
   * (`pdf -o talk.pdf` prints from a page it does not keep).
   */
  async write(final: string, data: string | Uint8Array, options: { keep?: boolean } = {}): Promise<void> {
    const staged = this.pathOf(final);
    try {
      await mkdir(dirname(staged), { recursive: true });
      await writeFile(staged, data);
    } catch (error) {
      throw fileSystemError(error, staged);
    }
    this.#files.set(final, { staged, unchanged: false, keep: options.keep !== false });
  }

  /**
   * Copies a file that will go to `final`, keeping its modification time. When `final` already holds it
   * (same size and time, as rsync judges), it is not replaced, so unchanged files keep their times; the
   * staging folder links it for the browser.
   */
  async copy(from: string, final: string, options: { keep?: boolean } = {}): Promise<void> {
    const staged = this.pathOf(final);
    const [source, target] = await Promise.all([
      stat(from).catch((error: unknown) => {
        throw fileSystemError(error, from, 'read');
      }),
      stat(final).catch(() => undefined),
    ]);
    const unchanged =
      target?.isFile() === true &&
      target.size === source.size &&
      // File systems keep times to different precisions: within a millisecond is the same time.
      Math.abs(target.mtimeMs - source.mtimeMs) < 1;
    try {
      await mkdir(dirname(staged), { recursive: true });
      if (unchanged) {
        await link(final, staged).catch(() => copyFile(final, staged));
      } else {
        await copyFile(from, staged);
        await utimes(staged, source.atimeMs / 1000, source.mtimeMs / 1000);
      }
    } catch (error) {
      throw fileSystemError(error, staged);
    }
    this.#files.set(final, { staged, unchanged, keep: options.keep !== false });
  }

  /**
   * Moves every staged file that is to be kept into place, then removes the staging folder. Folders are
   * made and targets checked first (a folder or a device where a file must go fails before any file has
   * moved); then each file replaces its target, the target set aside. When a move fails, every move
   * before it is undone, so the output folder is as it was.
   *
   * @throws EnvironmentError naming the path that could not be written.
   */
  async commit(): Promise<void> {
    const moves = [...this.#files].filter(([, s]) => s.keep && !s.unchanged);
    const made: string[] = [];
    const moved: Moved[] = [];
    try {
      for (const [dir, final] of new Map(moves.map(([final]) => [dirname(final), final] as const))) {
        // Named by the file the user asked for: `-o notes.md/talk.pdf` says talk.pdf, not the folder.
        const first = await makeFolders(dir).catch((error: unknown) => {
          throw fileSystemError(error, final);
        });
        if (first !== undefined) made.push(first);
      }
      for (const [final] of moves) {
        const info = await stat(final).catch(() => undefined);
        // Renaming over a folder fails; over a device or a socket (`-o /dev/null`) it must not happen.
        if (info && !info.isFile()) {
          throw fileSystemError(
            Object.assign(new Error(), { code: info.isDirectory() ? 'EISDIR' : 'ENOTFILE' }),
            final,
          );
        }
      }
      const aside = join(this.root, '.replaced');
      await mkdir(aside, { recursive: true });
      for (const [i, [final, { staged }]] of moves.entries()) {
        // Set aside on the target's own file system: inside the output folder, in the staging folder;
        // elsewhere (`pdf -o` to another disk), beside the target.
        const previous = isInside(this.out, final)
          ? join(aside, String(i))
          : `${final}.${process.pid}-${randomBytes(4).toString('hex')}.previous`;
        const replaced = await rename(final, previous).then(
          () => true,
          (error: NodeJS.ErrnoException) => {
            if (error.code === 'ENOENT') return false;
            throw fileSystemError(error, final);
          },
        );
        moved.push({ final, previous: replaced ? previous : undefined });
        await moveFile(staged, final);
      }
    } catch (error) {
      await undo(moved);
      for (const dir of made.reverse()) await rm(dir, { recursive: true, force: true }).catch(() => {});
      throw error;
    }
    for (const { previous } of moved) {
      if (previous !== undefined && !isInside(this.root, previous)) await rm(previous, { force: true });
    }
    await this.discard();
  }

  /** Removes the staging folder, and the output folder if this run created it and left it empty. */
  async discard(): Promise<void> {
    await rm(this.root, { recursive: true, force: true }).catch(() => {});
    if (this.#created === undefined) return;
    // Only the folders this run made, from the innermost, each only when empty.
    for (let dir = this.out; isInside(this.#created, dir); dir = dirname(dir)) {
      const removed = await rmdir(dir).then(
        () => true,
        () => false,
      );
      if (!removed || dir === this.#created) break;
    }
  }
}

/** Puts back what a failed commit moved: each new file removed, the file it replaced restored. */
async function undo(moved: readonly Moved[]): Promise<void> {
  for (const { final, previous } of [...moved].reverse()) {
    await rm(final, { force: true }).catch(() => {});
    if (previous !== undefined) await rename(previous, final).catch(() => {});
  }
}

/**
 * Staging folders of runs that are no longer running: their process id (in the name) is gone. A run
 * killed outright cannot clean up after itself; the next run into the same folder does.
 */
async function removeAbandoned(out: string): Promise<void> {
  const names = await readdir(out).catch(() => [] as string[]);
  for (const name of names) {
    const pid = Number(/^\.pitchdeck-tmp-(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid || isRunning(pid)) continue;
    await rm(join(out, name), { recursive: true, force: true }).catch(() => {});
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * `mkdir -p` that reports why it failed: Node's recursive mkdir says ENOENT on a read-only file system.
 * Returns the first folder it made, if any.
 */
async function makeFolders(dir: string): Promise<string | undefined> {
  const missing: string[] = [];
  for (let at = dir; ; at = dirname(at)) {
    const info = await stat(at).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (info) {
      if (!info.isDirectory()) throw Object.assign(new Error(`${at} is not a folder`), { code: 'ENOTDIR' });
      break;
    }
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  for (const folder of missing) {
    await mkdir(folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
  return missing[0];
}

/** A rename; across file systems (`pdf -o` to another disk), a copy beside the target renamed over it. */
async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw fileSystemError(error, to);
    const temp = `${to}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
    try {
      await copyFile(from, temp);
      await rename(temp, to);
    } catch (inner) {
      await rm(temp, { force: true });
      throw fileSystemError(inner, to);
    }
  }
}
