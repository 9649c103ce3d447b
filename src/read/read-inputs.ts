import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative, resolve } from 'node:path';
import { DeckError } from '../errors.ts';
import type { SourceFile } from '../model.ts';
import { splitFrontMatter } from '../parse/front-matter.ts';
import { normalizeSource } from '../parse/source-text.ts';

const DECK_EXTENSIONS = new Set(['.md', '.markdown']);

/**
 * The deck files the user named: files as given, folders by their Markdown files (not recursive, sorted).
 *
 * @throws DeckError for a path that does not exist or a folder without decks.
 */
export async function resolveInputs(inputs: readonly string[], cwd: string): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const absolute = resolve(cwd, input);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) {
      // `pitchdeck biuld` is more likely a mistyped command than a missing deck.
      const word = /^[a-z][a-z-]*$/i.test(input);
      throw new DeckError(word ? 'no such file, folder or command' : 'no such file or folder', {
        file: input,
        line: 0,
        code: 'file-not-found',
        hint: word
          ? 'Commands: build, pdf, pptx, check, serve, init, themes (see pitchdeck --help); or name a .md file or a folder of them.'
          : 'Check the path; pitchdeck builds .md files and folders of them.',
      });
    }
    if (info.isDirectory()) {
      const entries = await readdir(absolute, { withFileTypes: true });
      const decks = entries
        .filter(
          (e) =>
            e.isFile() && DECK_EXTENSIONS.has(extname(e.name).toLowerCase()) && !/^readme\.md$/i.test(e.name),
        )
        .map((e) => join(absolute, e.name))
        .sort();
      if (decks.length === 0) {
        throw new DeckError('this folder has no Markdown decks', {
          file: input,
          line: 0,
          code: 'no-decks',
          hint: 'Add a .md file, or name the deck files to build.',
        });
      }
      files.push(...decks);
    } else if (info.isFile()) {
      files.push(absolute);
    } else {
      throw new DeckError('not a file', {
        file: input,
        line: 0,
        code: 'not-a-file',
        hint: 'Pass a Markdown file.',
      });
    }
  }
  return [...new Set(files)];
}

/**
 * Reads a deck as UTF-8 text. `path` in the result is relative to `cwd`, as messages show it.
 *
 * @throws DeckError for a file that is not UTF-8 text.
 */
export async function readSource(absolute: string, cwd: string): Promise<SourceFile> {
  const path = relative(cwd, absolute) || absolute;
  const bytes = await readFile(absolute);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DeckError('this is a binary file, not UTF-8 Markdown text', {
      file: path,
      line: 0,
      code: 'binary-file',
      hint: 'Pass a Markdown (.md) file saved as UTF-8.',
    });
  }
  return { path, text };
}

/**
 * Whether a run that writes one named file (`-o talk.pdf`) certainly has exactly one cut, judged before
 * any planning from the deck's text alone: one deck file, no `--each`, and either one `--audience` or
 * no `audiences` key in its front matter. Only the moment the browser is started depends on it (at once,
 * or once the plan has confirmed the one cut): when unsure, it says no.
 */
export async function certainlyOneCut(
  inputs: readonly string[],
  cwd: string,
  options: { audiences?: readonly string[] | 'first' | undefined; each?: string | undefined },
): Promise<boolean> {
  if (inputs.length !== 1 || options.each !== undefined) return false;
  if (options.audiences === 'first') return true;
  const text = await readDeckFile(resolve(cwd, inputs[0] as string));
  if (text === undefined) return false;
  if (new Set(options.audiences ?? []).size === 1) return true;
  if ((options.audiences ?? []).length > 1) return false;
  return !/^audiences\s*:/m.test(frontMatterText(text) ?? '');
}

/**
 * Whether every audience named with `--audience` is certainly declared by each deck, judged before any
 * planning from the decks' front matter alone (deck files named one by one; a folder, a front matter that
 * does not parse or audiences from a config file leave it unsure). Only the moment the browser is started
 * depends on it: at once, or once the plan has found every audience, so that an unknown one is refused
 * before any browser starts.
 */
export async function certainlyKnownAudiences(
  inputs: readonly string[],
  cwd: string,
  options: { audiences?: readonly string[] | 'first' | undefined; each?: string | undefined },
): Promise<boolean> {
  const requested = options.audiences;
  if (requested === undefined || requested === 'first' || requested.length === 0) return true;
  // --each takes exactly one audience: the plan refuses more.
  if (options.each !== undefined && new Set(requested).size !== 1) return false;
  for (const input of inputs) {
    const path = resolve(cwd, input);
    const text = await readDeckFile(path);
    if (text === undefined) return false;
    let declared: unknown;
    try {
      // Read as the plan reads it.
      declared = splitFrontMatter(normalizeSource({ path, text }), path).data.audiences;
    } catch {
      return false;
    }
    if (typeof declared !== 'object' || declared === null || Array.isArray(declared)) return false;
    if (!requested.every((name) => Object.hasOwn(declared, name))) return false;
  }
  return true;
}

/** A regular file's text; undefined for a folder, a pipe or a device (never waited on), or a missing one. */
async function readDeckFile(path: string): Promise<string | undefined> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  return readFile(path, 'utf8').catch(() => undefined);
}

/** The text between a deck's opening `---` and the next, if it has front matter. */
function frontMatterText(text: string): string | undefined {
  return /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\s*(\r?\n|$)/.exec(text)?.[1];
}
