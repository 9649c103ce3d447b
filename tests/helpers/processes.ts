import { readdirSync, readFileSync } from 'node:fs';

/**
 * The processes started with `TMPDIR=<tmp>` in their environment, or naming a path in `tmp` on their
 * command line: what a CLI run with its own temp folder started, Chromium's helpers included (some
 * inherit the environment, renderers name the profile in the temp folder). Read from /proc, so no procps
 * is needed. Each as `pid command`.
 */
export function processesOf(tmp: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const environment = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      // Renderers and zygotes are started with a clean environment, but name the profile in the temp folder.
      if (!environment.includes(`TMPDIR=${tmp}`) && !command.includes(`${tmp}/`)) continue;
      // A zombie has no command line left: it is gone, only not yet reaped by its parent.
      if (command !== '') found.push(`${pid} ${command}`);
    } catch {
      // Gone while being read, or not ours to read.
    }
  }
  return found;
}
