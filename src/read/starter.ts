import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { TEMPLATES_DIR } from './package-paths.ts';

/** A file of the starter project `pitchdeck init` writes: its path in the project, and its text. */
export interface StarterFile {
  /** Relative to the project folder, `/`-separated: `slides/pitch.md`. */
  path: string;
  text: string;
}

/** The starter project pitchdeck ships in `templates/starter/`: a deck and a config file. */
export async function readStarter(): Promise<StarterFile[]> {
  const root = join(TEMPLATES_DIR, 'starter');
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return Promise.all(
    files.sort().map(async (file) => ({
      path: relative(root, file).split(sep).join('/'),
      text: await readFile(file, 'utf8'),
    })),
  );
}
