// pitchdeck's benchmarks: `npm run bench`. Wall times of whole CLI runs (startup included), median of
// several runs, on generated decks. Results are printed as a Markdown table for the README.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeFloorScript } from './floor.mjs';
import { generateDeck } from './generate-deck.mjs';
import { benchSpeed } from './speed.mjs';

const repo = resolve(import.meta.dirname, '..');
const cli = join(repo, 'bin', 'pitchdeck.js');
const runs = Number(process.env.BENCH_RUNS ?? 7);

/**
 * What is measured: this checkout, and with `--baseline REF` the same sections for an earlier commit,
 * built into a temporary folder and run alternately with this one (A B A B), so that both face the same
 * machine load and the table can show the ratio.
 */
const targets = [{ name: 'this checkout', root: repo, cli }];

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Median wall seconds of `node bin/pitchdeck.js ...args` for each target, after one warm-up run each;
 * the targets take turns run by run.
 */
export function timeCli(args, cwd) {
  const once = (target) => {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [target.cli, ...args], { cwd, encoding: 'utf8' });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (result.status !== 0)
      throw new Error(`${target.name}: pitchdeck ${args.join(' ')} failed:\n${result.stderr}`);
    return seconds;
  };
  const samples = targets.map(() => []);
  for (const target of targets) once(target);
  for (let i = 0; i < runs; i++) {
    for (const [t, target] of targets.entries()) samples[t].push(once(target));
  }
  return samples.map(median);
}

/** `1.23 (baseline 1.20, 1.03x)`: this checkout's figure and, with a baseline, the baseline's beside it. */
function withBaseline(values, digits) {
  const [current, baseline] = values;
  if (baseline === undefined) return current.toFixed(digits);
  return `${current.toFixed(digits)} (baseline ${baseline.toFixed(digits)}, ${(current / baseline).toFixed(2)}x)`;
}

function benchHtml(work) {
  const rows = [];
  for (const count of [10, 50, 200]) {
    const file = join(work, `deck-${count}.md`);
    writeFileSync(file, generateDeck(count));
    const node = timeNodeStartup();
    // --no-check: the HTML pipeline alone; the checks' own cost is the `check` section's.
    const seconds = timeCli(['build', file, '--out', join(work, 'dist'), '--quiet', '--no-check'], work);
    rows.push({ count, seconds, node });
  }
  const [small, , large] = rows;
  const perSlide = (large.seconds[0] - small.seconds[0]) / (large.count - small.count);
  console.log('\n### HTML build (`pitchdeck build deck.md --no-check`, whole process)\n');
  console.log('| slides | median wall (s) | node startup alone (s) | ratio to node startup |');
  console.log('|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.count} | ${withBaseline(r.seconds, 3)} | ${r.node.toFixed(3)} | ${(r.seconds[0] / r.node).toFixed(1)}x |`,
    );
  }
  console.log(`\nPer-slide cost: ${(perSlide * 1000).toFixed(2)} ms (from the 10- and 200-slide medians).`);
}

/**
 * Start-up: `pitchdeck --version` and a build with nothing to lay out (a one-slide deck, no checks), the
 * fixed cost every command pays before its own work, beside bare Node.
 */
function benchStartup(work) {
  const file = join(work, 'deck-1.md');
  writeFileSync(file, generateDeck(1));
  const node = timeNodeStartup();
  const rows = [
    { run: '`pitchdeck --version`', seconds: timeCli(['--version'], work) },
    {
      run: '`pitchdeck build deck.md --no-check` (1 slide)',
      seconds: timeCli(['build', file, '--out', join(work, 'dist-startup'), '--quiet', '--no-check'], work),
    },
  ];
  console.log('\n### Start-up (whole process)\n');
  console.log('| run | median wall (s) | ratio to node startup |');
  console.log('|---|---:|---:|');
  console.log(`| \`node -e 0\` | ${node.toFixed(3)} | 1.0x |`);
  for (const r of rows) {
    console.log(`| ${r.run} | ${withBaseline(r.seconds, 3)} | ${(r.seconds[0] / node).toFixed(1)}x |`);
  }
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

/** `medianOf` for each target, the targets taking turns run by run. */
async function medianOfTargets(fn) {
  for (const target of targets) await fn(target);
  const samples = targets.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [t, target] of targets.entries()) samples[t].push(await fn(target));
  }
  return samples.map((list) => ({
    seconds: median(list.map((s) => s.seconds)),
    peakMb: median(list.map((s) => s.peakMb)),
  }));
}

/** The floor: launch Chromium, print a one-page document, exit. Nothing pitchdeck does can be faster. */
async function benchFloor(work) {
  const script = writeFloorScript(work, repo);
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
    const results = await medianOfTargets((target) =>
      measure(process.execPath, [target.cli, 'pdf', file, '-o', out, '--quiet'], work),
    );
    rows.push({ count, results, size: statSync(out).size });
  }
  console.log('\n### PDF export (`pitchdeck pdf deck.md`, whole process, Chromium launch included)\n');
  console.log('| deck | median wall (s) | ratio to floor | peak memory, all processes (MB) | PDF size |');
  console.log('|---|---:|---:|---:|---:|');
  console.log(
    `| floor: launch Chromium, print 1 page, exit | ${floor.seconds.toFixed(2)} | 1.00x | ${floor.peakMb.toFixed(0)} | |`,
  );
  for (const r of rows) {
    const [current] = r.results;
    const ratio = (current.seconds / floor.seconds).toFixed(2);
    console.log(
      `| ${r.count} slides | ${withBaseline(
        r.results.map((x) => x.seconds),
        2,
      )} | ${ratio}x | ${current.peakMb.toFixed(0)} | ${size(r.size)} |`,
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
  const pdf = (extra) =>
    medianOf(() =>
      measure(process.execPath, [cli, 'build', deck, '--out', out, '--pdf', '--quiet', ...extra], work),
    );
  const one = await pdf(['--audience', 'founders']);
  const three = await pdf([]);
  const recipients = join(work, 'recipients.csv');
  const rows = Array.from({ length: 200 }, (_, i) => `Recipient ${i + 1},Company ${i + 1}`);
  writeFileSync(recipients, `name,company\n${rows.join('\n')}\n`);
  const small = join(work, 'audiences-10.md');
  writeFileSync(small, generateDeck(10, { frontMatter: AUDIENCES }));
  const each = await measure(
    process.execPath,
    [
      cli,
      'build',
      small,
      '--audience',
      'founders',
      '--each',
      recipients,
      '--name-by',
      'name',
      '--pdf',
      '--quiet',
      '--out',
      out,
    ],
    work,
  );
  console.log('\n### Audiences (`pitchdeck build deck.md --pdf`, whole process, one browser)\n');
  console.log('| run | median wall (s) | ratio | peak memory, all processes (MB) |');
  console.log('|---|---:|---:|---:|');
  console.log(
    `| 50 slides, 1 audience, HTML + PDF | ${one.seconds.toFixed(2)} | 1.00x | ${one.peakMb.toFixed(0)} |`,
  );
  console.log(
    `| 50 slides, 3 audiences, HTML + PDF | ${three.seconds.toFixed(2)} | ${(three.seconds / one.seconds).toFixed(2)}x | ${three.peakMb.toFixed(0)} |`,
  );
  console.log(
    `| 200 recipients of a 10-slide cut, HTML + PDF each (one run) | ${each.seconds.toFixed(2)} | ${((each.seconds / 200) * 1000).toFixed(0)} ms per recipient | ${each.peakMb.toFixed(0)} |`,
  );
}

/**
 * `pitchdeck serve`: from writing the Markdown to the page in Chromium showing it, measured in the page
 * (its clock is this machine's), debounce included; and the size of the Elixir pitch as single files.
 */
async function benchServe(work) {
  const { launchBrowser } = await import(pathToFileURL(join(repo, 'lib', 'browser', 'launch.js')).href);
  const saves = Math.max(runs * 2, 11);
  const rows = [];
  const browser = await launchBrowser();
  try {
    for (const [count, change, times] of [
      [50, 'slide text', saves],
      [50, 'front matter', Math.ceil(saves / 2)],
      [200, 'slide text', saves],
    ]) {
      const measured = [];
      for (const [t, target] of targets.entries()) {
        const { serveDeck } = await import(
          pathToFileURL(join(target.root, 'lib', 'server', 'serve-deck.js')).href
        );
        const dir = join(work, `serve-${count}-${change.replace(' ', '-')}-${t}`);
        mkdirSync(dir);
        measured.push(await saveToPage(browser, serveDeck, dir, count, change, times));
      }
      rows.push({ count, change, times, measured });
    }
  } finally {
    await browser.close();
  }
  console.log('\n### Live reload (`pitchdeck serve`: save the Markdown, the page in Chromium shows it)\n');
  console.log('| deck | change | saves | median save-to-page (ms) | median rebuild (ms) |');
  console.log('|---|---|---:|---:|---:|');
  for (const r of rows) {
    const how =
      r.change === 'slide text'
        ? 'slide text (slides swapped in place)'
        : 'front matter (page reloads, slide kept)';
    console.log(
      `| ${r.count} slides | ${how} | ${r.times} | ${withBaseline(
        r.measured.map((m) => m.latency),
        0,
      )} | ${withBaseline(
        r.measured.map((m) => m.rebuild),
        0,
      )} |`,
    );
  }
  console.log('\nSave-to-page includes the 60 ms debounce that folds a burst of saves into one rebuild.');

  const out = join(work, 'single');
  const result = spawnSync(
    process.execPath,
    [cli, 'build', join(repo, 'slides', 'elixir-pitch.md'), '--single-file', '--out', out, '--quiet'],
    { cwd: repo, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`build --single-file failed:\n${result.stderr}`);
  console.log('\n### Single file (`pitchdeck build --single-file`), the Elixir pitch\n');
  console.log('| cut | file | size |');
  console.log('|---|---|---:|');
  for (const audience of ['founders', 'engineers', 'cto']) {
    const path = join(out, 'elixir-pitch', audience, `elixir-pitch-${audience}.html`);
    console.log(`| ${audience} | \`elixir-pitch-${audience}.html\` | ${size(statSync(path).size)} |`);
  }
}

/** Saves a deck `times` times while a page shows it; the medians of save-to-page and of the rebuild. */
async function saveToPage(browser, serveDeck, dir, count, change, times) {
  const file = join(dir, 'deck.md');
  // A marker on slide 3; a front-matter change (the transition) also changes the page around the
  // slides, so the page reloads and restores its slide instead of swapping the slides in place.
  const text = (n) =>
    generateDeck(count, {
      frontMatter: `transition: ${change === 'front matter' && n % 2 ? 'fade' : 'slide'}\n`,
    }).replace('slide 3 in one sentence.', `slide 3 in one sentence. Edit ${n}.`);
  writeFileSync(file, text(0));
  const rebuilds = [];
  const server = await serveDeck({
    file,
    cwd: dir,
    port: 0,
    onEvent: (e) => {
      if (e.type === 'built' && !e.first) rebuilds.push(e.ms);
      if (e.type === 'failed') throw new Error(e.text);
    },
  });
  const page = await browser.newPage();
  try {
    await page.setViewport({ width: 1280, height: 720 });
    await page.goto(`${server.url}#/2`);
    await page.waitForFunction(() => document.documentElement.hasAttribute('data-pitchdeck-ready'));
    const latencies = [];
    for (let n = 1; n <= times; n++) {
      await server.whenIdle();
      await new Promise((r) => setTimeout(r, 150));
      const marker = `Edit ${n}.`;
      const start = Date.now();
      writeFileSync(file, text(n));
      const shown = await page.waitForFunction(
        (m) =>
          document.documentElement.hasAttribute('data-pitchdeck-ready') &&
          typeof Reveal !== 'undefined' &&
          Reveal.getIndices().h === 2 &&
          Reveal.getCurrentSlide()?.textContent?.includes(m)
            ? Date.now()
            : false,
        { polling: change === 'slide text' ? 'mutation' : 'raf', timeout: 30_000 },
        marker,
      );
      latencies.push((await shown.jsonValue()) - start);
    }
    return { latency: median(latencies), rebuild: median(rebuilds) };
  } finally {
    await page.close();
    await server.close();
  }
}

/**
 * `pitchdeck check` on a 50-slide deck beside its PDF export (the goal: no slower than the PDF), and what
 * the checks add to `build`.
 */
async function benchCheck(work) {
  const file = join(work, 'check-50.md');
  writeFileSync(file, generateDeck(50));
  const out = join(work, 'check-dist');
  const run = (args) => medianOf(() => measure(process.execPath, [cli, ...args, '--quiet'], work));
  const check = await run(['check', file]);
  const pdf = await run(['pdf', file, '-o', join(work, 'check-50.pdf'), '--out', out]);
  const buildOnly = await run(['build', file, '--out', out, '--no-check']);
  const build = await run(['build', file, '--out', out]);
  console.log('\n### Check (50 slides, whole process, Chromium launch included)\n');
  console.log('| run | median wall (s) | ratio to PDF export | peak memory, all processes (MB) |');
  console.log('|---|---:|---:|---:|');
  const row = (name, r) =>
    console.log(
      `| ${name} | ${r.seconds.toFixed(2)} | ${(r.seconds / pdf.seconds).toFixed(2)}x | ${r.peakMb.toFixed(0)} |`,
    );
  row('`pitchdeck check deck.md`', check);
  row('`pitchdeck pdf deck.md`', pdf);
  row('`pitchdeck build deck.md --no-check`', buildOnly);
  row('`pitchdeck build deck.md` (checks included)', build);
  console.log(
    `\nThe checks add ${(build.seconds - buildOnly.seconds).toFixed(2)} s to a build of this deck.`,
  );
}

/**
 * `pitchdeck pptx` on a 50-slide deck beside the plain PDF export of the same deck, run alternately so
 * that both face the same machine load.
 */
async function benchPptx(work) {
  const file = join(work, 'pptx-50.md');
  writeFileSync(file, generateDeck(50));
  const kinds = [
    { name: '`pitchdeck pdf deck.md`', file: join(work, 'pptx-50.pdf'), command: 'pdf' },
    { name: '`pitchdeck pptx deck.md`', file: join(work, 'pptx-50.pptx'), command: 'pptx' },
  ];
  const once = (kind) =>
    measure(process.execPath, [cli, kind.command, file, '-o', kind.file, '--quiet'], work);
  for (const kind of kinds) await once(kind);
  const samples = kinds.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [k, kind] of kinds.entries()) samples[k].push(await once(kind));
  }
  const results = samples.map((list) => ({
    seconds: median(list.map((s) => s.seconds)),
    peakMb: median(list.map((s) => s.peakMb)),
  }));
  const pdf = results[0];
  console.log('\n### PowerPoint export (50 slides, whole process, Chromium launch included)\n');
  console.log(
    '| run | median wall (s) | ratio to PDF export | peak memory, all processes (MB) | file size |',
  );
  console.log('|---|---:|---:|---:|---:|');
  for (const [k, kind] of kinds.entries()) {
    const r = results[k];
    console.log(
      `| ${kind.name} | ${r.seconds.toFixed(2)} | ${(r.seconds / pdf.seconds).toFixed(2)}x | ${r.peakMb.toFixed(0)} | ${size(statSync(kind.file).size)} |`,
    );
  }
}

/**
 * Handouts of a 50-slide deck beside its plain PDF export: what laying the slides out on portrait pages
 * (a second print for the frame, pdf-lib drawing the slide pages) costs, and what the checks add to `pdf`.
 */
async function benchHandout(work) {
  const file = join(work, 'handout-50.md');
  writeFileSync(file, generateDeck(50));
  const run = (name, args) =>
    medianOf(() => measure(process.execPath, [cli, 'pdf', file, ...args, '--quiet'], work)).then((r) => ({
      name,
      ...r,
      size: statSync(join(work, 'handout.pdf')).size,
    }));
  const rows = [
    await run('`pitchdeck pdf deck.md --no-check`', ['-o', 'handout.pdf', '--no-check']),
    await run('`pitchdeck pdf deck.md` (checks included)', ['-o', 'handout.pdf']),
    await run('`pitchdeck pdf deck.md --handout 3 --no-check`', [
      '--handout',
      '3',
      '-o',
      'handout.pdf',
      '--no-check',
    ]),
    await run('`pitchdeck pdf deck.md --handout 6 --no-check`', [
      '--handout',
      '6',
      '-o',
      'handout.pdf',
      '--no-check',
    ]),
    await run('`pitchdeck pdf deck.md --handout 3 --notes --no-check`', [
      '--handout',
      '3',
      '--notes',
      '-o',
      'handout.pdf',
      '--no-check',
    ]),
  ];
  console.log('\n### Handout (50 slides, whole process, Chromium launch included)\n');
  console.log(
    '| run | median wall (s) | ratio to the plain PDF | peak memory, all processes (MB) | PDF size |',
  );
  console.log('|---|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${r.seconds.toFixed(2)} | ${(r.seconds / rows[0].seconds).toFixed(2)}x | ${r.peakMb.toFixed(0)} | ${size(r.size)} |`,
    );
  }
}

/**
 * A deck of 10 Mermaid diagrams and 10 charts (one reading a CSV file), and the same deck with a short
 * paragraph in place of each picture. With `pictures: false`, the baseline a warm rebuild is held to.
 */
function picturesDeck({ pictures = true } = {}) {
  const slides = [];
  for (let i = 1; i <= 10; i++) {
    slides.push(`## Diagram ${i}

${
  pictures
    ? `\`\`\`mermaid
flowchart LR
  a${i}["Service ${i}"] --> b${i}["Queue ${i}"]
  b${i} --> c${i}["Worker ${i}"]
  c${i} --> d${i}[("Store ${i}")]
\`\`\``
    : `Service ${i} feeds queue ${i}, worker ${i} writes to store ${i}.`
}

Note: Diagram ${i}.
`);
  }
  for (let i = 1; i <= 10; i++) {
    const data =
      i === 1
        ? 'data: { url: sales.csv }'
        : `data:\n  values:\n${['A', 'B', 'C', 'D']
            .map((k, j) => `    - { key: ${k}, value: ${(i * 7 + j * 13) % 50} }`)
            .join('\n')}`;
    const [x, y] = i === 1 ? ['month', 'sales'] : ['key', 'value'];
    slides.push(`## Chart ${i}

${
  pictures
    ? `\`\`\`chart
${data}
mark: bar
encoding:
  x: { field: ${x}, type: nominal, sort: null }
  y: { field: ${y}, type: quantitative }
\`\`\``
    : `Values of chart ${i}: A, B, C and D.`
}

Note: Chart ${i}.
`);
  }
  return `---\ntitle: Pictures\ntheme: white\n---\n\n# Pictures\n\n---\n\n${slides.join('\n---\n\n')}`;
}

/**
 * `pitchdeck build --no-check` of each `{ file, env }`, median wall seconds, after one warm-up each; the
 * builds take turns run by run, so that both face the same machine load. `env()` gives each run's
 * environment.
 */
function timeBuilds(builds, out) {
  const once = ({ file, env }) => {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [cli, 'build', file, '--out', out, '--quiet', '--no-check'], {
      cwd: dirname(file),
      encoding: 'utf8',
      env: { ...process.env, ...env() },
    });
    if (result.status !== 0) throw new Error(`pitchdeck build ${file} failed:\n${result.stderr}`);
    return Number(process.hrtime.bigint() - start) / 1e9;
  };
  for (const build of builds) once(build);
  const samples = builds.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [b, build] of builds.entries()) samples[b].push(once(build));
  }
  return samples.map(median);
}

/**
 * Pictures: building a deck of 10 diagrams and 10 charts with nothing cached (Chromium launched, every
 * picture drawn) and with the pictures cached by an earlier build, against the same deck without
 * pictures; and in `serve`, the time from saving one chart's CSV file to the page showing the new chart.
 */
async function benchPictures(work) {
  const dir = join(work, 'pictures');
  mkdirSync(dir);
  const file = join(dir, 'pictures.md');
  const plain = join(dir, 'plain.md');
  const csv = (n) => `month,sales\nJan ${n},${10 + (n % 7)}\nFeb,14\nMar,9\n`;
  writeFileSync(file, picturesDeck());
  writeFileSync(plain, picturesDeck({ pictures: false }));
  writeFileSync(join(dir, 'sales.csv'), csv(0));
  const out = join(dir, 'dist');
  let fresh = 0;
  const warmCache = { PITCHDECK_CACHE_DIR: join(dir, 'warm-cache') };
  const [cold, warm, none] = timeBuilds(
    [
      { file, env: () => ({ PITCHDECK_CACHE_DIR: join(dir, `cold-cache-${fresh++}`) }) },
      { file, env: () => warmCache },
      { file: plain, env: () => warmCache },
    ],
    out,
  );

  const { launchBrowser } = await import(pathToFileURL(join(repo, 'lib', 'browser', 'launch.js')).href);
  const { serveDeck } = await import(pathToFileURL(join(repo, 'lib', 'server', 'serve-deck.js')).href);
  const saves = Math.max(runs * 2, 11);
  const latencies = [];
  const rebuilds = [];
  // The server's build worker reads the cache folder from the environment it starts with.
  const cacheBefore = process.env.PITCHDECK_CACHE_DIR;
  process.env.PITCHDECK_CACHE_DIR = warmCache.PITCHDECK_CACHE_DIR;
  const browser = await launchBrowser();
  const server = await serveDeck({
    file,
    cwd: dir,
    port: 0,
    onEvent: (e) => {
      if (e.type === 'built' && !e.first) rebuilds.push(e.ms);
      if (e.type === 'failed') throw new Error(e.text);
    },
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 720 });
    // The first chart's slide: the title, then 10 diagrams.
    await page.goto(`${server.url}#/11`);
    await page.waitForFunction(() => document.documentElement.hasAttribute('data-pitchdeck-ready'));
    for (let n = 1; n <= saves; n++) {
      await server.whenIdle();
      await new Promise((r) => setTimeout(r, 150));
      const start = Date.now();
      writeFileSync(join(dir, 'sales.csv'), csv(n));
      const shown = await page.waitForFunction(
        (label) =>
          [...(Reveal.getCurrentSlide()?.querySelectorAll('svg text') ?? [])].some(
            (t) => t.textContent === label,
          )
            ? Date.now()
            : false,
        { polling: 'mutation', timeout: 30_000 },
        // The first month's name is new in every save.
        `Jan ${n}`,
      );
      latencies.push((await shown.jsonValue()) - start);
    }
    await page.close();
  } finally {
    await server.close();
    await browser.close();
    if (cacheBefore === undefined) delete process.env.PITCHDECK_CACHE_DIR;
    else process.env.PITCHDECK_CACHE_DIR = cacheBefore;
  }
  const against = (seconds) => {
    const ms = Math.round((seconds - none) * 1000);
    return `${ms < 0 ? '−' : '+'}${Math.abs(ms)} ms`;
  };

  console.log(
    '\n### Pictures (10 Mermaid diagrams and 10 charts, `pitchdeck build --no-check`, whole process)\n',
  );
  console.log('| run | median wall (s) | against the deck without pictures |');
  console.log('|---|---:|---:|');
  console.log(
    `| nothing cached: Chromium launched, every picture drawn | ${cold.toFixed(3)} | ${against(cold)} |`,
  );
  console.log(`| pictures cached by an earlier build | ${warm.toFixed(3)} | ${against(warm)} |`);
  console.log(`| the same deck without pictures | ${none.toFixed(3)} | |`);
  console.log("\n`pitchdeck serve`, one chart's CSV file saved, until the page shows the new chart:\n");
  console.log('| saves | median save-to-page (ms) | median rebuild (ms) |');
  console.log('|---:|---:|---:|');
  console.log(`| ${saves} | ${median(latencies).toFixed(0)} | ${median(rebuilds).toFixed(0)} |`);
}

/**
 * An earlier commit of pitchdeck, built into `work/baseline` with its own dependencies: the
 * baseline a goal is measured against, run in the same benchmark as this checkout.
 */
function prepareBaseline(ref, work) {
  const dir = join(work, 'baseline');
  mkdirSync(dir);
  const archive = spawnSync('git', ['-C', repo, 'archive', ref], { maxBuffer: 1 << 30 });
  if (archive.status !== 0) throw new Error(`git archive ${ref} failed:\n${archive.stderr}`);
  const unpack = spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout });
  if (unpack.status !== 0) throw new Error(`unpacking ${ref} failed:\n${unpack.stderr}`);
  // Its own dependencies, as its lock file pins them (from npm's cache when they are there); no install
  // scripts, so no browser download either.
  const install = spawnSync(
    'npm',
    ['ci', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund'],
    {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: 'true' },
    },
  );
  if (install.status !== 0) throw new Error(`installing ${ref}'s dependencies failed:\n${install.stderr}`);
  const tsc = join(dir, 'node_modules', 'typescript', 'bin', 'tsc');
  const build = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: dir,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`building ${ref} failed:\n${build.stdout}${build.stderr}`);
  // Its CLI bundled as its own build does, when it has a bundle step.
  if (existsSync(join(dir, 'scripts', 'bundle.mjs'))) {
    const bundled = spawnSync(process.execPath, [join(dir, 'scripts', 'bundle.mjs')], {
      cwd: dir,
      encoding: 'utf8',
    });
    if (bundled.status !== 0) throw new Error(`bundling ${ref} failed:\n${bundled.stderr}`);
  }
  return { name: `baseline ${ref}`, root: dir, cli: join(dir, 'bin', 'pitchdeck.js') };
}

/** Sections by name: `npm run bench -- pdf` runs one; `--baseline REF` measures REF beside it. */
const sections = {
  speed: (work) => benchSpeed({ work, repo, cli, runs }),
  startup: benchStartup,
  html: benchHtml,
  pdf: benchPdf,
  audiences: benchAudiences,
  serve: benchServe,
  check: benchCheck,
  pptx: benchPptx,
  pictures: benchPictures,
  handout: benchHandout,
};
const args = process.argv.slice(2);
const at = args.indexOf('--baseline');
const baseline = at === -1 ? undefined : args.splice(at, 2)[1];
const only = args;
const work = mkdtempSync(join(tmpdir(), 'pitchdeck-bench-'));
if (baseline !== undefined) targets.push(prepareBaseline(baseline, work));
try {
  console.log(
    `pitchdeck benchmarks: ${runs} runs each, median; Node ${process.version}, ${new Date().toISOString()}${baseline ? `; baseline ${baseline}, run alternately with this checkout` : ''}`,
  );
  for (const [name, section] of Object.entries(sections)) {
    if (only.length === 0 || only.includes(name)) await section(work);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
