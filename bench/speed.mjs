// pitchdeck against the floor and its peers (`npm run bench -- speed`): the same generated decks made
// into PDFs and HTML by pitchdeck, Marp CLI and reveal-md, all driving the same Chromium, whole processes
// timed from outside and run in turns (floor, pitchdeck, Marp CLI, reveal-md, floor, ...), medians.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeFloorScript } from './floor.mjs';
import { generateDeck } from './generate-deck.mjs';

/** The peers, pinned, installed on first use into a cache outside the repository. */
const PEERS = [
  { id: 'marp', name: 'Marp CLI 4.5.1', pkg: '@marp-team/marp-cli', version: '4.5.1', bin: 'marp' },
  { id: 'revealMd', name: 'reveal-md 6.1.4', pkg: 'reveal-md', version: '6.1.4', bin: 'reveal-md' },
];

const CACHE = process.env.PITCHDECK_BENCH_CACHE ?? join(homedir(), '.cache', 'pitchdeck-bench');

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * A peer's command, installed if need be with npm (no install scripts, no browser download: the peers
 * use this machine's Chromium); `{ error }` when it cannot be installed or does not run here.
 */
function installPeer(peer) {
  const dir = join(CACHE, `${peer.pkg.replace('/', '+')}-${peer.version}`);
  const bin = join(dir, 'node_modules', '.bin', peer.bin);
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
    const install = spawnSync(
      'npm',
      ['install', '--no-audit', '--no-fund', '--ignore-scripts', `${peer.pkg}@${peer.version}`],
      {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: 'true' },
        timeout: 600_000,
      },
    );
    if (install.status !== 0 || !existsSync(bin)) {
      const why = `${install.stderr ?? ''}${install.error?.message ?? ''}`.trim().split('\n').at(-1);
      return { error: `could not be installed (${why || `npm exit code ${install.status}`})` };
    }
  }
  const version = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 60_000 });
  if (version.status !== 0)
    return { error: `does not run here (${(version.stderr || '').trim().split('\n')[0]})` };
  return { bin };
}

/** The process tree of `root` (by parent pid, from /proc), itself included. */
function tree(root) {
  const parents = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {}
  }
  const found = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (found.has(ppid) && !found.has(pid)) {
        found.add(pid);
        grew = true;
      }
    }
  }
  return found;
}

/**
 * The memory of a process tree: the sum of its processes' proportional set sizes (PSS), which count a
 * page shared by n processes as 1/n in each. Summing resident sizes (RSS) would count Chromium's shared
 * binary and libraries once per process (a few hundred MB for a browser and its helpers).
 */
function pssMb(pids) {
  let kb = 0;
  for (const pid of pids) {
    try {
      kb += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {}
  }
  return kb / 1024;
}

/** Runs a command to its end: wall seconds and the peak PSS of its whole tree (sampled every 50 ms). */
async function measure(command, args, { cwd, env = {}, memory = false } = {}) {
  const start = process.hrtime.bigint();
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  let peak = 0;
  const timer = memory
    ? setInterval(() => {
        peak = Math.max(peak, pssMb(tree(child.pid)));
      }, 50)
    : undefined;
  const code = await new Promise((done) => child.on('close', done));
  clearInterval(timer);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (code !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (exit ${code}):\n${stderr.slice(-2000)}`);
  return { seconds, peakMb: peak };
}

/**
 * Each contender's median over `runs` runs, after one warm-up each, the contenders taking turns run by
 * run so that all face the same machine load. A contender that fails is reported as failed, not timed.
 * Memory is sampled in runs of its own after the timed ones (`memoryRuns`, for contenders with
 * `memory`): reading every process's memory every 50 ms takes processor time from the run it watches,
 * the more so the more processes it has, which would skew the times between tools.
 */
async function race(contenders, runs, memoryRuns = Math.min(runs, 3)) {
  const samples = new Map(contenders.map((c) => [c.name, []]));
  const peaks = new Map(contenders.map((c) => [c.name, []]));
  const failed = new Map();
  const once = async (c, memory = false) => {
    if (failed.has(c.name)) return;
    try {
      const result = await c.run(memory);
      if (memory) peaks.get(c.name).push(result.peakMb);
      else samples.get(c.name).push(result);
    } catch (error) {
      // A run that fails while its memory is sampled leaves the times taken already standing.
      if (!memory) failed.set(c.name, error.message.split('\n')[0]);
    }
  };
  for (const c of contenders) {
    await once(c);
    samples.get(c.name).length = 0;
  }
  for (let i = 0; i < runs; i++) for (const c of contenders) await once(c);
  for (let i = 0; i < memoryRuns; i++) for (const c of contenders) if (c.memory) await once(c, true);
  return new Map(
    contenders.map((c) => {
      const list = samples.get(c.name);
      if (failed.has(c.name) || list.length === 0) return [c.name, { error: failed.get(c.name) ?? 'no run' }];
      const peak = peaks.get(c.name);
      return [
        c.name,
        {
          seconds: median(list.map((s) => s.seconds)),
          peakMb: peak.length > 0 ? median(peak) : 0,
          n: list.length,
        },
      ];
    }),
  );
}

async function freePort() {
  const server = createServer();
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address();
  await new Promise((done) => server.close(done));
  return port;
}

/** The same deck as each tool writes it: reveal.js separators and notes, or Marp's. */
function decks(work, count) {
  const reveal = generateDeck(count);
  const files = {
    pitchdeck: join(work, `deck-${count}.md`),
    revealMd: join(work, `reveal-${count}.md`),
    marp: join(work, `marp-${count}.md`),
  };
  writeFileSync(files.pitchdeck, reveal);
  // reveal-md reads reveal.js's own separators (--- and ----) and `Note:`, as pitchdeck does; it has no
  // white theme by that name in its front matter, so the default (black) theme is left.
  writeFileSync(files.revealMd, reveal.replace('theme: white\n', ''));
  // Marp: `marp: true`, its default theme, every slide horizontal, notes as comments.
  writeFileSync(
    files.marp,
    reveal
      .replace('theme: white\n', 'marp: true\ntheme: default\n')
      .replace(/\n----\n/g, '\n---\n')
      .replace(/\nNote: (.*)\n/g, '\n<!-- $1 -->\n'),
  );
  return files;
}

function seconds(result) {
  return result?.error ? `n/a: ${result.error}` : result.seconds.toFixed(2);
}

/**
 * The comparison: one table row per task, one column per contender, and the ratios the goals are stated
 * in (to the floor, to the fastest peer).
 */
export async function benchSpeed({ work, repo, cli, runs }) {
  const chromium =
    process.env.PUPPETEER_EXECUTABLE_PATH ??
    (await import(pathToFileURL(join(repo, 'lib', 'browser', 'find-chrome.js')).href)).findChrome()?.path;
  const peers = PEERS.map((peer) => ({ ...peer, ...installPeer(peer) }));
  const root = process.getuid?.() === 0;
  const floorScript = writeFloorScript(work, repo);
  const node = process.execPath;
  const pdfFloor = {
    name: 'floor',
    memory: true,
    run: (memory) => measure(node, [floorScript], { cwd: work, memory }),
  };
  const nodeFloor = { name: 'floor', run: () => measure(node, ['-e', '0'], { cwd: work }) };
  const peerRun = (peer, kind, files, count) => {
    if (peer.error) return { name: peer.name, run: () => Promise.reject(new Error(peer.error)) };
    const out = join(work, `${peer.id}-${kind}-${count}`);
    if (peer.id === 'marp') {
      const args =
        kind === 'pdf' ? [files.marp, '--pdf', '-o', `${out}.pdf`] : [files.marp, '-o', `${out}.html`];
      return {
        name: peer.name,
        memory: kind === 'pdf',
        run: (memory) => measure(peer.bin, args, { cwd: work, env: { CHROME_PATH: chromium }, memory }),
      };
    }
    return {
      name: peer.name,
      memory: kind === 'pdf',
      run: async (memory) => {
        // reveal-md prints through a server of its own: a free port each time.
        const port = String(await freePort());
        const args =
          kind === 'pdf'
            ? [
                files.revealMd,
                '--print',
                `${out}.pdf`,
                '--port',
                port,
                ...(root ? ['--puppeteer-launch-args=--no-sandbox'] : []),
              ]
            : [files.revealMd, '--static', out, '--port', port];
        if (kind === 'html') rmSync(out, { recursive: true, force: true });
        return measure(peer.bin, args, {
          cwd: work,
          env: { PUPPETEER_EXECUTABLE_PATH: chromium },
          memory,
        });
      },
    };
  };
  const pitchdeck = (args, memory = false) => ({
    name: 'pitchdeck',
    memory,
    run: (sample) => measure(node, [cli, ...args, '--quiet'], { cwd: work, memory: sample }),
  });

  const rows = [];
  for (const count of [10, 50, 200]) {
    const files = decks(work, count);
    const results = await race(
      [
        pdfFloor,
        pitchdeck(['pdf', files.pitchdeck, '-o', join(work, `pd-${count}.pdf`)], true),
        ...peers.map((p) => peerRun(p, 'pdf', files, count)),
      ],
      runs,
    );
    rows.push({
      task: `PDF, ${count} slides`,
      floor: 'launch Chromium, print 1 page',
      results,
      memory: true,
    });
  }
  for (const count of [50, 200]) {
    const files = decks(work, count);
    const results = await race(
      [
        nodeFloor,
        pitchdeck(['build', files.pitchdeck, '--no-check', '-o', join(work, `pd-html-${count}`)]),
        ...peers.map((p) => peerRun(p, 'html', files, count)),
      ],
      runs,
    );
    rows.push({ task: `HTML, ${count} slides`, floor: '`node -e 0`', results });
  }

  // Checks: pitchdeck alone (the peers check nothing), against its own PDF export of the same deck.
  const checks = [];
  for (const count of [50, 2000]) {
    const files = decks(work, count);
    const results = await race(
      [
        { ...pitchdeck(['check', files.pitchdeck]), name: 'check' },
        { ...pitchdeck(['pdf', files.pitchdeck, '-o', join(work, `pd-check-${count}.pdf`)]), name: 'pdf' },
      ],
      count > 500 ? Math.min(runs, 5) : runs,
    );
    checks.push({ count, results });
  }

  const warm = await benchWarm({ work, cli, runs, peers, chromium });
  const recipients = await benchRecipients({ work, cli, runs: Math.min(runs, 5) });

  printTables({ rows, checks, warm, recipients, peers, runs });
}

/** `pitchdeck serve` and `marp --server`, warm: a PDF of 50 slides asked for over HTTP after each save. */
async function benchWarm({ work, cli, runs, peers, chromium }) {
  const dir = join(work, 'warm');
  mkdirSync(dir, { recursive: true });
  const files = decks(dir, 50);
  const marp = peers.find((p) => p.id === 'marp');
  const servers = [
    {
      name: 'pitchdeck',
      file: files.pitchdeck,
      start: (port) =>
        spawn(process.execPath, [cli, 'serve', files.pitchdeck, '--port', String(port)], { stdio: 'ignore' }),
      page: (port) => `http://127.0.0.1:${port}/`,
      pdf: (port) => `http://127.0.0.1:${port}/deck.pdf`,
    },
    marp.error
      ? { name: marp.name, error: marp.error }
      : {
          name: marp.name,
          file: files.marp,
          start: (port) =>
            spawn(marp.bin, ['--server', dir], {
              stdio: 'ignore',
              env: { ...process.env, CHROME_PATH: chromium, PORT: String(port) },
            }),
          page: (port) => `http://127.0.0.1:${port}/marp-50.md`,
          pdf: (port) => `http://127.0.0.1:${port}/marp-50.md?pdf`,
        },
  ];
  const result = new Map();
  for (const server of servers) {
    if (server.error) {
      result.set(server.name, { error: server.error });
      continue;
    }
    const port = await freePort();
    const child = server.start(port);
    try {
      const original = readFileSync(server.file, 'utf8');
      // Up, and printed once: the browser is launched.
      for (let i = 0; ; i++) {
        const ok = await fetch(server.page(port)).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) break;
        if (i > 300) throw new Error(`${server.name} did not start`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const get = async () => {
        const start = process.hrtime.bigint();
        const response = await fetch(server.pdf(port));
        const bytes = await response.arrayBuffer();
        if (!response.ok || bytes.byteLength < 1000)
          throw new Error(`${server.name}: GET PDF ${response.status}`);
        return Number(process.hrtime.bigint() - start) / 1e9;
      };
      await get();
      const afterSave = [];
      const again = [];
      for (let n = 1; n <= runs; n++) {
        const marker = `Edit ${n}.`;
        writeFileSync(
          server.file,
          original.replace('slide 3 in one sentence.', `slide 3 in one sentence. ${marker}`),
        );
        // The page served shows the save: the PDF asked for next is of that version.
        for (let i = 0; i < 200; i++) {
          const text = await fetch(server.page(port)).then(
            (r) => r.text(),
            () => '',
          );
          if (text.includes(marker)) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        afterSave.push(await get());
        again.push(await get());
      }
      result.set(server.name, { afterSave: median(afterSave), again: median(again) });
    } catch (error) {
      result.set(server.name, { error: error.message.split('\n')[0] });
    } finally {
      child.kill('SIGINT');
      await new Promise((done) => {
        child.once('exit', done);
        setTimeout(() => {
          child.kill('SIGKILL');
          done();
        }, 5000);
      });
    }
  }
  return result;
}

/** Recipients: one run of 200 recipients of a 10-slide cut, HTML and PDF each. */
async function benchRecipients({ work, cli, runs }) {
  const dir = join(work, 'recipients');
  mkdirSync(dir, { recursive: true });
  const deck = join(dir, 'deck.md');
  writeFileSync(
    deck,
    generateDeck(10, { frontMatter: 'audiences:\n  founders:\n    title: For founders\n' }).replace(
      'A paragraph that makes the point of slide 1',
      'A paragraph for {{name}} of {{company}} that makes the point of slide 1',
    ),
  );
  const count = 200;
  const rows = Array.from({ length: count }, (_, i) => `Recipient ${i + 1},Company ${i + 1}`);
  writeFileSync(join(dir, 'people.csv'), `name,company\n${rows.join('\n')}\n`);
  const args = [
    'build',
    deck,
    '--audience',
    'founders',
    '--each',
    join(dir, 'people.csv'),
    '--name-by',
    'name',
    '--pdf',
  ];
  const results = await race(
    [
      {
        name: 'pitchdeck',
        memory: true,
        run: (memory) =>
          measure(process.execPath, [cli, ...args, '--quiet', '-o', join(dir, 'out')], {
            cwd: dir,
            memory,
          }),
      },
    ],
    runs,
  );
  return { count, result: results.get('pitchdeck') };
}

function printTables({ rows, checks, warm, recipients, peers, runs }) {
  const names = ['pitchdeck', ...peers.map((p) => p.name)];
  console.log(
    `\n### pitchdeck, Marp CLI and reveal-md (whole process, median of ${runs} runs taken in turns)\n`,
  );
  console.log(
    `| task | floor (s) | ${names.map((n) => `${n} (s)`).join(' | ')} | pitchdeck / floor | pitchdeck / fastest peer |`,
  );
  console.log(`|---|---:|${names.map(() => '---:|').join('')}---:|---:|`);
  for (const row of rows) {
    const floor = row.results.get('floor');
    const own = row.results.get('pitchdeck');
    const peerTimes = peers.map((p) => row.results.get(p.name)).filter((r) => r && !r.error);
    const fastest = peerTimes.length > 0 ? Math.min(...peerTimes.map((r) => r.seconds)) : undefined;
    const cells = names.map((n) => seconds(row.results.get(n)));
    console.log(
      `| ${row.task} | ${seconds(floor)} (${row.floor}) | ${cells.join(' | ')} | ${own?.error ? 'n/a' : `${(own.seconds / floor.seconds).toFixed(2)}x`} | ${fastest === undefined || own?.error ? 'n/a' : `${(own.seconds / fastest).toFixed(2)}x`} |`,
    );
  }
  const memoryRows = rows.filter((r) => r.memory);
  console.log(
    '\nPeak memory of the whole process tree (PSS, MB: Chromium and its helpers included, shared pages counted once):\n',
  );
  console.log(`| task | floor | ${names.join(' | ')} |`);
  console.log(`|---|---:|${names.map(() => '---:|').join('')}`);
  for (const row of memoryRows) {
    const cell = (r) => (r?.error ? 'n/a' : r.peakMb.toFixed(0));
    console.log(
      `| ${row.task} | ${cell(row.results.get('floor'))} | ${names.map((n) => cell(row.results.get(n))).join(' | ')} |`,
    );
  }

  console.log(
    '\n`pitchdeck check` against `pitchdeck pdf` of the same deck (Marp CLI and reveal-md check nothing):\n',
  );
  console.log('| deck | check (s) | pdf (s) | check / pdf |');
  console.log('|---|---:|---:|---:|');
  for (const { count, results } of checks) {
    const check = results.get('check');
    const pdf = results.get('pdf');
    const ratio = check.error || pdf.error ? 'n/a' : `${(check.seconds / pdf.seconds).toFixed(2)}x`;
    console.log(`| ${count} slides | ${seconds(check)} | ${seconds(pdf)} | ${ratio} |`);
  }

  console.log(
    '\nWarm PDF, 50 slides, the whole HTTP request to a running server (reveal-md serves no PDF):\n',
  );
  console.log('| server | after a save (s) | asked again, unchanged (s) |');
  console.log('|---|---:|---:|');
  for (const [name, r] of warm) {
    console.log(
      r.error
        ? `| ${name} | n/a: ${r.error} | n/a |`
        : `| ${name} | ${r.afterSave.toFixed(3)} | ${r.again.toFixed(3)} |`,
    );
  }

  const r = recipients.result;
  console.log(
    `\nRecipients (${recipients.count} of a 10-slide cut, HTML and PDF each, one run; the peers have no recipients):\n`,
  );
  console.log('| run | wall (s) | per recipient (ms) | recipients per second | peak memory, PSS (MB) |');
  console.log('|---|---:|---:|---:|---:|');
  console.log(
    r.error
      ? `| pitchdeck | n/a: ${r.error} | | | |`
      : `| pitchdeck | ${r.seconds.toFixed(2)} | ${((r.seconds / recipients.count) * 1000).toFixed(0)} | ${(recipients.count / r.seconds).toFixed(1)} | ${r.peakMb.toFixed(0)} |`,
  );
  for (const peer of peers)
    if (peer.error) console.log(`\n${peer.name}: ${peer.error}; its columns say n/a.`);
}
