import { statSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { DeckError } from '../errors.ts';
import { BUILTIN_THEMES, OWN_THEMES } from '../model.ts';
import type { UserStylesheet } from '../plan/build-plan.ts';

/**
 * Whether `--theme` names a stylesheet rather than one of the named themes: a path (`./mytheme.css`,
 * `themes/dark.css`), not a word such as `white`.
 */
export function isThemeFile(theme: string): boolean {
  const named: readonly string[] = [...BUILTIN_THEMES, ...OWN_THEMES];
  return !named.includes(theme) && (/\.css$/i.test(theme) || /[\\/]/.test(theme));
}

/**
 * Reads the stylesheets named on the command line: every `--css` file, and the `--theme` when it names a
 * file. Relative paths are relative to `cwd`.
 *
 * @throws DeckError (usage) for a path that is not a readable file.
 */
/**
 * The stylesheets named by `--css` and a `--theme` file must be files: checked before any work starts.
 *
 * @throws DeckError (usage) for a path that is not a file.
 */
export function checkUserStylesheets(css: readonly string[], theme: string | undefined, cwd: string): void {
  const named = [
    ...(theme !== undefined && isThemeFile(theme) ? [{ flag: '--theme', given: theme }] : []),
    ...css.map((given) => ({ flag: '--css', given })),
  ];
  for (const { flag, given } of named) {
    const info = statSync(resolve(cwd, given), { throwIfNoEntry: false });
    if (!info?.isFile()) {
      throw new DeckError(`${flag} ${given}: ${info ? 'not a file' : 'no such file'}`, {
        file: '',
        line: 0,
        code: 'usage',
        hint: 'Name a stylesheet (a .css file); a relative path is relative to the folder pitchdeck runs in.',
      });
    }
  }
}

export async function readUserStylesheets(
  css: readonly string[],
  theme: string | undefined,
  cwd: string,
): Promise<UserStylesheet[]> {
  const named: { role: UserStylesheet['role']; given: string }[] = [
    ...(theme !== undefined && isThemeFile(theme) ? [{ role: 'theme' as const, given: theme }] : []),
    ...css.map((given) => ({ role: 'css' as const, given })),
  ];
  checkUserStylesheets(css, theme, cwd);
  return Promise.all(
    named.map(async ({ role, given }) => {
      const path = resolve(cwd, given);
      const text = await readFile(path, 'utf8');
      const dir = dirname(path);
      return { role, given, path, dir: { path: dir, real: await realpath(dir) }, text };
    }),
  );
}
