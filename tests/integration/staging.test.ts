/**
 * The staging folder every run writes through, on a real disk: what it keeps, what it leaves alone, and
 * that a commit that fails half-way leaves the output folder as it was.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../src/errors.ts';
import { Staging } from '../../src/write/staging.ts';

let work: string;
let out: string;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'pitchdeck-staging-'));
  out = join(work, 'dist');
});

afterEach(() => rmSync(work, { recursive: true, force: true }));

const read = (path: string) => readFileSync(path, 'utf8');
const staged = () => (existsSync(out) ? readdirSync(out).filter((n) => n.startsWith('.pitchdeck-tmp-')) : []);

describe('Staging', () => {
  it('moves every file into place on commit, and nothing before', async () => {
    const staging = await Staging.open(out);
    await staging.write(join(out, 'deck', 'index.html'), 'page');
    expect(existsSync(join(out, 'deck'))).toBe(false);
    await staging.commit();
    expect(read(join(out, 'deck', 'index.html'))).toBe('page');
    expect(staged()).toEqual([]);
  });

  it('leaves no output folder behind when it made it and the run is discarded', async () => {
    const staging = await Staging.open(join(out, 'nested'));
    await staging.write(join(out, 'nested', 'x.html'), 'x');
    await staging.discard();
    expect(existsSync(out)).toBe(false);
  });

  it('keeps a copied file that is already there with the same size and time, and replaces a restored older one', async () => {
    mkdirSync(join(work, 'deck'));
    const source = join(work, 'deck', 'pic.png');
    writeFileSync(source, 'AAAA');
    const first = await Staging.open(out);
    await first.copy(source, join(out, 'pic.png'));
    await first.commit();
    const copied = statSync(join(out, 'pic.png'));
    expect(Math.abs(copied.mtimeMs - statSync(source).mtimeMs)).toBeLessThan(1);

    const again = await Staging.open(out);
    await again.copy(source, join(out, 'pic.png'));
    await again.commit();
    expect(statSync(join(out, 'pic.png')).ino).toBe(copied.ino);

    // Same size, an older date (restored from a backup): a different file all the same.
    writeFileSync(source, 'BBBB');
    utimesSync(source, new Date('2001-01-01'), new Date('2001-01-01'));
    const restored = await Staging.open(out);
    await restored.copy(source, join(out, 'pic.png'));
    await restored.commit();
    expect(read(join(out, 'pic.png'))).toBe('BBBB');
  });

  it('puts everything back when a move fails half-way through the commit', async () => {
    mkdirSync(join(out, 'a'), { recursive: true });
    writeFileSync(join(out, 'a', 'index.html'), 'old a');
    const staging = await Staging.open(out);
    await staging.write(join(out, 'a', 'index.html'), 'new a');
    await staging.write(join(out, 'b', 'index.html'), 'new b');
    await staging.write(join(out, 'c', 'index.html'), 'new c');
    // The second file vanishes from the staging folder: its move fails after the first one was made.
    rmSync(staging.pathOf(join(out, 'b', 'index.html')));
    await expect(staging.commit()).rejects.toBeInstanceOf(EnvironmentError);
    expect(read(join(out, 'a', 'index.html'))).toBe('old a');
    expect(existsSync(join(out, 'b'))).toBe(false);
    expect(existsSync(join(out, 'c'))).toBe(false);
    await staging.discard();
    expect(staged()).toEqual([]);
  });

  it('refuses to replace a folder or a device, before moving anything', async () => {
    mkdirSync(join(out, 'taken', 'index.html'), { recursive: true });
    const staging = await Staging.open(out);
    await staging.write(join(out, 'first.html'), 'first');
    await staging.write(join(out, 'taken', 'index.html'), 'page');
    const error = await staging.commit().catch((e: unknown) => e);
    expect((error as EnvironmentError).format()).toBe(
      `cannot write ${join(out, 'taken', 'index.html')}: a folder stands where a file must be\n  Move that folder away, or choose another output path.`,
    );
    expect(existsSync(join(out, 'first.html'))).toBe(false);
    const device = await Staging.open(out);
    await device.write('/dev/null', 'x');
    await expect(device.commit()).rejects.toThrow('cannot write /dev/null: it is not a regular file');
  });

  it('removes the staging folders of runs that were killed outright', async () => {
    mkdirSync(join(out, '.pitchdeck-tmp-999999999-dead', 'deck'), { recursive: true });
    const staging = await Staging.open(out);
    expect(staged()).toEqual([staging.root.slice(out.length + 1)]);
    await staging.discard();
  });
});
