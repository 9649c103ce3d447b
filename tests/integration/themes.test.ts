import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { THEME_LOOKS } from '../../src/cli/themes-command.ts';
import { pictureTheme } from '../../src/deck/fences/picture-theme.ts';
import { BUILTIN_THEMES, OWN_THEMES } from '../../src/model.ts';
import { loadThemeStylesheet } from '../../src/read/theme-stylesheets.ts';
import { runCli, workspaces } from '../helpers/cli.ts';

const spaces = workspaces('pitchdeck-themes');
afterEach(() => spaces.cleanup());

const THEMES = [...BUILTIN_THEMES, ...OWN_THEMES];

describe('pitchdeck themes', () => {
  it('lists every theme a deck can name, one line each with its look', () => {
    const run = runCli(spaces.make(), ['themes']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.map((l) => l.split(/\s+/)[0]).sort()).toEqual([...THEMES].sort());
    for (const line of lines) expect(line).toMatch(/^[a-z-]+ +(light|dark): \S.{10,}$/);
    expect(lines).toContain(`pitch           ${THEME_LOOKS.pitch}`);
  });

  it('says dark or light as the theme’s own background colour does', async () => {
    for (const name of THEMES) {
      const { css } = await loadThemeStylesheet(name);
      const dark = pictureTheme(css, () => undefined).dark;
      expect(`${name}: ${THEME_LOOKS[name].split(':')[0]}`).toBe(`${name}: ${dark ? 'dark' : 'light'}`);
    }
  });

  it('builds a gallery with --preview: a deck per theme and a page framing each, nothing from the network', () => {
    const dir = spaces.make();
    const run = runCli(dir, ['themes', '--preview', '-o', 'gallery']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(
      `built gallery/index.html (${THEMES.length} themes): open it in a browser`,
    );
    const index = readFileSync(join(dir, 'gallery', 'index.html'), 'utf8');
    const frames = [...index.matchAll(/<iframe src="([^"]+)"/g)].map((m) => m[1]);
    expect(frames.sort()).toEqual(THEMES.map((t) => `${t}/index.html`).sort());
    for (const theme of THEMES) {
      const page = readFileSync(join(dir, 'gallery', theme, 'index.html'), 'utf8');
      expect(page).toContain(`<link rel="stylesheet" href="../_assets/theme/${theme}.css" id="theme">`);
      expect(existsSync(join(dir, 'gallery', '_assets', 'theme', `${theme}.css`))).toBe(true);
      expect(index).toContain(`<code>${theme}</code></a> ${THEME_LOOKS[theme].replace(/'/g, '&#x27;')}`);
    }
    // Offline: no page or stylesheet of the gallery loads anything from the network.
    expect(index).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('builds the gallery below the output folder a config file names, not over its index', () => {
    const dir = spaces.make({ 'pitchdeck.config.yaml': 'out: public\n' });
    const run = runCli(dir, ['themes', '--preview']);
    expect(run.status, run.stderr).toBe(0);
    expect(existsSync(join(dir, 'public', 'themes', 'index.html'))).toBe(true);
    expect(existsSync(join(dir, 'public', 'index.html'))).toBe(false);
  });

  it('refuses a file for the gallery’s folder', () => {
    const dir = spaces.make();
    const run = runCli(dir, ['themes', '--preview', '-o', 'gallery.html']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      'error: -o gallery.html: the gallery is a folder of decks, not one file\n  Name a folder, e.g. -o dist/themes.\n',
    );
    expect(existsSync(join(dir, 'gallery.html'))).toBe(false);
  });
});
