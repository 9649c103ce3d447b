import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root and the CLI entry, which runs the lib/ that tests/global-setup.ts compiles. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(ROOT, 'bin', 'pitchdeck.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `pitchdeck ...args` in `cwd` as a user would, colours off. After `timeout` ms the process is
 * killed outright and the run throws ETIMEDOUT: Node handles SIGTERM on its event loop, which a process
 * stuck in synchronous code never reaches.
 */
export function runCli(
  cwd: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; timeout?: number } = {},
): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...options.env },
    timeout: options.timeout ?? 120_000,
    killSignal: 'SIGKILL',
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Temporary folders holding given files (path relative to the folder → content), removed by `cleanup()`
 * (call it in afterEach or afterAll).
 */
export function workspaces(prefix: string): {
  make(files?: Record<string, string | Uint8Array>): string;
  cleanup(): void;
} {
  const made: string[] = [];
  return {
    make(files = {}) {
      const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
      made.push(dir);
      for (const [path, content] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), content);
      }
      return dir;
    },
    cleanup() {
      for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every file below `dir` (relative, sorted), or [] when it does not exist. */
export function filesBelow(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out.sort();
}

/** File name → content hash for everything below `dir`: equal before and after means nothing was written. */
export function fingerprint(dir: string): Record<string, string> {
  return Object.fromEntries(
    filesBelow(dir).map((f) => [
      f,
      createHash('sha256')
        .update(readFileSync(join(dir, f)))
        .digest('hex'),
    ]),
  );
}
