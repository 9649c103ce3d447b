import Handlebars, { type RuntimeOptions } from 'handlebars';
import { DeckError } from '../errors.ts';
import { type PrecompiledTemplates, precompiledTemplate } from './precompiled.ts';

/** Template texts by name, with the file each came from (for messages). */
export interface TemplateSources {
  /** `page`, `partials/<name>` and `layouts/<name>` keys. */
  texts: Record<string, { text: string; file: string }>;
}

export interface Templates {
  page: (context: object) => string;
  file: string;
  /** Partials by registered name, for checks. */
  partials: ReadonlySet<string>;
  /** The layouts there are templates for (`layouts/<name>.hbs`): the names `layout="..."` may choose. */
  layouts: ReadonlySet<string>;
}

/**
 * Compiles the page template and its partials in strict mode, so a missing field throws instead of
 * rendering blank. `layouts/stat.hbs` is registered as the partial `layout-stat`.
 *
 * @throws DeckError naming the template file and line for a syntax error.
 */
export function compileTemplates(sources: TemplateSources, precompiled?: PrecompiledTemplates): Templates {
  const hbs = Handlebars.create();
  hbs.registerHelper('json', (value: unknown) => new Handlebars.SafeString(scriptJson(value)));
  const partials = new Set<string>();
  const layouts = new Set<string>();
  for (const [name, { text, file }] of Object.entries(sources.texts)) {
    if (name === 'page') continue;
    if (name.startsWith('layouts/')) layouts.add(name.slice(8));
    const partial = name.startsWith('layouts/') ? `layout-${name.slice(8)}` : name.replace(/^partials\//, '');
    const compiled =
      precompiledTemplate(hbs, precompiled, name, text, PAGE_TEMPLATE_OPTIONS) ??
      compileChecked(hbs, text, file);
    // Wrapped so that a field missing in a partial is blamed on the partial's file, not on page.hbs.
    hbs.registerPartial(partial, ((context: unknown, options: unknown) => {
      try {
        return compiled(context, options as RuntimeOptions);
      } catch (error) {
        throw templateError(error, file);
      }
    }) as unknown as HandlebarsTemplateDelegate);
    partials.add(partial);
  }
  const page = sources.texts.page;
  if (!page) {
    throw new DeckError('the templates have no page.hbs', {
      file: 'templates',
      line: 0,
      code: 'template',
      hint: 'A templates folder needs page.hbs, layouts/*.hbs and partials/*.hbs.',
    });
  }
  const compiled =
    precompiledTemplate(hbs, precompiled, 'page', page.text, PAGE_TEMPLATE_OPTIONS) ??
    compileChecked(hbs, page.text, page.file);
  return {
    file: page.file,
    partials,
    layouts,
    page: (context) => {
      try {
        return compiled(context);
      } catch (error) {
        throw templateError(error, page.file);
      }
    },
  };
}

/** The options every page template is compiled with (also ahead of time, by scripts/bundle.mjs). */
export const PAGE_TEMPLATE_OPTIONS = { strict: true, preventIndent: true } as const;

/** Compiles a template, its syntax checked now rather than when it is first rendered. */
function compileChecked(hbs: typeof Handlebars, text: string, file: string): HandlebarsTemplateDelegate {
  check(text, file);
  // A copy: Handlebars writes its defaults into the options it is given.
  return hbs.compile(text, { ...PAGE_TEMPLATE_OPTIONS });
}

/** Parses a template now: Handlebars otherwise reports syntax errors only when first rendered. */
function check(text: string, file: string): void {
  try {
    Handlebars.parse(text);
  } catch (error) {
    throw templateError(error, file);
  }
}

/** A Handlebars error as a DeckError naming the template file and, when Handlebars gives it, the line. */
export function templateError(error: unknown, file: string): DeckError {
  if (error instanceof DeckError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const line = Number(/line (\d+)/.exec(message)?.[1] ?? /- (\d+):\d+/.exec(message)?.[1] ?? 0);
  const lines = message.split('\n').filter((l) => l.trim() !== '');
  const syntax = /^Parse error/.test(lines[0] ?? '');
  // A parse error's first line ends in ":" and its last says what was expected; keep both.
  const text = syntax && lines.length > 1 ? `${lines[0]} ${lines.at(-1)}` : (lines[0] ?? message);
  return new DeckError(`template error: ${text}`, {
    file,
    line,
    code: 'template',
    hint: syntax
      ? 'Fix the Handlebars syntax at that line.'
      : 'Every field a template uses must exist: templates are compiled in strict mode.',
    cause: error,
  });
}

/** JSON safe inside a <script> element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
