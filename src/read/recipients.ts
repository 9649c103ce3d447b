import { readFile } from 'node:fs/promises';
import { extname, relative, resolve } from 'node:path';
import { CsvError, parse } from 'csv-parse/sync';
import { DeckError } from '../errors.ts';
import type { Recipient, Recipients } from '../plan/build-plan.ts';

/**
 * Reads a recipients file, a CSV with a header row or a JSON array of objects, and names each row by
 * the slug of its `nameBy` column.
 *
 * @throws DeckError naming the file, line and row for a file that is missing or malformed, a row without
 *   a name, a column that cannot be a var, and two rows whose names make the same folder.
 */
export async function readRecipients(path: string, nameBy: string, cwd: string): Promise<Recipients> {
  const absolute = resolve(cwd, path);
  const file = relative(cwd, absolute) || absolute;
  const text = await readFile(absolute, 'utf8').catch((error: unknown) => {
    throw new DeckError('cannot read the recipients file', {
      file,
      line: 0,
      code: 'file-not-found',
      hint: 'Pass a .csv file with a header row, or a .json array of objects, to --each.',
      cause: error,
    });
  });
  const records = extname(file).toLowerCase() === '.json' ? readJson(text, file) : readCsv(text, file);
  if (records.length === 0) {
    throw new DeckError('the recipients file has no rows', {
      file,
      line: 0,
      code: 'recipients',
      hint: 'Add one row per recipient under the header row.',
    });
  }
  return { file, rows: nameRows(records, nameBy, file) };
}

interface Row {
  line: number;
  vars: Record<string, unknown>;
}

function readCsv(text: string, file: string): Row[] {
  let parsed: { info: { lines: number }; record: Record<string, string> }[];
  try {
    parsed = parse(text, {
      bom: true,
      columns: (header: string[]) => header.map((name) => checkColumn(name.trim(), file, 1)),
      info: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as typeof parsed;
  } catch (error) {
    if (error instanceof DeckError) throw error;
    if (error instanceof CsvError) {
      const { lines, records } = error as CsvError & { lines?: number; records?: number };
      const detail = error.message.replace(/\s+(at|on) line \d+/g, '');
      throw new DeckError(`row ${(records ?? 0) + 1} is malformed: ${detail}`, {
        file,
        line: lines ?? 0,
        code: 'recipients',
        hint: 'Give every row as many cells as the header, and quote cells that hold commas or quotes ("a ""b"" c").',
        cause: error,
      });
    }
    throw error;
  }
  return parsed.map(({ info, record }) => ({ line: info.lines, vars: record }));
}

function readJson(text: string, file: string): Row[] {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = Number(/position (\d+)/.exec(message)?.[1] ?? -1);
    throw new DeckError(`malformed JSON: ${message}`, {
      file,
      line: at < 0 ? 0 : text.slice(0, at).split('\n').length,
      code: 'recipients',
      hint: 'Write the recipients as a JSON array of objects: [{ "name": "Ann", "company": "Acme" }].',
      cause: error,
    });
  }
  if (!Array.isArray(data)) {
    throw new DeckError('the recipients JSON must be an array of objects', {
      file,
      line: 1,
      code: 'recipients',
      hint: 'Write [{ "name": "Ann", "company": "Acme" }, ...].',
    });
  }
  return data.map((item: unknown, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new DeckError(`row ${index + 1} is not an object`, {
        file,
        line: 0,
        code: 'recipients',
        hint: 'Each item of the array is one recipient: { "name": "Ann", "company": "Acme" }.',
      });
    }
    for (const key of Object.keys(item)) checkColumn(key, file, 0);
    return { line: 0, vars: item as Record<string, unknown> };
  });
}

/** A column becomes a var of the same name; `audience` is the audience's name and cannot be one. */
function checkColumn(name: string, file: string, line: number): string {
  if (name === '' || name === 'audience') {
    throw new DeckError(name === '' ? 'a column has no name' : 'a column is named "audience"', {
      file,
      line,
      code: 'recipients',
      hint:
        name === ''
          ? 'Name every column in the header row; each becomes a var of the same name.'
          : 'Rename it: {{audience}} is the name of the audience the deck is cut for.',
    });
  }
  return name;
}

function nameRows(rows: readonly Row[], nameBy: string, file: string): Recipient[] {
  const bySlug = new Map<string, Recipient>();
  return rows.map((row, index) => {
    const where = { file, line: row.line };
    const value = row.vars[nameBy];
    if (value === undefined) {
      throw new DeckError(
        `row ${index + 1} has no column "${nameBy}" (columns: ${Object.keys(row.vars).join(', ')})`,
        {
          ...where,
          code: 'recipients',
          hint: 'Pass --name-by the column that names each recipient.',
        },
      );
    }
    const name = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
    const slug = slugOf(name);
    if (slug === '') {
      throw new DeckError(`row ${index + 1} has no usable "${nameBy}" to name its folder`, {
        ...where,
        code: 'recipients',
        hint: `Give every row a "${nameBy}" with letters or digits.`,
      });
    }
    const recipient: Recipient = { row: index + 1, line: row.line, vars: row.vars, name, slug };
    const other = bySlug.get(slug);
    if (other) {
      throw new DeckError(
        `row ${recipient.row} ("${name}") and row ${other.row} ("${other.name}") would both be written to "${slug}/"`,
        {
          ...where,
          code: 'duplicate-output',
          hint: `Make the "${nameBy}" column unique, or name the folders by another column with --name-by.`,
        },
      );
    }
    bySlug.set(slug, recipient);
    return recipient;
  });
}

/**
 * `Ann Lee (Acme)` → `ann-lee-acme`, `José` → `jose`: a folder name without spaces or punctuation.
 * Letters of other scripts stay (`山田`): dropping them would leave many names empty.
 */
export function slugOf(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}
