/**
 * The library example of the README runs as written: it is taken from README.md, pointed at this
 * checkout's compiled lib/ instead of the installed package, and run with Node in an empty folder.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { ROOT, workspaces } from '../helpers/cli.ts';

const spaces = workspaces('pitchdeck-readme');
afterEach(() => spaces.cleanup());

it("runs the README's library example as written", () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## The library'));
  const example = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!example) throw new Error('README.md has no ```ts example under "## The library"');
  const lib = pathToFileURL(join(ROOT, 'lib', 'index.js')).href;
  const dir = spaces.make({
    'talk.md': '# Talk\n\n---\n\n## Two\n',
    'example.mjs': example.replace("'pitchdeck'", `'${lib}'`),
  });
  const run = spawnSync(process.execPath, ['example.mjs'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  expect(run.status, run.stderr).toBe(0);
  const [first, second] = run.stdout.trim().split('\n');
  expect(first).toBe(`${join(dir, 'dist', 'talk', 'index.html')} 2`);
  expect(Number(second)).toBeGreaterThan(1000);
  expect(existsSync(join(dir, 'dist', 'talk', 'index.html'))).toBe(true);
});
