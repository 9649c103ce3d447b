import { describe, expect, it } from 'vitest';
import { formatWarning } from '../../src/errors.ts';
import type { FileInfo, FileView, UserStylesheet } from '../../src/plan/build-plan.ts';
import { planUserStylesheets } from '../../src/plan/user-stylesheets.ts';

/** A disk made of maps: path -> what is there (its real path), and the text of some files. */
function disk(entries: Record<string, FileInfo>, texts: Record<string, string> = {}): FileView {
  return {
    stat: (path) => entries[path] ?? { kind: 'missing' },
    readText: (path) => texts[path],
  };
}

const file = (real: string): FileInfo => ({ kind: 'file', real });

function sheet(path: string, text: string, role: UserStylesheet['role'] = 'css'): UserStylesheet {
  const dir = path.slice(0, path.lastIndexOf('/'));
  return { role, given: path.replace('/home/ann/', '../'), path, dir: { path: dir, real: dir }, text };
}

describe('planUserStylesheets', () => {
  it('puts each stylesheet in a folder of its own with the files it links at the same relative paths', () => {
    const brand = sheet(
      '/home/ann/brand/brand.css',
      [
        '/* url(in-a-comment.png) */',
        '@import "parts/extra.css";',
        '@font-face { font-family: Brand; src: url("fonts/brand.woff2?v=2#x") format("woff2"); }',
        '.logo { background: url(img/logo%20big.png), url(data:image/png;base64,AAAA), url(#clip); }',
      ].join('\n'),
    );
    const files = disk(
      {
        '/home/ann/brand/parts/extra.css': file('/home/ann/brand/parts/extra.css'),
        '/home/ann/brand/fonts/brand.woff2': file('/home/ann/brand/fonts/brand.woff2'),
        '/home/ann/brand/img/logo big.png': file('/home/ann/brand/img/logo big.png'),
        '/home/ann/brand/img/texture.png': file('/home/ann/brand/img/texture.png'),
      },
      { '/home/ann/brand/parts/extra.css': '.reveal h2 { background: url(../img/texture.png); }' },
    );
    const planned = planUserStylesheets([brand], files, '/work');
    expect(planned.css).toEqual(['css/brand/brand.css']);
    expect(planned.theme).toBeUndefined();
    expect(planned.warnings).toEqual([]);
    expect(planned.assets).toEqual([
      // Carried as written: its links resolve against the same tree as beside the original.
      { path: 'css/brand/brand.css', source: { text: brand.text } },
      { path: 'css/brand/parts/extra.css', source: { file: '/home/ann/brand/parts/extra.css' } },
      { path: 'css/brand/img/texture.png', source: { file: '/home/ann/brand/img/texture.png' } },
      { path: 'css/brand/fonts/brand.woff2', source: { file: '/home/ann/brand/fonts/brand.woff2' } },
      { path: 'css/brand/img/logo big.png', source: { file: '/home/ann/brand/img/logo big.png' } },
    ]);
    expect(planned.sources).toEqual([
      '/home/ann/brand/brand.css',
      '/home/ann/brand/parts/extra.css',
      '/home/ann/brand/img/texture.png',
      '/home/ann/brand/fonts/brand.woff2',
      '/home/ann/brand/img/logo big.png',
    ]);
  });

  it('warns, at the stylesheet’s line, about what it cannot carry: outside its folder, missing, hidden, absolute, remote', () => {
    const text = [
      '.a { background: url(../shared/bg.png); }',
      '.b { background: url(missing.png); }',
      '.c { background: url(.secret/x.png); }',
      '.d { background: url(/srv/x.png); }',
      '@import url("https://fonts.example.com/css?family=Brand");',
      '.e { background: url(link.png); }',
    ].join('\n');
    const files = disk({
      '/home/ann/shared/bg.png': file('/home/ann/shared/bg.png'),
      '/home/ann/brand/.secret/x.png': file('/home/ann/brand/.secret/x.png'),
      // A symlink inside the folder that leads out of it is outside too.
      '/home/ann/brand/link.png': file('/etc/passwd'),
    });
    const planned = planUserStylesheets([sheet('/home/ann/brand/brand.css', text)], files, '/work');
    expect(planned.warnings.map(formatWarning)).toEqual([
      `../brand/brand.css:1: warning: "../shared/bg.png" is outside the stylesheet's folder and is not carried; move it beside or below brand.css`,
      '../brand/brand.css:2: warning: "missing.png" does not exist',
      '../brand/brand.css:3: warning: ".secret/x.png" is a hidden file and is not carried',
      '../brand/brand.css:4: warning: "/srv/x.png" is an absolute path, which the built deck cannot find; link the file relatively to the stylesheet',
      '../brand/brand.css:5: warning: "https://fonts.example.com/css?family=Brand" is loaded from the network: without one the deck goes without it; put the file beside the stylesheet',
      `../brand/brand.css:6: warning: "link.png" is outside the stylesheet's folder and is not carried; move it beside or below brand.css`,
    ]);
    expect(planned.assets.map((a) => a.path)).toEqual(['css/brand/brand.css']);
  });

  it('gives two stylesheets of the same name folders of their own, and places the theme apart from --css', () => {
    const files = disk({});
    const planned = planUserStylesheets(
      [
        sheet('/home/ann/dark theme.css', '.reveal { color: white; }', 'theme'),
        sheet('/home/ann/a/brand.css', '.a {}'),
        sheet('/home/ann/b/brand.css', '.b {}'),
      ],
      files,
      '/work',
    );
    expect(planned.theme?.path).toBe('css/dark-theme/dark theme.css');
    expect(planned.css).toEqual(['css/brand/brand.css', 'css/brand-2/brand.css']);
  });
});
