/**
 * `checkDecks` against real Chromium: fixture decks with known problems, each on a slide of its own, and
 * a clean deck. The findings must name exactly those slides and lines, and nothing else.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserSession, startBrowser } from '../../src/browser/session.ts';
import type { Finding } from '../../src/check/finding.ts';
import { checkDecks } from '../../src/run/build.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const FIXTURES = 'tests/fixtures/check';
const PROBLEMS = `${FIXTURES}/problems.md`;
const CLEAN = `${FIXTURES}/clean.md`;

/** The 1-based line of the fixture that holds `text` (only once, or the test itself is wrong). */
function lineOf(file: string, text: string): number {
  const lines = readFileSync(join(repo, file), 'utf8').split('\n');
  const found = lines.flatMap((line, i) => (line.includes(text) ? [i + 1] : []));
  if (found.length !== 1) throw new Error(`"${text}" is on ${found.length} lines of ${file}`);
  return found[0] as number;
}

/** What a test compares: where, which rule, on which slide. Messages are checked separately. */
const brief = (f: Finding) => ({ line: f.line, rule: f.rule, severity: f.severity, slide: f.slide });

describe('pitchdeck check in Chromium', () => {
  let session: BrowserSession;
  let findings: Finding[];
  let work: string;

  beforeAll(async () => {
    session = startBrowser({ install: false });
    work = mkdtempSync(join(tmpdir(), 'pitchdeck-check-test-'));
    ({ findings } = await checkDecks([PROBLEMS, CLEAN], { cwd: repo, session }));
  });

  afterAll(async () => {
    await session?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('finds nothing in the clean deck: fitting list, table, picture, code, scrollable, r-fit-text, dark and picture backgrounds', () => {
    expect(findings.filter((f) => f.file === CLEAN)).toEqual([]);
  });

  it('names exactly the problem slides, each at the line of the element responsible', () => {
    expect(findings.filter((f) => f.file === PROBLEMS).map(brief)).toEqual([
      { line: lineOf(PROBLEMS, 'Point twelve'), rule: 'overflow', severity: 'error', slide: { h: 1, v: 0 } },
      { line: lineOf(PROBLEMS, '| Language |'), rule: 'overflow', severity: 'error', slide: { h: 2, v: 0 } },
      { line: lineOf(PROBLEMS, 'img/tall.png'), rule: 'overflow', severity: 'error', slide: { h: 3, v: 0 } },
      {
        line: lineOf(PROBLEMS, 'img/missing.png'),
        rule: 'missing-asset',
        severity: 'error',
        slide: { h: 4, v: 0 },
      },
      { line: lineOf(PROBLEMS, 'Light grey'), rule: 'contrast', severity: 'warning', slide: { h: 5, v: 0 } },
      // The empty slide is the second of two separators in a row.
      {
        line: lineOf(PROBLEMS, 'Light grey') + 2,
        rule: 'empty-slide',
        severity: 'warning',
        slide: { h: 6, v: 0 },
      },
      {
        line: lineOf(PROBLEMS, 'class="shout"'),
        rule: 'stray-element',
        severity: 'warning',
        slide: { h: 7, v: 0 },
      },
      {
        line: lineOf(PROBLEMS, 'def long_pipeline do'),
        rule: 'overflow',
        severity: 'error',
        slide: { h: 8, v: 0 },
      },
      {
        line: lineOf(PROBLEMS, 'The fine print'),
        rule: 'min-font-size',
        severity: 'warning',
        slide: { h: 9, v: 0 },
      },
      {
        line: lineOf(PROBLEMS, 'Only a paragraph'),
        rule: 'no-heading',
        severity: 'warning',
        slide: { h: 10, v: 0 },
      },
      { line: lineOf(PROBLEMS, 'Step twelve'), rule: 'overflow', severity: 'error', slide: { h: 11, v: 1 } },
    ]);
  });

  it('says how far, which way and what overflows', () => {
    const messages = findings.filter((f) => f.rule === 'overflow').map((f) => f.message);
    expect(messages[0]).toMatch(
      /^slide 2 "A list too long" overflows by \d+px at the bottom: <ul> from item 12 "Point twelve"; shorten it or split the slide$/,
    );
    expect(messages[1]).toMatch(
      /^slide 3 "A table too wide" overflows by \d+px at the right: <table> "Language/,
    );
    expect(messages[2]).toMatch(
      /^slide 4 "A picture too tall" overflows by \d+px at the bottom: <img> "a tall red bar"/,
    );
    expect(messages[3]).toMatch(
      /^slide 9 "Code too long": <pre> "def long_pipeline do" is cut off, \d+px of it hidden/,
    );
    expect(messages[4]).toMatch(
      /^slide 13 "Fragments too many" overflows by \d+px at the bottom: <ul> from item 12/,
    );
    // The 1200px picture in a 720px slide, below its heading: more than 480px past the edge.
    expect(Number(/by (\d+)px/.exec(messages[2] ?? '')?.[1])).toBeGreaterThan(480);
  });

  it('computes contrast from the rendered colours', () => {
    const contrast = findings.find((f) => f.rule === 'contrast');
    expect(contrast?.message).toMatch(
      /text contrast 1\.9\d:1 is below 3:1 \(WCAG AA\), #bbbbbb on #ffffff: <p>/,
    );
  });

  it('passes the Elixir pitch in every audience cut, warnings included', async () => {
    const result = await checkDecks(['slides/elixir-pitch.md'], { cwd: repo, session });
    expect(result.cuts.map((c) => c.audience)).toEqual(['founders', 'engineers', 'cto']);
    expect(result.findings.map((f) => `${f.line}: ${f.message} [${f.rule}] (${f.audience})`)).toEqual([]);
  });

  it('checks every audience cut, numbering slides as each cut does', async () => {
    const deck = join(work, 'cuts.md');
    const lines = [
      '---',
      'title: Cuts',
      'theme: white',
      'audiences: { short: {}, long: {} }',
      '---',
      '',
      '# Cuts',
      '',
      '---',
      '',
      '<!-- .slide: data-audience="long" -->',
      '',
      '## Only for the long cut',
      '',
      ...Array.from({ length: 16 }, (_, i) => `- Item number ${i + 1}`),
      '',
      '---',
      '',
      '## For everyone',
      '',
      '![gone](gone.png)',
      '',
    ];
    writeFileSync(deck, lines.join('\n'));
    const at = (text: string) => lines.indexOf(text) + 1;
    const result = await checkDecks([deck], { cwd: work, session });
    expect(result.cuts.map((c) => c.audience)).toEqual(['short', 'long']);
    expect(result.findings.map((f) => [f.audience, f.rule, f.slide, f.line])).toEqual([
      // The list runs past the bottom from an item near its end: that item's line.
      ['long', 'overflow', { h: 1, v: 0 }, expect.toSatisfy((l: number) => l > at('- Item number 8'))],
      ['short', 'missing-asset', { h: 1, v: 0 }, at('![gone](gone.png)')],
      ['long', 'missing-asset', { h: 2, v: 0 }, at('![gone](gone.png)')],
    ]);
    expect(result.findings[2]?.message).toBe('slide 3 "For everyone": "gone.png" does not exist');
  });

  it('judges font sizes as shown on a 1280×720 screen, and measures overflow in the slide’s own pixels', async () => {
    const deck = join(work, 'large.md');
    // A 1920×1080 deck shown on a 1280×720 screen: its 21px text is 14px there.
    writeFileSync(
      deck,
      [
        '---',
        'width: 1920',
        'height: 1080',
        'theme: white',
        '---',
        '',
        '## Big deck',
        '',
        '<p style="font-size: 21px">Fine print in a big deck.</p>',
        '',
        '---',
        '',
        '## Wide',
        '',
        '<div style="width: 2000px; height: 10px; background: #000"></div>',
        '',
      ].join('\n'),
    );
    const { findings: found } = await checkDecks([deck], { cwd: work, session });
    expect(found.map((f) => f.message)).toEqual([
      expect.stringMatching(/^slide 1 "Big deck": text at 14px is smaller than 16px/),
      // 2000px wide, starting after the slide's 48px padding, in a 1920px slide: 128px past its edge,
      // whatever scale reveal.js shows it at.
      'slide 2 "Wide" overflows by 128px at the right: <div>; shorten it or split the slide',
    ]);
  });

  it('honours the thresholds and ignores of the front matter and of a slide', async () => {
    const deck = (frontMatter: string, slideComment: string) =>
      [
        '---',
        'theme: white',
        frontMatter,
        '---',
        '',
        '## Tuned',
        '',
        '<p style="font-size: 10px; color: #cccccc">Small and pale, and allowed here.</p>',
        '',
        '---',
        '',
        slideComment,
        '',
        '## Long on purpose',
        '',
        ...Array.from({ length: 16 }, (_, i) => `- Item ${i + 1}`),
        '',
      ].join('\n');
    writeFileSync(join(work, 'untuned.md'), deck('title: Untuned', ''));
    writeFileSync(
      join(work, 'tuned.md'),
      deck('check: { minFontSize: 9, ignore: [contrast] }', '<!-- .slide: data-check-ignore="overflow" -->'),
    );
    const untuned = await checkDecks(['untuned.md'], { cwd: work, session });
    expect(untuned.findings.map((f) => f.rule)).toEqual(['min-font-size', 'contrast', 'overflow']);
    const tuned = await checkDecks(['tuned.md'], { cwd: work, session });
    expect(tuned.findings).toEqual([]);
  });
});
