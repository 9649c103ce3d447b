import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PDFDict, PDFDocument, PDFName, PDFNumber } from '@cantoo/pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '..', '..');
const cli = join(repo, 'bin', 'pitchdeck.js');

/** A 4x4 PNG of pure red (#ff0000), to find on a rendered page. */
const RED_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEklEQVR4nGP4z8AARwzEcQAA5HwL9Wbz5x8AAAAASUVORK5CYII=',
  'base64',
);

const DECK = `---
title: PDF fixture deck
author: Ada Lovelace
subtitle: Everything a PDF must carry
keywords: [pitch, pdf]
theme: white
---

# Opening slide

Note: notes of the opening slide

---

## Code slide

\`\`\`js
const answer = function () { return 42; };
\`\`\`

Note: notes of the code slide

---

## Stack top

Note: notes of the stack top

----

## Stack child

- first point
- second point <!-- .element: class="fragment" -->
- third point <!-- .element: class="fragment" -->

Note: notes of the stack child

---

## Picture slide

![a red square](img/red.png)

Note: notes of the picture slide
`;

const HEADINGS = ['Opening slide', 'Code slide', 'Stack top', 'Stack child', 'Picture slide'];

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env });
}

function pdfinfo(path: string): Record<string, string> {
  const out = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  return Object.fromEntries(
    out.split('\n').map((l) => [l.split(':')[0]?.trim() ?? '', l.slice(l.indexOf(':') + 1).trim()]),
  );
}

function pageText(path: string, page: number): string {
  return execFileSync('pdftotext', ['-f', String(page), '-l', String(page), path, '-'], { encoding: 'utf8' });
}

/** The pixels of one page as RGB triples, from pdftoppm's PPM output (a trivial format to read). */
function pagePixels(path: string, page: number): Buffer {
  const ppm = execFileSync('pdftoppm', ['-r', '30', '-f', String(page), '-l', String(page), path]);
  // P6\n<w> <h>\n255\n<rgb...>
  let offset = 0;
  for (let fields = 0; fields < 4; offset++) if (ppm[offset] === 0x0a || ppm[offset] === 0x20) fields++;
  return ppm.subarray(offset);
}

function hasColour(pixels: Buffer, [r, g, b]: [number, number, number], tolerance = 40): boolean {
  for (let i = 0; i + 2 < pixels.length; i += 3) {
    const d =
      Math.abs((pixels[i] ?? 0) - r) +
      Math.abs((pixels[i + 1] ?? 0) - g) +
      Math.abs((pixels[i + 2] ?? 0) - b);
    if (d <= tolerance) return true;
  }
  return false;
}

/** Counts outline items (bookmarks) at every depth. */
async function bookmarks(path: string): Promise<string[]> {
  const doc = await PDFDocument.load(readFileSync(path));
  const titles: string[] = [];
  const outlines = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  const walk = (item: PDFDict | undefined, depth: number) => {
    for (let node = item; node; node = node.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      const title = node.lookup(PDFName.of('Title'));
      titles.push(`${'  '.repeat(depth)}${(title as unknown as { decodeText(): string }).decodeText()}`);
      walk(node.lookupMaybe(PDFName.of('First'), PDFDict), depth + 1);
    }
  };
  walk(outlines?.lookupMaybe(PDFName.of('First'), PDFDict), 0);
  expect(outlines?.lookupMaybe(PDFName.of('Count'), PDFNumber)?.asNumber()).toBe(titles.length);
  return titles;
}

describe('pitchdeck pdf', () => {
  let work: string;
  let pdf: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'pitchdeck-pdf-'));
    mkdirSync(join(work, 'img'));
    writeFileSync(join(work, 'img', 'red.png'), RED_PNG);
    writeFileSync(join(work, 'deck.md'), DECK);
    const result = run(['pdf', 'deck.md'], work);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    pdf = join(work, 'dist', 'deck', 'deck.pdf');
  });

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('prints one 16:9 page per slide, vertical slides included', () => {
    const info = pdfinfo(pdf);
    expect(info.Pages).toBe(String(HEADINGS.length));
    expect(info['Page size']).toBe('960 x 540 pts');
  });

  it("puts each slide's heading on its own page, in the final fragment state", () => {
    HEADINGS.forEach((heading, i) => {
      // The white theme sets headings in capitals; the text is the same.
      expect(pageText(pdf, i + 1).toLowerCase()).toContain(heading.toLowerCase());
    });
    expect(pageText(pdf, 4)).toContain('third point');
  });

  it('carries the metadata from the front matter', () => {
    const info = pdfinfo(pdf);
    expect(info.Title).toBe('PDF fixture deck');
    expect(info.Author).toBe('Ada Lovelace');
    expect(info.Subject).toBe('Everything a PDF must carry');
    expect(info.Keywords).toBe('pitch pdf');
    expect(info.Creator).toBe('pitchdeck');
    expect(info.CreationDate).not.toBe('');
    expect(info.Tagged).toBe('yes');
  });

  it('has one bookmark per slide, the vertical slide nested under its stack', async () => {
    expect(await bookmarks(pdf)).toEqual([
      'Opening slide',
      'Code slide',
      'Stack top',
      '  Stack child',
      'Picture slide',
    ]);
  });

  it('keeps text selectable and fonts embedded', () => {
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) expect(line).toMatch(/\byes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$/);
  });

  it('prints highlighted code in colour and the relative image', () => {
    // monokai: keywords #f92672, numbers #ae81ff; the code block's background #272822.
    const code = pagePixels(pdf, 2);
    expect(hasColour(code, [0x27, 0x28, 0x22], 10)).toBe(true);
    expect(hasColour(code, [0xf9, 0x26, 0x72])).toBe(true);
    expect(hasColour(pagePixels(pdf, 5), [255, 0, 0], 10)).toBe(true);
    expect(hasColour(pagePixels(pdf, 1), [255, 0, 0], 10)).toBe(false);
  });

  it('leaves the notes out unless asked, and prints them with --notes', () => {
    const all = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    expect(all).not.toContain('notes of the');
    const withNotes = join(work, 'with-notes.pdf');
    expect(run(['pdf', 'deck.md', '--notes', '-o', withNotes, '-q'], work).status).toBe(0);
    const text = execFileSync('pdftotext', [withNotes, '-'], { encoding: 'utf8' });
    for (const heading of ['opening slide', 'code slide', 'stack top', 'stack child', 'picture slide']) {
      expect(text).toContain(`notes of the ${heading}`);
    }
  });

  it('prints one page per fragment step with --fragments', () => {
    const steps = join(work, 'steps.pdf');
    expect(run(['pdf', 'deck.md', '--fragments', '-o', steps, '-q'], work).status).toBe(0);
    // The stack child has two fragments: three steps instead of one page.
    expect(pdfinfo(steps).Pages).toBe(String(HEADINGS.length + 2));
    expect(pageText(steps, 4)).not.toContain('second point');
    expect(pageText(steps, 6)).toContain('third point');
  });

  it('prints one audience with --audience, its slides only', () => {
    const cut = [
      '---',
      'title: Cut deck',
      'audiences:',
      '  founders: {}',
      '  cto: { title: For the CTO }',
      '---',
      '# Shared opening',
      '---',
      '<!-- .slide: data-audience="founders" -->',
      '## Only for founders',
      '---',
      '## Shared close',
      '',
    ].join('\n');
    writeFileSync(join(work, 'cut.md'), cut);
    const out = join(work, 'cto.pdf');
    expect(run(['pdf', 'cut.md', '--audience', 'cto', '-o', out, '-q'], work).status).toBe(0);
    expect(pdfinfo(out).Pages).toBe('2');
    expect(pdfinfo(out).Title).toBe('For the CTO');
    expect(execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' })).not.toContain('Only for founders');
  });

  it('writes one PNG per slide with --images png', () => {
    expect(run(['pdf', 'deck.md', '--images', 'png', '-o', join(work, 'img.pdf'), '-q'], work).status).toBe(
      0,
    );
    const pngs = readdirSync(join(work, 'dist', 'deck', 'png')).filter((f) => f.endsWith('.png'));
    expect(pngs).toHaveLength(HEADINGS.length);
    const png = readFileSync(join(work, 'dist', 'deck', 'png', pngs[0] ?? ''));
    // PNG header: width and height at bytes 16..24.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1280, 720]);
  });
});

describe('pitchdeck pdf when things go wrong', () => {
  let work: string;
  let server: Server;
  let port: number;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'pitchdeck-pdf-fail-'));
    // An image server that accepts the request and never answers: the slide never becomes ready.
    server = createServer(() => {});
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
    rmSync(work, { recursive: true, force: true });
  });

  /** Runs the CLI with its own temp folder, so the Chromium it starts can be found by its profile path. */
  async function runIsolated(
    args: string[],
  ): Promise<{ status: number | null; stderr: string; tmp: string }> {
    const tmp = mkdtempSync(join(work, 'tmp-'));
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: work,
      env: { ...process.env, TMPDIR: tmp },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const status = await new Promise<number | null>((done) => child.on('close', done));
    return { status, stderr, tmp };
  }

  function chromiumsUsing(tmp: string): string {
    return spawnSync('pgrep', ['-af', tmp], { encoding: 'utf8' }).stdout.trim();
  }

  it('names the slide that never became ready, writes no PDF and leaves no Chromium running', async () => {
    writeFileSync(
      join(work, 'hang.md'),
      `# Fine slide\n\n---\n\n## Waiting slide\n\n<img src="http://127.0.0.1:${port}/never.png">\n`,
    );
    const result = await runIsolated(['pdf', 'hang.md', '--timeout', '3']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('hang.md:5: slide 2 "Waiting slide" never became ready');
    // All or nothing: not even the page the PDF was to be printed from, nor a staging folder.
    expect(existsSync(join(work, 'dist', 'hang'))).toBe(false);
    const left = existsSync(join(work, 'dist')) ? readdirSync(join(work, 'dist')) : [];
    expect(left.filter((f) => f.startsWith('.pitchdeck-tmp') || f.endsWith('.tmp'))).toEqual([]);
    expect(chromiumsUsing(result.tmp)).toBe('');
  });

  it('reports an unwritable output path as an environment error and cleans up', async () => {
    writeFileSync(join(work, 'ok.md'), '# Only slide\n');
    // A folder that is a file: not writable even for root.
    const result = await runIsolated(['pdf', 'ok.md', '-o', 'ok.md/ok.pdf']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('cannot write');
    expect(result.stderr).toContain('ok.md/ok.pdf');
    expect(chromiumsUsing(result.tmp)).toBe('');
  });

  it('fails with exit 1 and no PDF for a deck that does not parse', async () => {
    writeFileSync(join(work, 'bad.md'), '---\ntitle: [unclosed\n---\n# Slide\n');
    const result = await runIsolated(['pdf', 'bad.md']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/bad\.md:\d+: malformed YAML/);
    expect(existsSync(join(work, 'dist', 'bad'))).toBe(false);
  });
});
