import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { TemplateSources } from '../render/templates.ts';

/** Reads page.hbs, partials/*.hbs and layouts/*.hbs from a templates folder. */
export async function loadTemplateSources(dir: string, cwd: string): Promise<TemplateSources> {
  const texts: TemplateSources['texts'] = {};
  const read = async (key: string, path: string) => {
    texts[key] = { text: await readFile(path, 'utf8'), file: relative(cwd, path) || path };
  };
  await read('page', join(dir, 'page.hbs'));
  for (const sub of ['partials', 'layouts']) {
    const names = await readdir(join(dir, sub)).catch(() => [] as string[]);
    await Promise.all(
      names.filter((n) => n.endsWith('.hbs')).map((n) => read(`${sub}/${n.slice(0, -4)}`, join(dir, sub, n))),
    );
  }
  return { texts };
}
