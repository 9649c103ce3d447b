/**
 * `--css FILE` and `--theme FILE`: stylesheets named on the command line, from any folder, reach the
 * built page, the single file and `serve`, with the files they link (the PDF: tests/browser/pdf-export).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatWarning } from '../../src/errors.ts';
import { type ServeEvent, serveDeck } from '../../src/server/serve-deck.ts';
import { filesBelow, runCli, workspaces } from '../helpers/cli.ts';

const spaces = workspaces('pitchdeck-user-css');
afterEach(() => spaces.cleanup());

const DECK = '---\ntitle: Styled\ncss: local.css\n---\n\n# Styled\n\n---\n\n## Second\n';
const BRAND = [
  '@font-face { font-family: Brand; src: url(fonts/brand.woff2) format("woff2"); }',
  '.reveal h1 { font-family: Brand; color: rgb(1, 2, 3); }',
  '.reveal h2 { background: url(../elsewhere.png); }',
  '',
].join('\n');
const FONT = 'not really a font';

/** A project whose deck is in talk/ and whose stylesheets are in a folder beside it, not below it. */
const project = () =>
  spaces.make({
    'talk/deck.md': DECK,
    'talk/local.css': '.reveal { --local: 1; }\n',
    'style/brand/brand.css': BRAND,
    'style/brand/fonts/brand.woff2': FONT,
    'style/elsewhere.png': 'png',
    'style/mytheme.css': '.reveal { background: rgb(4, 5, 6); }\n',
  });

describe('--css and --theme with a stylesheet', () => {
  it('puts them in the shared assets with the files they link, and links them from the page', () => {
    const dir = project();
    const run = runCli(dir, [
      'build',
      'talk/deck.md',
      '--css',
      'style/brand/brand.css',
      '--theme',
      './style/mytheme.css',
      '--no-check',
    ]);
    expect(run.status, run.stderr).toBe(0);
    // The one file its link cannot reach is named, at its line, with what to do.
    expect(run.stderr).toBe(
      `style/brand/brand.css:3: warning: "../elsewhere.png" is outside the stylesheet's folder and is not carried; move it beside or below brand.css\n`,
    );
    const html = readFileSync(join(dir, 'dist/deck/index.html'), 'utf8');
    expect(html).toContain('<link rel="stylesheet" href="../_assets/css/mytheme/mytheme.css" id="theme">');
    // After the deck's own stylesheet, so that the user's wins.
    expect(html).toMatch(
      /<link rel="stylesheet" href="local\.css">\n<link rel="stylesheet" href="\.\.\/_assets\/css\/brand\/brand\.css">/,
    );
    expect(filesBelow(join(dir, 'dist/_assets/css'))).toEqual([
      'brand/brand.css',
      'brand/fonts/brand.woff2',
      'mytheme/mytheme.css',
    ]);
    expect(readFileSync(join(dir, 'dist/_assets/css/brand/brand.css'), 'utf8')).toBe(BRAND);
    expect(readFileSync(join(dir, 'dist/_assets/css/brand/fonts/brand.woff2'), 'utf8')).toBe(FONT);
    // No theme of reveal.js's is copied when the theme is the user's.
    expect(existsSync(join(dir, 'dist/_assets/theme'))).toBe(false);
  });

  it('carries them inside the single file, the font as a data: URI', () => {
    const dir = project();
    const run = runCli(dir, [
      'build',
      'talk/deck.md',
      '--css',
      'style/brand/brand.css',
      '--theme',
      'style/mytheme.css',
      '--no-check',
      '-o',
      'deck.html',
    ]);
    expect(run.status, run.stderr).toBe(0);
    const single = readFileSync(join(dir, 'deck.html'), 'utf8');
    expect(single).toContain('color: rgb(1, 2, 3)');
    expect(single).toContain('background: rgb(4, 5, 6)');
    expect(single).toContain(`url("data:font/woff2;base64,${Buffer.from(FONT).toString('base64')}")`);
  });

  it('exits 1, writing nothing, for a stylesheet that is not there', () => {
    const dir = project();
    for (const [flag, path] of [
      ['--css', 'style/nope.css'],
      ['--theme', './style/nope.css'],
      ['--css', 'style'],
    ]) {
      const run = runCli(dir, ['build', 'talk/deck.md', flag ?? '', path ?? '', '--no-check']);
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(
        `error: ${flag} ${path}: ${path === 'style' ? 'not a file' : 'no such file'}\n` +
          '  Name a stylesheet (a .css file); a relative path is relative to the folder pitchdeck runs in.\n',
      );
    }
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });

  it('serves them under /_assets/ and serves the new text after a save', async () => {
    const dir = project();
    const events: ServeEvent[] = [];
    const server = await serveDeck({
      file: join(dir, 'talk/deck.md'),
      cwd: dir,
      port: 0,
      css: ['style/brand/brand.css'],
      theme: 'style/mytheme.css',
      debounceMs: 10,
      onEvent: (event) => events.push(event),
    });
    try {
      const get = async (path: string) => {
        const response = await fetch(new URL(path, server.url));
        return { status: response.status, text: await response.text() };
      };
      // The stylesheet's warnings are the build's, printed by serve as by build.
      const first = events.find((e) => e.type === 'built');
      expect(first?.type === 'built' && first.warnings.map(formatWarning)).toEqual([
        `style/brand/brand.css:3: warning: "../elsewhere.png" is outside the stylesheet's folder and is not carried; move it beside or below brand.css`,
      ]);
      const page = await get('/');
      expect(page.text).toContain('href="/_assets/css/mytheme/mytheme.css" id="theme"');
      expect(page.text).toContain('href="/_assets/css/brand/brand.css"');
      expect(await get('/_assets/css/brand/brand.css')).toEqual({ status: 200, text: BRAND });
      expect(await get('/_assets/css/brand/fonts/brand.woff2')).toEqual({ status: 200, text: FONT });
      writeFileSync(join(dir, 'style/brand/brand.css'), '.reveal h1 { color: rgb(7, 8, 9); }\n');
      await expect
        .poll(
          async () => {
            await server.whenIdle();
            return (await get('/_assets/css/brand/brand.css')).text;
          },
          { timeout: 10_000 },
        )
        .toBe('.reveal h1 { color: rgb(7, 8, 9); }\n');
    } finally {
      await server.close();
    }
  });
});
