/**
 * Stable identifiers for the mistakes a user can make. Tests and `--json` consumers rely on them.
 */
export type DeckErrorCode =
  | 'file-not-found'
  | 'not-a-file'
  | 'empty-file'
  | 'binary-file'
  | 'front-matter-yaml'
  | 'front-matter-type'
  | 'unknown-theme'
  | 'unknown-layout'
  | 'bad-separator'
  | 'too-deep'
  | 'template'
  | 'usage'
  | 'strict'
  | 'too-slow'
  | 'config'
  | 'no-decks'
  | 'not-ready'
  | 'audiences'
  | 'unknown-audience'
  | 'empty-audience'
  | 'missing-var'
  | 'slide-template'
  | 'recipients'
  | 'duplicate-output'
  | 'maths'
  | 'diagram'
  | 'chart';

/** Where a finding points: a file and a 1-based line (0 when the whole file is meant). */
export interface SourceLocation {
  file: string;
  line: number;
  column?: number | undefined;
}

/**
 * A mistake in the user's input (deck, front matter, template or flags). Any other error is a bug in
 * pitchdeck and keeps its stack.
 */
export class DeckError extends Error {
  override readonly name = 'DeckError';
  readonly file: string;
  readonly line: number;
  readonly column: number | undefined;
  readonly code: DeckErrorCode;
  readonly hint: string | undefined;

  constructor(
    message: string,
    where: SourceLocation & { code: DeckErrorCode; hint?: string | undefined; cause?: unknown },
  ) {
    super(message, where.cause === undefined ? undefined : { cause: where.cause });
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
    this.code = where.code;
    this.hint = where.hint;
  }

  /** `slides/pitch.md:14: unknown audience "sales"` followed by the hint, if any. */
  format(): string {
    const head = `${formatLocation(this)}${this.message}`;
    return this.hint ? `${head}\n  ${this.hint}` : head;
  }
}

/** A problem that does not stop the build: a missing image, an unclosed code fence, an unknown key. */
export interface Warning extends SourceLocation {
  code: string;
  message: string;
}

export function formatLocation(where: SourceLocation): string {
  if (!where.file) return '';
  return where.line > 0 ? `${where.file}:${where.line}: ` : `${where.file}: `;
}

export function formatWarning(warning: Warning): string {
  return `${formatLocation(warning)}warning: ${warning.message}`;
}

/**
 * Something about the machine rather than the deck stops pitchdeck: no browser, a port in use, a folder
 * that cannot be written. The CLI exits with 2 for these.
 */
export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
  readonly hint: string | undefined;

  constructor(message: string, options: { hint?: string | undefined; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.hint = options.hint;
  }

  format(): string {
    return this.hint ? `${this.message}\n  ${this.hint}` : this.message;
  }
}
