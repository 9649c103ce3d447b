import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PictureTheme } from '../../src/deck/fences/fence.ts';
import type { BuildInputs, FileInfo, PackageResources } from '../../src/plan/build-plan.ts';
import { planBuild } from '../../src/plan/plan-build.ts';
import { loadTemplateSources } from '../../src/read/load-templates.ts';
import { compileTemplates, type Templates } from '../../src/render/templates.ts';
import { deckErrorOfAsync } from '../helpers/deck-error.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let templates: Templates;

beforeAll(async () => {
  templates = compileTemplates(await loadTemplateSources(join(ROOT, 'templates'), ROOT));
});

const resources: PackageResources = {
  revealDist: '/pkg/reveal',
  highlightStyles: '/pkg/styles',
  highlightThemes: new Set(['monokai']),
  stylesDir: '/pkg/templates/styles',
  loadTheme: async (name) => ({
    css: `:root { --r-background-color: #112233; --r-main-color: #fafafa; --r-link-color: #ffcc00; --r-main-font: Lato, sans-serif; }
@font-face { font-family: Lato; font-weight: 400; src: url('../fonts/lato/lato-400.woff2') format('woff2'); }`,
    files: [{ from: `/pkg/fonts/${name}/lato-400.woff2`, to: 'fonts/lato/lato-400.woff2' }],
  }),
  loadMaths: async () => ({
    css: '.katex { font: 1.21em KaTeX_Main; }',
    files: [
      { from: '/pkg/katex/fonts/KaTeX_Main-Regular.woff2', to: 'katex/fonts/KaTeX_Main-Regular.woff2' },
    ],
  }),
};

const file = (real: string): FileInfo => ({ kind: 'file', real });

/** A disk of real paths and texts: what is at a path, and the text of each real file. */
function disk(entries: Record<string, FileInfo>, texts: Record<string, string>) {
  return {
    stat: (path: string): FileInfo => entries[path] ?? { kind: 'missing' },
    readText: (path: string): string | undefined => texts[path],
  };
}

function inputs(
  text: string,
  entries: Record<string, FileInfo> = {},
  texts: Record<string, string> = {},
): BuildInputs {
  return {
    cwd: '/work',
    out: '/work/dist',
    decks: [{ source: { path: 'slides/deck.md', text }, file: '/work/slides/deck.md' }],
    templates,
    resources,
    files: disk({ '/work/slides': { kind: 'directory', real: '/work/slides' }, ...entries }, texts),
    version: '9.9.9',
  };
}

const CHART = (url: string) =>
  [
    '# Sales',
    '',
    '```chart',
    `data: { url: ${url} }`,
    'mark: bar',
    'encoding: { x: { field: m, type: nominal } }',
    '```',
  ].join('\n');

describe('planBuild: pictures', () => {
  it('reads chart data by its real path through the file view, and copies it beside the page', async () => {
    const plan = await planBuild(
      inputs(
        CHART('data/sales.csv'),
        { '/work/slides/data/sales.csv': file('/work/slides/data/real-sales.csv') },
        { '/work/slides/data/real-sales.csv': 'm\nJanuary\nFebruary\n' },
      ),
    );
    const [page] = plan.pages;
    expect(page?.html).toContain('>January</text>');
    expect(page?.links).toEqual([{ path: 'data/sales.csv', line: 4 }]);
    expect(page?.copies).toEqual([
      { from: '/work/slides/data/real-sales.csv', to: '/work/dist/deck/data/sales.csv' },
    ]);
  });

  it('refuses chart data a symlink leads out of the deck’s folder', async () => {
    const error = await deckErrorOfAsync(
      planBuild(
        inputs(
          CHART('sales.csv'),
          { '/work/slides/sales.csv': file('/home/me/secret.csv') },
          { '/home/me/secret.csv': 'm\nx\n' },
        ),
      ),
    );
    expect(error.format().split('\n')[0]).toBe(
      'slides/deck.md:4: chart data "sales.csv" is outside the deck’s folder',
    );
  });

  it('hands diagrams to the renderer it is given, in the colours and font of the deck’s theme', async () => {
    const asked: PictureTheme[] = [];
    const plan = await planBuild(inputs('# D\n\n```mermaid\ngraph TD\n```\n'), {
      diagrams: {
        render: async (_source, theme) => {
          asked.push(theme);
          return { svg: '<svg viewBox="0 0 10 10"><text>drawn</text></svg>' };
        },
      },
    });
    expect(asked).toEqual([
      {
        dark: true,
        background: '#112233',
        text: '#fafafa',
        accent: '#ffcc00',
        font: 'Lato, sans-serif',
        fontFaces:
          '@font-face { font-family: Lato; font-weight: 400; src: url("file:///pkg/fonts/black/lato-400.woff2") format(\'woff2\'); }',
      },
    ]);
    expect(plan.pages[0]?.html).toContain('<text>drawn</text>');
  });

  it('draws pictures in the colours and font of a --theme stylesheet, its font found beside it', async () => {
    const asked: PictureTheme[] = [];
    const theme = [
      '@font-face { font-family: Brand; src: url(fonts/brand.woff2); }',
      ':root { --r-background-color: #101418; --r-main-color: #f0f0f0; --r-link-color: #ffaa00;',
      '  --r-main-font: Brand, sans-serif; }',
    ].join('\n');
    const plan = await planBuild(
      {
        ...inputs('# D\n\n```mermaid\ngraph TD\n```\n', {
          '/home/ann/fonts/brand.woff2': file('/home/ann/fonts/brand.woff2'),
        }),
        stylesheets: [
          {
            role: 'theme',
            given: '/home/ann/mytheme.css',
            path: '/home/ann/mytheme.css',
            dir: { path: '/home/ann', real: '/home/ann' },
            text: theme,
          },
        ],
      },
      {
        diagrams: {
          render: async (_source, look) => {
            asked.push(look);
            return { svg: '<svg viewBox="0 0 10 10"></svg>' };
          },
        },
      },
    );
    expect(asked).toMatchObject([
      {
        dark: true,
        background: '#101418',
        text: '#f0f0f0',
        accent: '#ffaa00',
        font: 'Brand, sans-serif',
        fontFaces: expect.stringContaining('url("file:///home/ann/fonts/brand.woff2")'),
      },
    ]);
    expect(plan.pages[0]?.html).toContain('href="../_assets/css/mytheme/mytheme.css" id="theme"');
    expect(plan.sharedAssets.map((a) => a.path).filter((p) => p.startsWith('css/'))).toEqual([
      'css/mytheme/mytheme.css',
      'css/mytheme/fonts/brand.woff2',
    ]);
  });

  it('adds KaTeX’s stylesheet and fonts, and links them, only for decks with maths', async () => {
    const without = await planBuild(inputs('# Plain\n\nIt costs $5 and $10.\n'));
    expect(without.sharedAssets.map((a) => a.path).filter((p) => p.startsWith('katex/'))).toEqual([]);
    expect(without.pages[0]?.html).not.toContain('katex');
    const withMaths = await planBuild(inputs('# Maths\n\n$E = mc^2$\n'));
    expect(withMaths.sharedAssets.filter((a) => a.path.startsWith('katex/'))).toEqual([
      { path: 'katex/katex.css', source: { text: '.katex { font: 1.21em KaTeX_Main; }' } },
      {
        path: 'katex/fonts/KaTeX_Main-Regular.woff2',
        source: { file: '/pkg/katex/fonts/KaTeX_Main-Regular.woff2' },
      },
    ]);
    expect(withMaths.pages[0]?.html).toContain('<link rel="stylesheet" href="../_assets/katex/katex.css">');
  });
});
