import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * Compiles src/ into lib/ once before any test file runs: the integration tests run the real CLI from
 * lib/, and files that compiled it themselves could rewrite lib/ under each other's feet.
 */
export default function setup(): void {
  const repo = resolve(import.meta.dirname, '..');
  execFileSync(
    process.execPath,
    [resolve(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: repo,
      stdio: 'inherit',
    },
  );
}
