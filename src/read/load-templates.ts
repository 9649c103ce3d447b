import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { loadPrecompiled } from '../render/precompiled.ts';
import { compileIndexTemplate, type IndexPage } from '../render/render-index.ts';
import { compileTemplates, type TemplateSources, type Templates } from '../render/templates.ts';
import { highlightStyles, TEMPLATES_DIR } from './package-paths.ts';
import { checkTemplatesFolder } from './templates-folder.ts';

/**
 * Reads and compiles the templates: pitchdeck's own, with those of a templates folder in their place. A
 * folder may hold only some of them (one layout, `page.hbs`) and add layouts of its own
 * (`layouts/banner.hbs` for `layout="banner"`); what it lacks is the built-in template.
 *
 * @throws DeckError for a folder that does not exist or holds no template, or a template that does not
 *   compile.
 */
export async function loadTemplates(
  dir: string = TEMPLATES_DIR,
  cwd: string = process.cwd(),
): Promise<Templates> {
  const [builtIn, precompiled] = await Promise.all([
    loadTemplateSources(TEMPLATES_DIR, cwd),
    loadPrecompiled(),
  ]);
  if (resolve(dir) === resolve(TEMPLATES_DIR)) return compileTemplates(builtIn, precompiled);
  checkTemplatesFolder(dir, cwd);
  const own = await loadTemplateSources(dir, cwd);
  return compileTemplates({ texts: { ...builtIn.texts, ...own.texts } }, precompiled);
}

/** Reads page.hbs, partials/*.hbs and layouts/*.hbs from a templates folder: those it has. */
export async function loadTemplateSources(dir: string, cwd: string): Promise<TemplateSources> {
  const texts: TemplateSources['texts'] = {};
  const read = async (key: string, path: string) => {
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (text !== undefined) texts[key] = { text, file: relative(cwd, path) || path };
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
  const [text, precompiled] = await Promise.all([readFile(path, 'utf8'), loadPrecompiled()]);
  return compileIndexTemplate({ text, file: relative(cwd, path) || path }, precompiled);
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
