/**
 * Config files through the real CLI: found from the deck's folder upward, deck defaults below the front
 * matter, command-line defaults below the flags, reveal-md's files below both, and mistakes named with
 * file:line like front matter's.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, workspaces } from '../helpers/cli.ts';

const spaces = workspaces('pitchdeck-config');
afterEach(() => spaces.cleanup());

const build = (dir: string, ...args: string[]) => runCli(dir, ['build', ...args, '--no-check', '-q']);
const page = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');
describe('config files', () => {
  it('takes deck and command-line defaults from pitchdeck.config.yaml above the deck', () => {
    const dir = spaces.make({
      'pitchdeck.config.yaml': 'theme: white\ntransition: fade\nout: public\n',
      'slides/talk.md': '# Talk\n',
    });
    expect(build(dir, 'slides/talk.md').status).toBe(0);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
    const html = page(dir, 'public/talk/index.html');
    expect(html).toContain('_assets/theme/white.css');
    expect(html).toContain('"transition":"fade"');
  });

  it('ranks a flag over the front matter, the front matter over the config, the config over reveal-md files', () => {
    const dir = spaces.make({
      'pitchdeck.config.yaml': 'theme: white\nhighlightTheme: github\n',
      'slides/reveal-md.json': '{ "theme": "sky", "highlightTheme": "a11y-dark", "separator": "^<!--s-->$" }',
      'slides/reveal.json': '{ "controls": false, "progress": false }',
      'slides/talk.md':
        '---\ntheme: serif\nrevealOptions: { progress: true }\n---\n# One\n<!--s-->\n## Two\n',
    });
    expect(build(dir, 'slides/talk.md').status).toBe(0);
    const html = page(dir, 'dist/talk/index.html');
    // Front matter over config: serif.
    expect(html).toContain('_assets/theme/serif.css');
    // Config over reveal-md.json: github, not a11y-dark.
    expect(html).toContain('_assets/highlight/github.css');
    // reveal-md.json's separator, where nothing else sets one: two slides.
    expect(html.match(/<section /g)?.length).toBe(2);
    // reveal.json's options, the front matter's winning key by key.
    expect(html).toContain('"controls":false');
    expect(html).toContain('"progress":true');
    // A flag over everything.
    expect(build(dir, 'slides/talk.md', '--theme', 'moon').status).toBe(0);
    expect(page(dir, 'dist/talk/index.html')).toContain('_assets/theme/moon.css');
  });

  it('reads .pitchdeckrc, a "pitchdeck" key in package.json, and pitchdeck.config.mjs', () => {
    const rc = spaces.make({ '.pitchdeckrc': 'theme: beige\n', 'talk.md': '# Talk\n' });
    expect(build(rc, 'talk.md').status).toBe(0);
    expect(page(rc, 'dist/talk/index.html')).toContain('theme/beige.css');
    const pkg = spaces.make({
      'package.json': '{ "name": "x", "pitchdeck": { "theme": "league" } }',
      'talk.md': '# Talk\n',
    });
    expect(build(pkg, 'talk.md').status).toBe(0);
    expect(page(pkg, 'dist/talk/index.html')).toContain('theme/league.css');
    const mjs = spaces.make({
      'pitchdeck.config.mjs': "export default { theme: 'night', out: 'site' };\n",
      'talk.md': '# Talk\n',
    });
    expect(build(mjs, 'talk.md').status).toBe(0);
    expect(page(mjs, 'site/talk/index.html')).toContain('theme/night.css');
  });

  it('names the file and line of a wrong value or an unknown key, and writes nothing', () => {
    const wrong = spaces.make({
      'pitchdeck.config.yaml': 'theme: white\ntransition: sideways\n',
      'talk.md': '# Talk\n',
    });
    const run = build(wrong, 'talk.md');
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      'error: pitchdeck.config.yaml:2: "transition": Invalid option: expected one of "none"|"fade"|"slide"|"convex"|"concave"|"zoom"\n' +
        '  Use one of: none, fade, slide, convex, concave, zoom.\n',
    );
    expect(existsSync(join(wrong, 'dist'))).toBe(false);
    const unknown = spaces.make({
      'pitchdeck.config.yml': 'theme: white\ncolour: blue\n',
      'talk.md': '# Talk\n',
    });
    const second = build(unknown, 'talk.md');
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(
      /^error: pitchdeck\.config\.yml:2: unknown key "colour"\n {2}Deck keys: title, /,
    );
    const cliWrong = spaces.make({
      'pitchdeck.config.json': '{\n  "timeout": "soon"\n}\n',
      'talk.md': '# Talk\n',
    });
    const third = build(cliWrong, 'talk.md');
    expect(third.status).toBe(1);
    expect(third.stderr).toMatch(
      /^error: pitchdeck\.config\.json:2: "timeout": Invalid input: expected number/,
    );
    // Bounded as the flag is, and named at its line.
    const tooLong = spaces.make({
      'pitchdeck.config.yaml': 'out: site\ntimeout: 1000000000\n',
      'talk.md': '# Talk\n',
    });
    const fourth = build(tooLong, 'talk.md');
    expect(fourth.status).toBe(1);
    expect(fourth.stderr).toMatch(/^error: pitchdeck\.config\.yaml:2: "timeout": /);
  });

  it("names the config file's line when its browserPath is no browser, as it names --browser-path", () => {
    const dir = spaces.make({
      'pitchdeck.config.yaml': 'theme: white\nbrowserPath: ./no-chrome\n',
      'talk.md': '# Talk\n',
    });
    const run = runCli(dir, ['pdf', 'talk.md', '-q']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'error: browserPath in pitchdeck.config.yaml:2 names "./no-chrome", which is not an executable\n' +
        '  Point it at a Chrome or Chromium executable, or remove it from that file to let pitchdeck look for one.\n',
    );
    expect(existsSync(join(dir, 'dist'))).toBe(false);
    // A flag given beside it wins, and is named as the flag.
    const flagged = runCli(dir, ['pdf', 'talk.md', '-q', '--browser-path', './other']);
    expect(flagged.status).toBe(2);
    expect(flagged.stderr).toMatch(/^error: --browser-path names "\.\/other", which is not an executable\n/);
  });
});
