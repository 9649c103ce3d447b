import { randomBytes } from 'node:crypto';
import { copyFile, link, mkdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { isInside } from '../plan/deck-files.ts';
import { fileSystemError } from './fs-errors.ts';

/** The staging folder's name inside the output folder; a run that was killed leaves one behind. */
export const STAGING_PREFIX = '.pitchdeck-tmp-';

interface Staged {
  /** Where the file sits while the run goes on. */
  staged: string;
  /** Already in place with the same content: kept in the staging folder only for the browser to load. */
  unchanged: boolean;
}

/**
 * Everything a run writes goes first into one staging folder inside the output folder, laid out like
 * the output folder itself, so that pages load their assets and Chromium prints from there. Only when
 * every part succeeded does `commit()` move the files into place; `discard()` removes the folder and
 * leaves the output folder as it was.
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
   * Creates the staging folder (and the output folder when it does not exist yet).
   *
   * @throws EnvironmentError naming the folder when it cannot be created.
   */
  static async open(out: string): Promise<Staging> {
    const root = join(out, `${STAGING_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      const created = await makeFolders(out);
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

  /** Writes a file that will go to `final`. */
  async write(final: string, data: string | Uint8Array): Promise<void> {
    const staged = this.pathOf(final);
    try {
      await mkdir(dirname(staged), { recursive: true });
      await writeFile(staged, data);
    } catch (error) {
      throw fileSystemError(error, staged);
    }
    this.#files.set(final, { staged, unchanged: false });
  }

  /**
   * Copies a file that will go to `final`. When `final` already holds it (same size, newer), it is not
   * replaced, so unchanged files keep their times; the staging folder links it for the browser.
   */
  async copy(from: string, final: string): Promise<void> {
    const staged = this.pathOf(final);
    const [source, target] = await Promise.all([
      stat(from).catch((error: unknown) => {
        throw fileSystemError(error, from, 'read');
      }),
      stat(final).catch(() => undefined),
    ]);
    const unchanged = target !== undefined && target.size === source.size && target.mtimeMs >= source.mtimeMs;
    try {
      await mkdir(dirname(staged), { recursive: true });
      if (unchanged) await link(final, staged).catch(() => copyFile(final, staged));
      else await copyFile(from, staged);
    } catch (error) {
      throw fileSystemError(error, staged);
    }
    this.#files.set(final, { staged, unchanged });
  }

  /**
   * Moves every staged file into place and removes the staging folder. The folders are made first, so
   * that a path that cannot be written fails before any file has moved.
   *
   * @throws EnvironmentError naming the path that could not be written.
   */
  async commit(): Promise<void> {
    const moves = [...this.#files].filter(([, s]) => !s.unchanged);
    const made: string[] = [];
    try {
      const dirs = new Map(moves.map(([final]) => [dirname(final), final] as const));
      for (const [dir, final] of dirs) {
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
    } catch (error) {
      for (const dir of made.reverse()) await rm(dir, { recursive: true, force: true }).catch(() => {});
      throw error;
    }
    for (const [final, { staged }] of moves) await moveFile(staged, final);
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
