import { describe, expect, it } from 'vitest';
import type { FileInfo } from '../../src/plan/build-plan.ts';
import { deckFile } from '../../src/plan/deck-files.ts';

/**
 * `deckFile` is the one rule by which the build copies, the single file inlines and `serve` sends a file
 * of a deck's folder: here over a disk made of a map (path -> real path, as after resolving symlinks).
 */
function disk(real: Record<string, string>) {
  return {
    stat: (path: string): FileInfo =>
      path in real ? { kind: 'file', real: real[path] as string } : { kind: 'missing' },
    readText: () => undefined,
  };
}

describe('deckFile', () => {
  const root = { path: '/home/me/.decks/talk', real: '/home/me/.decks/talk' };

  it.each([
    ['pic.png', '/home/me/.decks/talk/pic.png'],
    ['img/a.b.png', '/home/me/.decks/talk/img/a.b.png'],
    // A symlink to a file inside: the real file. Folders above the deck's are not judged (a dot-folder).
    ['link.png', '/home/me/.decks/talk/img/logo.png'],
  ])('takes %s', (path, real) => {
    expect(deckFile(disk({ [`${root.path}/${path}`]: real }), root, path)).toEqual({ kind: 'file', real });
  });

  it.each([
    // Named hidden, or hidden where a symlink with a plain name leads.
    ['.secret', '/home/me/.decks/talk/.secret', 'hidden'],
    ['sub/.env', '/home/me/.decks/talk/sub/.env', 'hidden'],
    ['pic.png', '/home/me/.decks/talk/.git/config', 'hidden'],
    ['img/pic.png', '/home/me/.decks/talk/img/.cache/pic.png', 'hidden'],
    // Out of the folder: as written, or through a symlink to a file or a linked folder.
    ['../other/pic.png', '/home/me/.decks/other/pic.png', 'outside'],
    ['pic.png', '/etc/passwd', 'outside'],
    ['linked/key.png', '/home/me/secret/key.png', 'outside'],
  ])('refuses %s (really %s) as %s', (path, real, kind) => {
    const files = disk({
      [`/home/me/.decks/${path.startsWith('../') ? path.slice(3) : `talk/${path}`}`]: real,
    });
    expect(deckFile(files, root, path).kind).toBe(kind);
  });

  it('says missing for a file that is not there', () => {
    expect(deckFile(disk({}), root, 'gone.png')).toEqual({ kind: 'missing' });
  });
});
