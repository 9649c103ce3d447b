/**
 * `-o` picks the output by its extension in every command, and is the output folder otherwise; one
 * `--notes` puts speaker notes into the PDF, one `--no-notes` keeps them out of everything.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesBelow, runCli, workspaces } from '../helpers/cli.ts';
import { openPdf } from '../helpers/pdf.ts';

const spaces = workspaces('pitchdeck-output-paths');
let dir: string;
const DECK = '# One\n\nNote: said on one\n\n---\n\n## Two\n\nNote: said on two\n';

beforeAll(() => {
  dir = spaces.make({ 'talk.md': DECK });
});
afterAll(() => spaces.cleanup());

/** Runs in a folder of its own holding only the deck; returns what it wrote there, the deck aside. */
function inFresh(...args: string[]): {
  status: number | null;
  stdout: string;
  stderr: string;
  files: string[];
} {
  const here = spaces.make({ 'talk.md': DECK });
  const run = runCli(here, args);
  return { ...run, files: filesBelow(here).filter((f) => f !== 'talk.md') };
}

describe('-o by extension', () => {
  it('writes only the file it names, whatever the command', () => {
    expect(inFresh('build', 'talk.md', '-o', 'talk.pdf', '--no-check').files).toEqual(['talk.pdf']);
    expect(inFresh('build', 'talk.md', '-o', 'talk.html', '--no-check').files).toEqual(['talk.html']);
    expect(inFresh('pdf', 'talk.md', '-o', 'talk.pdf').files).toEqual(['talk.pdf']);
    expect(inFresh('pptx', 'talk.md', '-o', 'talk.pptx').files).toEqual(['talk.pptx']);
    // The extension decides, not the command.
    expect(inFresh('pdf', 'talk.md', '-o', 'talk.pptx').files).toEqual(['talk.pptx']);
    expect(inFresh('talk.md', '-o', 'talk.pptx', '--no-check').files).toEqual(['talk.pptx']);
  });

  it('writes one PNG per slide named after -o, and nothing else', () => {
    const run = inFresh('pdf', 'talk.md', '-o', 'shots/talk.png');
    expect(run.status, run.stderr).toBe(0);
    expect(run.files).toEqual(['shots/talk-001.png', 'shots/talk-002.png']);
    expect(run.stdout).toContain('wrote 2 images in shots');
    expect(run.stdout).not.toContain('.pdf');
  });

  it('writes JPEG images for -o NAME.jpg, and takes a deck linking pictures beside the images', () => {
    const here = spaces.make({
      'talk.md': '# One\n\n![red](red.svg)\n\n---\n\n## Two\n',
      'red.svg':
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="red"/></svg>',
    });
    const run = runCli(here, ['pdf', 'talk.md', '-o', 'talk.jpg']);
    expect(run.status, run.stderr).toBe(0);
    expect(filesBelow(here).sort()).toEqual(['red.svg', 'talk-001.jpg', 'talk-002.jpg', 'talk.md']);
    // JPEG's magic bytes.
    expect([...readFileSync(join(here, 'talk-001.jpg')).subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    // A linked file that an image would replace is refused, before anything is written.
    const clash = spaces.make({ 'talk.md': '# One\n\n![old](talk-001.png)\n', 'talk-001.png': 'x' });
    const refused = runCli(clash, ['pdf', 'talk.md', '-o', 'talk.png']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('the deck links "talk-001.png", which is where pitchdeck writes');
    expect(readFileSync(join(clash, 'talk-001.png'), 'utf8')).toBe('x');
  });

  it('writes the images --images asks for without a PDF nobody asked for', () => {
    const run = inFresh('build', 'talk.md', '--images', 'png', '--no-check');
    expect(run.status, run.stderr).toBe(0);
    expect(run.files.filter((f) => f.startsWith('dist/talk/'))).toEqual([
      'dist/talk/index.html',
      'dist/talk/png/talk-001.png',
      'dist/talk/png/talk-002.png',
    ]);
    expect(run.stdout).not.toContain('.pdf');
  });

  it('takes any other -o as the output folder, in every command', () => {
    const run = inFresh('pdf', 'talk.md', '-o', 'site');
    expect(run.status, run.stderr).toBe(0);
    expect(run.files).toContain('site/talk/talk.pdf');
    expect(run.files).toContain('site/talk/index.html');
    expect(run.files).toContain('site/index.html');
  });
});

describe('--notes and --no-notes', () => {
  it('--notes puts the speaker notes into the PDF', async () => {
    expect(runCli(dir, ['pdf', 'talk.md', '-o', 'plain.pdf']).status).toBe(0);
    expect(runCli(dir, ['pdf', 'talk.md', '-o', 'noted.pdf', '--notes']).status).toBe(0);
    const plain = await openPdf(join(dir, 'plain.pdf'));
    const noted = await openPdf(join(dir, 'noted.pdf'));
    expect(await plain.text()).not.toContain('said on two');
    expect(await noted.text()).toContain('said on two');
    expect(noted.pageCount).toBeGreaterThan(plain.pageCount);
  });

  it('--no-notes keeps the notes out of the HTML', () => {
    expect(runCli(dir, ['build', 'talk.md', '--no-check', '-q', '-o', 'kept']).status).toBe(0);
    expect(readFileSync(join(dir, 'kept/talk/index.html'), 'utf8')).toContain('said on two');
    expect(runCli(dir, ['build', 'talk.md', '--no-check', '-q', '--no-notes', '-o', 'stripped']).status).toBe(
      0,
    );
    expect(readFileSync(join(dir, 'stripped/talk/index.html'), 'utf8')).not.toContain('said on two');
    expect(existsSync(join(dir, 'stripped'))).toBe(true);
    expect(readdirSync(join(dir, 'stripped/talk'))).toEqual(['index.html']);
  });
});
