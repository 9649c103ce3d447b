// pitchdeck's benchmarks: `npm run bench`. Wall times of whole CLI runs (startup included), median of
// several runs, on generated decks. Results are printed as a Markdown table for the README.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

/**
 * Runs a command and samples the summed resident memory of it and all its descendants (Chromium's
 * processes included) every 20 ms. Returns wall seconds and peak MB.
 */
async function measure(command, args, cwd) {
  const start = process.hrtime.bigint();
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  let peak = 0;
  const timer = setInterval(() => {
    const ps = spawnSync('ps', ['-eo', 'pid=,ppid=,rss='], { encoding: 'utf8' }).stdout;
    const rows = ps
      .trim()
      .split('\n')
      .map((l) => l.trim().split(/\s+/).map(Number));
    const tree = new Set([child.pid]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const [pid, ppid] of rows) {
        if (tree.has(ppid) && !tree.has(pid)) {
          tree.add(pid);
          grew = true;
        }
      }
    }
    let total = 0;
    for (const [pid, , rss] of rows) if (tree.has(pid)) total += rss;
    peak = Math.max(peak, total);
  }, 20);
  const code = await new Promise((done) => child.on('close', done));
  clearInterval(timer);
  if (code !== 0) throw new Error(`${args.join(' ')} failed:\n${stderr}`);
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, peakMb: peak / 1024 };
}

/** Median wall time and peak memory over `runs` runs, after one warm-up. */
export async function medianOf(fn) {
  await fn();
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(await fn());
  return { seconds: median(samples.map((s) => s.seconds)), peakMb: median(samples.map((s) => s.peakMb)) };
}

/** The floor: launch Chromium, print a one-page document, exit. Nothing pitchdeck does can be faster. */
async function benchFloor(work) {
  const script = join(work, 'floor.mjs');
  writeFileSync(
    script,
    `import { launchBrowser } from ${JSON.stringify(join(repo, 'lib', 'browser', 'launch.js'))};
const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  await page.setContent('<h1>One page</h1>');
  await page.pdf({ width: '1280px', height: '720px', printBackground: true });
} finally {
  await browser.close();
}
`,
  );
  return medianOf(() => measure(process.execPath, [script], work));
}

function size(bytes) {
  return bytes > 1e6 ? `${(bytes / 1e6).toFixed(2)} MB` : `${(bytes / 1024).toFixed(0)} KB`;
}

async function benchPdf(work) {
  const floor = await benchFloor(work);
  const rows = [];
  for (const count of [10, 50, 200]) {
    const file = join(work, `deck-${count}.md`);
    writeFileSync(file, generateDeck(count));
    const out = join(work, `deck-${count}.pdf`);
    const result = await medianOf(() =>
      measure(process.execPath, [cli, 'pdf', file, '-o', out, '--quiet'], work),
    );
    rows.push({ count, ...result, size: statSync(out).size });
  }
  console.log('\n### PDF export (`pitchdeck pdf deck.md`, whole process, Chromium launch included)\n');
  console.log('| deck | median wall (s) | ratio to floor | peak memory, all processes (MB) | PDF size |');
  console.log('|---|---:|---:|---:|---:|');
  console.log(
    `| floor: launch Chromium, print 1 page, exit | ${floor.seconds.toFixed(2)} | 1.00x | ${floor.peakMb.toFixed(0)} | |`,
  );
  for (const r of rows) {
    const ratio = (r.seconds / floor.seconds).toFixed(2);
    console.log(
      `| ${r.count} slides | ${r.seconds.toFixed(2)} | ${ratio}x | ${r.peakMb.toFixed(0)} | ${size(r.size)} |`,
    );
  }
}

const AUDIENCES = `audiences:
  founders:
    title: For founders
  engineers:
    title: For engineers
  cto:
    title: For the CTO
`;

/** One source, three cuts with PDFs, against one cut; and one PDF per recipient of a CSV. */
async function benchAudiences(work) {
  const deck = join(work, 'audiences-50.md');
  writeFileSync(deck, generateDeck(50, { frontMatter: AUDIENCES }));
  const out = join(work, 'aud-dist');
  const pdf = (extra) => medianOf(() => measure(process.execPath, [cli, 'build', deck, '--out', out, '--pdf', '--quiet', ...extra], work));
  const one = await pdf(['--audience', 'founders']);
  const three = await pdf([]);
  const recipients = join(work, 'recipients.csv');
  const rows = Array.from({ length: 200 }, (_, i) => `Recipient ${i + 1},Company ${i + 1}`);
  writeFileSync(recipients, `name,company\n${rows.join('\n')}\n`);
  const small = join(work, 'audiences-10.md');
  writeFileSync(small, generateDeck(10, { frontMatter: AUDIENCES }));
  const each = await measure(
    process.execPath,
    [cli, 'build', small, '--audience', 'founders', '--each', recipients, '--name-by', 'name', '--pdf', '--quiet', '--out', out],
    work,
  );
  console.log('\n### Audiences (`pitchdeck build deck.md --pdf`, whole process, one browser)\n');
  console.log('| run | median wall (s) | ratio | peak memory, all processes (MB) |');
  console.log('|---|---:|---:|---:|');
  console.log(`| 50 slides, 1 audience, HTML + PDF | ${one.seconds.toFixed(2)} | 1.00x | ${one.peakMb.toFixed(0)} |`);
  console.log(`| 50 slides, 3 audiences, HTML + PDF | ${three.seconds.toFixed(2)} | ${(three.seconds / one.seconds).toFixed(2)}x | ${three.peakMb.toFixed(0)} |`);
  console.log(
    `| 200 recipients of a 10-slide cut, HTML + PDF each (one run) | ${each.seconds.toFixed(2)} | ${((each.seconds / 200) * 1000).toFixed(0)} ms per recipient | ${each.peakMb.toFixed(0)} |`,
  );
}

/** Sections by name: `npm run bench -- pdf` runs one. */
const sections = { html: benchHtml, pdf: benchPdf, audiences: benchAudiences };
const only = process.argv.slice(2);
const work = mkdtempSync(join(tmpdir(), 'pitchdeck-bench-'));
try {
  console.log(
    `pitchdeck benchmarks: ${runs} runs each, median; Node ${process.version}, ${new Date().toISOString()}`,
  );
  for (const [name, section] of Object.entries(sections)) {
    if (only.length === 0 || only.includes(name)) await section(work);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
