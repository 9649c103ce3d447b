import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILTIN_THEMES, OWN_THEMES } from '../../src/model.ts';
import { filesBelow, fingerprint, ROOT, runCli, workspaces } from '../helpers/cli.ts';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const spaces = workspaces('pitchdeck-cli');
const cli = (cwd: string, ...args: string[]) => runCli(cwd, args);
const workspace = spaces.make;

const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');

/** The "built <deck page> (N slides)" lines of stdout; other outputs (an index page) may follow them. */
const deckLines = (stdout: string) => stdout.split('\n').filter((line) => / \(\d+ slides?\)$/.test(line));

const GOOD = [
  '---',
  'title: Good deck',
  '---',
  '',
  '# Good',
  '',
  'Note: hello',
  '',
  '---',
  '',
  '## Two',
  '',
  '----',
  '',
  '## Three',
  '',
].join('\n');
const BAD = ['---', 'title: Bad deck', 'theme: white', 'width: "wide"', '---', '', '# Bad', ''].join('\n');
const BAD_MESSAGE =
  'error: slides/bad.md:4: front matter "width": Invalid input: expected number, received string\n' +
  '  Use a whole number of pixels, e.g. "width: 1280".\n';

// bin/pitchdeck.js runs the compiled lib/, which tests/global-setup.ts compiles once from src/.

afterEach(() => spaces.cleanup());

describe('pitchdeck --version and --help', () => {
  it('prints the package version', () => {
    for (const flag of ['--version', '-v']) {
      expect(cli(ROOT, flag)).toEqual({ status: 0, stdout: `${VERSION}\n`, stderr: '' });
    }
  });

  it('prints usage with the build command', () => {
    const run = cli(ROOT, '--help');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Usage: pitchdeck \[options\] \[command\]/);
    expect(run.stdout).toMatch(/^\s+build \[options\] \[paths\.\.\.\]/m);
    expect(run.stdout).toContain('--quiet');
  });

  it('prints the build command usage', () => {
    const run = cli(ROOT, 'build', '--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: pitchdeck build \[options\] \[paths\.\.\.\]/);
    expect(run.stdout).toContain('--out <path>');
  });

  it('exits 1 for an unknown option or command', () => {
    const option = cli(ROOT, 'build', '--frobnicate');
    expect(option.status).toBe(1);
    expect(option.stderr).toContain("unknown option '--frobnicate'");
    expect(cli(ROOT, 'frobnicate')).toEqual({
      status: 1,
      stdout: '',
      stderr:
        'error: frobnicate: no such file, folder or command\n  Commands: build, pdf, pptx, check, serve, init, themes (see pitchdeck --help); or name a .md file or a folder of them.\n',
    });
  });

  it('takes the deck as the default argument, as Marp CLI and reveal-md do', () => {
    const dir = workspace({ 'talk.md': GOOD });
    const run = cli(dir, 'talk.md', '--no-check');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('built dist/talk/index.html (3 slides)');
    expect(existsSync(join(dir, 'dist', 'talk', 'index.html'))).toBe(true);
  });
});

describe('pitchdeck build', () => {
  it('builds a deck into dist/<name>/index.html with the shared reveal.js assets', () => {
    const dir = workspace({ 'slides/talk.md': GOOD });
    const run = cli(dir, 'build', 'slides/talk.md');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(deckLines(run.stdout)).toEqual(['built dist/talk/index.html (3 slides)']);
    const html = read(dir, 'dist/talk/index.html');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<title>Good deck</title>');
    expect(html.match(/<section/g)).toHaveLength(4);
    expect(html).toContain('<aside class="notes"><p> hello</p>');
    expect(html).toContain('<script src="../_assets/reveal/reveal.js"></script>');
    const assets = filesBelow(join(dir, 'dist/_assets'));
    expect(assets).toContain('reveal/reveal.js');
    expect(assets).toContain('reveal/reveal.css');
    expect(assets).toContain('theme/black.css');
    expect(assets).toContain('highlight/monokai.css');
    expect(read(dir, 'dist/_assets/reveal/reveal.js')).toBe(
      readFileSync(join(ROOT, 'node_modules/reveal.js/dist/reveal.js'), 'utf8'),
    );
  });

  it('titles a page after its first heading with HTML entities decoded', () => {
    const dir = workspace({ 'talk.md': '# Ship &mdash; fast &amp; safe &#x2192; now\n\n---\n\n## Two\n' });
    expect(cli(dir, 'build', 'talk.md').status).toBe(0);
    expect(read(dir, 'dist/talk/index.html')).toContain('<title>Ship — fast &amp; safe → now</title>');
  });

  it('builds every deck in slides/ by default', () => {
    const dir = workspace({ 'slides/talk.md': GOOD });
    expect(cli(dir, 'build').status).toBe(0);
    expect(existsSync(join(dir, 'dist/talk/index.html'))).toBe(true);
  });

  it('builds two decks from a folder, in name order, and skips README.md', () => {
    const dir = workspace({
      'decks/b.md': '# B\n\n---\n\n## B2\n',
      'decks/a.md': '# A\n',
      'decks/README.md': '# not a deck\n',
      'decks/notes.txt': 'not a deck',
    });
    const run = cli(dir, 'build', 'decks', '--out', 'site');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(deckLines(run.stdout)).toEqual([
      'built site/a/index.html (1 slide)',
      'built site/b/index.html (2 slides)',
    ]);
    expect(filesBelow(join(dir, 'site')).filter((f) => /^[^/_]+\/index\.html$/.test(f))).toEqual([
      'a/index.html',
      'b/index.html',
    ]);
    expect(read(dir, 'site/b/index.html').match(/<section/g)).toHaveLength(2);
  });

  it('prints nothing on stdout with --quiet, and still builds', () => {
    const dir = workspace({ 'slides/talk.md': GOOD });
    expect(cli(dir, '--quiet', 'build', 'slides/talk.md')).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(cli(dir, 'build', '-q', 'slides/talk.md')).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(existsSync(join(dir, 'dist/talk/index.html'))).toBe(true);
  });

  it('leaves the notes out with --no-notes', () => {
    const dir = workspace({ 'slides/talk.md': GOOD });
    expect(cli(dir, 'build', '--no-notes', 'slides/talk.md').status).toBe(0);
    expect(read(dir, 'dist/talk/index.html')).not.toContain('<aside');
  });

  it('builds a CRLF deck like the LF one', () => {
    const dir = workspace({ 'lf/talk.md': GOOD, 'crlf/talk.md': GOOD.replace(/\n/g, '\r\n') });
    const lf = cli(dir, 'build', 'lf/talk.md', '--out', 'out-lf');
    const crlf = cli(dir, 'build', 'crlf/talk.md', '--out', 'out-crlf');
    expect(crlf.status).toBe(0);
    expect(crlf.stderr).toBe('');
    expect(deckLines(crlf.stdout)).toEqual(['built out-crlf/talk/index.html (3 slides)']);
    expect(lf.status).toBe(0);
    const html = read(dir, 'out-crlf/talk/index.html');
    expect(html).not.toContain('\r');
    expect(html).toBe(read(dir, 'out-lf/talk/index.html'));
  });

  it('copies a relative image that exists beside the deck, keeping its path', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const dir = workspace({
      'slides/talk.md':
        '# Pictures\n\n![logo](img/brand/logo.png)\n\n<!-- .slide: data-background-image="bg.png" -->\n',
      'slides/img/brand/logo.png': png,
      'slides/bg.png': png,
      'slides/img/unused.png': png,
    });
    const run = cli(dir, 'build', 'slides/talk.md');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(filesBelow(join(dir, 'dist/talk'))).toEqual(['bg.png', 'img/brand/logo.png', 'index.html']);
    expect(new Uint8Array(readFileSync(join(dir, 'dist/talk/img/brand/logo.png')))).toEqual(png);
    expect(read(dir, 'dist/talk/index.html')).toContain('<img src="img/brand/logo.png" alt="logo">');
  });

  it('warns on stderr about a missing image and still writes the deck', () => {
    const dir = workspace({ 'slides/talk.md': '# Pictures\n\nText\n\n![gone](missing.png)\n' });
    const run = cli(dir, 'build', 'slides/talk.md');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('slides/talk.md:5: warning: "missing.png" does not exist\n');
    expect(deckLines(run.stdout)).toEqual(['built dist/talk/index.html (1 slide)']);
    expect(existsSync(join(dir, 'dist/talk/index.html'))).toBe(true);
  });

  it('prints warnings, and with --quiet only errors', () => {
    const dir = workspace({ 'slides/talk.md': '---\ncolour: red\n---\n# A\n' });
    const run = cli(dir, 'build', '--no-check', 'slides/talk.md');
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/^slides\/talk\.md:2: warning: unknown front matter key "colour" is ignored/);
    expect(run.stdout).toContain('done: 1 deck, 1 cut, 1 warning\n');
    expect(cli(dir, 'build', '--quiet', '--no-check', 'slides/talk.md')).toEqual({
      status: 0,
      stdout: '',
      stderr: '',
    });
  });

  it("groups each deck's warnings and findings together, in the order the decks are built", () => {
    // A front-matter warning (the build's) and an empty slide (the checks') in each of two decks.
    const deck = '---\ncolour: red\n---\n# A\n\n---\n\n---\n\n## C\n';
    const dir = workspace({ 'slides/a.md': deck, 'slides/b.md': deck });
    const run = cli(dir, 'build', 'slides');
    expect(run.status, run.stderr).toBe(0);
    const files = run.stderr
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => line.split(':')[0]);
    expect(files.filter((f) => f === 'slides/a.md').length).toBeGreaterThanOrEqual(2);
    // Every line of a.md before every line of b.md.
    expect(files).toEqual([...files].sort());
    expect(run.stderr).toContain('[empty-slide]');
  });

  it('colours errors and warnings on a terminal only, and never with NO_COLOR', () => {
    const dir = workspace({ 'slides/talk.md': '---\ncolour: red\n---\n# A\n' });
    const forced = runCli(dir, ['build', '--no-check', 'slides/talk.md'], { env: { FORCE_COLOR: '1' } });
    expect(forced.stderr).toContain('\u001b[33mwarning\u001b[39m:');
    const plain = runCli(dir, ['build', '--no-check', 'slides/talk.md'], { env: { NO_COLOR: '1' } });
    expect(plain.stderr).not.toContain('\u001b[');
  });

  it('leaves out the check rules named with --ignore, and refuses a rule it does not have', () => {
    const dir = workspace({ 'talk.md': '# Title\n\n---\n\nNo heading here.\n' });
    const checked = cli(dir, 'check', 'talk.md', '--ignore', 'no-heading');
    expect(checked.stdout).toBe('checked 1 cut of 1 deck: no problems found\n');
    expect(cli(dir, 'check', 'talk.md').stdout).toContain('[no-heading]');
    expect(cli(dir, 'check', 'talk.md', '--ignore', 'no-headings')).toMatchObject({
      status: 1,
      stderr: expect.stringMatching(/^error: --ignore no-headings: no such rule\n {2}Rules: overflow, /),
    });
  });
});

describe('pitchdeck build themes', () => {
  it('writes every named theme with its fonts, loading nothing from the network', () => {
    const themes = [...BUILTIN_THEMES, ...OWN_THEMES];
    const files = Object.fromEntries(
      themes.map((theme) => [`slides/${theme}.md`, `---\ntheme: ${theme}\n---\n# ${theme}\n`]),
    );
    const dir = workspace(files);
    const run = cli(dir, 'build', '--quiet', 'slides');
    expect(run).toEqual({ status: 0, stdout: '', stderr: '' });
    const assets = join(dir, 'dist/_assets');
    for (const theme of themes) {
      const css = read(assets, `theme/${theme}.css`).replace(/\/\*[\s\S]*?\*\//g, '');
      expect(css, theme).not.toMatch(/@import|https?:\/\//);
      for (const [, url] of css.matchAll(/url\(['"]?\.\.\/([^'")]+)['"]?\)/g)) {
        expect(existsSync(join(assets, url ?? '')), `${theme}: ${url}`).toBe(true);
      }
      expect(read(dir, `dist/${theme}/index.html`)).toContain(
        `href="../_assets/theme/${theme}.css" id="theme"`,
      );
    }
  });
});

describe('pitchdeck build with a bad deck', () => {
  it('exits 1 with file:line on stderr and writes nothing', () => {
    const dir = workspace({ 'slides/bad.md': BAD });
    expect(cli(dir, 'build', 'slides/bad.md')).toEqual({ status: 1, stdout: '', stderr: BAD_MESSAGE });
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });

  it('writes nothing, not even the good decks, when one deck of a folder is bad', () => {
    const dir = workspace({ 'slides/a-good.md': GOOD, 'slides/bad.md': BAD, 'slides/z-good.md': GOOD });
    expect(cli(dir, 'build', 'slides')).toEqual({ status: 1, stdout: '', stderr: BAD_MESSAGE });
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });

  it('leaves an earlier build untouched', () => {
    const dir = workspace({ 'slides/talk.md': GOOD });
    expect(cli(dir, 'build', 'slides').status).toBe(0);
    const before = fingerprint(join(dir, 'dist'));
    expect(Object.keys(before)).toContain('talk/index.html');
    writeFileSync(
      join(dir, 'slides/talk.md'),
      GOOD.replace('title: Good deck', 'title: Changed\ntransition: spin'),
    );
    const run = cli(dir, 'build', 'slides');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^error: slides\/talk\.md:3: front matter "transition": /);
    expect(fingerprint(join(dir, 'dist'))).toEqual(before);
  });

  it('exits 1 naming a file that does not exist', () => {
    const dir = workspace();
    expect(cli(dir, 'build', 'nope.md')).toEqual({
      status: 1,
      stdout: '',
      stderr:
        'error: nope.md: no such file or folder\n  Check the path; pitchdeck builds .md files and folders of them.\n',
    });
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });

  it('exits 1 for an empty deck and for a binary one, naming the file', () => {
    const dir = workspace({
      'empty.md': '',
      'blob.md': new Uint8Array([0x23, 0x20, 0x41, 0x0a, 0x00, 0xff, 0xfe]),
    });
    expect(cli(dir, 'build', 'empty.md')).toEqual({
      status: 1,
      stdout: '',
      stderr: 'error: empty.md: the file is empty\n  Write at least one slide, e.g. "# Title".\n',
    });
    const blob = cli(dir, 'build', 'blob.md');
    expect(blob.status).toBe(1);
    expect(blob.stderr).toMatch(/^error: blob\.md: this is a binary file/);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });

  it('exits 1 when two decks would share an output folder, writing nothing', () => {
    const dir = workspace({ 'a/talk.md': GOOD, 'b/talk.md': GOOD });
    const run = cli(dir, 'build', 'a', 'b');
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      'error: b/talk.md: two decks would both be written to "talk/" (the other is a/talk.md)\n' +
        '  Rename one of them, or build them into different --out folders.\n',
    );
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });

  it('exits 1 naming the template file and line for a broken --templates folder, writing nothing', () => {
    const files: Record<string, string> = { 'slides/talk.md': GOOD };
    for (const sub of ['partials', 'layouts']) {
      for (const name of readdirSync(join(ROOT, 'templates', sub))) {
        files[`tpl/${sub}/${name}`] = readFileSync(join(ROOT, 'templates', sub, name), 'utf8');
      }
    }
    files['tpl/page.hbs'] = '<html>\n<body>\n{{#each stacks}}{{> stack}}{{/if}}\n</body>\n';
    const dir = workspace(files);
    const run = cli(dir, 'build', '--templates', 'tpl', 'slides');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^error: tpl\/page\.hbs:3: template error: each doesn't match if/);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });

  it('takes from a --templates folder only what it holds: a layout of its own and one it replaces', () => {
    const dir = workspace({
      'slides/talk.md': [
        '# Opening',
        '',
        '---',
        '',
        '<!-- .slide: layout="banner" -->',
        '## Launch day',
        '',
        '---',
        '',
        '<!-- .slide: layout="quote" -->',
        '> Less is more.',
        '',
        '---',
        '',
        '<!-- .slide: layout="stat" -->',
        '## 97%',
        '',
        'uptime',
        '',
      ].join('\n'),
      'tpl/layouts/banner.hbs': '<div class="banner">{{{html}}}</div>\n',
      'tpl/layouts/quote.hbs': '<figure class="my-quote">{{{html}}}</figure>\n',
    });
    const run = cli(dir, 'build', '--templates', 'tpl', 'slides', '--no-check', '-q');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const html = read(dir, 'dist/talk/index.html');
    expect(html).toMatch(
      /<section class="pd-layout-banner"[^>]*>\s*<div class="banner">\s*<h2>Launch day<\/h2>/,
    );
    expect(html).toMatch(/<section class="pd-layout-quote"[^>]*>\s*<figure class="my-quote">\s*<blockquote>/);
    // What the folder does not hold is pitchdeck's own: the page, the title and stat layouts.
    expect(html).toContain('<div class="reveal">');
    expect(html).toMatch(/<section class="pd-layout-stat"[^>]*>\s*<div class="pd-stat">/);
    expect(html).toMatch(/<section class="pd-layout-title"/);
  });

  it('exits 1 for an unknown layout, naming its line and every layout there is, the folder’s included', () => {
    const dir = workspace({
      'slides/talk.md': '# Opening\n\n---\n\n<!-- .slide: layout="baner" -->\n## Typo\n',
      'tpl/layouts/banner.hbs': '<div class="banner">{{{html}}}</div>\n',
      'tpl/layouts/wide.hbs': '<div class="wide">{{{html}}}</div>\n',
    });
    const run = cli(dir, 'build', '--templates', 'tpl', 'slides');
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      'error: slides/talk.md:5: unknown layout "baner"\n' +
        '  Use one of: title, section, default, two-column, quote, stat, full-image, banner, wide.\n',
    );
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });

  it('exits 1 for a --templates folder that does not exist or holds no template', () => {
    const dir = workspace({ 'slides/talk.md': GOOD, 'empty/notes.txt': 'x' });
    for (const [folder, message] of [
      ['missing', 'no such templates folder'],
      ['empty', 'the templates folder holds no template'],
    ]) {
      const run = cli(dir, 'build', '--templates', folder ?? '', 'slides');
      expect(run.status).toBe(1);
      expect(run.stderr.split('\n')[0]).toBe(`error: ${folder}: ${message}`);
    }
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });

  it('exits 1 for a folder without decks', () => {
    const dir = workspace({ 'empty/readme.txt': 'x' });
    const run = cli(dir, 'build', 'empty');
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      'error: empty: this folder has no Markdown decks\n  Add a .md file, or name the deck files to build.\n',
    );
  });
});

describe('temporary files', () => {
  it('never leaves *.tmp files behind, after good and failed builds', () => {
    const dir = workspace({
      'slides/talk.md': `${GOOD}\n![logo](logo.png)\n`,
      'slides/logo.png': 'png',
      'other/bad.md': BAD,
    });
    expect(cli(dir, 'build', 'slides').status).toBe(0);
    expect(cli(dir, 'build', 'slides').status).toBe(0);
    expect(cli(dir, 'build', 'other', '--out', 'dist').status).toBe(1);
    const all = filesBelow(dir);
    expect(all).toContain('dist/talk/logo.png');
    expect(all.filter((f) => f.endsWith('.tmp') || f.includes('.tmp'))).toEqual([]);
  });
});

describe('pitchdeck without a usable browser', () => {
  it('exits 2 with a one-line hint when PUPPETEER_EXECUTABLE_PATH names no executable', () => {
    const dir = workspace({ 'talk.md': '# Only slide\n' });
    const run = runCli(dir, ['pdf', 'talk.md'], {
      env: { PUPPETEER_EXECUTABLE_PATH: join(dir, 'no-chrome') },
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `error: PUPPETEER_EXECUTABLE_PATH names "${join(dir, 'no-chrome')}", which is not an executable\n` +
        '  Point it at a Chrome or Chromium executable, or unset it to let pitchdeck look for one.\n',
    );
    expect(existsSync(join(dir, 'dist', 'talk', 'talk.pdf'))).toBe(false);
  });
});

describe('pitchdeck build and symlinks', () => {
  it('does not copy a file a symlink in the deck folder points outside at', () => {
    const outside = workspace({ 'secret.png': 'not for dist' });
    const dir = workspace({ 'talk.md': '# Slide\n\n![x](leak.png)\n' });
    symlinkSync(join(outside, 'secret.png'), join(dir, 'leak.png'));
    const run = cli(dir, 'build', 'talk.md', '--no-check');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(
      'talk.md:3: warning: "leak.png" is outside the deck\'s folder and is not copied\n',
    );
    expect(existsSync(join(dir, 'dist', 'talk', 'leak.png'))).toBe(false);
  });
});
