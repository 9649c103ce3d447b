// pitchdeck's benchmarks: `npm run bench`. Wall times of whole CLI runs (startup included), median of
// several runs, on generated decks. Results are printed as a Markdown table for the README.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateDeck } from './generate-deck.mjs';

const repo = resolve(import.meta.dirname, '..');
const cli = join(repo, 'bin', 'pitchdeck.js');
const runs = Number(process.env.BENCH_RUNS ?? 7);

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median wall seconds of `node bin/pitchdeck.js ...args`, after one warm-up run. */
export function timeCli(args, cwd) {
  const once = () => {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (result.status !== 0) throw new Error(`pitchdeck ${args.join(' ')} failed:\n${result.stderr}`);
    return seconds;
  };
  once();
  return median(Array.from({ length: runs }, once));
}

function benchHtml(work) {
  const rows = [];
  for (const count of [10, 50, 200]) {
    const file = join(work, `deck-${count}.md`);
    writeFileSync(file, generateDeck(count));
    const node = timeNodeStartup();
    const seconds = timeCli(['build', file, '--out', join(work, 'dist'), '--quiet'], work);
    rows.push({ count, seconds, node });
  }
  const [small, , large] = rows;
  const perSlide = (large.seconds - small.seconds) / (large.count - small.count);
  console.log('\n### HTML build (`pitchdeck build deck.md`, whole process)\n');
  console.log('| slides | median wall (s) | node startup alone (s) | ratio to node startup |');
  console.log('|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.count} | ${r.seconds.toFixed(3)} | ${r.node.toFixed(3)} | ${(r.seconds / r.node).toFixed(1)}x |`,
    );
  }
  console.log(`\nPer-slide cost: ${(perSlide * 1000).toFixed(2)} ms (from the 10- and 200-slide medians).`);
}

/** The baseline nothing can beat: starting Node and exiting. */
function timeNodeStartup() {
  const once = () => {
    const start = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0']);
    return Number(process.hrtime.bigint() - start) / 1e9;
  };
  once();
  return median(Array.from({ length: runs }, once));
}

const work = mkdtempSync(join(tmpdir(), 'pitchdeck-bench-'));
try {
  console.log(
    `pitchdeck benchmarks: ${runs} runs each, median; Node ${process.version}, ${new Date().toISOString()}`,
  );
  benchHtml(work);
} finally {
  rmSync(work, { recursive: true, force: true });
}
