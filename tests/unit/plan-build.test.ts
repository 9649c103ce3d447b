import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildInputs, FileInfo, IndexEntry, PackageResources } from '../../src/plan/build-plan.ts';
import { planBuild } from '../../src/plan/plan-build.ts';
import { loadIndexTemplate, loadTemplateSources } from '../../src/read/load-templates.ts';
import { compileTemplates, type Templates } from '../../src/render/templates.ts';
import { deckErrorOfAsync } from '../helpers/deck-error.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TEMPLATES = join(ROOT, 'templates');

let templates: Templates;
let indexTemplate: BuildInputs['indexTemplate'];

beforeAll(async () => {
  templates = compileTemplates(await loadTemplateSources(TEMPLATES, ROOT));
  indexTemplate = await loadIndexTemplate(undefined, ROOT);
});

const resources: PackageResources = {
  revealDist: '/pkg/reveal',
  highlightStyles: '/pkg/styles',
  highlightThemes: new Set(['monokai']),
  stylesDir: '/pkg/templates/styles',
  loadTheme: async (name) => ({
    css: `/* ${name} */`,
    files: [{ from: `/pkg/fonts/${name}.woff2`, to: `fonts/${name}.woff2` }],
  }),
  loadMaths: async () => ({
    css: '/* katex */',
    files: [
      { from: '/pkg/katex/fonts/KaTeX_Main-Regular.woff2', to: 'katex/fonts/KaTeX_Main-Regular.woff2' },
    ],
  }),
};

/** A disk made of a map: path -> what is there (real path for symlinks). */
function disk(entries: Record<string, FileInfo>) {
  return {
    stat: (path: string): FileInfo => entries[path] ?? { kind: 'missing' },
    readText: (): string | undefined => undefined,
  };
}

const file = (real: string): FileInfo => ({ kind: 'file', real });
const dir = (real: string): FileInfo => ({ kind: 'directory', real });

function inputs(
  decks: Record<string, string>,
  files: Record<string, FileInfo> = {},
  extra: Partial<BuildInputs> = {},
): BuildInputs {
  return {
    cwd: '/work',
    out: '/work/dist',
    decks: Object.entries(decks).map(([path, text]) => ({
      source: { path, text },
      file: join('/work', path),
    })),
    templates,
    resources,
    files: disk({ '/work/slides': dir('/work/slides'), ...files }),
    version: '9.9.9',
    ...extra,
  };
}

const AUDIENCES = [
  '---',
  'title: Pitch',
  'audiences:',
  '  founders: {}',
  '  cto: { theme: white }',
  '---',
  '# Pitch',
  '',
  '---',
  '',
  '## Numbers',
  '',
  '![chart](img/chart.png)',
  '',
].join('\n');

describe('planBuild', () => {
  it('plans every cut with its page, copies, output paths and the shared assets, writing nothing', async () => {
    const plan = await planBuild(
      inputs(
        { 'slides/pitch.md': AUDIENCES },
        { '/work/slides/img/chart.png': file('/work/slides/img/chart.png') },
      ),
      { pdf: true, images: true, singleFile: true },
    );
    expect(plan.pages.map((p) => [p.audience, p.htmlPath, p.pdfPath, p.imageDir, p.singleFilePath])).toEqual([
      [
        'founders',
        '/work/dist/pitch/founders/index.html',
        '/work/dist/pitch/founders/pitch-founders.pdf',
        '/work/dist/pitch/founders/png',
        '/work/dist/pitch/founders/pitch-founders.html',
      ],
      [
        'cto',
        '/work/dist/pitch/cto/index.html',
        '/work/dist/pitch/cto/pitch-cto.pdf',
        '/work/dist/pitch/cto/png',
        '/work/dist/pitch/cto/pitch-cto.html',
      ],
    ]);
    const [founders, cto] = plan.pages;
    expect(founders?.copies).toEqual([
      { from: '/work/slides/img/chart.png', to: '/work/dist/pitch/founders/img/chart.png' },
    ]);
    // Pages link the shared assets relatively, from their own folder.
    expect(founders?.html).toContain('href="../../_assets/reveal/reveal.css"');
    expect(cto?.html).toContain('href="../../_assets/theme/white.css"');
    expect(plan.sharedAssets.map((a) => a.path)).toEqual(
      expect.arrayContaining([
        'reveal/reveal.js',
        'theme/black.css',
        'theme/white.css',
        'fonts/white.woff2',
        'highlight/monokai.css',
      ]),
    );
    expect(plan.assetsDir).toBe('/work/dist/_assets');
    expect(plan.index).toBeUndefined();
  });

  it('serves from one absolute asset base and plans only the first audience when asked', async () => {
    const plan = await planBuild(inputs({ 'slides/pitch.md': AUDIENCES }), {
      assetBase: '/_assets',
      audiences: 'first',
    });
    expect(plan.pages.map((p) => p.audience)).toEqual(['founders']);
    expect(plan.pages[0]?.declaredAudiences).toEqual(['founders', 'cto']);
    expect(plan.pages[0]?.html).toContain('href="/_assets/reveal/reveal.css"');
  });

  it('copies a file by its real path, and refuses what a symlink leads out of the folder or to a hidden file', async () => {
    const deck = [
      '# Files',
      '',
      '![a](img/a.png) ![b](img/b.png) ![c](img/c.png) ![d](d/e.png) ![f](.assets/f.png) ![g](gone.png)',
    ].join('\n');
    const plan = await planBuild(
      inputs(
        { 'slides/files.md': deck },
        {
          '/work/slides/img/a.png': file('/work/slides/img/a.png'),
          // img/b.png -> /home/me/.ssh/id_rsa
          '/work/slides/img/b.png': file('/home/me/.ssh/id_rsa'),
          // img/c.png -> ../.env (inside the folder, but hidden)
          '/work/slides/img/c.png': file('/work/slides/.env'),
          // d -> /etc (a linked folder)
          '/work/slides/d/e.png': file('/etc/e.png'),
          // A hidden folder, named as such: not copied either (serve does not serve it).
          '/work/slides/.assets/f.png': file('/work/slides/.assets/f.png'),
        },
      ),
    );
    const [page] = plan.pages;
    expect(page?.copies).toEqual([{ from: '/work/slides/img/a.png', to: '/work/dist/files/img/a.png' }]);
    expect(plan.warnings.map((w) => `${w.line}: ${w.code}: ${w.message}`)).toEqual([
      '3: asset-outside: "img/b.png" is outside the deck\'s folder and is not copied',
      '3: asset-outside: "img/c.png" is a hidden file and is not copied',
      '3: asset-outside: "d/e.png" is outside the deck\'s folder and is not copied',
      '3: asset-outside: ".assets/f.png" is a hidden file and is not copied',
      '3: missing-asset: "gone.png" does not exist',
    ]);
  });

  it("lists in the index the decks the output folder already holds, with this run's pages in place", async () => {
    const previous: IndexEntry[] = [
      {
        deck: 'other',
        source: 'slides/other.md',
        audience: null,
        recipient: null,
        title: 'Other',
        slides: 4,
        page: 'other/index.html',
        pdf: 'other/other.pdf',
        singleFile: null,
      },
      {
        deck: 'pitch',
        source: 'slides/pitch.md',
        audience: 'cto',
        recipient: null,
        title: 'Old title',
        slides: 9,
        page: 'pitch/cto/index.html',
        pdf: null,
        singleFile: null,
      },
    ];
    const plan = await planBuild(
      inputs({ 'slides/pitch.md': AUDIENCES }, {}, { indexTemplate, previousIndex: previous }),
      { audiences: ['cto'] },
    );
    expect(plan.index?.entries.map((e) => [e.page, e.title, e.slides])).toEqual([
      ['other/index.html', 'Other', 4],
      ['pitch/cto/index.html', 'Pitch', 2],
    ]);
    expect(plan.index?.html).toContain('href="other/other.pdf"');
    expect(plan.index?.html).toContain('href="pitch/cto/index.html"');
    expect(plan.index?.html).toContain('2 pages of 2 decks');
    expect(plan.index?.path).toBe('/work/dist/index.html');
  });

  it('refuses a deck whose name the output folder uses itself', async () => {
    const error = await deckErrorOfAsync(planBuild(inputs({ 'slides/_assets.md': '# A' })));
    expect(error.format()).toBe(
      'slides/_assets.md: a deck cannot be named "_assets": the output folder uses that name itself\n  Rename the deck file.',
    );
  });

  it('refuses one -o file for several cuts before anything else happens, and takes it for one cut', async () => {
    const error = await deckErrorOfAsync(
      planBuild(inputs({ 'slides/pitch.md': AUDIENCES }), {
        pdf: true,
        outputFile: { kind: 'pdf', path: 'talk.pdf' },
      }),
    );
    expect(error.format()).toBe(
      '-o talk.pdf names one PDF, but this run has 2 cuts\n  Make one with --audience NAME, or give -o a folder to write each cut beside its page.',
    );
    const cto = (kind: 'pdf' | 'pptx' | 'html' | 'png', path: string) =>
      planBuild(inputs({ 'slides/pitch.md': AUDIENCES }), {
        pdf: kind === 'pdf',
        pptx: kind === 'pptx',
        singleFile: kind === 'html',
        images: kind === 'png',
        outputFile: { kind, path },
        audiences: ['cto'],
      });
    expect((await cto('pdf', 'talk.pdf')).pages[0]?.pdfPath).toBe('/work/talk.pdf');
    expect((await cto('pptx', 'talk.pptx')).pages[0]?.pptxPath).toBe('/work/talk.pptx');
    expect((await cto('html', 'out/talk.html')).pages[0]?.singleFilePath).toBe('/work/out/talk.html');
    const png = (await cto('png', 'shots/talk.png')).pages[0];
    expect([png?.imageDir, png?.imageStem]).toEqual(['/work/shots', 'talk']);
  });

  it('plans a PPTX per cut beside its page', async () => {
    const plan = await planBuild(inputs({ 'slides/pitch.md': AUDIENCES }), { pptx: true });
    expect(plan.pages.map((p) => [p.audience, p.pptxPath, p.pdfPath])).toEqual([
      ['founders', '/work/dist/pitch/founders/pitch-founders.pptx', undefined],
      ['cto', '/work/dist/pitch/cto/pitch-cto.pptx', undefined],
    ]);
  });

  it("links each cut's PowerPoint file and handout in the index", async () => {
    const plan = await planBuild(inputs({ 'slides/pitch.md': AUDIENCES }, {}, { indexTemplate }), {
      pptx: true,
      pdf: true,
      handout: { perPage: 3, paper: 'a4' },
      audiences: ['cto'],
    });
    expect(plan.index?.entries.map((e) => [e.pptx, e.handout])).toEqual([
      ['pitch/cto/pitch-cto.pptx', 'pitch/cto/pitch-cto-handout.pdf'],
    ]);
    expect(plan.index?.html).toContain('<a class="pptx" href="pitch/cto/pitch-cto.pptx">');
    expect(plan.index?.html).toContain('<a class="handout" href="pitch/cto/pitch-cto-handout.pdf">');
    const plain = await planBuild(inputs({ 'slides/pitch.md': AUDIENCES }, {}, { indexTemplate }), {
      audiences: ['cto'],
    });
    expect(plain.index?.html).not.toContain('class="pptx"');
  });

  it('refuses two decks that would share a folder', async () => {
    const error = await deckErrorOfAsync(
      planBuild(inputs({ 'slides/talk.md': '# A', 'other/talk.md': '# B' })),
    );
    expect(error.message).toBe('two decks would both be written to "talk/" (the other is slides/talk.md)');
  });
});
