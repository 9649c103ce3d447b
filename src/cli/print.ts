import { isAbsolute, relative } from 'node:path';
import { formatWarning, type Warning } from '../errors.ts';
import { styleFor } from './style.ts';

/** Where the CLI reads and writes: the real process by default, buffers in tests. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean | undefined };
  stderr: { write(text: string): unknown; isTTY?: boolean | undefined };
  cwd: string;
}

export function printWarnings(io: CliIo, warnings: readonly Warning[]): void {
  const style = styleFor(io.stderr);
  for (const warning of warnings) io.stderr.write(`${style.line(formatWarning(warning))}\n`);
}

/** Message lines on stderr, `error:` and `warning:` coloured on a terminal. */
export function printLines(io: CliIo, lines: readonly string[], to: 'stdout' | 'stderr' = 'stderr'): void {
  const style = styleFor(io[to]);
  for (const line of lines) io[to].write(`${style.line(line)}\n`);
}

/** `1.9 MB`, `640 KB`: sizes as people compare them. */
export function formatBytes(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} KB`;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** A path as the user would type it from where they are: relative below the working folder. */
export function relativeTo(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/** Commander's way to repeat an option: each `--audience x` adds to the list. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
