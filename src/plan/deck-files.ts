import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Warning } from '../errors.ts';
import type { AssetRef } from '../model.ts';
import type { FileView, PlannedCopy } from './build-plan.ts';

/** What a path a deck links to turns out to be, judged by where it really is. */
export type DeckFile =
  | { kind: 'file'; real: string }
  | { kind: 'missing' }
  | { kind: 'outside' }
  | { kind: 'hidden' }
  | { kind: 'not-a-file' };

/**
 * Looks up a file a deck links to, relative to the deck's folder. Symlinks are resolved first: a link
 * inside the folder that leads out of it (to a file, or through a linked folder) is `outside`; a hidden
 * file or folder, named as such or reached through a symlink, is `hidden`. Only a `file` may be copied,
 * inlined or served: `build`, the single file and `serve` judge by this one rule.
 */
export function deckFile(
  files: FileView,
  dir: { path: string; real: string },
  relativePath: string,
): DeckFile {
  const written = resolve(dir.path, relativePath);
  // As written first: `../secret.png` is outside whether or not it exists.
  if (!isInside(dir.path, written)) return { kind: 'outside' };
  const info = files.stat(written);
  if (info.kind === 'missing') return { kind: 'missing' };
  if (!isInside(dir.real, info.real)) return { kind: 'outside' };
  // Hidden files (`.env`, `.git/`) are never copied, served or inlined: by name or through a symlink.
  if (hasHiddenSegment(relative(dir.path, written)) || hasHiddenSegment(relative(dir.real, info.real))) {
    return { kind: 'hidden' };
  }
  return info.kind === 'file' ? { kind: 'file', real: info.real } : { kind: 'not-a-file' };
}

/**
 * The local files a page links, copied beside it with the paths it links them by. A missing file, one
 * outside the deck's folder or a hidden one is a warning: the deck still builds without it.
 */
export function planCopies(
  links: readonly AssetRef[],
  files: FileView,
  dir: { path: string; real: string },
  target: string,
  deckPath: string,
): { copies: PlannedCopy[]; warnings: Warning[] } {
  const copies: PlannedCopy[] = [];
  const warnings: Warning[] = [];
  const seen = new Set<string>();
  for (const link of links) {
    if (seen.has(link.path)) continue;
    seen.add(link.path);
    const where = { file: deckPath, line: link.line };
    const found = deckFile(files, dir, link.path);
    if (found.kind === 'outside' || found.kind === 'hidden') {
      warnings.push({
        ...where,
        code: 'asset-outside',
        message:
          found.kind === 'outside'
            ? `"${link.path}" is outside the deck's folder and is not copied`
            : `"${link.path}" is a hidden file and is not copied`,
      });
    } else if (found.kind === 'missing') {
      warnings.push({ ...where, code: 'missing-asset', message: `"${link.path}" does not exist` });
    } else if (found.kind === 'file') {
      copies.push({ from: found.real, to: join(target, relative(dir.path, resolve(dir.path, link.path))) });
    }
  }
  return { copies, warnings };
}

function hasHiddenSegment(path: string): boolean {
  return path.split(sep).some((segment) => segment.startsWith('.'));
}

/** Whether `target` is `root` or below it; both absolute and resolved the same way. */
export function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
