import { readFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { lilconfig } from 'lilconfig';
import { z } from 'zod';
import { frontMatterSchema, KNOWN_KEYS } from '../deck/config-schema.ts';
import { typeHint } from '../deck/resolve-config.ts';
import { DeckError } from '../errors.ts';
import { parseYamlMapping } from '../parse/front-matter.ts';

/** The keys of a config file that set command-line defaults rather than deck defaults. */
export const CLI_KEYS = z
  .object({
    out: z.string().min(1),
    browserPath: z.string().min(1),
    // As --timeout takes it: at least a second, at most an hour.
    timeout: z.number().min(1).max(3600),
    pdf: z.boolean(),
    singleFile: z.boolean(),
    strict: z.boolean(),
    templates: z.string().min(1),
    port: z.number().int().min(0).max(65535),
    host: z.string().min(1),
  })
  .partial()
  .strict();

export type CliDefaults = z.infer<typeof CLI_KEYS>;

/** What a config file holds, validated: deck defaults (front matter keys) and command-line defaults. */
export interface Config {
  /** The file, as messages name it. */
  file: string;
  deck: Record<string, unknown>;
  cli: CliDefaults;
  /** The line of each command-line key, where the file has lines (0 otherwise). */
  cliLines: Partial<Record<keyof CliDefaults, number>>;
}

const SEARCH_PLACES = [
  'package.json',
  '.pitchdeckrc',
  '.pitchdeckrc.json',
  '.pitchdeckrc.yaml',
  '.pitchdeckrc.yml',
  'pitchdeck.config.json',
  'pitchdeck.config.yaml',
  'pitchdeck.config.yml',
  'pitchdeck.config.js',
  'pitchdeck.config.mjs',
];

interface Loaded {
  data: Record<string, unknown>;
  /** Line of each top-level key, when the file has lines to speak of (not a JS module or package.json). */
  lines: Record<string, number>;
}

/**
 * Finds and reads pitchdeck's config from a folder upward (lilconfig): `pitchdeck.config.{yaml,yml,json,
 * js,mjs}`, `.pitchdeckrc` (YAML or JSON), or a `pitchdeck` key in package.json. Keys are checked with the
 * same schema and `file:line` errors as front matter; a key that is neither a deck key nor a command-line
 * key is an error.
 *
 * @throws DeckError naming the file and line of a malformed file or a wrong key.
 */
export async function findConfig(fromDir: string, cwd: string): Promise<Config | undefined> {
  const yaml = async (filepath: string, content: string): Promise<Loaded> =>
    parseYamlMapping(content, relative(cwd, filepath) || filepath, 1, 'the config file');
  const module = async (filepath: string): Promise<Loaded> => {
    const imported = (await import(pathToFileURL(filepath).href)) as { default?: unknown };
    return { data: asRecord(imported.default, relative(cwd, filepath) || filepath), lines: {} };
  };
  const searcher = lilconfig('pitchdeck', {
    searchPlaces: SEARCH_PLACES,
    loaders: {
      '.yaml': yaml,
      '.yml': yaml,
      // package.json is read as plain JSON: lilconfig takes its `pitchdeck` key from that.
      '.json': (filepath, content) =>
        basename(filepath) === 'package.json' ? JSON.parse(content) : yaml(filepath, content),
      noExt: yaml,
      '.js': module,
      '.mjs': module,
    },
    // package.json's `pitchdeck` key arrives as plain data, without lines.
    transform: (result) =>
      result?.filepath.endsWith('package.json')
        ? { ...result, config: { data: asRecord(result.config, result.filepath), lines: {} } }
        : result,
  });
  let found: Awaited<ReturnType<typeof searcher.search>>;
  try {
    found = await searcher.search(fromDir);
  } catch (error) {
    if (error instanceof DeckError) throw error;
    throw new DeckError(`cannot read the config file: ${(error as Error).message.split('\n')[0]}`, {
      file: '',
      line: 0,
      code: 'config',
      hint: 'Fix or remove the config file (pitchdeck.config.*, .pitchdeckrc, or "pitchdeck" in package.json).',
      cause: error,
    });
  }
  if (!found || found.isEmpty) return undefined;
  const file = relative(cwd, found.filepath) || found.filepath;
  return validate(found.config as Loaded, file);
}

function validate({ data, lines }: Loaded, file: string): Config {
  const deck: Record<string, unknown> = {};
  const cli: Record<string, unknown> = {};
  const cliLines: Record<string, number> = {};
  const cliKeys = new Set(Object.keys(CLI_KEYS.shape));
  for (const [key, value] of Object.entries(data)) {
    const line = lines[key] ?? 0;
    if (cliKeys.has(key)) {
      const result = CLI_KEYS.shape[key as keyof CliDefaults].safeParse(value);
      if (!result.success) throw keyError(file, line, key, result.error.issues[0]?.message, cliHint(key));
      cli[key] = result.data;
      cliLines[key] = line;
    } else if (KNOWN_KEYS.has(key)) {
      const result = frontMatterSchema.safeParse({ [key]: value });
      if (!result.success) throw keyError(file, line, key, result.error.issues[0]?.message, typeHint(key));
      deck[key] = value;
    } else {
      throw new DeckError(`unknown key "${key}"`, {
        file,
        line,
        code: 'config',
        hint: `Deck keys: ${[...KNOWN_KEYS].join(', ')}. Command-line keys: ${[...cliKeys].join(', ')}.`,
      });
    }
  }
  return { file, deck, cli: cli as CliDefaults, cliLines };
}

function keyError(
  file: string,
  line: number,
  key: string,
  message: string | undefined,
  hint: string,
): DeckError {
  return new DeckError(`"${key}": ${message ?? 'invalid value'}`, { file, line, code: 'config', hint });
}

function cliHint(key: string): string {
  const hints: Record<string, string> = {
    out: 'The output folder, e.g. "out: public".',
    browserPath: 'The Chrome or Chromium executable, e.g. "browserPath: /usr/bin/chromium".',
    timeout: 'Seconds a deck may take to become ready, e.g. "timeout: 120".',
    port: 'A port number from 0 to 65535.',
  };
  return hints[key] ?? 'See the README for the command-line keys and their values.';
}

function asRecord(value: unknown, file: string): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    return value as Record<string, unknown>;
  throw new DeckError('the config must be a mapping of keys to values', {
    file,
    line: 0,
    code: 'config',
    hint: 'Write it as "key: value" lines (YAML), an object (JSON), or export an object (JS).',
  });
}

/**
 * reveal-md's files beside a deck, read as pitchdeck's lowest defaults: `reveal.json` holds reveal.js
 * options (`revealOptions`), `reveal-md.json` reveal-md's own options, of which those that map are kept
 * (theme, highlightTheme, separator, verticalSeparator, css).
 *
 * @throws DeckError for a file that is not valid JSON.
 */
export async function readRevealMdDefaults(deckDir: string, cwd: string): Promise<Record<string, unknown>> {
  const defaults: Record<string, unknown> = {};
  const read = async (name: string): Promise<Record<string, unknown> | undefined> => {
    const path = join(deckDir, name);
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    return asRecord(
      parseYamlMapping(text, relative(cwd, path) || path, 1, name).data,
      relative(cwd, path) || path,
    );
  };
  const reveal = await read('reveal.json');
  if (reveal) defaults.revealOptions = reveal;
  const revealMd = await read('reveal-md.json');
  for (const key of ['theme', 'highlightTheme', 'separator', 'verticalSeparator'] as const) {
    if (typeof revealMd?.[key] === 'string') defaults[key] = revealMd[key];
  }
  // reveal-md takes `css` as a comma-separated string.
  if (typeof revealMd?.css === 'string') defaults.css = revealMd.css.split(',').map((s) => s.trim());
  return defaults;
}

/** Deck defaults for the decks of one folder: reveal-md's files below pitchdeck's config, merged. */
export function mergeDefaults(
  revealMd: Record<string, unknown>,
  config: Record<string, unknown>,
): Record<string, unknown> {
  const merged = { ...revealMd, ...config };
  if (isRecord(revealMd.revealOptions) || isRecord(config.revealOptions)) {
    merged.revealOptions = { ...(revealMd.revealOptions as object), ...(config.revealOptions as object) };
  }
  return merged;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
