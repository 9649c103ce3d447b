import { type Options, Presets, SingleBar } from 'cli-progress';
import type { CliIo } from './print.ts';

/** A progress bar on a terminal's stderr (cli-progress); nothing at all elsewhere (CI logs, pipes). */
export interface Progress {
  /** Starts (or restarts) the bar for a stage: `PDF`, `check`. */
  start(label: string, total: number): void;
  /** Moves the bar on by `count` slides, naming what is under way. */
  advance(count: number, detail: string): void;
  stop(): void;
}

export function progressBar(io: CliIo, enabled: boolean): Progress {
  const stream = io.stderr as unknown as NodeJS.WritableStream & { isTTY?: boolean };
  if (!enabled || io.stderr.isTTY !== true) {
    return { start: () => {}, advance: () => {}, stop: () => {} };
  }
  let bar: SingleBar | undefined;
  const options: Options = {
    stream,
    format: '{label} {bar} {value}/{total} slides  {detail}',
    hideCursor: true,
    clearOnComplete: true,
    barsize: 24,
  };
  return {
    start(label, total) {
      bar?.stop();
      bar = new SingleBar(options, Presets.shades_classic);
      bar.start(total, 0, { label, detail: '' });
    },
    advance(count, detail) {
      bar?.increment(count, { detail });
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
