/**
 * `build --each --shard K/N` on N "machines" (runs into separate folders), their outputs then copied
 * into one: every recipient built by exactly one part, nothing of one part overwritten by another, and
 * an index.html that lists the parts, each part's own index its recipients.
 */
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { filesBelow, runCli, workspaces } from '../helpers/cli.ts';

const DECK = `---
title: Hello {{name}}
audiences:
  founders: {}
---

# Hello {{name}}

A deck for {{company}}.
`;

const PEOPLE = ['Ann Lee', 'Bob', 'Chen Wei', 'Dana', 'Eve Adams', 'Frank', 'Grace Hopper'];

const spaces = workspaces('pitchdeck-shard');
afterAll(() => spaces.cleanup());

describe('build --shard K/N', () => {
  it('splits the --each list across runs whose outputs merge without overwriting each other', () => {
    const csv = `name,company\n${PEOPLE.map((name, i) => `${name},Company ${i + 1}`).join('\n')}\n`;
    const dir = spaces.make({ 'deck.md': DECK, 'people.csv': csv });
    const built: string[][] = [];
    for (const part of [1, 2, 3]) {
      const run = runCli(dir, [
        'build',
        'deck.md',
        '--audience',
        'founders',
        '--each',
        'people.csv',
        '--name-by',
        'name',
        '--no-check',
        '--shard',
        `${part}/3`,
        '-o',
        `part-${part}`,
      ]);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toContain(`built part-${part}/index-${part}-of-3.html (index)`);
      built.push(readdirSync(join(dir, `part-${part}`, 'deck')));
    }
    // Each recipient once, in one part.
    const folders = built.flat();
    expect(folders.sort()).toEqual([
      'ann-lee',
      'bob',
      'chen-wei',
      'dana',
      'eve-adams',
      'frank',
      'grace-hopper',
    ]);

    // Files the parts have in common are the same file: copying them together loses nothing.
    const files = built.map((_, i) => new Set(filesBelow(join(dir, `part-${i + 1}`))));
    for (const file of files[0] ?? []) {
      if (!files[1]?.has(file)) continue;
      expect(readFileSync(join(dir, 'part-2', file)), file).toEqual(readFileSync(join(dir, 'part-1', file)));
    }
    for (const part of [1, 2, 3]) cpSync(join(dir, `part-${part}`), join(dir, 'dist'), { recursive: true });
    expect(readdirSync(join(dir, 'dist', 'deck')).sort()).toEqual(folders);

    const index = readFileSync(join(dir, 'dist', 'index.html'), 'utf8');
    const linked = [
      ...index.matchAll(/<a href="([^"]+)">part (\d) of 3<\/a><\/td><td class="count">(\d+)</g),
    ];
    expect(linked.map((m) => m[1])).toEqual(['index-1-of-3.html', 'index-2-of-3.html', 'index-3-of-3.html']);
    expect(linked.map((m) => Number(m[3]))).toEqual(built.map((part) => part.length));
    for (const [i, part] of built.entries()) {
      const own = readFileSync(join(dir, 'dist', `index-${i + 1}-of-3.html`), 'utf8');
      const pages = [...own.matchAll(/href="deck\/([^/]+)\/index\.html"/g)].map((m) => m[1]);
      expect(pages.sort()).toEqual([...part].sort());
    }
  });

  it('needs --each', () => {
    const dir = spaces.make({ 'deck.md': DECK });
    const run = runCli(dir, ['build', 'deck.md', '--audience', 'founders', '--shard', '1/2', '--no-check']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      'error: --shard splits the --each list: it needs --each\n  e.g. --audience founders --each recipients.csv --shard 1/4\n',
    );
  });
});
