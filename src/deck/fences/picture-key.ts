import { createHash } from 'node:crypto';
import type { Warning } from '../../errors.ts';
import type { PictureCache } from './fence.ts';

/**
 * Bumped whenever a renderer draws the same input differently (a new library version, new theming):
 * pictures cached by an earlier pitchdeck are then drawn again.
 */
const FORMAT = 'pictures-1';

/** The cache key of a picture: a hash of everything that decides how it looks. */
export function pictureKey(...parts: readonly string[]): string {
  const hash = createHash('sha256').update(FORMAT);
  // Lengths first: ("ab", "c") and ("a", "bc") must not collide.
  for (const part of parts) hash.update(`\0${part.length}\0${part}`);
  return hash.digest('hex');
}

/** What a picture renderer keeps in the cache: its markup and the warnings that came with it. */
export interface CachedPicture {
  html: string;
  warnings: Warning[];
}

/** A picture from the cache, or undefined when it is not there (or not readable as one). */
export function cachedPicture(cache: PictureCache | undefined, key: string): CachedPicture | undefined {
  const entry = cache?.get(key);
  if (entry === undefined) return undefined;
  try {
    const value = JSON.parse(entry) as CachedPicture;
    return typeof value.html === 'string' && Array.isArray(value.warnings) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function cachePicture(cache: PictureCache | undefined, key: string, picture: CachedPicture): void {
  cache?.set(key, JSON.stringify(picture));
}
