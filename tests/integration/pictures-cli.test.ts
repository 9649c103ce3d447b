/**
 * Pictures through the real CLI: what needs a browser and what does not, and the picture cache that
 * lets a rebuild draw only what changed. A browser path that does not exist proves that a run did not
 * need one.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, workspaces } from '../helpers/cli.ts';

const spaces = workspaces('pitchdeck-pictures');
afterEach(() => spaces.cleanup());

const DIAGRAM = ['```mermaid', 'flowchart LR', '  A[One Phoenix app] --> B[API server]', '```'].join('\n');
const CHART = [
  '```chart',
  'data: { url: sales.csv }',
  'mark: bar',
  'encoding:',
  '  x: { field: month, type: nominal }',
  '  y: { field: sales, type: quantitative }',
  '```',
].join('\n');
const NO_BROWSER = { PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chromium' };

/** Every file in a cache folder. */
const cached = (dir: string): string[] =>
  readdirSync(join(dir, 'pictures'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);

describe('pictures in `pitchdeck build`', () => {
  it('draws charts and typesets maths without a browser', () => {
    const dir = spaces.make({
      'deck.md': `# Sales $x^2$\n\n${CHART}\n`,
      'sales.csv': 'month,sales\nJanuary,10\nFebruary,14\n',
    });
    const run = runCli(dir, ['build', 'deck.md', '--no-check', '-q'], {
      env: { ...NO_BROWSER, PITCHDECK_CACHE_DIR: join(dir, 'cache') },
    });
    expect(run).toMatchObject({ status: 0, stderr: '' });
    const page = readFileSync(join(dir, 'dist', 'deck', 'index.html'), 'utf8');
    expect(page).toContain('>January</text>');
    expect(page).toContain('class="katex"');
    // The data the chart was drawn from goes along, as any file the deck links.
    expect(readFileSync(join(dir, 'dist', 'deck', 'sales.csv'), 'utf8')).toContain('January');
  });

  it('draws diagrams in a browser once, then from the cache; a changed diagram needs the browser again', () => {
    const dir = spaces.make({
      'deck.md': `# Parts\n\n${DIAGRAM}\n\n${CHART}\n`,
      'sales.csv': 'month,sales\nJanuary,10\n',
    });
    const cache = { PITCHDECK_CACHE_DIR: join(dir, 'cache') };
    expect(runCli(dir, ['build', 'deck.md', '--no-check', '-q'], { env: cache })).toMatchObject({
      status: 0,
    });
    const first = readFileSync(join(dir, 'dist', 'deck', 'index.html'), 'utf8');
    // Labels as SVG text, a word to a tspan.
    expect(first).toMatch(
      /<text[^>]*>(<tspan[^>]*>)+One<\/tspan><tspan[^>]*> Phoenix<\/tspan><tspan[^>]*> app<\/tspan>/,
    );
    expect(cached(join(dir, 'cache'))).toHaveLength(2);

    // Nothing changed: no browser is needed, and the page is the same.
    expect(
      runCli(dir, ['build', 'deck.md', '--no-check', '-q'], { env: { ...cache, ...NO_BROWSER } }),
    ).toMatchObject({
      status: 0,
    });
    expect(readFileSync(join(dir, 'dist', 'deck', 'index.html'), 'utf8')).toBe(first);

    // The chart's data changed: it is drawn again, in Node; the diagram still comes from the cache.
    writeFileSync(join(dir, 'sales.csv'), 'month,sales\nMarch,12\n');
    expect(
      runCli(dir, ['build', 'deck.md', '--no-check', '-q'], { env: { ...cache, ...NO_BROWSER } }),
    ).toMatchObject({
      status: 0,
    });
    expect(readFileSync(join(dir, 'dist', 'deck', 'index.html'), 'utf8')).toContain('>March</text>');

    // The diagram changed: it needs the browser, and says so.
    writeFileSync(join(dir, 'deck.md'), `# Parts\n\n${DIAGRAM.replace('API server', 'Frontend build')}\n`);
    const run = runCli(dir, ['build', 'deck.md', '--no-check', '-q'], { env: { ...cache, ...NO_BROWSER } });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('/nonexistent/chromium');
  });

  it('keeps no cache when PITCHDECK_CACHE_DIR is empty', () => {
    const dir = spaces.make({ 'deck.md': `# Parts\n\n${DIAGRAM}\n` });
    expect(
      runCli(dir, ['build', 'deck.md', '--no-check', '-q'], { env: { PITCHDECK_CACHE_DIR: '' } }),
    ).toMatchObject({
      status: 0,
    });
    const run = runCli(dir, ['build', 'deck.md', '--no-check', '-q'], {
      env: { PITCHDECK_CACHE_DIR: '', ...NO_BROWSER },
    });
    expect(run.status).toBe(2);
  });

  it('fails on a diagram Mermaid cannot parse, naming its fence, and writes nothing', () => {
    const dir = spaces.make({ 'deck.md': '# Parts\n\n```mermaid\nflowchart LR\n  A[One --> \n```\n' });
    const run = runCli(dir, ['build', 'deck.md', '--no-check'], {
      env: { PITCHDECK_CACHE_DIR: join(dir, 'cache') },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^error: deck\.md:3: Mermaid cannot draw this diagram: Parse error on line \d+: Expecting /,
    );
    expect(readdirSync(dir)).toEqual(['deck.md']);
  });
});
