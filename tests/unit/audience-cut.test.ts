import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { audiencesOf } from '../../src/audience/audiences.ts';
import { cutForAudience } from '../../src/audience/cut-for-audience.ts';
import { checkStructure } from '../../src/check/structure.ts';
import { buildDeck } from '../../src/deck/build-deck.ts';
import type { Deck, DeckDocument } from '../../src/model.ts';
import { parseDocument } from '../../src/parse/parse-document.ts';
import { loadTemplateSources } from '../../src/read/load-templates.ts';
import { renderDeck } from '../../src/render/render-deck.ts';
import { compileTemplates } from '../../src/render/templates.ts';
import { deckErrorOf } from '../helpers/deck-error.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const parse = (lines: string[], path = 'slides/pitch.md') => parseDocument({ path, text: lines.join('\n') });

/** A deck with three audiences: line numbers in the comments are the file's. */
const FRONT = [
  '---', //                                   1
  'title: Elixir', //                         2
  'theme: black', //                          3
  'vars: { company: Acme, ask: a call }', //  4
  'audiences:', //                            5
  '  founders:', //                           6
  '    title: For founders', //               7
  '    theme: white', //                      8
  '    vars: { ask: a two-week spike }', //   9
  '  engineers:', //                         10
  '    transition: fade', //                 11
  '    revealOptions: { controls: false }', // 12
  '  cto: {}', //                            13
  'revealOptions: { progress: false }', //   14
  'dialect: reveal', //                      15
  '---', //                                  16
];

/** Each slide as [h, v, first heading text]. */
const shape = (doc: DeckDocument) =>
  doc.slides.map((s) => [s.h, s.v, /^#+ (.*)$/m.exec(s.markdown)?.[1] ?? '']);

describe('audiencesOf', () => {
  it('reads the audiences in their order, their overrides and vars, and the deck vars', () => {
    const spec = audiencesOf(parse([...FRONT, '# A']));
    expect(spec.audiences).toEqual([
      {
        name: 'founders',
        line: 6,
        overrides: { title: 'For founders', theme: 'white' },
        vars: { ask: 'a two-week spike' },
      },
      {
        name: 'engineers',
        line: 10,
        overrides: { transition: 'fade', revealOptions: { controls: false } },
        vars: {},
      },
      { name: 'cto', line: 13, overrides: {}, vars: {} },
    ]);
    expect(spec.vars).toEqual({ company: 'Acme', ask: 'a call' });
    expect(spec.templated).toBe(true);
  });

  it('reads a data-audience mark from a .slide: comment or a Pandoc heading attribute, not from code', () => {
    const doc = parse([
      '---',
      'audiences: { a: {}, b: {} }',
      '---',
      '# One',
      '<!-- .slide: class="x" data-audience="a b" -->',
      '---',
      '# Two',
      '```html',
      '<!-- .slide: data-audience="nobody" -->',
      '```',
      'and `<!-- .slide: data-audience="nobody" -->` inline',
      '---',
      "<!-- .slide: data-audience='!a' -->",
      '# Three',
    ]);
    expect(audiencesOf(doc).marks).toEqual([
      { names: ['a', 'b'], except: false, line: 5 },
      undefined,
      { names: ['a'], except: true, line: 13 },
    ]);
    const pandoc = parse([
      '---',
      'audiences: { a: {}, b: {} }',
      '---',
      '# Title',
      '',
      '## Only b {data-audience="b"}',
      'x',
    ]);
    expect(pandoc.dialect).toBe('headings');
    expect(audiencesOf(pandoc).marks.at(-1)).toEqual({ names: ['b'], except: false, line: 6 });
  });

  it('is not templated for a deck without audiences and vars', () => {
    expect(audiencesOf(parse(['# A {{ paginate }}'])).templated).toBe(false);
  });

  it.each([
    [
      'audiences as a list',
      ['---', 'audiences: [founders, cto]', '---', '# A'],
      'slides/pitch.md:2: front matter "audiences" must map each audience\'s name to its settings\n' +
        '  Write e.g. "audiences:\\n  founders: { title: Ship faster }\\n  engineers: {}".',
    ],
    [
      'a name that cannot be a folder',
      ['---', 'audiences:', '  the board: {}', '---', '# A'],
      'slides/pitch.md:3: audience name "the board" cannot be used\n' +
        '  Use letters, digits, "-" and "_" (it becomes a folder name and a word of data-audience).',
    ],
    [
      'an audience that is not a mapping',
      ['---', 'audiences:', '  cto: yes', '---', '# A'],
      'slides/pitch.md:3: audience "cto" must be a mapping of deck keys and vars\n' +
        '  Write e.g. "cto: { title: Another title, vars: { company: Acme } }", or "cto: {}".',
    ],
    [
      'an unknown key, at its own line',
      ['---', 'audiences:', '  cto:', '    title: T', '    titel: T', '---', '# A'],
      `slides/pitch.md:5: audience "cto": unknown key "titel"\n  An audience sets vars or deck keys: vars, `,
    ],
    [
      'a key that shapes the split',
      ['---', 'audiences:', '  cto:', '    separator: "^==="', '---', '# A'],
      'slides/pitch.md:4: audience "cto": "separator" cannot differ between audiences\n' +
        '  The deck is split into slides once, before it is cut; set "separator" for the whole deck.',
    ],
    [
      'a wrongly typed key, at its own line',
      ['---', 'audiences:', '  cto:', '    transition: sideways', '---', '# A'],
      'slides/pitch.md:4: audience "cto": front matter "transition": Invalid option: expected one of ' +
        '"none"|"fade"|"slide"|"convex"|"concave"|"zoom"\n  Use one of: none, fade, slide, convex, concave, zoom.',
    ],
    [
      'vars that are not a mapping',
      ['---', 'vars: [a, b]', '---', '# A'],
      'slides/pitch.md:2: front matter "vars" must map names to values\n' +
        '  Write e.g. "vars: { company: Acme, ask: a two-week spike }"; use them in slides as {{company}}.',
    ],
    [
      'a var named audience',
      ['---', 'audiences:', '  cto:', '    vars:', '      audience: x', '---', '# A'],
      'slides/pitch.md:5: "audience" cannot be a var: {{audience}} is the audience\'s name\n  Rename the var.',
    ],
    [
      'a slide for an unknown audience',
      [
        '---',
        'audiences: { founders: {}, cto: {} }',
        '---',
        '# A',
        '---',
        '<!-- .slide: data-audience="sales" -->',
      ],
      'slides/pitch.md:6: unknown audience "sales" (known: founders, cto)\n' +
        '  Use one of the known names, or declare it under "audiences:" in the front matter.',
    ],
    [
      'a slide mark in a deck without audiences',
      ['# A', '<!-- .slide: data-audience="cto" -->'],
      'slides/pitch.md:2: unknown audience "cto": the front matter declares no audiences\n' +
        '  Declare it in the front matter: "audiences:\\n  cto: {}".',
    ],
    [
      'a mark that mixes names and !names',
      ['---', 'audiences: { a: {}, b: {} }', '---', '# A', '<!-- .slide: data-audience="a !b" -->'],
      'slides/pitch.md:5: data-audience="a !b" mixes audiences with !audiences\n' +
        '  Either list the audiences the slide is for ("founders cto") or those it is not for ("!engineers").',
    ],
    [
      'an empty mark',
      ['---', 'audiences: { a: {} }', '---', '# A', '<!-- .slide: data-audience="" -->'],
      'slides/pitch.md:5: data-audience names no audience\n' +
        '  List the audiences the slide is for, data-audience="founders cto", or those it is not for, "!engineers".',
    ],
    [
      'two marks on one slide',
      [
        '---',
        'audiences: { a: {} }',
        '---',
        '# A',
        '<!-- .slide: data-audience="a" -->',
        '<!-- .slide: data-audience="a" -->',
      ],
      'slides/pitch.md:6: this slide has two data-audience attributes\n' +
        '  Keep one, listing every audience: data-audience="a b". The first is on line 5.',
    ],
  ])('rejects %s with file:line', (_, lines, message) => {
    const formatted = deckErrorOf(() => audiencesOf(parse(lines))).format();
    if (message.endsWith('vars, ')) expect(formatted.startsWith(message)).toBe(true);
    else expect(formatted).toBe(message);
  });
});

describe('cutForAudience: slides', () => {
  const doc = parse([
    ...FRONT,
    '# Title', //                                              17
    '---',
    '<!-- .slide: data-audience="founders" -->', //            19
    '# Founders only',
    '----',
    '# Under founders only',
    '---',
    '<!-- .slide: class="wide" data-audience="!founders" -->', // 24
    '# Not founders',
    '----',
    '<!-- .slide: data-audience="cto" -->',
    '# CTO under not founders',
    '---',
    '# Everyone',
  ]);

  it('keeps the slides each audience is allowed and renumbers them, a stack whose head is dropped included', () => {
    expect(shape(cutForAudience(doc, 'founders'))).toEqual([
      [0, 0, 'Title'],
      [1, 0, 'Founders only'],
      [1, 1, 'Under founders only'],
      [2, 0, 'Everyone'],
    ]);
    expect(shape(cutForAudience(doc, 'engineers'))).toEqual([
      [0, 0, 'Title'],
      [1, 0, 'Under founders only'],
      [2, 0, 'Not founders'],
      [3, 0, 'Everyone'],
    ]);
    expect(shape(cutForAudience(doc, 'cto'))).toEqual([
      [0, 0, 'Title'],
      [1, 0, 'Under founders only'],
      [2, 0, 'Not founders'],
      [2, 1, 'CTO under not founders'],
      [3, 0, 'Everyone'],
    ]);
  });

  it('returns a new document and leaves the one it was given as it was', () => {
    const before = structuredClone(doc);
    const cut = cutForAudience(doc, 'founders');
    expect(cut).not.toBe(doc);
    expect(doc).toEqual(before);
  });

  it('removes the mark, and its comment when the comment held nothing else, keeping every line where it was', () => {
    const founders = cutForAudience(doc, 'founders');
    expect(founders.slides[1]?.markdown).toBe('\n# Founders only\n');
    expect(founders.slides[1]?.line).toBe(19);
    const engineers = cutForAudience(doc, 'engineers');
    expect(engineers.slides[2]?.markdown).toBe('<!-- .slide: class="wide" -->\n# Not founders\n');
  });

  it("puts the audience's keys over the deck's and points their lines at the audience", () => {
    const founders = cutForAudience(doc, 'founders');
    expect(founders.frontMatter).toEqual({
      title: 'For founders',
      theme: 'white',
      revealOptions: { progress: false },
      dialect: 'reveal',
    });
    expect(founders.frontMatterLines).toMatchObject({ title: 7, theme: 8, revealOptions: 14 });
    const engineers = cutForAudience(doc, 'engineers');
    expect(engineers.frontMatter).toEqual({
      title: 'Elixir',
      theme: 'black',
      transition: 'fade',
      revealOptions: { progress: false, controls: false },
      dialect: 'reveal',
    });
    expect(engineers.frontMatterLines).toMatchObject({ title: 2, transition: 11, revealOptions: 12 });
  });

  it('fails for an audience the deck does not declare, and for no audience on a deck that has some', () => {
    expect(deckErrorOf(() => cutForAudience(doc, 'sales')).format()).toBe(
      'slides/pitch.md:5: unknown audience "sales" (known: founders, engineers, cto)\n' +
        '  Use one of the known names, or declare it under "audiences:" in the front matter.',
    );
    expect(deckErrorOf(() => cutForAudience(doc, undefined)).format()).toBe(
      'slides/pitch.md:5: this deck is cut for audiences (founders, engineers, cto); name one to build\n' +
        '  Build one audience at a time, e.g. --audience founders.',
    );
  });

  it('fails for an audience left without slides, at its line', () => {
    const lonely = parse([
      '---',
      'audiences:',
      '  a: {}',
      '  b: {}',
      '---',
      '<!-- .slide: data-audience="a" -->',
      '# A',
      '---',
      '<!-- .slide: data-audience="a" -->',
      '# B',
    ]);
    expect(deckErrorOf(() => cutForAudience(lonely, 'b')).format()).toBe(
      'slides/pitch.md:4: audience "b" has no slides: every slide\'s data-audience leaves it out\n' +
        '  Mark a slide for it (<!-- .slide: data-audience="b" -->), or remove the audience.',
    );
  });

  it('leaves a deck without audiences and vars as it was: its {{ }} are not Handlebars', () => {
    const marp = parse(['# Slide {{ paginate }}', '', 'Note: {{ notes }}']);
    const cut = cutForAudience(marp, undefined);
    expect(cut).toEqual(marp);
    expect(cut).not.toBe(marp);
  });
});

describe('cutForAudience: lang', () => {
  it("gives each audience's cut its own language, the deck's for the others", async () => {
    const doc = parse([
      '---',
      'lang: en',
      'audiences:',
      '  berlin: { lang: de }',
      '  london: {}',
      '---',
      '# Hello',
    ]);
    expect((await buildDeck(cutForAudience(doc, 'berlin'))).config.lang).toBe('de');
    expect((await buildDeck(cutForAudience(doc, 'london'))).config.lang).toBe('en');
  });
});

describe('cutForAudience: speaker notes', () => {
  const doc = parse([
    '---', //                                1
    'audiences:', //                         2
    '  investors: { notes: false }', //      3
    '  engineers: {}', //                    4
    'check: { notes: true }', //             5
    '---', //                                6
    '# Hello', //                            7
    '', //                                   8
    'Note: say hello', //                    9
    '', //                                  10
    '---', //                               11
    '', //                                  12
    '## Numbers', //                        13
    '', //                                  14
    'Notes: the numbers', //                15
  ]);
  const render = async (deck: Deck) => {
    const templates = compileTemplates(await loadTemplateSources(join(ROOT, 'templates'), ROOT));
    return renderDeck(deck, templates, { assetBase: '../_assets', version: '0' }).html;
  };

  it('strips the notes from the cut of an audience with notes: false, and keeps them for the others', async () => {
    const investors = await buildDeck(cutForAudience(doc, 'investors'));
    const engineers = await buildDeck(cutForAudience(doc, 'engineers'));
    expect(investors.config.notes).toBe(false);
    expect(investors.slides.map((s) => s.notesHtml)).toEqual([undefined, undefined]);
    expect(await render(investors)).not.toContain('class="notes"');
    expect(engineers.config.notes).toBe(true);
    expect(engineers.slides.map((s) => s.notesHtml?.replace(/<[^>]*>/g, '').trim())).toEqual([
      'say hello',
      'the numbers',
    ]);
    expect((await render(engineers)).match(/<aside class="notes">/g)).toHaveLength(2);
  });

  it('does not call a cut without notes on purpose a cut missing its notes', async () => {
    const rules = (audience: string) =>
      buildDeck(cutForAudience(doc, audience)).then((deck) => checkStructure(deck).map((f) => f.rule));
    expect(await rules('investors')).toEqual([]);
    const bare = parse(['---', 'audiences: { investors: {} }', 'check: { notes: true }', '---', '# Hello']);
    expect((await buildDeck(cutForAudience(bare, 'investors'))).slides[0]?.notesHtml).toBeUndefined();
    expect(checkStructure(await buildDeck(cutForAudience(bare, 'investors'))).map((f) => f.rule)).toEqual([
      'missing-notes',
    ]);
  });

  it('takes notes: false for the whole deck, and refuses a value that is not true or false at its line', async () => {
    const deck = await buildDeck(parse(['---', 'notes: false', '---', '# Hello', '', 'Note: hidden']));
    expect(deck.slides[0]?.notesHtml).toBeUndefined();
    const error = deckErrorOf(() =>
      cutForAudience(parse(['---', 'audiences:', '  investors: { notes: "no" }', '---', '# A']), 'investors'),
    );
    expect(error.format()).toBe(
      'slides/pitch.md:3: audience "investors": front matter "notes": Invalid input: expected boolean, received string\n' +
        '  Use "notes: false" to leave the speaker notes out, or "notes: true".',
    );
  });
});

describe('cutForAudience: words', () => {
  const deck = (body: string[]) => parse([...FRONT, ...body]);
  const text = (doc: DeckDocument, audience: string | undefined, vars?: Record<string, unknown>) =>
    cutForAudience(doc, audience, vars ? { vars } : {}).slides.map((s) => [
      s.markdown.trim(),
      s.notes?.markdown.trim(),
    ]);

  it("fills in vars, the audience's over the deck's over nothing, and {{audience}}", () => {
    const doc = deck([
      '# {{company}} for {{audience}}',
      '',
      'We ask for {{ask}}.',
      '',
      'Note: Ask {{audience}} for {{ask}}.',
    ]);
    expect(text(doc, 'founders')).toEqual([
      ['# Acme for founders\n\nWe ask for a two-week spike.', 'Ask founders for a two-week spike.'],
    ]);
    expect(text(doc, 'cto')).toEqual([['# Acme for cto\n\nWe ask for a call.', 'Ask cto for a call.']]);
  });

  it("lets the vars of a recipient win over the audience's, cut after cut of the same document", () => {
    const doc = deck(['# {{company}}: {{ask}}, {{name}}']);
    expect(text(doc, 'founders', { name: 'Ann', company: 'Initech' })).toEqual([
      ['# Initech: a two-week spike, Ann', undefined],
    ]);
    expect(text(doc, 'founders', { name: 'Bob' })).toEqual([['# Acme: a two-week spike, Bob', undefined]]);
  });

  it('picks words with {{#audience}}...{{else}}...{{/audience}}, by names, one string of names, or !names', () => {
    const doc = deck([
      '# {{#audience "founders" "cto"}}Money{{else}}Code{{/audience}}',
      '',
      '{{#audience "engineers cto"}}',
      '- technical',
      '{{/audience}}',
      '- for all',
      '',
      '{{#audience "!cto"}}not for the CTO{{/audience}}',
    ]);
    expect(text(doc, 'founders')).toEqual([['# Money\n\n- for all\n\nnot for the CTO', undefined]]);
    expect(text(doc, 'engineers')).toEqual([
      ['# Code\n\n- technical\n- for all\n\nnot for the CTO', undefined],
    ]);
    expect(text(doc, 'cto')).toEqual([['# Money\n\n- technical\n- for all', undefined]]);
  });

  it('escapes HTML in a var, unless it is written {{{triple}}}', () => {
    const doc = parse(['---', 'vars: { tag: "<b>A & B</b>" }', '---', '# {{tag}} {{{tag}}}']);
    expect(text(doc, undefined)).toEqual([['# &lt;b&gt;A &amp; B&lt;/b&gt; <b>A & B</b>', undefined]]);
  });

  it('keeps Markdown in a var as text: a recipient cannot inject a link or emphasis', () => {
    const doc = parse([
      '---',
      'vars: { company: "[click](javascript:alert(1)) *x* a|b" }',
      '---',
      '# For {{company}}',
    ]);
    const [[markdown]] = text(doc, undefined) as [[string]];
    expect(markdown).toBe('# For &#91;click&#93;(javascript:alert(1)) &#42;x&#42; a&#124;b');
    expect(marked.parse(markdown)).not.toMatch(/<a |<em>/);
  });

  it("escapes a nested var (a JSON recipient's object) the same way, and checks the links it makes", () => {
    const doc = parse([
      '---',
      'audiences: { cto: {} }',
      '---',
      '# For {{person.name}}',
      '',
      '[site]({{person.url}})',
    ]);
    const vars = { person: { name: '*Ann* <b>', url: 'javascript:alert(1)' } };
    const cut = cutForAudience(doc, 'cto', { vars });
    expect(cut.slides[0]?.markdown).toBe('# For &#42;Ann&#42; &lt;b&gt;\n\n[site](#)');
    expect(cut.warnings.map((w) => [w.line, w.code])).toEqual([[6, 'unsafe-link']]);
    expect(deckErrorOf(() => cutForAudience(doc, 'cto', { vars: { person: { name: 'Ann' } } })).message).toBe(
      '{{person.url}} is not defined for audience "cto" (defined for no audience)',
    );
  });

  it('leaves Handlebars in fenced code and inline code as written, with no var needed', () => {
    const doc = deck([
      '# {{company}} `{{missing}}` and ``a `{{x}}` b``',
      '',
      '```hbs',
      '{{missing}} {{#each items}}',
      '```',
      '',
      '~~~',
      '{{also.missing}}',
      '~~~',
      '',
      'Note: say `{{missing}}`',
    ]);
    expect(text(doc, 'cto')).toEqual([
      [
        '# Acme `{{missing}}` and ``a `{{x}}` b``\n\n```hbs\n{{missing}} {{#each items}}\n```\n\n~~~\n{{also.missing}}\n~~~',
        'say `{{missing}}`',
      ],
    ]);
  });

  it("fills in a recipient's vars even in a deck that declares no audiences and no vars", () => {
    const doc = parse(['# Hello {{name}}']);
    expect(text(doc, undefined, { name: 'Ann' })).toEqual([['# Hello Ann', undefined]]);
  });

  it('fills in a deck that has vars but no audiences', () => {
    const doc = parse(['---', 'vars: { company: Acme }', '---', '# {{company}}', '', '\\{{literal}}']);
    expect(text(doc, undefined)).toEqual([['# Acme\n\n{{literal}}', undefined]]);
  });
});

describe('cutForAudience: mistakes in the words', () => {
  const deck = (body: string[]) => parse([...FRONT, ...body]);

  it('names the file, the line and the audiences that define a missing var', () => {
    const doc = deck(['# A', '', '---', '', '## The ask', '', 'We want {{budget}} by {{when}}.']);
    const withBudget = parse([
      '---',
      'audiences:',
      '  founders:',
      '    vars: { budget: 10 }',
      '  engineers: {}',
      '---',
      '# A',
      '',
      'It costs {{budget}}.',
    ]);
    expect(deckErrorOf(() => cutForAudience(doc, 'cto')).format()).toBe(
      'slides/pitch.md:23: {{budget}} is not defined for audience "cto" (defined for no audience)\n' +
        '  Add "budget" to the vars of audience "cto" (or to the deck\'s "vars:", for every audience).',
    );
    expect(deckErrorOf(() => cutForAudience(withBudget, 'engineers')).format()).toBe(
      'slides/pitch.md:9: {{budget}} is not defined for audience "engineers" (defined for: founders)\n' +
        '  Add "budget" to the vars of audience "engineers" (or to the deck\'s "vars:", for every audience), ' +
        'or keep it inside {{#audience "founders"}}...{{/audience}}.',
    );
  });

  it('names the row of a recipient whose vars lack one, and a missing var in the notes at its line', () => {
    const doc = deck(['# {{name}}', '', 'Note:', 'Call {{phone}}.']);
    expect(
      deckErrorOf(() =>
        cutForAudience(doc, 'cto', { vars: { name: 'Ann' }, varsSource: 'people.csv row 3' }),
      ).format(),
    ).toBe(
      'slides/pitch.md:20: {{phone}} is not defined for audience "cto" in people.csv row 3 (defined for no audience)\n' +
        '  Add "phone" to the vars of audience "cto" (or to the deck\'s "vars:", for every audience), ' +
        'a column "phone" to people.csv.',
    );
  });

  it('names a nested var whole', () => {
    const doc = deck(['# {{person.name}}']);
    expect(deckErrorOf(() => cutForAudience(doc, 'cto')).message).toBe(
      '{{person.name}} is not defined for audience "cto" (defined for no audience)',
    );
  });

  it('does not mind a var missing for an audience that never sees it', () => {
    const doc = deck(['# {{#audience "founders"}}{{budget}}{{else}}free{{/audience}}']);
    expect(cutForAudience(doc, 'cto').slides[0]?.markdown).toBe('# free');
    expect(deckErrorOf(() => cutForAudience(doc, 'founders')).code).toBe('missing-var');
  });

  it('rejects an unknown audience in {{#audience}} in every cut, even where the block is not taken', () => {
    const doc = deck(['# A', '', '{{#audience "founders" "sales"}}x{{/audience}}']);
    expect(deckErrorOf(() => cutForAudience(doc, 'founders')).format()).toBe(
      'slides/pitch.md:19: unknown audience "sales" in {{#audience}} (known: founders, engineers, cto)\n' +
        '  Use one of the known names, or declare it under "audiences:" in the front matter.',
    );
    expect(deckErrorOf(() => cutForAudience(doc, 'cto')).code).toBe('unknown-audience');
  });

  it('reports a block that is never closed at its opening line, and other syntax errors at theirs', () => {
    const unclosed = deck(['# A', '', 'x {{#audience "cto"}} y', '', 'z']);
    expect(deckErrorOf(() => cutForAudience(unclosed, 'cto')).format()).toBe(
      'slides/pitch.md:19: {{#audience}} is never closed\n' +
        '  Close it with {{/audience}} in the same slide (or its notes).',
    );
    const broken = deck(['# A', '', 'x', '', 'y {{company}']);
    const error = deckErrorOf(() => cutForAudience(broken, 'cto'));
    expect([error.code, error.line]).toEqual(['slide-template', 21]);
    expect(error.message).toMatch(/^Handlebars syntax error in this slide: Expecting /);
  });

  it('refuses blocks nested thousands deep at the line where they pass the limit, before Handlebars recurses', () => {
    const lines = Array.from({ length: 10_000 }, () => '{{#if company}}');
    const doc = deck(['# A', '', ...lines, 'x', ...lines.map(() => '{{/if}}')]);
    expect(deckErrorOf(() => cutForAudience(doc, 'cto')).format()).toBe(
      'slides/pitch.md:119: {{#...}} blocks nested more than 100 deep\n' +
        '  Nesting deeper than 100 levels is refused; flatten it.',
    );
    const fine = deck(['# A', '', `${'{{#if company}}'.repeat(100)}x${'{{/if}}'.repeat(100)}`, '\\{{#if}}']);
    expect(cutForAudience(fine, 'cto').slides[0]?.markdown).toBe('# A\n\nx\n{{#if}}');
  });

  it('refuses subexpressions nested thousands deep at their line, before Handlebars recurses', () => {
    const doc = deck(['# A', '', `{{#if ${'(company '.repeat(10_000)}${')'.repeat(10_000)}}}x{{/if}}`]);
    expect(deckErrorOf(() => cutForAudience(doc, 'cto')).format()).toBe(
      'slides/pitch.md:19: (subexpressions) nested more than 100 deep\n' +
        '  Nesting deeper than 100 levels is refused; flatten it.',
    );
  });

  it('rejects {{#audience}} without names or with unquoted names', () => {
    expect(deckErrorOf(() => cutForAudience(deck(['# {{#audience}}x{{/audience}}']), 'cto')).message).toBe(
      '{{#audience}} names no audience',
    );
    expect(
      deckErrorOf(() => cutForAudience(deck(['# {{#audience cto}}x{{/audience}}']), 'cto')).message,
    ).toBe('{{#audience}} takes audience names in quotes');
  });

  it('rejects {{audience}} in a deck built without an audience', () => {
    const doc = parse(['---', 'vars: { a: 1 }', '---', '# A', '', 'for {{audience}}']);
    expect(deckErrorOf(() => cutForAudience(doc, undefined)).format()).toBe(
      'slides/pitch.md:6: {{audience}} is used, but this deck is built without an audience\n' +
        '  Declare audiences in the front matter ("audiences:\\n  founders: {}"), or remove {{audience}}.',
    );
  });
});
