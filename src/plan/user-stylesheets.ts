import { basename, dirname, relative, resolve, sep } from 'node:path';
import type { Warning } from '../errors.ts';
import { lineAt } from '../parse/source-text.ts';
import type { FileView, SharedAsset, UserStylesheet } from './build-plan.ts';
import { deckFile } from './deck-files.ts';

/** The stylesheets named on the command line, as the plan places them in the shared assets. */
export interface PlannedStylesheets {
  /** Each stylesheet and the files it links, below the shared assets' `css/<name>/`. */
  assets: SharedAsset[];
  /** Where the `--css` stylesheets are, below the shared assets, in the order given. */
  css: string[];
  /** Where the `--theme` stylesheet is, below the shared assets, and the stylesheet itself. */
  theme: { path: string; sheet: UserStylesheet } | undefined;
  /** Files its `url()`s name that cannot be carried (missing, outside its folder) or are remote. */
  warnings: Warning[];
  /** Absolute paths of the stylesheets and the files they link, for whoever rebuilds on a change. */
  sources: string[];
}

/** How deep `@import`s are followed: further is a loop, or no stylesheet anyone writes. */
const MAX_IMPORT_DEPTH = 8;

/**
 * Places the stylesheets named on the command line (`--css`, a `--theme` file) in the shared assets,
 * each in a folder of its own, `css/<name>/`, with the files its `url()`s and `@import`s name below it at
 * the same relative paths as beside the original: the stylesheet is carried as written, and its links
 * still resolve, in the built deck, the single file, the PDF and `serve`. Only files below the
 * stylesheet's own folder are carried (symlinks judged by where they lead, hidden files never), as for a
 * deck's files; a file outside it, a missing one, an absolute path and a remote URL are warnings naming
 * the stylesheet's line. Pure: the disk is seen through `files`.
 */
export function planUserStylesheets(
  sheets: readonly UserStylesheet[],
  files: FileView,
  cwd: string,
): PlannedStylesheets {
  const planned: PlannedStylesheets = { assets: [], css: [], theme: undefined, warnings: [], sources: [] };
  const taken = new Set<string>();
  for (const sheet of sheets) {
    const name = uniqueName(sheet.path, taken);
    const folder = `css/${name}`;
    const path = `${folder}/${basename(sheet.path)}`;
    planned.assets.push({ path, source: { text: sheet.text } });
    planned.sources.push(sheet.path);
    const carried = new Set<string>();
    const visit = (css: string, file: string, shown: string, depth: number) => {
      for (const ref of references(css)) {
        const where = { file: shown, line: lineAt(css, ref.index) };
        const problem = (message: string) =>
          planned.warnings.push({ ...where, code: 'stylesheet-file', message: `"${ref.url}" ${message}` });
        if (/^(https?:)?\/\/[^/]/i.test(ref.url)) {
          problem(
            'is loaded from the network: without one the deck goes without it; put the file beside the stylesheet',
          );
          continue;
        }
        if (ref.url === '' || ref.url.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(ref.url)) continue;
        if (ref.url.startsWith('/')) {
          problem(
            'is an absolute path, which the built deck cannot find; link the file relatively to the stylesheet',
          );
          continue;
        }
        const target = resolve(dirname(file), decoded(ref.url.replace(/[?#].*$/, '')));
        const below = relative(sheet.dir.path, target);
        const found = deckFile(files, sheet.dir, below);
        if (found.kind === 'missing') problem('does not exist');
        else if (found.kind === 'outside') {
          problem(
            `is outside the stylesheet's folder and is not carried; move it beside or below ${basename(sheet.path)}`,
          );
        } else if (found.kind === 'hidden') problem('is a hidden file and is not carried');
        else if (found.kind === 'not-a-file') problem('is not a file');
        else if (!carried.has(below)) {
          carried.add(below);
          planned.assets.push({
            path: `${folder}/${below.split(sep).join('/')}`,
            source: { file: found.real },
          });
          planned.sources.push(target);
          const text = ref.imported && depth < MAX_IMPORT_DEPTH ? files.readText(found.real) : undefined;
          // An imported stylesheet's own links resolve against it: they are carried too.
          if (text !== undefined) visit(text, target, relative(cwd, target) || target, depth + 1);
        }
      }
    };
    visit(sheet.text, sheet.path, sheet.given, 0);
    if (sheet.role === 'theme') planned.theme = { path, sheet };
    else planned.css.push(path);
  }
  return planned;
}

/** `brand.css` is `brand`; a second `brand.css` from another folder is `brand-2`. */
function uniqueName(path: string, taken: Set<string>): string {
  const stem =
    basename(path)
      .replace(/\.css$/i, '')
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'style';
  let name = stem;
  for (let n = 2; taken.has(name); n++) name = `${stem}-${n}`;
  taken.add(name);
  return name;
}

/** Every `url(...)` and `@import "..."` of a stylesheet, outside comments, with its offset. */
function references(css: string): { url: string; index: number; imported: boolean }[] {
  const found: { url: string; index: number; imported: boolean }[] = [];
  const pattern =
    /\/\*[\s\S]*?(?:\*\/|$)|(@import\s+)?url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')/gi;
  for (const match of css.matchAll(pattern)) {
    if (match[0].startsWith('/*')) continue;
    const url = match[2] ?? match[3] ?? match[4] ?? match[5] ?? match[6] ?? '';
    const imported = match[1] !== undefined || match[5] !== undefined || match[6] !== undefined;
    found.push({ url: url.trim(), index: match.index, imported });
  }
  return found;
}

function decoded(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}
