import { z } from 'zod';
import { CHECK_RULES } from '../check/finding.ts';

const person = z.union([z.string(), z.object({ name: z.string() }).loose()]);
const stringOrList = z.union([z.string(), z.array(z.string())]);

/**
 * The front matter pitchdeck reads. Keys of reveal-md and other tools that pitchdeck has no use for are
 * not listed: they are reported as unknown, with a warning, and ignored.
 */
export const frontMatterSchema = z
  .object({
    title: z.union([z.string(), z.number()]),
    subtitle: z.union([z.string(), z.number()]),
    author: z.union([person, z.array(person)]),
    date: z.union([z.string(), z.number()]),
    theme: z.string().min(1),
    transition: z.enum(['none', 'fade', 'slide', 'convex', 'concave', 'zoom']),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    highlightTheme: z.string().min(1),
    css: stringOrList,
    revealOptions: z.record(z.string(), z.unknown()),
    separator: z.string(),
    verticalSeparator: z.string(),
    notesSeparator: z.string(),
    slideLevel: z.number().int().min(1).max(6),
    keywords: stringOrList,
    // Speaker notes in this deck's (or audience's) page and PowerPoint file; false strips them.
    notes: z.boolean(),
    // A BCP 47 language tag (`de`, `pt-BR`, `zh-Hant`): the page's `lang`, the PDF's /Lang.
    lang: z.string().refine(isLanguageTag, 'expected a language tag such as en, de or pt-BR'),
    dialect: z.enum(['reveal', 'headings', 'marp', 'slidev']),
    // Checked in detail (names, keys, lines) by src/audience/; listed so that they are known keys.
    audiences: z.record(z.string(), z.union([z.record(z.string(), z.unknown()), z.null()])),
    vars: z.record(z.string(), z.unknown()),
    // Thresholds of `pitchdeck check`; a misspelt key is an error, not a threshold silently ignored.
    check: z
      .object({
        maxWords: z.number().int().positive(),
        minFontSize: z.number().positive(),
        notes: z.boolean(),
        ignore: z.array(z.enum(CHECK_RULES)),
      })
      .partial()
      .strict(),
  })
  .partial();

/** A well-formed BCP 47 tag, as `Intl` judges it (`en`, `de-CH`, `zh-Hant-TW`). */
function isLanguageTag(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

export type FrontMatterInput = z.infer<typeof frontMatterSchema>;

export const KNOWN_KEYS: ReadonlySet<string> = new Set(Object.keys(frontMatterSchema.shape));

/** Keys other tools put in front matter; they belong to that tool and are ignored without a warning. */
export const FOREIGN_KEYS: ReadonlySet<string> = new Set([
  'marp',
  'paginate',
  'format',
  'description',
  'revealjs-plugins',
  'bibliography',
  'editor',
  'layout',
  'class',
  'background',
  'highlighter',
  'drawings',
  'info',
  'mdc',
  'comark',
  'monaco',
  'download',
  'duration',
  'math',
  'mermaid',
  'html',
]);
