import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, workspaces } from '../helpers/cli.ts';
import { colourDistance, type Rgb } from '../helpers/pdf.ts';
import { decodePng, jpegSize } from '../helpers/png.ts';

/** A 4x4 PNG of pure green (#00ff00), as a slide's background picture. */
const GREEN_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAD0lEQVR4nGNg+M+AQMRxAJ6jD/Flt2QIAAAAAElFTkSuQmCC',
  'base64',
);

const DECK = `---
title: Backgrounds
theme: white
---

# A white slide

---

<!-- .slide: data-background-color="#2a9d8f" -->
## A teal slide

- shown at once
- shown later <!-- .element: class="fragment" -->

---

<!-- .slide: data-background-image="img/green.png" data-background-size="cover" -->
## A picture behind

---

<!-- .slide: data-background-color="#e76f51" -->
## An orange slide
`;

const spaces = workspaces('pitchdeck-images');
let work: string;

beforeAll(() => {
  work = spaces.make({ 'deck.md': DECK, 'img/green.png': GREEN_PNG });
});

afterAll(() => spaces.cleanup());

const near = (actual: Rgb, expected: Rgb) => colourDistance(actual, expected) <= 12;

describe('slide images', () => {
  it("--images png: each slide's background colour or picture, fully there, fragments shown", () => {
    const result = runCli(work, ['pdf', 'deck.md', '--images', 'png', '-o', 'deck.pdf']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const dir = join(work, 'dist', 'deck', 'png');
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['deck-001.png', 'deck-002.png', 'deck-003.png', 'deck-004.png']);
    const images = files.map((f) => decodePng(readFileSync(join(dir, f))));
    const expected: Rgb[] = [
      [255, 255, 255],
      [0x2a, 0x9d, 0x8f],
      [0, 255, 0],
      [0xe7, 0x6f, 0x51],
    ];
    for (const [i, image] of images.entries()) {
      expect([image.width, image.height]).toEqual([1280, 720]);
      // A corner, far from the text: the background alone.
      const corner = image.pixel(8, 8);
      expect(near(corner, expected[i] as Rgb), `slide ${i + 1}: ${corner}`).toBe(true);
    }
    // The fragment is shown: somewhere below the heading, the teal slide has white text pixels.
    const teal = images[1];
    let white = 0;
    for (let y = 380; y < 500; y += 2) {
      for (let x = 400; x < 880; x += 2) if (near(teal?.pixel(x, y) ?? [0, 0, 0], [255, 255, 255])) white++;
    }
    expect(white).toBeGreaterThan(50);
  });

  it('--images jpeg --image-scale 0.5 writes half-size JPEGs', () => {
    const result = runCli(work, [
      'pdf',
      'deck.md',
      '--images',
      'jpeg',
      '--image-scale',
      '0.5',
      '-o',
      'half.pdf',
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const dir = join(work, 'dist', 'deck', 'jpeg');
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['deck-001.jpg', 'deck-002.jpg', 'deck-003.jpg', 'deck-004.jpg']);
    expect(jpegSize(readFileSync(join(dir, files[0] ?? '')))).toEqual({ width: 640, height: 360 });
  });

  it('--image-scale 2 on build doubles the PNG, and a scale out of range is a usage error', () => {
    const result = runCli(work, [
      'build',
      'deck.md',
      '--no-check',
      '--images',
      'png',
      '--image-scale',
      '2',
      '-q',
    ]);
    expect(result.status).toBe(0);
    const png = decodePng(readFileSync(join(work, 'dist', 'deck', 'png', 'deck-004.png')));
    expect([png.width, png.height]).toEqual([2560, 1440]);
    expect(near(png.pixel(16, 16), [0xe7, 0x6f, 0x51])).toBe(true);
    const wrong = runCli(work, ['pdf', 'deck.md', '--images', 'png', '--image-scale', '9']);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('--image-scale: "9" is not a scale from 0.25 to 4');
  });
});
