import { isMap, LineCounter, type Pair, parseDocument as parseYaml, type YAMLError } from 'yaml';
import { DeckError } from '../errors.ts';

export interface FrontMatter {
  data: Record<string, unknown>;
  /** 1-based file line of each top-level key, and of the keys under `audiences` and `vars`, dotted. */
  lines: Record<string, number>;
  /** The text after the front matter, and the 1-based file line it starts on. */
  body: string;
  /** `...` when the block was closed the Pandoc way. */
  closer: '---' | '...' | undefined;
  bodyLine: number;
}

/**
 * Splits a leading YAML block (`---` ... `---` or `...`) off a normalised text. A blank line right after
 * the opening fence is allowed, as reveal-md allows it.
 */
export function splitFrontMatter(text: string, file: string): FrontMatter {
  if (!/^---[ \t]*(\n|$)/.test(text))
    return { data: {}, lines: {}, body: text, bodyLine: 1, closer: undefined };
  const close = /^(---|\.\.\.)[ \t]*$/m;
  const afterOpen = text.indexOf('\n') + 1;
  const rest = text.slice(afterOpen);
  const m = close.exec(rest);
  if (!m || afterOpen === 0) {
    throw new DeckError('the front matter opened on line 1 is never closed', {
      file,
      line: 1,
      code: 'front-matter-yaml',
      hint: 'End it with a line "---", or remove the first line if it was meant as a slide separator.',
    });
  }
  const yamlText = rest.slice(0, m.index);
  const bodyStart = afterOpen + m.index + m[0].length + 1;
  const bodyLine = 2 + countLines(yamlText) + 1;
  const { data, lines } = parseYamlMapping(yamlText, file, 2);
  const closer = m[1] === '...' ? '...' : '---';
  return { data, lines, body: text.slice(Math.min(bodyStart, text.length)), bodyLine, closer };
}

/** Parses a YAML mapping whose first line is `firstLine` of `file`; errors name the file line. */
export function parseYamlMapping(
  yamlText: string,
  file: string,
  firstLine: number,
  what = 'the front matter',
): { data: Record<string, unknown>; lines: Record<string, number> } {
  const counter = new LineCounter();
  const doc = parseYaml(yamlText, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) throw yamlError(error, file, firstLine, counter, yamlText, what);
  if (doc.contents === null) return { data: {}, lines: {} };
  if (!isMap(doc.contents)) {
    throw new DeckError(`${what} must be a mapping of keys to values`, {
      file,
      line: firstLine,
      code: 'front-matter-type',
      hint: 'Write it as "key: value" lines, e.g. "title: My talk".',
    });
  }
  const lines: Record<string, number> = {};
  const record = (items: readonly Pair[], prefix: string, nested: (key: string) => boolean) => {
    for (const item of items) {
      const key = (item.key as { value?: unknown; range?: [number, number, number] } | null) ?? null;
      if (!key || typeof key.value !== 'string' || !key.range) continue;
      const path = prefix + key.value;
      lines[path] = firstLine + counter.linePos(key.range[0]).line - 1;
      if (nested(key.value) && isMap(item.value)) record(item.value.items, `${path}.`, () => true);
    }
  };
  // Audiences and vars are checked key by key, so their nested keys get lines too (`audiences.cto.theme`).
  record(doc.contents.items, '', (key) => key === 'audiences' || key === 'vars');
  const data = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  return { data, lines };
}

function yamlError(
  error: YAMLError,
  file: string,
  firstLine: number,
  counter: LineCounter,
  yamlText: string,
  what: string,
): DeckError {
  // With prettyErrors off, yaml leaves linePos empty: map the error's offset through the line counter.
  // An error found at the end of input (an unclosed bracket) belongs to the last line that has text.
  const offset = Math.max(0, Math.min(error.pos[0], yamlText.trimEnd().length - 1));
  const line = firstLine + counter.linePos(offset).line - 1;
  const message = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? error.message;
  return new DeckError(`malformed YAML in ${what}: ${message}`, {
    file,
    line,
    code: 'front-matter-yaml',
    hint: 'Fix the YAML syntax; quote values that contain ": " or start with a special character.',
    cause: error,
  });
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
