import { DeckError } from '../errors.ts';
import type { RawSlide } from '../model.ts';
import { lineAt } from '../parse/source-text.ts';
import { blankRanges, codeRanges } from './code-ranges.ts';

/** Whom a slide is for, from its `data-audience` attribute. */
export interface AudienceMark {
  /** The names as written, without `!`. */
  names: string[];
  /** `!engineers`: everyone but the names. */
  except: boolean;
  /** File line of the attribute. */
  line: number;
}

/** `data-audience="founders cto"` (either quote), inside a `.slide:` comment. */
const MARK = /\s*\bdata-audience\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const COMMENT = /<!--([\s\S]*?)-->/g;

/** Where a slide's mark is written, so a cut can remove it. */
interface MarkSite {
  mark: AudienceMark;
  /** Offsets in the slide's Markdown of the attribute, and of its whole comment. */
  attribute: readonly [number, number];
  comment: readonly [number, number];
  /** True when the comment holds nothing but `.slide:` and this attribute. */
  commentOnlyMark: boolean;
}

/**
 * The audience mark of a slide: a `data-audience` attribute in a `<!-- .slide: -->` comment, or among the
 * slide's own attributes (Pandoc's `## Title {data-audience="cto"}`). Comments inside code do not count.
 *
 * @throws DeckError for two marks on one slide, an empty one, or one that mixes names and `!names`.
 */
export function audienceMark(slide: RawSlide, file: string): AudienceMark | undefined {
  const site = markSite(slide, file);
  if (site) return site.mark;
  const attribute = slide.attributes['data-audience'];
  return attribute === undefined ? undefined : parseMark(attribute, slide.line, file);
}

/** The slide without its audience mark: who a slide is for is not the audience's business. */
export function withoutMark(slide: RawSlide, file: string): RawSlide {
  const site = markSite(slide, file);
  const attributes = { ...slide.attributes };
  delete attributes['data-audience'];
  if (!site) return { ...slide, attributes };
  const [start, end] = site.commentOnlyMark ? site.comment : site.attribute;
  // The line breaks of what is removed stay, so every later line keeps its source line number.
  const removed = slide.markdown.slice(start, end).replace(/[^\n]/g, '');
  const markdown = slide.markdown.slice(0, start) + removed + slide.markdown.slice(end);
  return { ...slide, markdown, attributes };
}

/** True when a slide with this mark belongs in the cut for `audience`. */
export function markAllows(mark: AudienceMark | undefined, audience: string): boolean {
  if (!mark) return true;
  return mark.names.includes(audience) !== mark.except;
}

function markSite(slide: RawSlide, file: string): MarkSite | undefined {
  const text = slide.markdown;
  const searchable = blankRanges(text, codeRanges(text));
  let found: MarkSite | undefined;
  for (const comment of searchable.matchAll(COMMENT)) {
    const body = comment[1] ?? '';
    if (!/\.slide:/.test(body)) continue;
    const bodyStart = comment.index + 4;
    for (const m of body.matchAll(MARK)) {
      const at = bodyStart + m.index;
      const line = slide.line + lineAt(text, at + m[0].search(/\S/)) - 1;
      if (found) {
        throw new DeckError('this slide has two data-audience attributes', {
          file,
          line,
          code: 'audiences',
          hint: `Keep one, listing every audience: data-audience="a b". The first is on line ${found.mark.line}.`,
        });
      }
      const rest = (body.slice(0, m.index) + body.slice(m.index + m[0].length)).replace(/\.slide:/, '');
      found = {
        mark: parseMark(m[1] ?? m[2] ?? '', line, file),
        attribute: [at, at + m[0].length],
        comment: [comment.index, comment.index + comment[0].length],
        commentOnlyMark: rest.trim() === '',
      };
    }
  }
  return found;
}

function parseMark(value: string, line: number, file: string): AudienceMark {
  const words = value.split(/[\s,]+/).filter((w) => w !== '');
  if (words.length === 0) {
    throw new DeckError('data-audience names no audience', {
      file,
      line,
      code: 'audiences',
      hint: 'List the audiences the slide is for, data-audience="founders cto", or those it is not for, "!engineers".',
    });
  }
  if (words.some((w) => w === '!')) {
    throw new DeckError(`data-audience="${value}" has a "!" without a name after it`, {
      file,
      line,
      code: 'audiences',
      hint: 'Write "!engineers" with no space between "!" and the name.',
    });
  }
  const except = words.filter((w) => w.startsWith('!'));
  if (except.length > 0 && except.length < words.length) {
    throw new DeckError(`data-audience="${value}" mixes audiences with !audiences`, {
      file,
      line,
      code: 'audiences',
      hint: 'Either list the audiences the slide is for ("founders cto") or those it is not for ("!engineers").',
    });
  }
  return { names: words.map((w) => w.replace(/^!/, '')), except: except.length > 0, line };
}
