import type Handlebars from 'handlebars';

/** One of pitchdeck's own templates, compiled when the package was built, with the text it came from. */
export interface Precompiled {
  text: string;
  /** The compile options, as JSON. */
  options: string;
  spec: TemplateSpecification;
}

/**
 * pitchdeck's own templates compiled ahead of time, by name (`page`, `partials/slide`, `layouts/stat`,
 * `index`): `npm run build` writes them (scripts/bundle.mjs) beside the compiled modules. A template is
 * used as compiled only while its text is still the one it was compiled from.
 */
export type PrecompiledTemplates = Readonly<Record<string, Precompiled>>;

/** Where the build writes them, from this module's own place (in lib/render/ or lib/bundle/). */
const MODULE = new URL('../render/precompiled-templates.js', import.meta.url);

/**
 * The templates the build compiled, or undefined where there are none (running from the sources): every
 * template is then compiled as it is read, with the same result.
 */
export async function loadPrecompiled(): Promise<PrecompiledTemplates | undefined> {
  try {
    return ((await import(MODULE.href)) as { templates: PrecompiledTemplates }).templates;
  } catch {
    return undefined;
  }
}

/**
 * The compiled template for `text` under `name`, when the build compiled that very text with these
 * options and the Handlebars this runs with; undefined otherwise (the caller compiles it).
 */
export function precompiledTemplate(
  hbs: Pick<typeof Handlebars, 'template'>,
  precompiled: PrecompiledTemplates | undefined,
  name: string,
  text: string,
  options: CompileOptions,
): HandlebarsTemplateDelegate | undefined {
  const found = precompiled?.[name];
  if (!found || found.text !== text || found.options !== JSON.stringify(options)) return undefined;
  try {
    // Refused when compiled by another Handlebars version than the one that runs it.
    return hbs.template(found.spec);
  } catch {
    return undefined;
  }
}
