import { describe, expect, it } from 'vitest';
import { buildDeck } from '../../src/deck/build-deck.ts';
import type { DeckDocument, RawSlide } from '../../src/model.ts';
import { deepestNesting, MAX_NESTING } from '../../src/parse/nesting.ts';
import { parseDocument } from '../../src/parse/parse-document.ts';
import { deckErrorOf, deckErrorOfAsync } from '../helpers/deck-error.ts';

/** A list nested `levels` deep by indentation, one item per line. */
const indentedList = (levels: number) => Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}- item`);

/** A document of raw slides, as a library user may hand buildDeck one without parseDocument. */
const docOf = (slides: Partial<RawSlide>[]): DeckDocument => ({
  path: 'deck.md',
  dialect: 'reveal',
  frontMatter: {},
  frontMatterLines: {},
  warnings: [],
  slides: slides.map((s, i) => ({
    h: i,
    v: 0,
    line: 1,
    markdown: '',
    notes: undefined,
    attributes: {},
    ...s,
  })),
});

describe('deepestNesting', () => {
  it('counts > and list markers at the start of a line, and finds the line', () => {
    expect(deepestNesting(`a\n\n${'> '.repeat(101)}x`)).toEqual({ line: 3, depth: 101 });
    expect(deepestNesting(`${'- '.repeat(60)}${'1. '.repeat(60)}x`)).toEqual({ line: 1, depth: 120 });
    expect(deepestNesting(`${'> - '.repeat(51)}x`)).toEqual({ line: 1, depth: 102 });
  });

  it('allows the limit itself', () => {
    expect(deepestNesting(`${'> '.repeat(MAX_NESTING)}x`)).toBeUndefined();
    expect(deepestNesting(indentedList(MAX_NESTING).join('\n'))).toBeUndefined();
  });

  it('counts list items opened on earlier lines that the indentation keeps open', () => {
    expect(deepestNesting(indentedList(MAX_NESTING + 1).join('\n'))).toEqual({ line: 101, depth: 101 });
    // With a tab for each level, and blank lines between the items.
    const tabs = Array.from({ length: 150 }, (_, i) => `${'\t'.repeat(i)}* item\n`).join('\n');
    expect(deepestNesting(tabs)?.depth).toBe(101);
  });

  it('lets an unindented line close the items before it', () => {
    const lists = [...indentedList(60), 'paragraph', ...indentedList(60)].join('\n');
    expect(deepestNesting(lists)).toBeUndefined();
  });

  it('does not take thematic breaks for list markers', () => {
    expect(
      deepestNesting(['- - -', '* * * * *', `${'- '.repeat(300)}`, `> ${'_ '.repeat(300)}`].join('\n')),
    ).toBe(undefined);
    expect(deepestNesting(`${'- '.repeat(150)}* x`)?.depth).toBe(151);
  });

  it('ignores fenced and indented code, and markers that open no item', () => {
    const fenced = ['```', `${'> '.repeat(500)}x`, '```', '~~~', `${'- '.repeat(500)}x`].join('\n');
    expect(deepestNesting(fenced)).toBeUndefined();
    expect(deepestNesting(`    ${'> '.repeat(500)}x`)).toBeUndefined();
    expect(deepestNesting(`${'-1 '.repeat(500)}x\n${'1.5 '.repeat(500)}`)).toBeUndefined();
  });
});

describe('nesting too deep for marked: a DeckError, not a stack overflow', () => {
  it('refuses a blockquote 10,000 deep at its line, in a separator deck and a heading-split one', () => {
    const quote = `${'> '.repeat(10_000)}x`;
    const error = deckErrorOf(() =>
      parseDocument({
        path: 'deck.md',
        text: ['---', 'title: T', '---', '# A', '---', '', quote].join('\n'),
      }),
    );
    expect(error.code).toBe('too-deep');
    expect(error.format()).toBe(
      'deck.md:7: blockquotes and lists nested 10000 levels deep\n' +
        '  Nesting deeper than 100 levels is refused; flatten it.',
    );
    const headings = deckErrorOf(() => parseDocument({ path: 'deck.md', text: `# A\n\n## B\n\n${quote}` }));
    expect(headings).toMatchObject({ code: 'too-deep', line: 5 });
  });

  it('refuses list indentation past the limit at the first line too deep', () => {
    const text = ['# A', '', ...indentedList(300)].join('\n');
    expect(deckErrorOf(() => parseDocument({ path: 'deck.md', text }))).toMatchObject({
      code: 'too-deep',
      line: 103,
    });
  });

  it('checks slides and notes handed to buildDeck without parseDocument, at their lines', async () => {
    const slide = await deckErrorOfAsync(
      buildDeck(docOf([{ line: 4, markdown: `# A\n${'- '.repeat(10_000)}x` }])),
    );
    expect(slide).toMatchObject({ code: 'too-deep', file: 'deck.md', line: 5 });
    const notes = await deckErrorOfAsync(
      buildDeck(
        docOf([{ line: 4, markdown: '# A', notes: { markdown: `n\n\n${'> '.repeat(10_000)}`, line: 9 } }]),
      ),
    );
    expect(notes).toMatchObject({ code: 'too-deep', line: 11 });
  });

  it('refuses HTML elements nested 10,000 deep at the slide, without crashing the tree walks', async () => {
    const html = `${'<div>'.repeat(10_000)}x${'</div>'.repeat(10_000)}`;
    const error = await deckErrorOfAsync(
      buildDeck(parseDocument({ path: 'deck.md', text: `# A\n---\n\n${html}` })),
    );
    expect(error.format()).toBe(
      'deck.md:4: HTML elements nested 10000 deep in this slide\n' +
        '  Nesting deeper than 500 elements is refused; flatten it.',
    );
    const unclosed = await deckErrorOfAsync(
      buildDeck(docOf([{ line: 2, markdown: '<span>'.repeat(10_000) }])),
    );
    expect(unclosed).toMatchObject({ code: 'too-deep', line: 2 });
  });

  it('turns any other stack overflow into a DeckError at the line that causes it', async () => {
    const emphasis = `${'*'.repeat(10_000)}x${'*'.repeat(10_000)}`;
    const error = await deckErrorOfAsync(
      buildDeck(docOf([{ line: 3, markdown: `# A\n\nfine *text*\n${emphasis}\n` }])),
    );
    expect(error.format()).toBe(
      'deck.md:6: emphasis, links or HTML nested too deeply to render\n' +
        '  Flatten the emphasis, links or HTML elements nested inside each other here.',
    );
    const headings = deckErrorOf(() =>
      parseDocument({ path: 'deck.md', text: `# A\n\n## B\n\n${emphasis}` }),
    );
    expect(headings).toMatchObject({ code: 'too-deep', line: 5 });
  });
});
