import Handlebars from 'handlebars';
import { fenceLanguage } from '../deck/fences/code.ts';
import { fillsVars } from '../deck/fences/registry.ts';
import { DeckError, type Warning } from '../errors.ts';
import { findFences } from '../parse/fences.ts';
import { isStackOverflow } from '../parse/nesting.ts';
import { lineAt } from '../parse/source-text.ts';
import { codeRanges, maskRanges } from './code-ranges.ts';
import { checkVarLinks, markVar, type UnsafeLink } from './var-links.ts';

type Program = ReturnType<typeof Handlebars.parse>;

/** What a slide's template sees: the vars, and `audience`, the audience's name (absent without one). */
export type SlideContext = Record<string, unknown> & { audience?: string };

/** A slide's Markdown (or notes) compiled once and rendered for every audience and recipient. */
export interface SlideTemplate {
  /** The Markdown for one audience or recipient; link targets a var made unsafe are warned about. */
  render(context: SlideContext, warnings?: Warning[]): string;
}

/** Where a template's text starts in its file, for messages. */
export interface TemplateSource {
  file: string;
  /** File line of the template's first line. */
  line: number;
}

/** Thrown inside a render by the `audience` helper; turned into a DeckError with the file's line. */
class HelperError extends Error {
  constructor(
    message: string,
    readonly templateLine: number,
    readonly hint: string,
  ) {
    super(message);
  }
}

interface HelperOptions {
  fn?: (context: unknown) => string;
  inverse?: (context: unknown) => string;
  data?: { root?: SlideContext };
  loc?: { start: { line: number } };
}

// One environment for every deck: its only helper reads the audience from the context it is given.
const env = Handlebars.create();
env.registerHelper('audience', function (this: unknown, ...args: unknown[]) {
  const options = args.pop() as HelperOptions;
  const current = options.data?.root?.audience;
  const line = options.loc?.start.line ?? 1;
  if (!options.fn) {
    // `{{audience}}`: the name. (The helper shadows the context field of the same name.)
    if (current === undefined) {
      throw new HelperError(
        '{{audience}} is used, but this deck is built without an audience',
        line,
        'Declare audiences in the front matter ("audiences:\\n  founders: {}"), or remove {{audience}}.',
      );
    }
    return current;
  }
  const words = args.flatMap((a) => String(a).split(/[\s,]+/)).filter((w) => w !== '');
  const except = words.some((w) => w.startsWith('!'));
  const named = current !== undefined && words.map((w) => w.replace(/^!/, '')).includes(current);
  return named !== except ? options.fn(this) : (options.inverse?.(this) ?? '');
});

/**
 * `{{var}}` lands in Markdown, not in HTML: escaping `<` and `&` alone would let a recipient's
 * `[x](javascript:...)` or `*bold*` become a link or emphasis. Every character that means something to
 * Markdown or HTML becomes a numeric entity, which marked passes through as the literal character.
 * `{{{var}}}` stays raw, for authors who mean it. Each var's text is marked (see var-links.ts) so that a
 * link target it ends up in is checked once the slide is rendered.
 */
env.registerHelper('pitchdeckText', (...args: unknown[]) => {
  const [value, line, column, name] = args;
  if (value === undefined) {
    // Helper parameters escape strict mode: report the missing var the way strict mode would.
    throw Object.assign(new Error('"var" not defined in the context'), { lineNumber: line, column });
  }
  const html = Handlebars.Utils.escapeExpression(value === null ? '' : String(value));
  return markdownText(html, { name: String(name), line: Number(line) }, args.at(-1) as VarOptions);
});

// `{{person.url}}`: the block's content is the var looked up (in strict mode) and escaped for HTML.
env.registerHelper('pitchdeckNested', function (this: unknown, ...args: unknown[]) {
  const [line, name] = args;
  const options = args.at(-1) as VarOptions;
  return markdownText(options.fn?.(this) ?? '', { name: String(name), line: Number(line) }, options);
});

type VarOptions = HelperOptions & { data?: { pitchdeckVars?: VarCall[] } };

/** HTML-escaped text made Markdown-inert, and marked as a var's for the link check of `render`. */
function markdownText(html: string, call: VarCall, options: VarOptions): Handlebars.SafeString {
  // `$` too: a var's dollars are never maths.
  const text = html.replace(/[\\*_[\]|~$]/g, (c) => `&#${c.charCodeAt(0)};`);
  const calls = options.data?.pitchdeckVars;
  if (!calls) return new Handlebars.SafeString(text);
  calls.push(call);
  return new Handlebars.SafeString(markVar(text, calls.length - 1));
}

/** A `{{var}}` rendered: its expression and 1-based template line, for warnings. */
interface VarCall {
  name: string;
  line: number;
}

/**
 * Turns every escaped `{{path}}` into `{{pitchdeckText path}}`, and a nested one (`{{person.url}}`, from a
 * JSON recipient) into a `pitchdeckNested` block around it, which keeps strict mode's own lookup (it
 * names what is missing) and escapes what it gives. Helpers and block calls are left alone.
 */
function escapeForMarkdown(node: unknown): void {
  if (node === null || typeof node !== 'object') return;
  const n = node as {
    type?: string;
    escaped?: boolean;
    params?: unknown[];
    hash?: unknown;
    loc?: unknown;
    path?: {
      type?: string;
      original?: unknown;
      loc?: { start: { line: number; column: number } } | undefined;
    };
  };
  if (
    n.type === 'MustacheStatement' &&
    n.escaped === true &&
    (n.params?.length ?? 0) === 0 &&
    !n.hash &&
    n.path?.type === 'PathExpression' &&
    n.path.original !== 'audience' &&
    typeof n.path.original === 'string'
  ) {
    const original = n.path.original;
    const loc = n.path.loc;
    const at = loc?.start ?? { line: 1, column: 0 };
    const number = (value: number) => ({ type: 'NumberLiteral', value, original: value, loc });
    const name = { type: 'StringLiteral', value: original, original, loc };
    const helper = (id: string) =>
      Object.assign(
        { type: 'PathExpression', original: id, loc },
        { parts: [id], data: false, depth: 0, head: id, tail: [] },
      );
    if (!/[./]/.test(original)) {
      n.params = [n.path, number(at.line), number(at.column), name];
      n.path = helper('pitchdeckText');
      return;
    }
    const inner = { ...n };
    for (const key of Object.keys(n)) delete (n as Record<string, unknown>)[key];
    Object.assign(n, {
      type: 'BlockStatement',
      path: helper('pitchdeckNested'),
      params: [number(at.line), name],
      program: { type: 'Program', body: [inner], strip: {}, loc: inner.loc },
      openStrip: { open: false, close: false },
      closeStrip: { open: false, close: false },
      loc: inner.loc,
    });
    return;
  }
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) for (const child of value) escapeForMarkdown(child);
    else if (value && typeof value === 'object' && 'type' in value) escapeForMarkdown(value);
  }
}

/**
 * Compiles a slide's Markdown as a Handlebars template in strict mode, with code (fenced blocks and inline
 * spans) masked so that `{{` written there stays as written. Fences whose renderer takes vars (charts,
 * see `FenceRenderer.fillsVars`) are the exception: each is its own template, filled in with the vars'
 * text as it is, since it is data for the renderer rather than Markdown. Every `{{#audience ...}}` block
 * is checked against the declared audiences now, so a typo is caught in every cut, not only where it
 * would show.
 *
 * @throws DeckError naming the file line for a syntax error or an unknown audience in `{{#audience}}`.
 */
export function compileSlideTemplate(
  markdown: string,
  source: TemplateSource,
  known: readonly string[],
): SlideTemplate {
  const ranges = codeRanges(markdown);
  const masked = maskRanges(markdown, ranges);
  const compiled = compileText(masked.text, source, known, 'markdown');
  const filled = filledFences(markdown);
  const fills = new Map<number, Filled>();
  for (const [index, [start, end]] of ranges.entries()) {
    if (!filled.has(start)) continue;
    const text = markdown.slice(start, end);
    const at = { file: source.file, line: source.line + lineAt(markdown, start) - 1 };
    fills.set(index, { text, source: at, template: compileText(text, at, known, 'data') });
  }
  return {
    render(context, warnings) {
      const calls: VarCall[] = [];
      let rendered: string;
      try {
        rendered = compiled(context, { data: { pitchdeckVars: calls } });
      } catch (error) {
        throw renderError(error, source, masked.text, context);
      }
      const { markdown, unsafe } = checkVarLinks(rendered);
      for (const link of unsafe) warnings?.push(unsafeLinkWarning(link, calls, source));
      return masked.restore(markdown, (index, code) => {
        const fill = fills.get(index);
        if (!fill) return code;
        try {
          return fill.template(context);
        } catch (error) {
          throw renderError(error, fill.source, fill.text, context);
        }
      });
    },
  };
}

/** A fence filled in with vars: its text, where it starts, and its template. */
interface Filled {
  text: string;
  source: TemplateSource;
  template: HandlebarsTemplateDelegate;
}

/** The offsets where the fences that take vars start (their interior, as `codeRanges` gives it). */
function filledFences(markdown: string): Set<number> {
  return new Set(
    findFences(markdown)
      .filter((fence) => fillsVars(fenceLanguage(fence.info)))
      .map((fence) => fence.start),
  );
}

/**
 * Parses and compiles a template in strict mode. In Markdown, vars are escaped so that they stay text
 * (see `pitchdeckText`); in data (a chart's spec), they are inserted as they are.
 */
function compileText(
  text: string,
  source: TemplateSource,
  known: readonly string[],
  kind: 'markdown' | 'data',
): HandlebarsTemplateDelegate {
  // Without a `{{` there is nothing to fill: Handlebars would return the text as it is (most slides).
  if (!text.includes('{{')) return () => text;
  checkBlockNesting(text, source);
  let ast: Program;
  try {
    ast = Handlebars.parse(text);
  } catch (error) {
    throw syntaxError(error, source, text);
  }
  try {
    checkAudienceBlocks(ast, source, known);
    if (kind === 'markdown') escapeForMarkdown(ast);
    return env.compile(ast, { strict: true, noEscape: kind === 'data' });
  } catch (error) {
    // The AST walks recurse: `{{x (a (a (a ...)))}}` thousands deep overflows them.
    throw isStackOverflow(error) ? tooDeep(source, error) : error;
  }
}

function unsafeLinkWarning(link: UnsafeLink, calls: readonly VarCall[], source: TemplateSource): Warning {
  const vars = [...new Set(link.calls.map((i) => calls[i]).filter((c): c is VarCall => c !== undefined))];
  const names = [...new Set(vars.map((c) => `{{${c.name}}}`))];
  const instead = link.replacedBy === 'hash' ? 'it links to "#" instead' : 'it shows as text instead';
  return {
    file: source.file,
    line: source.line + (vars[0]?.line ?? 1) - 1,
    code: 'unsafe-link',
    message: `${names.join(' and ')} ${names.length > 1 ? 'make' : 'makes'} a "${link.scheme}:" link, which vars may not (only http, https, mailto, relative and # links): ${instead}`,
  };
}

function tooDeep(source: TemplateSource, cause: unknown): DeckError {
  return new DeckError('Handlebars expressions nested too deeply in this slide', {
    file: source.file,
    line: source.line,
    code: 'too-deep',
    hint: 'Flatten the (subexpressions) or {{#blocks}} nested inside each other.',
    cause,
  });
}

/**
 * Handlebars blocks and subexpressions nested deeper than this are refused before Handlebars parses
 * them: its parser and compiler recurse per level, slow down sharply past a thousand and overflow the
 * stack at a few thousand.
 */
export const MAX_BLOCK_NESTING = 100;

/**
 * Counts `{{#block}}` (and `{{^block}}`) against `{{/block}}` outside `\\{{` text, and `(` against `)`
 * inside each `{{...}}`, in one pass.
 */
function checkBlockNesting(text: string, source: TemplateSource): void {
  let blocks = 0;
  let parens = 0;
  let inside = false;
  const refuse = (at: number, what: string) =>
    new DeckError(`${what} nested more than ${MAX_BLOCK_NESTING} deep`, {
      file: source.file,
      line: source.line + text.slice(0, at).split('\n').length - 1,
      code: 'too-deep',
      hint: `Nesting deeper than ${MAX_BLOCK_NESTING} levels is refused; flatten it.`,
    });
  for (let i = 0; i < text.length; i++) {
    if (!inside) {
      if (text[i] !== '{' || text[i + 1] !== '{' || text[i - 1] === '\\') continue;
      inside = true;
      parens = 0;
      const opener = /^\{\{~?\s*(#|\^\s*[^\s}~]|\/)/.exec(text.slice(i, i + 64))?.[1];
      if (opener !== undefined) blocks += opener === '/' ? -1 : 1;
      if (blocks > MAX_BLOCK_NESTING) throw refuse(i, '{{#...}} blocks');
      i++;
    } else if (text[i] === '}' && text[i + 1] === '}') {
      inside = false;
      i++;
    } else if (text[i] === '(') {
      parens++;
      if (parens > MAX_BLOCK_NESTING) throw refuse(i, '(subexpressions)');
    } else if (text[i] === ')') {
      parens--;
    }
  }
}

interface Node {
  type?: string;
  path?: { original?: unknown };
  params?: { type: string; value?: unknown; loc?: { start: { line: number } } }[];
  loc?: { start: { line: number } };
}

function checkAudienceBlocks(ast: Program, source: TemplateSource, known: readonly string[]): void {
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const node = value as Node;
    if (node.path?.original === 'audience' && node.type !== 'PathExpression') {
      const line = source.line + (node.loc?.start.line ?? 1) - 1;
      const where = { file: source.file, line };
      const params = node.params ?? [];
      if (node.type !== 'BlockStatement' && params.length > 0) {
        throw new DeckError(
          '{{audience ...}} with names needs a block: {{#audience "cto"}}...{{/audience}}',
          {
            ...where,
            code: 'slide-template',
            hint: "Write {{audience}} alone for the audience's name.",
          },
        );
      }
      if (node.type === 'BlockStatement') checkNames(params, where, known);
    }
    for (const [key, child] of Object.entries(value)) if (key !== 'loc' && key !== 'strip') visit(child);
  };
  visit(ast);
}

function checkNames(
  params: NonNullable<Node['params']>,
  where: { file: string; line: number },
  known: readonly string[],
) {
  if (params.length === 0) {
    throw new DeckError('{{#audience}} names no audience', {
      ...where,
      code: 'slide-template',
      hint: 'Name the audiences the words are for: {{#audience "founders" "cto"}}...{{else}}...{{/audience}}.',
    });
  }
  const words: string[] = [];
  for (const param of params) {
    if (param.type !== 'StringLiteral') {
      throw new DeckError('{{#audience}} takes audience names in quotes', {
        ...where,
        code: 'slide-template',
        hint: 'Write {{#audience "founders" "cto"}}, not {{#audience founders}}.',
      });
    }
    words.push(
      ...String(param.value)
        .split(/[\s,]+/)
        .filter((w) => w !== ''),
    );
  }
  const except = words.filter((w) => w.startsWith('!'));
  if (except.length > 0 && except.length < words.length) {
    throw new DeckError('{{#audience}} mixes audiences with !audiences', {
      ...where,
      code: 'slide-template',
      hint: 'Either name the audiences the words are for ("founders" "cto") or those they are not for ("!cto").',
    });
  }
  for (const word of words) {
    const name = word.replace(/^!/, '');
    if (!known.includes(name)) {
      const message =
        known.length === 0
          ? `unknown audience "${name}" in {{#audience}}: the front matter declares no audiences`
          : `unknown audience "${name}" in {{#audience}} (known: ${known.join(', ')})`;
      throw new DeckError(message, {
        ...where,
        code: 'unknown-audience',
        hint: 'Use one of the known names, or declare it under "audiences:" in the front matter.',
      });
    }
  }
}

function syntaxError(error: unknown, source: TemplateSource, text: string): DeckError {
  if (isStackOverflow(error)) return tooDeep(source, error);
  const message = error instanceof Error ? error.message : String(error);
  const where = { file: source.file, code: 'slide-template' as const, cause: error };
  // Handlebars reports a block that is never closed at the end of the text; point at its opening instead.
  const open = /got 'EOF'/.test(message) ? unclosedBlock(text) : undefined;
  if (open) {
    return new DeckError(`{{#${open.name}}} is never closed`, {
      ...where,
      line: source.line + open.line - 1,
      hint: `Close it with {{/${open.name}}} in the same slide (or its notes).`,
    });
  }
  const at = Number(/on line (\d+)/.exec(message)?.[1] ?? 1);
  const detail = message.split('\n').at(-1) ?? message;
  return new DeckError(`Handlebars syntax error in this slide: ${detail}`, {
    ...where,
    line: source.line + at - 1,
    hint: 'Close every {{#audience ...}} with {{/audience}}; write \\{{ for braces meant as text.',
  });
}

/** The innermost `{{#block}}` without its `{{/block}}`, and its 1-based line in the text. */
function unclosedBlock(text: string): { name: string; line: number } | undefined {
  const open: { name: string; line: number }[] = [];
  for (const m of text.matchAll(/\{\{~?\s*([#/])\s*([^\s}~]+)/g)) {
    const name = m[2] ?? '';
    if (m[1] === '#') open.push({ name, line: text.slice(0, m.index).split('\n').length });
    else if (open.at(-1)?.name === name) open.pop();
  }
  return open.at(-1);
}

/** A strict-mode miss (`"ask" not defined in ...`) becomes a missing var; the caller adds the audiences. */
export class MissingVarError extends DeckError {
  constructor(
    readonly expression: string,
    readonly path: string[],
    where: { file: string; line: number },
    cause: unknown,
  ) {
    super(`{{${expression}}} is not defined`, { ...where, code: 'missing-var', cause });
  }
}

function renderError(error: unknown, source: TemplateSource, text: string, context: SlideContext): DeckError {
  if (error instanceof DeckError) return error;
  if (isStackOverflow(error)) return tooDeep(source, error);
  if (error instanceof HelperError) {
    return new DeckError(error.message, {
      file: source.file,
      line: source.line + error.templateLine - 1,
      code: 'slide-template',
      hint: error.hint,
    });
  }
  const e = error as { message?: unknown; lineNumber?: unknown; column?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(error);
  if (/ not defined in /.test(message) && typeof e.lineNumber === 'number' && typeof e.column === 'number') {
    const expression = expressionAt(text, e.lineNumber, e.column);
    return new MissingVarError(
      expression,
      expression.split(/[./]/).filter((p) => p !== '' && p !== 'this'),
      { file: source.file, line: source.line + e.lineNumber - 1 },
      error,
    );
  }
  return new DeckError(`cannot fill in this slide's {{...}}: ${message.split('\n')[0] ?? message}`, {
    file: source.file,
    line: source.line,
    code: 'slide-template',
    hint: `Check the vars it uses; they are: ${Object.keys(context).join(', ') || 'none'}.`,
    cause: error,
  });
}

/** The expression starting at a 1-based line and 0-based column of the template, e.g. `person.name`. */
function expressionAt(text: string, line: number, column: number): string {
  const lineText = text.split('\n')[line - 1] ?? '';
  return /^[^\s}~]+/.exec(lineText.slice(column))?.[0] ?? '?';
}
