import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { DeckError } from '../errors.ts';
import type { StarterFile } from '../read/starter.ts';
import { fileSystemError } from './fs-errors.ts';

/**
 * Writes the starter project into `folder` (made when missing), never over a file: when any of its files
 * is already there, nothing is written. Resolves to the absolute paths written.
 *
 * @throws DeckError (usage) naming the files that exist; EnvironmentError for a folder that cannot be
 *   written.
 */
export async function writeStarter(
  folder: string,
  files: readonly StarterFile[],
  cwd: string,
): Promise<string[]> {
  const shown = (path: string) => relative(cwd, path) || path;
  const targets = files.map((f) => ({ ...f, to: join(folder, ...f.path.split('/')) }));
  const present: string[] = [];
  for (const { to } of targets) if (await stat(to).catch(() => undefined)) present.push(shown(to));
  if (present.length > 0) throw existing(present);
  const written: string[] = [];
  for (const { to, text } of targets) {
    try {
      await mkdir(dirname(to), { recursive: true });
      // `wx`: a file that appeared since the look above is still not replaced.
      await writeFile(to, text, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw existing([shown(to)]);
      throw fileSystemError(error, shown(to), 'write');
    }
    written.push(to);
  }
  return written;
}

function existing(paths: readonly string[]): DeckError {
  const are = paths.length === 1 ? 'already exists' : 'already exist';
  return new DeckError(`${paths.join(' and ')} ${are}; nothing was written`, {
    file: '',
    line: 0,
    code: 'usage',
    hint: 'pitchdeck init never replaces a file: start in another folder (pitchdeck init my-talk), or move them away.',
  });
}
