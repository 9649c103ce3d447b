import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DeckError } from '../errors.ts';

/**
 * A templates folder must be a folder holding at least one template (`page.hbs`, `index.hbs`,
 * `layouts/*.hbs`, `partials/*.hbs`): a misspelt path would otherwise build with the built-in ones.
 *
 * @throws DeckError naming the folder.
 */
export function checkTemplatesFolder(dir: string, cwd: string): void {
  const fail = (message: string) =>
    new DeckError(message, {
      file: relative(cwd, dir) || dir,
      line: 0,
      code: 'template',
      hint: 'A templates folder holds the templates to use instead of the built-in ones (page.hbs, index.hbs, layouts/*.hbs, partials/*.hbs) and layouts of its own; what it lacks is built in.',
    });
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw fail('no such templates folder');
  const hbs = (sub: string) => {
    try {
      return readdirSync(join(dir, sub)).some((n) => n.endsWith('.hbs'));
    } catch {
      return false;
    }
  };
  if (!hbs('') && !hbs('layouts') && !hbs('partials')) throw fail('the templates folder holds no template');
}
