import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { DeckError } from '../errors.ts';
import { compileIndexTemplate, type IndexPage } from '../render/render-index.ts';
import { compileTemplates, type TemplateSources, type Templates } from '../render/templates.ts';
import { highlightStyles, TEMPLATES_DIR } from './package-paths.ts';

/**
 * Reads and compiles a templates folder: page.hbs, partials/*.hbs and layouts/*.hbs; pitchdeck's own
 * templates when no folder is given.
 *
 * @throws DeckError for a folder without page.hbs, or a template that does not compile.
 */
export async function loadTemplates(
  dir: string = TEMPLATES_DIR,
  cwd: string = process.cwd(),
): Promise<Templates> {
  if (!existsSync(join(dir, 'page.hbs'))) {
    throw new DeckError('no page.hbs in the templates folder', {
      file: relative(cwd, dir) || dir,
      line: 0,
      code: 'template',
      hint: 'A templates folder needs page.hbs, layouts/*.hbs and partials/*.hbs.',
    });
  }
  return compileTemplates(await loadTemplateSources(dir, cwd));
}

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

/** The index page's template: the user's `index.hbs` when their templates folder has one. */
export async function loadIndexTemplate(
  templates: string | undefined,
  cwd: string,
): Promise<(page: IndexPage) => string> {
  const own = templates === undefined ? undefined : join(templates, 'index.hbs');
  const path = own !== undefined && existsSync(own) ? own : join(TEMPLATES_DIR, 'index.hbs');
  return compileIndexTemplate({ text: await readFile(path, 'utf8'), file: relative(cwd, path) || path });
}

/** The highlight.js styles a deck may name in `highlightTheme`. */
export async function highlightThemeNames(): Promise<Set<string>> {
  const names = await readdir(highlightStyles());
  return new Set(
    names.filter((n) => n.endsWith('.css') && !n.endsWith('.min.css')).map((n) => n.slice(0, -4)),
  );
}

/**
 * Compiled templates kept between builds (`pitchdeck serve` rebuilds on every save) until one of them
 * changes. A compile that failed is not kept: the next build tries again.
 */
export class TemplateCache {
  #compiled = new Map<string, Promise<Templates>>();

  load(dir: string, cwd: string): Promise<Templates> {
    let templates = this.#compiled.get(dir);
    if (!templates) {
      templates = loadTemplates(dir, cwd);
      templates.catch(() => this.#compiled.delete(dir));
      this.#compiled.set(dir, templates);
    }
    return templates;
  }

  invalidate(): void {
    this.#compiled.clear();
  }
}
