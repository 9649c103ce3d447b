import type { FailedLoad } from '../browser/failed-loads.ts';
import type { Deck, Slide } from '../model.ts';

/**
 * The stable ids of what `pitchdeck check` looks for. `--json` consumers, `check: { ignore: [...] }` and
 * `data-check-ignore` rely on them: add new ids, never rename one.
 */
export const CHECK_RULES = [
  'overflow',
  'missing-asset',
  'empty-slide',
  'no-heading',
  'missing-notes',
  'stray-element',
  'duplicate-id',
  'word-count',
  'min-font-size',
  'contrast',
  'broken-media',
  'missing-glyph',
  'remote-media',
] as const;

export type CheckRule = (typeof CHECK_RULES)[number];

export type Severity = 'error' | 'warning';

/** Content the audience cannot see (cut off, or not there at all) is an error; the rest is advice. */
export const SEVERITY: Readonly<Record<CheckRule, Severity>> = {
  overflow: 'error',
  'missing-asset': 'error',
  'empty-slide': 'warning',
  'no-heading': 'warning',
  'missing-notes': 'warning',
  'stray-element': 'warning',
  'duplicate-id': 'warning',
  'word-count': 'warning',
  'min-font-size': 'warning',
  contrast: 'warning',
  'broken-media': 'error',
  'missing-glyph': 'error',
  'remote-media': 'warning',
};

/** One problem `pitchdeck check` found, as data: the CLI prints it, `--json` serialises it. */
export interface Finding {
  file: string;
  /** 1-based source line of the element responsible when it is known, else of the slide. */
  line: number;
  /** The slide's 0-based position in its cut; undefined for a finding about the whole deck. */
  slide: { h: number; v: number } | undefined;
  /** The audience whose cut this is; undefined for a deck without audiences. */
  audience: string | undefined;
  /** The recipient (a row of `--each`) whose cut this is, by name. */
  recipient?: string | undefined;
  rule: CheckRule;
  severity: Severity;
  message: string;
}

/** Which cut of a deck is being checked. */
export interface CutLabel {
  audience?: string | undefined;
  recipient?: string | undefined;
}

/** `slide 7 "When it fits"`: its 1-based position in the cut (as reveal.js counts) and its heading. */
export function slideName(deck: Deck, slide: Slide): string {
  const index = deck.slides.indexOf(slide);
  return `slide ${index + 1}${slide.title ? ` "${slide.title}"` : ''}`;
}

export function makeFinding(
  deck: Deck,
  slide: Slide | undefined,
  rule: CheckRule,
  message: string,
  cut: CutLabel,
  line: number = slide?.line ?? 0,
): Finding {
  const finding: Finding = {
    file: deck.path,
    line,
    slide: slide && { h: slide.h, v: slide.v },
    audience: cut.audience,
    rule,
    severity: SEVERITY[rule],
    message,
  };
  if (cut.recipient !== undefined) finding.recipient = cut.recipient;
  return finding;
}

/**
 * Drops what the deck asked not to hear about: front matter `check: { ignore: [rule] }` for the whole deck,
 * `<!-- .slide: data-check-ignore="rule rule" -->` (or `"all"`) for one slide.
 */
export function withoutIgnored(findings: readonly Finding[], deck: Deck): Finding[] {
  const deckWide = new Set(deck.config.check.ignore);
  return findings.filter((f) => {
    if (deckWide.has(f.rule)) return false;
    const slide = f.slide && deck.slides.find((s) => s.h === f.slide?.h && s.v === f.slide.v);
    const ignored = slide?.attributes['data-check-ignore']?.split(/[\s,]+/) ?? [];
    return !ignored.includes(f.rule) && !ignored.includes('all');
  });
}

/** In source order: by file, line, then rule, so that output and `--json` are stable. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      CHECK_RULES.indexOf(a.rule) - CHECK_RULES.indexOf(b.rule) ||
      a.message.localeCompare(b.message),
  );
}

/**
 * Findings as `--json` prints them: every key present, `null` where a finding has no slide or audience,
 * so that consumers need not tell a missing key from an empty one.
 */
export function findingsToJson(findings: readonly Finding[]): unknown[] {
  return findings.map((f) => ({
    file: f.file,
    line: f.line,
    slide: f.slide ? { h: f.slide.h, v: f.slide.v } : null,
    audience: f.audience ?? null,
    ...(f.recipient !== undefined ? { recipient: f.recipient } : {}),
    rule: f.rule,
    severity: f.severity,
    message: f.message,
  }));
}

/**
 * Findings as lines, `slides/pitch.md:42: error: slide 7 "When it fits" overflows by 118px at the bottom
 * [overflow]`. The cuts of a deck share most slides: a finding the same in several cuts is printed once,
 * naming them. `severity` overrides every finding's severity (build prints them all as warnings).
 */
export function formatFindings(
  findings: readonly Finding[],
  options: { severity?: Severity } = {},
): string[] {
  const groups = new Map<string, { head: string; finding: Finding; cuts: string[] }>();
  for (const finding of sortFindings(findings)) {
    const severity = options.severity ?? finding.severity;
    const head = `${finding.file}:${finding.line}: ${severity}: ${finding.message}`;
    const key = `${head} [${finding.rule}]`;
    const group = groups.get(key) ?? { head, finding, cuts: [] };
    const cut = cutName(finding);
    if (cut !== undefined && !group.cuts.includes(cut)) group.cuts.push(cut);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ head, finding, cuts }) => {
    const where =
      cuts.length === 0 ? '' : ` (${cuts.length === 1 ? 'audience' : 'audiences'}: ${cuts.join(', ')})`;
    return `${head}${where} [${finding.rule}]`;
  });
}

function cutName(finding: Finding): string | undefined {
  if (finding.recipient !== undefined) {
    return finding.audience === undefined
      ? finding.recipient
      : `${finding.audience} for ${finding.recipient}`;
  }
  return finding.audience;
}

/** `2 errors, 1 warning`, counting a finding shared by several cuts once, as `formatFindings` prints it. */
export function summarize(findings: readonly Finding[], otherWarnings = 0): string {
  const distinct = new Map(findings.map((f) => [`${f.file}:${f.line}:${f.rule}:${f.message}`, f.severity]));
  const errors = [...distinct.values()].filter((s) => s === 'error').length;
  const warnings = distinct.size - errors + otherWarnings;
  return `${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`;
}

/** `slide 3 "Numbers": "https://…/chart.png" did not load (404 Not Found)`. */
export function mediaMessage(deck: Deck, slide: Slide | undefined, load: FailedLoad): string {
  const where = slide ? `${slideName(deck, slide)}: ` : '';
  return `${where}"${load.url}" did not load (${load.reason}); check the address, or put the file beside the deck`;
}

/**
 * The source line of an element: the first line of its slide whose text holds the element's text, with
 * Markdown and HTML punctuation ignored on both sides. The slide's own line when none does (text that a
 * var filled in, or that Markdown changed beyond recognition).
 */
export function elementLine(lines: readonly string[], deck: Deck, slide: Slide, needle: string): number {
  const plain = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}./]+/gu, '');
  const wanted = plain(needle).slice(0, 32);
  if (wanted.length < 3) return slide.line;
  const next = Math.min(...deck.slides.map((s) => s.line).filter((l) => l > slide.line), lines.length + 1);
  for (let line = slide.line; line < next; line++) {
    if (plain(lines[line - 1] ?? '').includes(wanted)) return line;
  }
  return slide.line;
}
