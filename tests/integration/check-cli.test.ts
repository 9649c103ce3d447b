/**
 * `pitchdeck check` and the checks of `pitchdeck build`, through the real CLI (`node bin/pitchdeck.js`) in a
 * temporary folder: exit codes, the text and `--json` output, and what is (not) written.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { processesOf } from '../helpers/processes.ts';

const BIN = join(fileURLToPath(new URL('../../', import.meta.url)), 'bin', 'pitchdeck.js');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

const folders: string[] = [];

afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder with the given files, and a TMPDIR of its own to see what the CLI leaves behind. */
function workspace(files: Record<string, string>): { dir: string; tmp: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pitchdeck-check-cli-'));
  folders.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  const tmp = join(dir, '.tmp');
  mkdirSync(tmp);
  return { dir, tmp };
}

function cli(where: { dir: string; tmp: string }, args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: where.dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', TMPDIR: where.tmp, ...env },
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Nothing of the run is left: no temporary build, and no Chromium using the run's temporary folder. */
function expectNothingLeft(where: { tmp: string }): void {
  // Chromium's own singleton folder, which it removes when it exits in order, is left when a loaded
  // machine kills it while it starts: Chromium's doing, not a file of the run.
  expect(readdirSync(where.tmp).filter((f) => !f.startsWith('org.chromium.Chromium.'))).toEqual([]);
  expect(processesOf(where.tmp)).toEqual([]);
}

const CLEAN = [
  '---',
  'title: Clean',
  'theme: white',
  '---',
  '',
  '# Clean',
  '',
  '---',
  '',
  '## Fine',
  '',
  'Text.',
  '',
];
/** Line 10: a slide without a heading (a warning). */
const WARNING = ['---', 'title: Warn', 'theme: white', '---', '', '# Warn', '', '---', '', 'No heading.', ''];
/** Line 12: a missing picture (an error). */
const ERROR = [
  '---',
  'title: Err',
  'theme: white',
  '---',
  '',
  '# Err',
  '',
  '---',
  '',
  '## Picture',
  '',
  '![gone](gone.png)',
  '',
];

/** A path that is no browser: the check cannot run. */
const NO_BROWSER = { PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chromium' };

describe('pitchdeck check', () => {
  it('exits 0 on a clean deck and writes nothing', () => {
    const w = workspace({ 'slides/clean.md': CLEAN.join('\n') });
    expect(cli(w, ['check'])).toEqual({
      status: 0,
      stdout: 'checked 1 cut of 1 deck: no problems found\n',
      stderr: '',
    });
    expect(existsSync(join(w.dir, 'dist'))).toBe(false);
    expectNothingLeft(w);
  });

  it('exits 0 on warnings, and 1 on warnings with --strict', () => {
    const w = workspace({ 'warn.md': WARNING.join('\n') });
    const line =
      'warn.md:10: warning: slide 2 has no heading: the PDF outline and the slide overview cannot name it; start it with "## Title" [no-heading]\n';
    expect(cli(w, ['check', 'warn.md'])).toEqual({
      status: 0,
      stdout: `${line}checked 1 cut of 1 deck: 0 errors, 1 warning\n`,
      stderr: '',
    });
    expect(cli(w, ['check', 'warn.md', '--strict']).status).toBe(1);
    expect(cli(w, ['-q', 'check', 'warn.md', '--strict'])).toEqual({ status: 1, stdout: line, stderr: '' });
  });

  it('exits 1 on an error, naming file:line, severity, slide and rule', () => {
    const w = workspace({ 'err.md': ERROR.join('\n') });
    expect(cli(w, ['check', 'err.md'])).toEqual({
      status: 1,
      stdout:
        'err.md:12: error: slide 2 "Picture": "gone.png" does not exist [missing-asset]\n' +
        'checked 1 cut of 1 deck: 1 error, 0 warnings\n',
      stderr: '',
    });
  });

  it('prints only a JSON array of findings with --json', () => {
    const w = workspace({ 'err.md': ERROR.join('\n'), 'warn.md': WARNING.join('\n') });
    const run = cli(w, ['check', 'err.md', 'warn.md', '--json']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([
      {
        file: 'err.md',
        line: 12,
        slide: { h: 1, v: 0 },
        audience: null,
        rule: 'missing-asset',
        severity: 'error',
        message: 'slide 2 "Picture": "gone.png" does not exist',
      },
      {
        file: 'warn.md',
        line: 10,
        slide: { h: 1, v: 0 },
        audience: null,
        rule: 'no-heading',
        severity: 'warning',
        message:
          'slide 2 has no heading: the PDF outline and the slide overview cannot name it; start it with "## Title"',
      },
    ]);
    expect(JSON.parse(cli(w, ['check', 'slides/../warn.md', '--json']).stdout)).toHaveLength(1);
  });

  it('prints [] and exits 0 with --json on a clean deck', () => {
    const w = workspace({ 'clean.md': CLEAN.join('\n') });
    expect(cli(w, ['check', 'clean.md', '--json'])).toEqual({ status: 0, stdout: '[]\n', stderr: '' });
  });

  it('checks every audience cut, or those named, and says which', () => {
    const deck = [
      '---',
      'theme: white',
      'audiences: { founders: {}, cto: {} }',
      '---',
      '',
      '# Deck',
      '',
      '---',
      '',
      '<!-- .slide: data-audience="cto" -->',
      '',
      'Only the CTO sees this, with no heading.',
      '',
    ].join('\n');
    const w = workspace({ 'cut.md': deck });
    const all = cli(w, ['check', 'cut.md']);
    expect(all.stdout).toBe(
      'cut.md:10: warning: slide 2 has no heading: the PDF outline and the slide overview cannot name it; start it with "## Title" (audience: cto) [no-heading]\n' +
        'checked 2 cuts of 1 deck: 0 errors, 1 warning\n',
    );
    expect(JSON.parse(cli(w, ['check', 'cut.md', '--json']).stdout)[0]).toMatchObject({ audience: 'cto' });
    expect(cli(w, ['check', 'cut.md', '--audience', 'founders'])).toEqual({
      status: 0,
      stdout: 'checked 1 cut of 1 deck: no problems found\n',
      stderr: '',
    });
  });

  it('exits 1 with file:line for a deck that does not build, and says so in JSON with --json', () => {
    const w = workspace({ 'bad.md': '---\nwidth: wide\n---\n# Bad\n' });
    const run = cli(w, ['check', 'bad.md', '--json']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^error: bad\.md:2: front matter "width"/);
    // JSON even so, for whoever reads stdout: the deck's error as an error entry.
    expect(JSON.parse(run.stdout)).toEqual([
      {
        file: 'bad.md',
        line: 2,
        slide: null,
        audience: null,
        rule: 'front-matter-type',
        severity: 'error',
        message: 'front matter "width": Invalid input: expected number, received string',
        hint: 'Use a whole number of pixels, e.g. "width: 1280".',
      },
    ]);
    expect(cli(w, ['check', 'bad.md']).stdout).toBe('');
  });

  it('exits 2 when the check cannot run for want of a browser, leaving nothing behind', () => {
    const w = workspace({ 'clean.md': CLEAN.join('\n') });
    const run = cli(w, ['check', 'clean.md', '--json'], NO_BROWSER);
    expect(run.status).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual([
      expect.objectContaining({
        rule: 'environment',
        severity: 'error',
        message: expect.stringContaining('/nonexistent/chromium'),
      }),
    ]);
    expect(run.stderr).toContain('/nonexistent/chromium');
    expectNothingLeft(w);
  });
});

describe('pitchdeck build checks', () => {
  it('prints findings as warnings and builds anyway; the missing file once', () => {
    const w = workspace({ 'warn.md': WARNING.join('\n'), 'err.md': ERROR.join('\n') });
    const run = cli(w, ['build', 'err.md', 'warn.md']);
    expect(run).toMatchObject({
      status: 0,
      stderr:
        'err.md:12: warning: "gone.png" does not exist\n' +
        'warn.md:10: warning: slide 2 has no heading: the PDF outline and the slide overview cannot name it; start it with "## Title" [no-heading]\n',
    });
    expect(run.stdout.split('\n').at(-2)).toBe('done: 2 decks, 2 cuts, 2 warnings');
    expect(existsSync(join(w.dir, 'dist/warn/index.html'))).toBe(true);
    // -q prints errors only: no warnings, no findings.
    expect(cli(w, ['build', 'err.md', 'warn.md', '-q'])).toEqual({ status: 0, stdout: '', stderr: '' });
    expectNothingLeft(w);
  });

  it('prints nothing with --no-check', () => {
    const w = workspace({ 'warn.md': WARNING.join('\n') });
    expect(cli(w, ['build', 'warn.md', '-q', '--no-check'])).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('refuses --strict with --no-check', () => {
    const w = workspace({ 'clean.md': CLEAN.join('\n') });
    expect(cli(w, ['build', 'clean.md', '--strict', '--no-check'])).toEqual({
      status: 1,
      stdout: '',
      stderr:
        'error: --strict fails the build on what the checks find; not with --no-check\n  Drop one of the two.\n',
    });
    expect(existsSync(join(w.dir, 'dist'))).toBe(false);
  });

  it('fails with --strict before anything is written, and builds a clean deck', () => {
    const w = workspace({ 'warn.md': WARNING.join('\n'), 'clean.md': CLEAN.join('\n') });
    const run = cli(w, ['build', 'warn.md', 'clean.md', '--strict']);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'warn.md:10: warning: slide 2 has no heading: the PDF outline and the slide overview cannot name it; start it with "## Title" [no-heading]\n' +
        'error: 0 errors, 1 warning (--strict): nothing was written\n' +
        '  Fix them, or build without --strict to write the decks anyway.\n',
    );
    expect(existsSync(join(w.dir, 'dist'))).toBe(false);
    expectNothingLeft(w);
    const clean = cli(w, ['build', 'clean.md', '--strict', '-q']);
    expect(clean).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(existsSync(join(w.dir, 'dist/clean/index.html'))).toBe(true);
  });

  it('builds without a browser, saying the slides were not laid out; --strict then exits 2', () => {
    const w = workspace({ 'clean.md': CLEAN.join('\n') });
    const run = cli(w, ['build', 'clean.md', '-q'], NO_BROWSER);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(
      /^warning: slides not checked for overflow and readability: .*\/nonexistent\/chromium/,
    );
    expect(existsSync(join(w.dir, 'dist/clean/index.html'))).toBe(true);
    rmSync(join(w.dir, 'dist'), { recursive: true });
    expect(cli(w, ['build', 'clean.md', '--strict'], NO_BROWSER).status).toBe(2);
    expect(existsSync(join(w.dir, 'dist'))).toBe(false);
  });

  it('fails --strict on every warning of the build, in build and check: nothing is written', () => {
    const deck = [
      '---',
      'title: Warned',
      'colour: blue',
      'theme: mytheme',
      '---',
      '# Warned',
      '',
      '```js',
      'open();',
      '',
    ].join('\n');
    const w = workspace({ 'warned.md': deck });
    const warnings =
      'warned.md:8: warning: this code fence is never closed; the separators after it still split slides\n' +
      'warned.md:3: warning: unknown front matter key "colour" is ignored';
    const built = cli(w, ['build', 'warned.md', '--strict']);
    expect(built.status).toBe(1);
    expect(built.stdout).toBe('');
    expect(built.stderr).toContain(warnings);
    expect(built.stderr).toContain('warned.md:4: warning: theme "mytheme" is not a named theme');
    expect(built.stderr).toContain('error: 0 errors, 3 warnings (--strict): nothing was written\n');
    expect(existsSync(join(w.dir, 'dist'))).toBe(false);
    const checked = cli(w, ['check', 'warned.md', '--strict']);
    expect(checked.status).toBe(1);
    expect(checked.stdout).toBe('checked 1 cut of 1 deck: 0 errors, 3 warnings\n');
    expect(checked.stderr).toContain(warnings);
    // Without --strict, warnings alone pass.
    expect(cli(w, ['check', 'warned.md']).status).toBe(0);
    expectNothingLeft(w);
  });
});
