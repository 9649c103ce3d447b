import { describe, expect, it } from 'vitest';
import { buildDeck } from '../../src/deck/build-deck.ts';
import { createHighlighter } from '../../src/deck/highlight.ts';
import { createMarkdown } from '../../src/deck/markdown.ts';
import { createTypesetter, scanBlockMaths, scanInlineMaths } from '../../src/deck/maths.ts';
import type { Slide } from '../../src/model.ts';
import { parseDocument } from '../../src/parse/parse-document.ts';
import { deckErrorOfAsync } from '../helpers/deck-error.ts';

const render = async (markdown: string): Promise<string> => {
  const marked = createMarkdown({
    highlighter: await createHighlighter(['js']),
    maths: await createTypesetter(),
  });
  return marked.parse(markdown) as string;
};

/** The TeX of every formula typeset in HTML (KaTeX keeps it as an annotation), and whether it is displayed. */
const formulas = (html: string) =>
  [
    ...html.matchAll(
      /<span class="katex(-display)?">(?:<span class="katex">)?.*?encoding="application\/x-tex">([\s\S]*?)<\/annotation>/g,
    ),
  ].map((m) => ({ tex: m[2]?.trim(), display: m[1] !== undefined }));

describe('scanInlineMaths: pandoc’s rules for dollars', () => {
  it.each([
    ['$x^2$ and more', '$x^2$', 'x^2'],
    ['$a + b$, then', '$a + b$', 'a + b'],
    ['$\\$5$ is escaped inside', '$\\$5$', '\\$5'],
    ['$x$5 is no closer... $y$', undefined, undefined],
    ['$x$.', '$x$', 'x'],
  ])('%j gives %j', (src, raw, tex) => {
    const found = scanInlineMaths(src);
    expect(found?.raw).toBe(raw);
    expect(found?.tex).toBe(tex);
  });

  it('does not open before a space, nor close after one', () => {
    expect(scanInlineMaths('$ x$')).toBeUndefined();
    expect(scanInlineMaths('$x $')).toBeUndefined();
    expect(scanInlineMaths('$5 and $10')).toBeUndefined();
  });

  it('does not close before a digit: $20,000 and $30,000 are prices', () => {
    expect(scanInlineMaths('$20,000 and $30,000')).toBeUndefined();
  });

  it('does not run over a blank line or into a code span', () => {
    expect(scanInlineMaths('$x\n\ny$')).toBeUndefined();
    expect(scanInlineMaths('$x\ny$')?.tex).toBe('x\ny');
    expect(scanInlineMaths('$10 and `$x$`')).toBeUndefined();
  });

  it('reads $$...$$ and \\[...\\] as displayed, \\(...\\) as inline', () => {
    expect(scanInlineMaths('$$a$$ b')).toEqual({ raw: '$$a$$', tex: 'a', display: true });
    expect(scanInlineMaths('\\[a\\] b')).toEqual({ raw: '\\[a\\]', tex: 'a', display: true });
    expect(scanInlineMaths('\\(a\\) b')).toEqual({ raw: '\\(a\\)', tex: 'a', display: false });
    expect(scanInlineMaths('$$ $$')).toBeUndefined();
  });
});

describe('scanBlockMaths', () => {
  it('takes a $$ block that ends its own line', () => {
    expect(scanBlockMaths('$$\nx = 1\n$$\nnext')).toEqual({
      raw: '$$\nx = 1\n$$\n',
      tex: '\nx = 1\n',
      display: true,
    });
    expect(scanBlockMaths('\\[x\\]\n')?.tex).toBe('x');
  });

  it('leaves a $$ followed by text on its line to the paragraph', () => {
    expect(scanBlockMaths('$$x$$ is inline display maths')).toBeUndefined();
    expect(scanBlockMaths('$$\nx\n\ny\n$$')).toBeUndefined();
  });
});

describe('maths in Markdown', () => {
  it('typesets inline and displayed maths to KaTeX HTML with MathML, and no script', async () => {
    const html = await render('Energy $E = mc^2$ and \\(a^2\\).\n\n$$\n\\frac{1}{2}\n$$\n\n\\[x\\]\n');
    expect(formulas(html)).toEqual([
      { tex: 'E = mc^2', display: false },
      { tex: 'a^2', display: false },
      { tex: '\\frac{1}{2}', display: true },
      { tex: 'x', display: true },
    ]);
    expect(html).toContain('<math xmlns="http://www.w3.org/1998/Math/MathML">');
    expect(html).not.toContain('<script');
    // The source survives only as KaTeX's annotation, never as text to show.
    expect(html.replace(/<annotation[^>]*>[\s\S]*?<\/annotation>/g, '')).not.toMatch(/\$|\\frac|\\\(/);
  });

  it('leaves prices in prose as text', async () => {
    const html = await render('It costs $5 and $10, or $20,000 and $30,000.');
    expect(html).toBe('<p>It costs $5 and $10, or $20,000 and $30,000.</p>\n');
  });

  it('never touches code spans or fences', async () => {
    const html = await render('Run `echo $HOME $x$` now.\n\n```sh\necho "$a$"\n```\n\n    $indented$\n');
    expect(formulas(html)).toEqual([]);
    expect(html).toContain('<code>echo $HOME $x$</code>');
    expect(html).toContain('$a$');
    expect(html).toContain('$indented$');
  });

  it('leaves an escaped dollar as a dollar', async () => {
    expect(await render('\\$x$ costs')).toBe('<p>$x$ costs</p>\n');
  });
});

describe('buildDeck: maths', () => {
  const build = (text: string) => buildDeck(parseDocument({ path: 'slides/maths.md', text }));
  const htmlOf = (slide: Slide | undefined) => (slide && 'html' in slide.content ? slide.content.html : '');

  it('says whether the deck has maths, so the page links KaTeX only then', async () => {
    expect((await build('# A\n\n$x$\n')).maths).toBe(true);
    expect((await build('# A\n\nIt costs $5 and $10.\n')).maths).toBe(false);
    expect((await build('# A\n\nNo dollars at all.\n')).maths).toBe(false);
  });

  it('typesets maths in speaker notes as MathML alone: the speaker view has no KaTeX stylesheet', async () => {
    const deck = await build('# A\n\nNote: the area is $\\pi r^2$.\n');
    const notes = deck.slides[0]?.notesHtml ?? '';
    expect(notes).toContain('<math xmlns="http://www.w3.org/1998/Math/MathML">');
    expect(notes).toContain('encoding="application/x-tex">\\pi r^2</annotation>');
    expect(notes).not.toContain('katex-html');
    // Maths only in the notes needs no stylesheet in the page.
    expect(deck.maths).toBe(false);
  });

  it('titles a slide with the formula as read, not twice and not as TeX', async () => {
    const deck = await build('# Energy $E = mc^2$\n');
    expect(deck.slides[0]?.title).toBe('Energy E=mc2');
    expect(htmlOf(deck.slides[0])).toContain('katex');
  });

  it('reports TeX KaTeX cannot typeset as a deck error at its line, with KaTeX’s message', async () => {
    const error = await deckErrorOfAsync(build('# A\n\n---\n\n## B\n\nFine $x$, then\n$\\frac{1}{$ here.\n'));
    expect(error.format()).toBe(
      'slides/maths.md:8: TeX error in "$\\frac{1}{$": Unexpected end of input in a macro argument, expected \'}\'\n' +
        '  Maths is typeset with KaTeX, which knows most of LaTeX’s maths (https://katex.org/docs/supported.html); a dollar sign meant as text is written \\$.',
    );
    expect(error.code).toBe('maths');
  });

  it('reports an error in the notes at the notes’ line', async () => {
    const error = await deckErrorOfAsync(build('# A\n\nNote:\nSee\n$\\nosuchmacro$\n'));
    expect(error.format().split('\n')[0]).toBe(
      'slides/maths.md:5: TeX error in "$\\nosuchmacro$": Undefined control sequence: \\nosuchmacro',
    );
  });
});
