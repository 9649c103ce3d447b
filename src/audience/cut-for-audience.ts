import { DeckError, type Warning } from '../errors.ts';
import type { DeckDocument, RawSlide } from '../model.ts';
import { type Audience, audiencesOf, type DeckAudiences, unknownAudience } from './audiences.ts';
import { markAllows, withoutMark } from './slide-marks.ts';
import {
  compileSlideTemplate,
  MissingVarError,
  type SlideContext,
  type SlideTemplate,
} from './slide-template.ts';

export interface CutOptions {
  /** Vars over the audience's and the deck's: one recipient's row. */
  vars?: Record<string, unknown> | undefined;
  /** Where `vars` come from, for messages, e.g. `recipients.csv row 4`. */
  varsSource?: string | undefined;
}

/**
 * Cuts a document for one audience: the slides its `data-audience` marks allow (renumbered, so stacks stay
 * stacks), the audience's front matter over the deck's, and each slide's Markdown and notes filled in
 * from the vars. Pure: returns a new document and leaves `doc` as it was. `audience` is undefined for a
 * deck that declares no audiences (its vars are still filled in).
 *
 * The document is treated as immutable: what is read from it (audiences, compiled slides) is remembered
 * for the next cut of the same document, so that a cut per recipient costs little.
 *
 * @throws DeckError for an audience the deck does not declare (or none for a deck that declares some), a
 *   var a slide uses that is not defined for this audience, Handlebars syntax errors, and an audience left
 *   with no slide; each names the file and line.
 */
export function cutForAudience(
  doc: DeckDocument,
  audience: string | undefined,
  options: CutOptions = {},
): DeckDocument {
  const spec = specOf(doc);
  const known = spec.audiences.map((a) => a.name);
  const chosen = audience === undefined ? undefined : spec.audiences.find((a) => a.name === audience);
  if (audience !== undefined && !chosen) {
    throw unknownAudience(audience, known, { file: doc.path, line: doc.frontMatterLines.audiences ?? 0 });
  }
  if (audience === undefined && known.length > 0) {
    throw new DeckError(`this deck is cut for audiences (${known.join(', ')}); name one to build`, {
      file: doc.path,
      line: doc.frontMatterLines.audiences ?? 0,
      code: 'unknown-audience',
      hint: `Build one audience at a time, e.g. --audience ${known[0] ?? 'founders'}.`,
    });
  }
  // Vars given for this cut (a recipient's row) ask for templates even in a deck that declares none.
  if (!spec.templated && options.vars === undefined) {
    return { ...doc, slides: [...doc.slides], warnings: [...doc.warnings] };
  }

  const kept = doc.slides.filter((_, i) => audience === undefined || markAllows(spec.marks[i], audience));
  if (kept.length === 0 && chosen) {
    throw new DeckError(
      `audience "${chosen.name}" has no slides: every slide's data-audience leaves it out`,
      {
        file: doc.path,
        line: chosen.line,
        code: 'empty-audience',
        hint: `Mark a slide for it (<!-- .slide: data-audience="${chosen.name}" -->), or remove the audience.`,
      },
    );
  }

  const context: SlideContext = { ...spec.vars, ...chosen?.vars, ...options.vars };
  if (audience !== undefined) context.audience = audience;
  const warnings: Warning[] = [...doc.warnings];
  const fill = (template: SlideTemplate): string => {
    try {
      const found: Warning[] = [];
      const markdown = template.render(context, found);
      const row = options.varsSource ? ` (${options.varsSource})` : '';
      for (const w of found) warnings.push({ ...w, message: `${w.message}${row}` });
      return markdown;
    } catch (error) {
      if (error instanceof MissingVarError) throw missingVar(error, spec, chosen, options);
      throw error;
    }
  };

  const slides: RawSlide[] = [];
  let h = -1;
  let v = 0;
  let previousH: number | undefined;
  for (const slide of kept) {
    if (slide.h !== previousH) {
      h++;
      v = 0;
      previousH = slide.h;
    } else {
      v++;
    }
    const templates = templatesOf(slide, doc.path, known);
    slides.push({
      ...templates.slide,
      h,
      v,
      markdown: fill(templates.markdown),
      notes:
        templates.slide.notes && templates.notes
          ? { markdown: fill(templates.notes), line: templates.slide.notes.line }
          : undefined,
    });
  }

  const frontMatter: Record<string, unknown> = { ...doc.frontMatter };
  const frontMatterLines: Record<string, number> = { ...doc.frontMatterLines };
  // The cut is a plain deck: cutting it again would fill in text that is already filled in.
  delete frontMatter.audiences;
  delete frontMatter.vars;
  for (const [key, value] of Object.entries(chosen?.overrides ?? {})) {
    const deckValue = frontMatter[key];
    frontMatter[key] =
      key === 'revealOptions' && isMapping(deckValue) && isMapping(value)
        ? { ...deckValue, ...value }
        : value;
    // Messages about the value (an unknown theme, say) then point at the audience's line.
    frontMatterLines[key] = doc.frontMatterLines[`audiences.${chosen?.name}.${key}`] ?? chosen?.line ?? 1;
  }
  return { ...doc, frontMatter, frontMatterLines, slides, warnings };
}

const specs = new WeakMap<DeckDocument, DeckAudiences>();

function specOf(doc: DeckDocument): DeckAudiences {
  let spec = specs.get(doc);
  if (!spec) {
    spec = audiencesOf(doc);
    specs.set(doc, spec);
  }
  return spec;
}

interface SlideTemplates {
  /** The slide without its audience mark. */
  slide: RawSlide;
  markdown: SlideTemplate;
  notes: SlideTemplate | undefined;
}

const compiled = new WeakMap<RawSlide, SlideTemplates>();

/** A slide's templates, compiled on its first cut and reused for the others. */
function templatesOf(raw: RawSlide, file: string, known: readonly string[]): SlideTemplates {
  let templates = compiled.get(raw);
  if (!templates) {
    const slide = withoutMark(raw, file);
    templates = {
      slide,
      markdown: compileSlideTemplate(slide.markdown, { file, line: slide.line }, known),
      notes: slide.notes
        ? compileSlideTemplate(slide.notes.markdown, { file, line: slide.notes.line }, known)
        : undefined,
    };
    compiled.set(raw, templates);
  }
  return templates;
}

/** Names the audiences that lack the var and those that have it, so the fix is obvious. */
function missingVar(
  error: MissingVarError,
  spec: DeckAudiences,
  chosen: Audience | undefined,
  options: CutOptions,
): DeckError {
  const name = error.path[0] ?? error.expression;
  const row = options.varsSource ? ` in ${options.varsSource}` : '';
  const column = options.varsSource
    ? `, a column "${name}" to ${options.varsSource.replace(/ row \d+$/, '')}`
    : '';
  const where = { file: error.file, line: error.line, code: 'missing-var' as const, cause: error.cause };
  if (!chosen) {
    return new DeckError(`{{${error.expression}}} is not defined${row}`, {
      ...where,
      hint: `Add "${name}" to "vars:" in the front matter${column}, or write \\{{ for braces meant as text.`,
    });
  }
  const definedFor = spec.audiences
    .filter((a) => a !== chosen && has({ ...spec.vars, ...a.vars }, error.path))
    .map((a) => a.name);
  const others = definedFor.length > 0 ? `defined for: ${definedFor.join(', ')}` : 'defined for no audience';
  const wrap =
    definedFor.length > 0
      ? `, or keep it inside {{#audience ${definedFor.map((n) => `"${n}"`).join(' ')}}}...{{/audience}}`
      : '';
  return new DeckError(
    `{{${error.expression}}} is not defined for audience "${chosen.name}"${row} (${others})`,
    {
      ...where,
      hint: `Add "${name}" to the vars of audience "${chosen.name}" (or to the deck's "vars:", for every audience)${column}${wrap}.`,
    },
  );
}

function has(vars: Record<string, unknown>, path: readonly string[]): boolean {
  let value: unknown = vars;
  for (const part of path) {
    if (!isMapping(value) || !Object.hasOwn(value, part)) return false;
    value = value[part];
  }
  return true;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
