import { describe, expect, it } from 'vitest';
import type { DeckDocument } from '../../src/model.ts';
import { splitMarp, splitSlidev } from '../../src/parse/foreign.ts';
import { splitOnHeadings } from '../../src/parse/headings.ts';
import { parseDocument } from '../../src/parse/parse-document.ts';

const parse = (lines: string[]) => parseDocument({ path: 'doc.md', text: lines.join('\n') });
const positions = (doc: DeckDocument) => doc.slides.map((s) => [s.h, s.v, s.line]);
const firstLines = (doc: DeckDocument) => doc.slides.map((s) => s.markdown.split('\n')[0]);

describe('heading-split documents', () => {
  it('opens a section at #, stacks ## vertically inside it and keeps ### inside the slide', () => {
    const doc = parse([
      '## Intro', // 1
      '',
      'before any section',
      '',
      '# Part 1', // 5
      '',
      '## A', // 7
      '',
      '### detail',
      '',
      'x',
      '',
      '## B', // 13
      '',
      '# Part 2', // 15
      '',
      '## C', // 17
      '',
    ]);
    expect(doc.dialect).toBe('headings');
    expect(positions(doc)).toEqual([
      [0, 0, 1],
      [1, 0, 5],
      [1, 1, 7],
      [1, 2, 13],
      [2, 0, 15],
      [2, 1, 17],
    ]);
    expect(firstLines(doc)).toEqual(['## Intro', '# Part 1', '## A', '## B', '# Part 2', '## C']);
    expect(doc.slides[2]?.markdown).toContain('### detail');
  });

  it('puts ## slides before the first # side by side', () => {
    expect(positions(parse(['## A', '', '## B', '', '## C']))).toEqual([
      [0, 0, 1],
      [1, 0, 3],
      [2, 0, 5],
    ]);
  });

  it('makes text before the first heading a slide of its own', () => {
    expect(positions(parse(['intro', '', '## A']))).toEqual([
      [0, 0, 1],
      [1, 0, 3],
    ]);
  });

  it('cuts at # with slideLevel: 1, keeping ## inside', () => {
    const doc = parse(['---', 'slideLevel: 1', '---', '# One', '', '## inside', '', '# Two', '']);
    expect(positions(doc)).toEqual([
      [0, 0, 4],
      [1, 0, 8],
    ]);
    expect(doc.slides[0]?.markdown).toContain('## inside');
  });

  it('does not split on headings inside fenced or indented code, or an HTML block', () => {
    const doc = parse([
      '## A',
      '',
      '```md',
      '## fenced',
      '```',
      '',
      '~~~',
      '# tilde fenced',
      '~~~',
      '',
      '    ## indented',
      '',
      '<div>',
      '## html',
      '</div>',
      '',
      '## B',
    ]);
    expect(positions(doc)).toEqual([
      [0, 0, 1],
      [1, 0, 17],
    ]);
  });

  it('starts another slide at a thematic break, at the current level', () => {
    const doc = parse(['## A', '', 'text', '', '***', '', 'more', '', '# S', '', '## B', '', '***', '', 'c']);
    expect(positions(doc)).toEqual([
      [0, 0, 1],
      [1, 0, 7],
      [2, 0, 9],
      [2, 1, 11],
      [2, 2, 15],
    ]);
    expect(doc.slides[1]?.markdown.trim()).toBe('more');
  });

  it('prepends a generated title slide when the front matter has a title', () => {
    const doc = parse(['---', 'title: My talk', '---', '## A', '', '## B']);
    expect(doc.slides[0]).toEqual({
      h: 0,
      v: 0,
      line: 1,
      markdown: '',
      notes: undefined,
      attributes: { layout: 'title' },
    });
    expect(positions(doc).slice(1)).toEqual([
      [1, 0, 4],
      [2, 0, 6],
    ]);
  });

  it('generates no title slide without a title', () => {
    const doc = parse(['---', 'author: A', '---', '## A', '', '## B']);
    expect(doc.slides).toHaveLength(2);
    expect(doc.slides[0]?.attributes).toEqual({});
  });

  it('reads a Quarto deck (format in the front matter) with --- rules on headings', () => {
    const doc = parse([
      '---',
      'format: revealjs',
      'title: T',
      '---',
      '',
      '## A',
      '',
      'text',
      '',
      '---',
      '',
      'more',
      '',
      '## B',
    ]);
    expect(doc.dialect).toBe('headings');
    expect(positions(doc)).toEqual([
      [0, 0, 1],
      [1, 0, 6],
      [2, 0, 12],
      [3, 0, 14],
    ]);
  });

  it('turns Pandoc heading attributes into slide attributes and strips them from the heading', () => {
    const doc = parse([
      '## Results {#results .big .dark background-color="#123"}',
      '',
      'text',
      '',
      '# Part {data-state=calm}',
    ]);
    expect(doc.slides[0]?.attributes).toEqual({
      id: 'results',
      class: 'big dark',
      'data-background-color': '#123',
    });
    expect(doc.slides[0]?.markdown).toBe('## Results\n\ntext\n\n');
    expect(doc.slides[1]?.attributes).toEqual({ 'data-state': 'calm' });
    expect(doc.slides[1]?.markdown).toBe('# Part');
  });

  it('leaves braces that are not at the end of the heading alone', () => {
    const doc = parse(['## Use {braces} in text', '', 'x']);
    expect(doc.slides[0]?.attributes).toEqual({});
    expect(doc.slides[0]?.markdown.split('\n')[0]).toBe('## Use {braces} in text');
  });

  it('takes ::: notes out of the slide as its notes', () => {
    const doc = parse(['## A', '', 'shown', '', '::: notes', 'hidden', ':::', '', '## B']);
    expect(doc.slides[0]?.markdown).not.toContain('hidden');
    expect(doc.slides[0]?.notes?.markdown).toBe('hidden');
  });
});

describe('splitOnHeadings', () => {
  it('keeps a document without headings as one slide', () => {
    expect(splitOnHeadings('just text', 4, 2)).toEqual([
      { h: 0, v: 0, text: 'just text', line: 4, attributes: {} },
    ]);
  });

  it('reads setext headings as headings', () => {
    const chunks = splitOnHeadings('Title\n=====\n\ntext\n\nSub\n---\n\nmore', 3, 2);
    expect(chunks.map((c) => [c.h, c.v, c.line])).toEqual([
      [0, 0, 3],
      [0, 1, 8],
    ]);
  });
});

describe('Marp decks', () => {
  it('split on thematic breaks (---, ***) but not on setext underlines', () => {
    const doc = parse([
      '---',
      'marp: true',
      '---',
      '# A', // 4
      '',
      'Setext heading',
      '---',
      '',
      'text',
      '',
      '---',
      '',
      '# B', // 13
      '',
      '***',
      '',
      '# C', // 17
    ]);
    expect(doc.dialect).toBe('marp');
    expect(positions(doc)).toEqual([
      [0, 0, 4],
      [1, 0, 13],
      [2, 0, 17],
    ]);
    expect(doc.slides[0]?.markdown).toContain('Setext heading\n---');
  });

  it('do not split on --- inside code', () => {
    const chunks = splitMarp('# A\n\n```\n---\n```\n\n---\n\n# B', 1);
    expect(chunks.map((c) => c.line)).toEqual([1, 9]);
  });
});

describe('Slidev decks', () => {
  it('read per-slide front matter into attributes, mapping layouts to pitchdeck layouts', () => {
    const doc = parse([
      '---',
      'highlighter: shiki',
      '---',
      '# A', // 4
      '',
      '---',
      'layout: cover',
      'class: dark',
      '---',
      '',
      '# B', // 11
      '',
      '---',
      'layout: fact',
      '---',
      '',
      '# 99%', // 17
      '',
      '---',
      '',
      '# D', // 21
    ]);
    expect(doc.dialect).toBe('slidev');
    expect(doc.slides.map((s) => [s.h, s.line, s.attributes])).toEqual([
      [0, 4, {}],
      [1, 11, { layout: 'title', class: 'dark' }],
      [2, 17, { layout: 'stat' }],
      [3, 21, {}],
    ]);
    expect(doc.slides[1]?.markdown).not.toContain('layout:');
  });

  it('ignore Slidev layouts pitchdeck does not have', () => {
    const chunks = splitSlidev('# A\n\n---\nlayout: image-right\n---\n\n# B', 1, 'd.md');
    expect(chunks.map((c) => c.attributes)).toEqual([{}, {}]);
    expect(chunks[1]?.text).toBe('# B');
  });

  it('keep lines that are not YAML after all as the slide content', () => {
    const chunks = splitSlidev('# A\n\n---\nB: [x\n---\n\nC', 1, 'd.md');
    expect(chunks.map((c) => c.text.trim())).toEqual(['# A', 'B: [x', 'C']);
    expect(chunks.map((c) => c.line)).toEqual([1, 4, 7]);
  });
});
