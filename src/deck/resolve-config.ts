import { CHECK_RULES } from '../check/finding.ts';
import { DeckError, type Warning } from '../errors.ts';
import { BUILTIN_THEMES, type DeckConfig, type DeckDocument, OWN_THEMES, type ThemeRef } from '../model.ts';
import { marpSize } from '../parse/marp.ts';
import { FOREIGN_KEYS, type FrontMatterInput, frontMatterSchema, KNOWN_KEYS } from './config-schema.ts';

export const THEMES: readonly string[] = [...BUILTIN_THEMES, ...OWN_THEMES];

export interface ConfigOptions {
  /** Answers whether a path relative to the deck's folder exists (custom theme files). */
  exists?: ((relativePath: string) => boolean) | undefined;
  /** The highlight.js styles that can be used; when given, `highlightTheme` is checked against it. */
  highlightThemes?: ReadonlySet<string> | undefined;
  /** The deck title when neither front matter nor a heading gives one. */
  fallbackTitle: string;
  /**
   * The theme from the command line, over the deck's: a name, checked strictly, or a stylesheet the
   * caller has placed (`{ type: 'asset' }` for one in the shared assets).
   */
  theme?: string | ThemeRef | undefined;
}

/**
 * Validates the front matter and applies defaults. Decks written for other tools (Marp, Slidev, Quarto)
 * keep their own keys: a value pitchdeck cannot use there is a warning, never an error.
 *
 * @throws DeckError naming the key's line for a wrong type or an unknown theme.
 */
export function resolveConfig(
  doc: DeckDocument,
  firstHeading: string,
  options: ConfigOptions,
): { config: DeckConfig; warnings: Warning[] } {
  const file = doc.path;
  const warnings: Warning[] = [];
  const foreign =
    doc.dialect !== 'reveal' && (doc.frontMatter.format !== undefined || doc.dialect !== 'headings');
  const lineOf = (key: string) => doc.frontMatterLines[key] ?? 1;

  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc.frontMatter)) {
    if (KNOWN_KEYS.has(key)) input[key] = value;
    else if (!foreign && !FOREIGN_KEYS.has(key) && !key.startsWith('_')) {
      warnings.push({
        file,
        line: lineOf(key),
        code: 'unknown-key',
        message: `unknown front matter key "${key}" is ignored (known: ${[...KNOWN_KEYS].join(', ')})`,
      });
    }
  }

  let fm: FrontMatterInput = {};
  for (;;) {
    const result = frontMatterSchema.safeParse(input);
    if (result.success) {
      fm = result.data;
      break;
    }
    const issue = result.error.issues[0];
    const key = String(issue?.path[0] ?? '');
    const message = `front matter "${key}": ${issue?.message ?? 'invalid value'}`;
    if (!foreign) {
      throw new DeckError(message, {
        file,
        line: lineOf(key),
        code: 'front-matter-type',
        hint: typeHint(key),
      });
    }
    warnings.push({ file, line: lineOf(key), code: 'foreign-key', message: `${message}; ignored` });
    delete input[key];
  }

  const reveal = fm.revealOptions ?? {};
  // Marp's `size` preset (16:9, 4:3), below the deck's own width and height.
  const size = doc.dialect === 'marp' ? marpSize(doc.directives?.size?.value) : undefined;
  const theme = resolveTheme(fm.theme, options, foreign, file, lineOf('theme'), warnings);
  const config: DeckConfig = {
    title: fm.title !== undefined ? String(fm.title) : firstHeading || options.fallbackTitle,
    subtitle: fm.subtitle === undefined ? undefined : String(fm.subtitle),
    author: personNames(fm.author),
    date: fm.date === undefined ? undefined : String(fm.date),
    keywords: keywordList(fm.keywords),
    lang: fm.lang === undefined ? 'en' : (Intl.getCanonicalLocales(fm.lang)[0] ?? 'en'),
    theme,
    transition: fm.transition ?? stringOption(reveal.transition) ?? 'slide',
    width: fm.width ?? numberOption(reveal.width) ?? size?.width ?? 1280,
    height: fm.height ?? numberOption(reveal.height) ?? size?.height ?? 720,
    highlightTheme: fm.highlightTheme ?? 'monokai',
    notes: fm.notes ?? true,
    css: fm.css === undefined ? [] : Array.isArray(fm.css) ? fm.css : [fm.css],
    revealOptions: reveal,
    check: {
      maxWords: fm.check?.maxWords ?? 60,
      minFontSize: fm.check?.minFontSize ?? 16,
      notes: fm.check?.notes ?? false,
      ignore: fm.check?.ignore ?? [],
    },
  };
  if (options.highlightThemes && !options.highlightThemes.has(config.highlightTheme)) {
    throw new DeckError(`unknown highlightTheme "${config.highlightTheme}"`, {
      file,
      line: lineOf('highlightTheme'),
      code: 'unknown-theme',
      hint: `Use a highlight.js style name, e.g. ${suggest(config.highlightTheme, [...options.highlightThemes])}.`,
    });
  }
  return { config, warnings };
}

/**
 * A theme is one of the named themes, a stylesheet path, or a bare name of a stylesheet beside the deck
 * (reveal-md's custom themes). A missing custom theme is a missing linked file: a warning. A name that is
 * a near miss of a named theme is a typo: an error.
 */
function resolveTheme(
  value: string | undefined,
  options: ConfigOptions,
  foreign: boolean,
  file: string,
  line: number,
  warnings: Warning[],
): ThemeRef {
  if (typeof options.theme === 'object') return options.theme;
  if (options.theme !== undefined) {
    if (!THEMES.includes(options.theme)) {
      // The name came from the command line, not from the deck: no file to point at.
      throw new DeckError(`--theme: unknown theme "${options.theme}"`, {
        file: '',
        line: 0,
        code: 'unknown-theme',
        hint: `Use one of: ${THEMES.join(', ')}; or a stylesheet, e.g. --theme ./mytheme.css.`,
      });
    }
    return { type: 'named', name: options.theme };
  }
  if (value === undefined) return { type: 'named', name: 'black' };
  if (THEMES.includes(value)) return { type: 'named', name: value };
  if (value.endsWith('.css')) return { type: 'file', path: value };
  if (options.exists?.(`${value}.css`)) return { type: 'file', path: `${value}.css` };
  const near = THEMES.find((t) => editDistance(t, value.toLowerCase()) <= 2);
  if (near && !foreign) {
    throw new DeckError(`unknown theme "${value}"`, {
      file,
      line,
      code: 'unknown-theme',
      hint: `Did you mean "${near}"? Themes: ${THEMES.join(', ')}; or a path to a .css file.`,
    });
  }
  warnings.push({
    file,
    line,
    code: foreign ? 'foreign-theme' : 'missing-theme',
    message: foreign
      ? `theme "${value}" belongs to another slide tool; using "black" (themes: ${THEMES.join(', ')})`
      : `theme "${value}" is not a named theme and ${value}.css is missing; using "black" (themes: ${THEMES.join(', ')})`,
  });
  return { type: 'named', name: 'black' };
}

/**
 * PDF keywords: a list as written, or one string of comma-separated keywords (`keywords: "a, b, c"`, as
 * Pandoc and Marp CLI take it).
 */
function keywordList(keywords: FrontMatterInput['keywords']): string[] {
  if (keywords === undefined) return [];
  if (Array.isArray(keywords)) return keywords;
  return keywords
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');
}

function personNames(author: FrontMatterInput['author']): string | undefined {
  if (author === undefined) return undefined;
  const list = Array.isArray(author) ? author : [author];
  return list.map((p) => (typeof p === 'string' ? p : p.name)).join(', ');
}

function stringOption(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function numberOption(value: unknown): number | undefined {
  return typeof value === 'number' && value > 0 ? value : undefined;
}

/** What to write instead of a value of the wrong type for a front matter key. */
export function typeHint(key: string): string {
  const hints: Record<string, string> = {
    transition: 'Use one of: none, fade, slide, convex, concave, zoom.',
    width: 'Use a whole number of pixels, e.g. "width: 1280".',
    height: 'Use a whole number of pixels, e.g. "height: 720".',
    revealOptions: 'Write revealOptions as a mapping, e.g. "revealOptions:\\n  controls: false".',
    css: 'Use a path or a list of paths to stylesheets.',
    slideLevel: 'Use a heading level from 1 to 6.',
    lang: 'Use a BCP 47 language tag, e.g. "lang: de" or "lang: pt-BR".',
    notes: 'Use "notes: false" to leave the speaker notes out, or "notes: true".',
    check: `Write check as a mapping of thresholds, e.g. "check: { maxWords: 60, minFontSize: 16, notes: true, ignore: [no-heading] }" (rules: ${CHECK_RULES.join(', ')}).`,
  };
  return hints[key] ?? `Check the value of "${key}".`;
}

function suggest(value: string, names: string[]): string {
  const near = names.filter((n) => editDistance(n, value) <= 3).slice(0, 3);
  return (near.length > 0 ? near : ['monokai', 'github', 'github-dark']).map((n) => `"${n}"`).join(', ');
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}
