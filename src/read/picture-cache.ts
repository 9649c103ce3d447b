import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { PictureCache } from '../deck/fences/fence.ts';

/** Pictures kept in memory at most: a long `serve` session redraws the same chart many times. */
const MEMORY_LIMIT = 500;

/**
 * Where drawn pictures are kept between runs: `$PITCHDECK_CACHE_DIR` (empty: nowhere), else the user's
 * cache folder (`$XDG_CACHE_HOME` or `~/.cache` on Linux, `~/Library/Caches` on macOS, `%LOCALAPPDATA%`
 * on Windows), in `pitchdeck/pictures`.
 */
export function pictureCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = env.PITCHDECK_CACHE_DIR;
  if (chosen !== undefined) return chosen === '' ? undefined : join(chosen, 'pictures');
  const base =
    process.platform === 'win32'
      ? (env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'))
      : process.platform === 'darwin'
        ? join(homedir(), 'Library', 'Caches')
        : (env.XDG_CACHE_HOME ?? join(homedir(), '.cache'));
  return join(base, 'pitchdeck', 'pictures');
}

/**
 * The picture cache of a run (or of a `serve` session): what it draws is kept in memory, what earlier
 * runs drew is read from the cache folder when first asked for. New pictures are written to the folder
 * by `savePictures` (src/write/), after planning; a cache folder that cannot be read is an empty one.
 */
export class PictureStore implements PictureCache {
  readonly dir: string | undefined;
  readonly #memory = new Map<string, string>();
  readonly #unsaved = new Map<string, string>();

  constructor(dir: string | undefined) {
    this.dir = dir;
  }

  /** The file a picture is kept in below the folder. */
  static fileOf(dir: string, key: string): string {
    return join(dir, key.slice(0, 2), `${key}.json`);
  }

  get(key: string): string | undefined {
    const kept = this.#memory.get(key);
    if (kept !== undefined || this.dir === undefined) return kept;
    try {
      const text = readFileSync(PictureStore.fileOf(this.dir, key), 'utf8');
      this.#remember(key, text);
      return text;
    } catch {
      return undefined;
    }
  }

  set(key: string, value: string): void {
    this.#remember(key, value);
    if (this.dir !== undefined) this.#unsaved.set(key, value);
  }

  /** The pictures drawn since the last call, to be written to the folder. */
  takeUnsaved(): Map<string, string> {
    const taken = new Map(this.#unsaved);
    this.#unsaved.clear();
    return taken;
  }

  #remember(key: string, value: string): void {
    this.#memory.delete(key);
    this.#memory.set(key, value);
    if (this.#memory.size > MEMORY_LIMIT) {
      const oldest = this.#memory.keys().next().value;
      if (oldest !== undefined) this.#memory.delete(oldest);
    }
  }
}

/** The picture cache of a run, kept in the user's cache folder (see `pictureCacheDir`). */
export function openPictureCache(dir: string | undefined = pictureCacheDir()): PictureStore {
  return new PictureStore(dir);
}
