import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { filesBelow, fingerprint, ROOT, runCli, workspaces } from '../helpers/cli.ts';

const spaces = workspaces('pitchdeck-init');
afterEach(() => spaces.cleanup());

const starter = (path: string) => readFileSync(join(ROOT, 'templates', 'starter', path), 'utf8');

describe('pitchdeck init', () => {
  it('writes a starter deck and a config, says what to run next, and the deck passes check --strict', () => {
    const dir = spaces.make();
    const run = runCli(dir, ['init', 'my talk']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      [
        'wrote my talk/pitchdeck.config.yaml',
        'wrote my talk/slides/pitch.md',
        "next: cd 'my talk' && npx pitchdeck serve slides/pitch.md   (present it, rebuilt as you save)",
        "      cd 'my talk' && npx pitchdeck build --pdf   (dist/: every audience's page and PDF)",
        '',
      ].join('\n'),
    );
    const project = join(dir, 'my talk');
    expect(filesBelow(project)).toEqual(['pitchdeck.config.yaml', 'slides/pitch.md']);
    const deck = readFileSync(join(project, 'slides', 'pitch.md'), 'utf8');
    expect(deck).toBe(starter('slides/pitch.md'));
    // What it promises: audiences, speaker notes, a chart with its data inline.
    expect(deck).toMatch(/^audiences:$/m);
    expect(deck).toMatch(/^Note:$/m);
    expect(deck).toMatch(/^```chart\ndata:\n {2}values:/m);

    // Run from the project, as the printed command says: the config file is found and applied.
    const check = runCli(project, ['check', '--strict', 'slides/pitch.md']);
    expect(check.stderr).toBe('');
    expect(check.stdout).toBe('checked 2 cuts of 1 deck: no problems found\n');
    expect(check.status).toBe(0);
    const build = runCli(project, ['build', '--strict', '-q']);
    expect(build.stderr).toBe('');
    expect(build.status).toBe(0);
    const investors = readFileSync(join(project, 'dist', 'pitch', 'investors', 'index.html'), 'utf8');
    expect(investors).toContain('href="../../_assets/theme/pitch.css"');
    expect(investors).toContain('<svg');
    expect(investors).toContain('<aside class="notes">');
    const customers = readFileSync(join(project, 'dist', 'pitch', 'customers', 'index.html'), 'utf8');
    expect(customers).not.toContain('<aside class="notes">');
    expect(customers).not.toContain('<svg');
  });

  it('writes into the folder it runs in by default, and then prints the commands without cd', () => {
    const dir = spaces.make();
    const run = runCli(dir, ['init']);
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n').slice(2, 3)).toEqual([
      'next: npx pitchdeck serve slides/pitch.md   (present it, rebuilt as you save)',
    ]);
    expect(filesBelow(dir)).toEqual(['pitchdeck.config.yaml', 'slides/pitch.md']);
  });

  it('refuses to overwrite, naming the files that exist, and writes nothing (exit 1)', () => {
    const dir = spaces.make({ 'talk/slides/pitch.md': '# Mine\n' });
    const before = fingerprint(dir);
    const run = runCli(dir, ['init', 'talk']);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'error: talk/slides/pitch.md already exists; nothing was written\n' +
        '  pitchdeck init never replaces a file: start in another folder (pitchdeck init my-talk), or move them away.\n',
    );
    expect(fingerprint(dir)).toEqual(before);

    writeFileSync(join(dir, 'talk', 'pitchdeck.config.yaml'), 'theme: white\n');
    const again = runCli(dir, ['init', 'talk']);
    expect(again.status).toBe(1);
    expect(again.stderr.split('\n')[0]).toBe(
      'error: talk/pitchdeck.config.yaml and talk/slides/pitch.md already exist; nothing was written',
    );
  });
});
