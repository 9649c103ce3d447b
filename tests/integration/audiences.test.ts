import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, runCli, workspaces } from '../helpers/cli.ts';

const DECK = readFileSync(join(ROOT, 'tests/fixtures/audiences/three-audiences.md'), 'utf8');

const spaces = workspaces('pitchdeck-audiences');
const cli = (cwd: string, ...args: string[]) => runCli(cwd, args);
const workspace = spaces.make;

const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');

/** The headings of a page's slides, in order: which slides a cut kept. */
const headings = (html: string) => [...html.matchAll(/<h[12]>(.*?)<\/h[12]>/g)].map((m) => m[1]);
const titleOf = (html: string) => /<title>(.*)<\/title>/.exec(html)?.[1];
const slideCount = (html: string) => [...html.matchAll(/<section class="pd-layout-/g)].length;

// bin/pitchdeck.js runs the compiled lib/, which tests/global-setup.ts compiles once from src/.

afterEach(() => spaces.cleanup());

describe('pitchdeck build with audiences', () => {
  it('builds one page per audience, each with its slides, title and words, and an index linking them', () => {
    const dir = workspace({ 'slides/talk.md': DECK, 'slides/plain.md': '# Plain\n\nNote: {{ paginate }}\n' });
    const run = cli(dir, 'build');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      'built dist/plain/index.html (1 slide)',
      'built dist/talk/founders/index.html (founders, 4 slides)',
      'built dist/talk/engineers/index.html (engineers, 4 slides)',
      'built dist/talk/cto/index.html (cto, 5 slides)',
      'built dist/index.html (index)',
      'done: 2 decks, 4 cuts, 0 warnings',
      '',
    ]);

    const founders = read(dir, 'dist/talk/founders/index.html');
    expect(titleOf(founders)).toBe('Acme for founders');
    expect(headings(founders)).toEqual(['Acme platform', 'Why it pays', 'The ask', 'Thanks']);
    expect(founders).toContain('<p>Cut for founders.</p>');
    expect(founders).toContain('<p>We ask for a two-week spike.</p>');
    expect(founders).toContain('<li>Ship faster</li>');
    expect(founders).toContain('href="../../_assets/theme/white.css"');

    const engineers = read(dir, 'dist/talk/engineers/index.html');
    expect(titleOf(engineers)).toBe('Acme for engineers');
    expect(headings(engineers)).toEqual(['Acme platform', 'How it works', 'Supervision', 'Thanks']);
    expect(engineers).toContain('<p>Questions about the code?</p>');
    expect(engineers).toContain('// {{company}} stays as written in code');
    expect(engineers).toContain('"transition":"fade"');

    const cto = read(dir, 'dist/talk/cto/index.html');
    expect(titleOf(cto)).toBe('Acme platform');
    expect(headings(cto)).toEqual([
      'Acme &amp; Co platform',
      'Why it pays',
      'Supervision',
      'The ask',
      'Thanks',
    ]);
    expect(cto).toContain('<li>Fewer moving parts</li>');
    expect(cto).toContain('<p>We ask for a call next week.</p>');
    // Outside code, nothing of the audience syntax is left.
    for (const html of [founders, engineers, cto]) {
      expect(html.replace(/<pre>[\s\S]*?<\/pre>|<code>.*?<\/code>/g, '')).not.toMatch(/data-audience|\{\{/);
    }

    // A deck without audiences builds where it always did, its {{ }} untouched.
    expect(read(dir, 'dist/plain/index.html')).toContain('{{ paginate }}');

    const index = read(dir, 'dist/index.html');
    expect([...index.matchAll(/<a class="html" href="([^"]+)"/g)].map((m) => m[1])).toEqual([
      'plain/index.html',
      'talk/founders/index.html',
      'talk/engineers/index.html',
      'talk/cto/index.html',
    ]);
    expect(index).not.toContain('class="pdf"');
    expect(index).toContain('<td>Acme for founders</td>');
  });

  it('builds only the audiences named with --audience, and links a PDF beside a page from the index', () => {
    const dir = workspace({ 'slides/talk.md': DECK, 'dist/talk/cto/talk-cto.pdf': '%PDF-1.7' });
    const run = cli(dir, 'build', 'slides/talk.md', '--audience', 'cto', '--audience', 'founders');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readdirSync(join(dir, 'dist/talk')).sort()).toEqual(['cto', 'founders']);
    const index = read(dir, 'dist/index.html');
    expect([...index.matchAll(/<a class="html" href="([^"]+)"/g)].map((m) => m[1])).toEqual([
      'talk/cto/index.html',
      'talk/founders/index.html',
    ]);
    expect([...index.matchAll(/<a class="pdf" href="([^"]+)"/g)].map((m) => m[1])).toEqual([
      'talk/cto/talk-cto.pdf',
    ]);
  });

  it('builds one page per row of a recipients CSV of 300 rows, named by a column, with the row as vars', () => {
    const rows = Array.from({ length: 300 }, (_, i) => `"Person ${i + 1}, Jr.",Company ${i + 1}`);
    const dir = workspace({ 'slides/talk.md': DECK, 'people.csv': `name,company\n${rows.join('\n')}\n` });
    const run = cli(
      dir,
      '-q',
      'build',
      'slides/talk.md',
      '--audience',
      'founders',
      '--each',
      'people.csv',
      '--name-by',
      'name',
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const folders = readdirSync(join(dir, 'dist/talk')).sort();
    expect(folders).toHaveLength(300);
    expect(folders).toContain('person-1-jr');
    expect(folders).toContain('person-300-jr');
    for (const n of [1, 150, 300]) {
      const html = read(dir, `dist/talk/person-${n}-jr/index.html`);
      expect(slideCount(html)).toBe(4);
      expect(headings(html)[0]).toBe(`Company ${n} platform`);
      expect(html).toContain('<p>We ask for a two-week spike.</p>');
      expect(html).toContain('href="../../_assets/reveal/reveal.css"');
    }
    const index = read(dir, 'dist/index.html');
    expect([...index.matchAll(/<a class="html"/g)]).toHaveLength(300);
    expect(index).toContain('<td>Person 300, Jr.</td>');
  });

  it("makes no javascript: link of a recipient's var, warns naming the line, var and row, and keeps good links", () => {
    const deck = [
      '---',
      'audiences: { founders: {} }',
      '---',
      '# Hello {{name}}',
      '',
      'See [our offer]({{url}}) or <{{url}}>.',
      '',
    ];
    const people =
      'name,url\nAnn,javascript:alert(document.cookie)\nBob,https://example.com/offer?for=bob&x=1\n';
    const dir = workspace({ 'slides/talk.md': deck.join('\n'), 'people.csv': people });
    const run = cli(
      dir,
      'build',
      'slides/talk.md',
      '--audience',
      'founders',
      '--each',
      'people.csv',
      '--name-by',
      'name',
    );
    expect(run.status).toBe(0);
    const warnings = run.stderr.split('\n').filter((line) => line.includes('{{url}}'));
    expect(warnings).toEqual([
      'slides/talk.md:6: warning: {{url}} makes a "javascript:" link, which vars may not (only http, https, mailto, relative and # links): it links to "#" instead (people.csv row 1)',
      'slides/talk.md:6: warning: {{url}} makes a "javascript:" link, which vars may not (only http, https, mailto, relative and # links): it shows as text instead (people.csv row 1)',
    ]);
    const ann = read(dir, 'dist/talk/ann/index.html');
    expect(ann).not.toMatch(/(?:href|src)="\s*javascript:/i);
    expect(ann).toContain('<a href="#">our offer</a> or &lt;javascript:alert(document.cookie)&gt;.');
    const bob = read(dir, 'dist/talk/bob/index.html');
    expect(bob).toContain('<a href="https://example.com/offer?for&#x3D;bob&amp;x&#x3D;1">our offer</a>');
    expect(bob).toContain(
      '<a href="https://example.com/offer?for=bob&amp;x=1">https://example.com/offer?for=bob&amp;x=1</a>',
    );
  });

  it('reads recipients from a JSON array too', () => {
    const people = JSON.stringify([
      { name: 'Ann Lee', company: 'Initech' },
      { name: 'José', company: 'Globex' },
    ]);
    const dir = workspace({ 'slides/talk.md': DECK, 'people.json': people });
    const run = cli(
      dir,
      'build',
      'slides/talk.md',
      '--audience',
      'cto',
      '--each',
      'people.json',
      '--name-by',
      'name',
    );
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n').slice(0, 2)).toEqual([
      'built dist/talk/ann-lee/index.html (cto for Ann Lee, 5 slides)',
      'built dist/talk/jose/index.html (cto for José, 5 slides)',
    ]);
    expect(headings(read(dir, 'dist/talk/jose/index.html'))[0]).toBe('Globex platform');
  });
});

describe('pitchdeck build with audiences: mistakes exit 1, name file:line and write nothing', () => {
  const SLIDE_FOR_SALES = DECK.replace('data-audience="founders cto"', 'data-audience="founders sales"');
  const MISSING_VAR = DECK.replace('vars: { ask: a two-week spike }', 'vars: { other: x }').replace(
    '  ask: a call next week\n',
    '',
  );
  const ZERO_SLIDES = [
    '---',
    'audiences:',
    '  engineers: {}',
    '  cto: {}',
    '---',
    '<!-- .slide: data-audience="engineers" -->',
    '# One',
    '---',
    '<!-- .slide: data-audience="!cto" -->',
    '# Two',
  ].join('\n');

  it.each([
    [
      'an unknown --audience',
      { 'slides/talk.md': DECK },
      ['build', '--audience', 'sales'],
      'error: slides/talk.md:7: --audience sales: unknown audience (known: founders, engineers, cto)\n' +
        '  Use one of: --audience founders, --audience engineers, --audience cto.\n',
    ],
    [
      'a slide for an unknown audience',
      { 'slides/talk.md': SLIDE_FOR_SALES },
      ['build'],
      'error: slides/talk.md:27: unknown audience "sales" (known: founders, engineers, cto)\n' +
        '  Use one of the known names, or declare it under "audiences:" in the front matter.\n',
    ],
    [
      'a var an audience lacks',
      { 'slides/talk.md': MISSING_VAR },
      ['build'],
      'error: slides/talk.md:64: {{ask}} is not defined for audience "founders" (defined for no audience)\n' +
        '  Add "ask" to the vars of audience "founders" (or to the deck\'s "vars:", for every audience).\n',
    ],
    [
      'an audience left without slides',
      { 'slides/talk.md': ZERO_SLIDES },
      ['build', '--audience', 'engineers', '--audience', 'cto'],
      'error: slides/talk.md:4: audience "cto" has no slides: every slide\'s data-audience leaves it out\n' +
        '  Mark a slide for it (<!-- .slide: data-audience="cto" -->), or remove the audience.\n',
    ],
    [
      'a malformed CSV row',
      { 'slides/talk.md': DECK, 'people.csv': 'name,company\nAnn,Initech\nBob,"Globex" Inc\nCarl,Hooli\n' },
      ['build', 'slides/talk.md', '--audience', 'cto', '--each', 'people.csv', '--name-by', 'name'],
      'error: people.csv:3: row 2 is malformed: Invalid Closing Quote: found non trimable byte after quote\n' +
        '  Give every row as many cells as the header, and quote cells that hold commas or quotes ("a ""b"" c").\n',
    ],
    [
      'a CSV row with too many cells',
      { 'slides/talk.md': DECK, 'people.csv': 'name,company\nAnn,Initech\nBob,Globex,extra\n' },
      ['build', 'slides/talk.md', '--audience', 'cto', '--each', 'people.csv', '--name-by', 'name'],
      /^error: people\.csv:3: row 2 is malformed: Invalid Record Length: columns length is 2, got 3\n/,
    ],
    [
      'two recipients with the same folder name',
      { 'slides/talk.md': DECK, 'people.csv': 'name,company\nAnn Lee,A\nBob,B\nann-lee,C\n' },
      ['build', 'slides/talk.md', '--audience', 'cto', '--each', 'people.csv', '--name-by', 'name'],
      'error: people.csv:4: row 3 ("ann-lee") and row 1 ("Ann Lee") would both be written to "ann-lee/"\n' +
        '  Make the "name" column unique, or name the folders by another column with --name-by.\n',
    ],
    [
      'a --name-by column the file does not have',
      { 'slides/talk.md': DECK, 'people.csv': 'name,company\nAnn,A\n' },
      ['build', 'slides/talk.md', '--audience', 'cto', '--each', 'people.csv', '--name-by', 'email'],
      'error: people.csv:2: row 1 has no column "email" (columns: name, company)\n' +
        '  Pass --name-by the column that names each recipient.\n',
    ],
    [
      '--each without one --audience',
      { 'slides/talk.md': DECK, 'people.csv': 'name,company\nAnn,A\n' },
      ['build', 'slides/talk.md', '--each', 'people.csv', '--name-by', 'name'],
      "error: slides/talk.md:7: --each builds one audience's cut per row: name exactly one --audience " +
        '(this deck has: founders, engineers, cto)\n  e.g. --audience founders --each people.csv\n',
    ],
  ])('%s', (_, files, args, message) => {
    const dir = workspace(files);
    const run = cli(dir, ...args);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    if (typeof message === 'string') expect(run.stderr).toBe(message);
    else expect(run.stderr).toMatch(message);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });
});
