import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { PictureCache } from '../deck/fences/fence.ts';
import { PictureStore } from '../read/picture-cache.ts';

/**
 * Writes the pictures a run drew into the cache folder, each to a temporary name then renamed, so a
 * reader never sees half a picture. The cache only saves time: a folder that cannot be written is
 * skipped without a word, and the next run draws those pictures again.
 */
export async function savePictures(cache: PictureCache | undefined): Promise<void> {
  if (!(cache instanceof PictureStore) || cache.dir === undefined) return;
  const dir = cache.dir;
  await Promise.all(
    [...cache.takeUnsaved()].map(async ([key, value]) => {
      const file = PictureStore.fileOf(dir, key);
      const temporary = `${file}.${process.pid}.tmp`;
      try {
        await mkdir(dirname(file), { recursive: true });
        await writeFile(temporary, value);
        await rename(temporary, file);
      } catch {
        // Not cached: drawn again next time.
        await rm(temporary, { force: true }).catch(() => {});
      }
    }),
  );
}
