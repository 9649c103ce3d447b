import { resolve } from 'node:path';
import type { Command } from 'commander';
import { type CliIo, relativeTo } from './print.ts';

/**
 * `pitchdeck init [folder]`: writes a starter deck (audiences, speaker notes, a chart) and a config file,
 * never over a file, then says what it wrote and what to run next.
 */
export function addInitCommand(program: Command, io: CliIo): void {
  program
    .command('init')
    .description('write a starter deck and a config file into a folder (default: this one)')
    .argument('[folder]', 'where to write them; made when missing', '.')
    .action(async (folder: string, _options: unknown, command: Command) => {
      const { quiet } = command.optsWithGlobals<{ quiet?: boolean }>();
      const [{ readStarter }, { writeStarter }] = await Promise.all([
        import('../read/starter.ts'),
        import('../write/starter.ts'),
      ]);
      const target = resolve(io.cwd, folder);
      const files = await readStarter();
      const written = await writeStarter(target, files, io.cwd);
      if (quiet) return;
      for (const path of written) io.stdout.write(`wrote ${relativeTo(io.cwd, path)}\n`);
      const deck = files.find((f) => f.path.endsWith('.md'))?.path ?? 'slides';
      const cd = target === resolve(io.cwd) ? '' : `cd ${shellWord(relativeTo(io.cwd, target))} && `;
      io.stdout.write(`next: ${cd}npx pitchdeck serve ${deck}   (present it, rebuilt as you save)\n`);
      io.stdout.write(`      ${cd}npx pitchdeck build --pdf   (dist/: every audience's page and PDF)\n`);
    });
}

/** A path as one word of a shell command line: quoted when it holds anything a shell reads. */
function shellWord(path: string): string {
  return /^[\w./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
