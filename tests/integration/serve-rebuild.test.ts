/**
 * `pitchdeck serve` builds off its own thread: whatever a deck does to its build, the server answers and
 * stops, and a build past the time limit is an error on the page, not a frozen process.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type DeckServer, type ServeEvent, serveDeck } from '../../src/server/serve-deck.ts';

const made: string[] = [];
const servers: DeckServer[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function deckFolder(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pitchdeck-serve-rebuild-'));
  made.push(dir);
  writeFileSync(join(dir, 'deck.md'), text);
  return dir;
}

async function serve(
  dir: string,
  rebuildLimitMs?: number,
): Promise<{ server: DeckServer; events: ServeEvent[] }> {
  const events: ServeEvent[] = [];
  const server = await serveDeck({
    file: join(dir, 'deck.md'),
    cwd: dir,
    port: 0,
    rebuildLimitMs,
    onEvent: (event) => events.push(event),
  });
  servers.push(server);
  return { server, events };
}

describe('serve builds off its own thread', () => {
  it('stops a build that outlasts the time limit, says so, and goes on answering', async () => {
    const slides = Array.from({ length: 3000 }, (_, i) => `## Slide ${i + 1}\n\n- a point\n- another`).join(
      '\n\n---\n\n',
    );
    const dir = deckFolder(slides);
    const { server, events } = await serve(dir, 30);
    const failed = events.find((e) => e.type === 'failed');
    expect(failed?.type === 'failed' && failed.text).toBe(
      'deck.md: building the deck took longer than 0.03 s and was stopped\n  Look for what makes it endless (a separator pattern, a huge table or list); the server keeps showing the last version that built.',
    );
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Waiting for a version of the deck that builds.');
  });

  it('serves a deck whose separator pattern would backtrack forever in a JavaScript regular expression', async () => {
    const dir = deckFolder(
      ['---', "separator: '^(a+)+$'", '---', '# Title', '', `${'a'.repeat(50_000)}b`, ''].join('\n'),
    );
    const { server, events } = await serve(dir);
    expect(events.map((e) => e.type)).toEqual(['built']);
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<h1>Title</h1>');
  });
});
