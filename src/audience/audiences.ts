import { frontMatterSchema, KNOWN_KEYS } from '../deck/config-schema.ts';
import { typeHint } from '../deck/resolve-config.ts';
import { DeckError } from '../errors.ts';
import type { DeckDocument } from '../model.ts';
import { type AudienceMark, audienceMark } from './slide-marks.ts';

/** One audience as the front matter declares it. */
export interface Audience {
  name: string;
  /** Front matter line of its name. */
  line: number;
  /** Deck keys it sets over the deck's own (`title`, `theme`, ...), validated. */
  overrides: Record<string, unknown>;
  /** Its vars; they win over the deck's `vars`. */
  vars: Record<string, unknown>;
}

/** A deck's audiences, its default vars, and whom each slide is for. */
export interface DeckAudiences {
  /** In the order the front matter declares them; empty when it declares none. */
  audiences: Audience[];
  /** The deck's `vars`: defaults for every audience. */
  vars: Record<string, unknown>;
  /**
   * True when the deck declares `audiences` or `vars`: only then are its slides Handlebars templates.
   * Other decks keep every `{{` as written (Marp and Slidev decks use them for their own purposes).
   */
  templated: boolean;
  /** The audience mark of each slide of the document, by index; undefined for a slide for everyone. */
  marks: (AudienceMark | undefined)[];
}

/** Keys that shape how the text is split into slides: the split happens before any cut, once. */
const SPLIT_KEYS: ReadonlySet<string> = new Set([
  'separator',
  'verticalSeparator',
  'notesSeparator',
  'slideLevel',
  'dialect',
]);

/** The deck keys an audience may set over the deck's own. */
export const AUDIENCE_KEYS: readonly string[] = [...KNOWN_KEYS].filter(
  (key) => !SPLIT_KEYS.has(key) && key !== 'audiences' && key !== 'vars',
);

/** Names that become folder names and words of `data-audience`, so: no spaces, no `!`, no dots. */
const AUDIENCE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** `{{audience}}` is the audience's name; a var of that name would hide it. */
const RESERVED_VARS: ReadonlySet<string> = new Set(['audience']);

/**
 * Reads and checks a deck's `audiences` and `vars` front matter and the `data-audience` mark of every
 * slide. Pure.
 *
 * @throws DeckError, with the line of the key or slide, for audiences that are not a mapping, a name that
 *   cannot be a folder name, an unknown or wrongly typed key of an audience, vars that are not a mapping,
 *   and a slide marked for an audience the front matter does not declare.
 */
export function audiencesOf(doc: DeckDocument): DeckAudiences {
  const file = doc.path;
  const lineOf = (...keys: string[]): number => {
    for (const key of keys) {
      const line = doc.frontMatterLines[key];
      if (line !== undefined) return line;
    }
    return 1;
  };
  const declared = doc.frontMatter.audiences;
  const audiences: Audience[] = [];
  if (declared !== undefined) {
    if (!isMapping(declared) || Object.keys(declared).length === 0) {
      throw new DeckError('front matter "audiences" must map each audience\'s name to its settings', {
        file,
        line: lineOf('audiences'),
        code: 'audiences',
        hint: 'Write e.g. "audiences:\\n  founders: { title: Ship faster }\\n  engineers: {}".',
      });
    }
    for (const [name, value] of Object.entries(declared)) {
      audiences.push(readAudience(name, value, file, lineOf));
    }
  }
  const vars = readVars(doc.frontMatter.vars, 'vars', file, lineOf);
  const marks = doc.slides.map((slide) => audienceMark(slide, file));
  const known = audiences.map((a) => a.name);
  for (const mark of marks) {
    const unknown = mark?.names.find((n) => !known.includes(n));
    if (mark && unknown !== undefined) throw unknownAudience(unknown, known, { file, line: mark.line });
  }
  return {
    audiences,
    vars,
    templated: declared !== undefined || doc.frontMatter.vars !== undefined,
    marks,
  };
}

/** The error for an audience name nobody declared, naming the ones that are. */
export function unknownAudience(
  name: string,
  known: readonly string[],
  where: { file: string; line: number },
) {
  const message =
    known.length === 0
      ? `unknown audience "${name}": the front matter declares no audiences`
      : `unknown audience "${name}" (known: ${known.join(', ')})`;
  return new DeckError(message, {
    ...where,
    code: 'unknown-audience',
    hint:
      known.length === 0
        ? `Declare it in the front matter: "audiences:\\n  ${name}: {}".`
        : 'Use one of the known names, or declare it under "audiences:" in the front matter.',
  });
}

function readAudience(
  name: string,
  value: unknown,
  file: string,
  lineOf: (...keys: string[]) => number,
): Audience {
  const line = lineOf(`audiences.${name}`, 'audiences');
  if (!AUDIENCE_NAME.test(name)) {
    throw new DeckError(`audience name "${name}" cannot be used`, {
      file,
      line,
      code: 'audiences',
      hint: 'Use letters, digits, "-" and "_" (it becomes a folder name and a word of data-audience).',
    });
  }
  if (value !== null && !isMapping(value)) {
    throw new DeckError(`audience "${name}" must be a mapping of deck keys and vars`, {
      file,
      line,
      code: 'audiences',
      hint: `Write e.g. "${name}: { title: Another title, vars: { company: Acme } }", or "${name}: {}".`,
    });
  }
  const overrides: Record<string, unknown> = {};
  let vars: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(value ?? {})) {
    const keyLine = lineOf(`audiences.${name}.${key}`, `audiences.${name}`, 'audiences');
    if (key === 'vars') {
      vars = readVars(setting, `audiences.${name}.vars`, file, lineOf);
      continue;
    }
    if (SPLIT_KEYS.has(key)) {
      throw new DeckError(`audience "${name}": "${key}" cannot differ between audiences`, {
        file,
        line: keyLine,
        code: 'audiences',
        hint: `The deck is split into slides once, before it is cut; set "${key}" for the whole deck.`,
      });
    }
    const schema = AUDIENCE_KEYS.includes(key)
      ? frontMatterSchema.shape[key as keyof typeof frontMatterSchema.shape]
      : undefined;
    if (!schema) {
      throw new DeckError(`audience "${name}": unknown key "${key}"`, {
        file,
        line: keyLine,
        code: 'audiences',
        hint: `An audience sets vars or deck keys: ${['vars', ...AUDIENCE_KEYS].join(', ')}.`,
      });
    }
    const result = schema.safeParse(setting);
    if (!result.success) {
      throw new DeckError(
        `audience "${name}": front matter "${key}": ${result.error.issues[0]?.message ?? 'invalid value'}`,
        { file, line: keyLine, code: 'front-matter-type', hint: typeHint(key) },
      );
    }
    overrides[key] = setting;
  }
  return { name, line, overrides, vars };
}

function readVars(
  value: unknown,
  key: string,
  file: string,
  lineOf: (...keys: string[]) => number,
): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (!isMapping(value)) {
    throw new DeckError(`front matter "${key}" must map names to values`, {
      file,
      line: lineOf(key),
      code: 'audiences',
      hint: 'Write e.g. "vars: { company: Acme, ask: a two-week spike }"; use them in slides as {{company}}.',
    });
  }
  for (const name of Object.keys(value)) {
    if (RESERVED_VARS.has(name)) {
      throw new DeckError(`"${name}" cannot be a var: {{${name}}} is the audience's name`, {
        file,
        line: lineOf(`${key}.${name}`, key),
        code: 'audiences',
        hint: 'Rename the var.',
      });
    }
  }
  return value;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
