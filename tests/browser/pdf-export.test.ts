import { spawn, spawnSync } from 'node:child_process';
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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colourDistance, openPdf, type PdfFile, type Rgb, rgbOf, structRoles } from '../helpers/pdf.ts';
import { processesOf } from '../helpers/processes.ts';

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
keywords: "pitch, pdf, slide decks"
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

/** All the text of a PDF. */
async function textOf(path: string): Promise<string> {
  const pdf = await openPdf(path);
  try {
    return await pdf.text();
  } finally {
    await pdf.close();
  }
}

/** Every colour a page paints: paths, text and the pixels of its images. */
async function coloursOf(pdf: PdfFile, page: number): Promise<Rgb[]> {
  return (await pdf.paints(page)).flatMap((p) => (p.kind === 'image' ? p.pixels : [rgbOf(p.colour)]));
}

function hasColour(colours: Rgb[], colour: Rgb, tolerance = 40): boolean {
  return colours.some((c) => colourDistance(c, colour) <= tolerance);
}

describe('pitchdeck pdf', () => {
  let work: string;
  let pdf: string;
  let doc: PdfFile;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'pitchdeck-pdf-'));
    mkdirSync(join(work, 'img'));
    writeFileSync(join(work, 'img', 'red.png'), RED_PNG);
    writeFileSync(join(work, 'deck.md'), DECK);
    const result = run(['pdf', 'deck.md'], work);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    pdf = join(work, 'dist', 'deck', 'deck.pdf');
    doc = await openPdf(pdf);
  });

  afterAll(async () => {
    await doc?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('prints one 16:9 page per slide, vertical slides included', async () => {
    expect(doc.pageCount).toBe(HEADINGS.length);
    for (let page = 1; page <= doc.pageCount; page++) expect(await doc.pageSize(page)).toEqual([960, 540]);
  });

  it("puts each slide's heading on its own page, in the final fragment state", async () => {
    for (const [i, heading] of HEADINGS.entries()) {
      // The white theme sets headings in capitals; the text is the same.
      expect((await doc.text(i + 1)).toLowerCase()).toContain(heading.toLowerCase());
    }
    expect(await doc.text(4)).toContain('third point');
  });

  it('carries the metadata from the front matter, and is tagged', async () => {
    const info = await doc.metadata();
    expect(info).toMatchObject({
      Title: 'PDF fixture deck',
      Author: 'Ada Lovelace',
      Subject: 'Everything a PDF must carry',
      Keywords: 'pitch, pdf, slide decks',
      Creator: 'pitchdeck',
      tagged: true,
    });
    expect(info.CreationDate).toMatch(/^D:\d{14}/);
    expect(info.xmp?.['pdf:keywords']).toBe('pitch, pdf, slide decks');
    // The tags say what the text is: the opening slide's heading is a level-1 heading.
    expect(structRoles(await doc.structTree(1))).toContain('H1');
  });

  it('has one bookmark per slide, leading to its page, the vertical slide nested under its stack', async () => {
    expect(await doc.outline()).toEqual([
      { title: 'Opening slide', page: 1, items: [] },
      { title: 'Code slide', page: 2, items: [] },
      { title: 'Stack top', page: 3, items: [{ title: 'Stack child', page: 4, items: [] }] },
      { title: 'Picture slide', page: 5, items: [] },
    ]);
    // Every bookmark shows: the outline counts all five as open.
    expect(await doc.outlineCount()).toBe(5);
  });

  it('keeps text selectable and fonts embedded', async () => {
    const fonts = await doc.fonts();
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) expect(font, font.name).toMatchObject({ embedded: true, subset: true });
  });

  it('prints highlighted code in colour and the relative image', async () => {
    // monokai: keywords #f92672, numbers #ae81ff; the code block's background #272822.
    const code = await coloursOf(doc, 2);
    expect(hasColour(code, [0x27, 0x28, 0x22], 10)).toBe(true);
    expect(hasColour(code, [0xf9, 0x26, 0x72])).toBe(true);
    expect(hasColour(await coloursOf(doc, 5), [255, 0, 0], 10)).toBe(true);
    expect(hasColour(await coloursOf(doc, 1), [255, 0, 0], 10)).toBe(false);
  });

  it('leaves the notes out unless asked, and prints them with --notes', async () => {
    expect(await doc.text()).not.toContain('notes of the');
    const withNotes = join(work, 'with-notes.pdf');
    expect(run(['pdf', 'deck.md', '--notes', '-o', withNotes, '-q'], work).status).toBe(0);
    const text = await textOf(withNotes);
    for (const heading of ['opening slide', 'code slide', 'stack top', 'stack child', 'picture slide']) {
      expect(text).toContain(`notes of the ${heading}`);
    }
  });

  it('prints one page per fragment step with --fragments', async () => {
    const steps = join(work, 'steps.pdf');
    expect(run(['pdf', 'deck.md', '--fragments', '-o', steps, '-q'], work).status).toBe(0);
    const stepsPdf = await openPdf(steps);
    try {
      // The stack child has two fragments: three steps instead of one page.
      expect(stepsPdf.pageCount).toBe(HEADINGS.length + 2);
      expect(await stepsPdf.text(4)).not.toContain('second point');
      expect(await stepsPdf.text(6)).toContain('third point');
    } finally {
      await stepsPdf.close();
    }
  });

  it('prints one audience with --audience, its slides only', async () => {
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
    const cto = await openPdf(out);
    try {
      expect(cto.pageCount).toBe(2);
      expect((await cto.metadata()).Title).toBe('For the CTO');
      expect(await cto.text()).not.toContain('Only for founders');
      expect((await cto.text()).toLowerCase()).toContain('shared close');
    } finally {
      await cto.close();
    }
  });

  it('prints with a --theme file and --css from another folder, and the picture the stylesheet links', async () => {
    const style = mkdtempSync(join(tmpdir(), 'pitchdeck-pdf-style-'));
    try {
      mkdirSync(join(style, 'img'));
      writeFileSync(join(style, 'img', 'red.png'), RED_PNG);
      writeFileSync(join(style, 'mytheme.css'), '.reveal-viewport { background: rgb(0, 160, 0); }\n');
      writeFileSync(
        join(style, 'extra.css'),
        '.reveal h1::after { content: ""; display: inline-block; width: 60px; height: 60px; background: url(img/red.png); background-size: cover; }\n',
      );
      const out = join(work, 'styled.pdf');
      const result = run(
        [
          'pdf',
          'deck.md',
          '--theme',
          join(style, 'mytheme.css'),
          '--css',
          join(style, 'extra.css'),
          '-o',
          out,
          '-q',
        ],
        work,
      );
      expect(result.status, result.stderr).toBe(0);
      const styled = await openPdf(out);
      try {
        const opening = await coloursOf(styled, 1);
        expect(hasColour(opening, [0, 160, 0], 10)).toBe(true);
        expect(hasColour(opening, [255, 0, 0], 10)).toBe(true);
      } finally {
        await styled.close();
      }
    } finally {
      rmSync(style, { recursive: true, force: true });
    }
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
    return processesOf(tmp).join('\n');
  }

  it('names the slide that never became ready, writes no PDF and leaves no Chromium running', async () => {
    writeFileSync(
      join(work, 'hang.md'),
      `# Fine slide\n\n---\n\n## Waiting slide\n\n<img src="http://127.0.0.1:${port}/never.png">\n`,
    );
    const result = await runIsolated(['pdf', 'hang.md', '--timeout', '3']);
    expect(result.status, result.stderr).toBe(1);
    expect(result.stderr).toContain('hang.md:5: slide 2 "Waiting slide" never became ready');
    // All or nothing: not even the page the PDF was to be printed from, nor a staging folder.
    expect(existsSync(join(work, 'dist', 'hang'))).toBe(false);
    const left = existsSync(join(work, 'dist')) ? readdirSync(join(work, 'dist')) : [];
    expect(left.filter((f) => f.startsWith('.pitchdeck-tmp') || f.endsWith('.tmp'))).toEqual([]);
    expect(chromiumsUsing(result.tmp)).toBe('');
  });

  it('refuses an output path that cannot be a file before any work, and leaves nothing', async () => {
    writeFileSync(join(work, 'ok.md'), '# Only slide\n');
    writeFileSync(join(work, 'notes.txt'), 'a file');
    // A PDF path through a file, a folder path that is a file, a device: none can take the output.
    const runs = [
      await runIsolated(['pdf', 'ok.md', '-o', 'ok.md/ok.pdf']),
      await runIsolated(['pdf', 'ok.md', '-o', 'notes.txt']),
      await runIsolated(['pdf', 'ok.md', '-o', '/dev/null']),
    ];
    expect(runs.map((r) => [r.status, r.stderr])).toEqual([
      [1, 'error: -o ok.md/ok.pdf: ok.md is a file, not a folder\n  Name a path in a folder.\n'],
      [
        1,
        'error: -o notes.txt: is a file, not a folder\n  Name a folder for the output, or one file ending in .pdf, .pptx, .html or .png.\n',
      ],
      [
        1,
        'error: -o /dev/null: is a file, not a folder\n  Name a folder for the output, or one file ending in .pdf, .pptx, .html or .png.\n',
      ],
    ]);
    for (const run of runs) expect(chromiumsUsing(run.tmp)).toBe('');
    expect(existsSync(join(work, 'dist', 'ok'))).toBe(false);
  });

  it('writes only the file -o names, nothing in dist/', async () => {
    writeFileSync(join(work, 'only.md'), '# Only slide\n');
    const result = await runIsolated(['pdf', 'only.md', '-o', 'only.pdf']);
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(join(work, 'only.pdf'))).toBe(true);
    expect(existsSync(join(work, 'dist', 'only'))).toBe(false);
  });

  it('fails with exit 1 and no PDF for a deck that does not parse', async () => {
    writeFileSync(join(work, 'bad.md'), '---\ntitle: [unclosed\n---\n# Slide\n');
    const result = await runIsolated(['pdf', 'bad.md']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/bad\.md:\d+: malformed YAML/);
    expect(existsSync(join(work, 'dist', 'bad'))).toBe(false);
  });
});
