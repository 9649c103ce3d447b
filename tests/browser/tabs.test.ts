/**
 * Tabs across runs: a browser that serves one run (the CLI's) keeps each tab a stage is done with for the
 * next stage, so a run never opens more tabs than it prints at once; a browser kept up between runs (a
 * server's) has its tabs closed after each run, so they do not pile up over hours.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowser } from '../../src/browser/session.ts';
import { printConcurrency } from '../../src/export/export-plan.ts';
import { runBuild } from '../../src/run/build.ts';

const deck = `---
title: Tabs
theme: white
audiences:
  founders: {}
  engineers: {}
  investors: {}
---

# Everyone

---

<!-- .slide: data-audience="engineers" -->

## Engineers only
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pitchdeck-tabs-'));
  writeFileSync(join(dir, 'deck.md'), deck);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function openTabs(session: ReturnType<typeof startBrowser>): Promise<number> {
  return (await (await session.browser()).pages()).length;
}

describe('tabs', () => {
  it('a one-run browser reuses the tabs of its checks and prints in later stages and runs', async () => {
    const session = startBrowser({ install: false, oneRun: true });
    try {
      const build = () =>
        runBuild([join(dir, 'deck.md')], { cwd: dir, out: join(dir, 'one'), pdf: true, session });
      const first = await build();
      expect(first.printed.length).toBe(3);
      const afterFirst = await openTabs(session);
      // Three cuts printed by as many tabs as print at once (one per core, at least two), the checks'
      // tab handed on to them: never more tabs than that.
      expect(afterFirst).toBeGreaterThan(0);
      expect(afterFirst).toBeLessThanOrEqual(Math.min(3, printConcurrency()));
      await build();
      await build();
      expect(await openTabs(session)).toBe(afterFirst);
    } finally {
      await session.close();
    }
  });

  it("a kept-up browser's tabs are closed once each run is done", async () => {
    const session = startBrowser({ install: false });
    try {
      const build = () =>
        runBuild([join(dir, 'deck.md')], { cwd: dir, out: join(dir, 'kept'), pdf: true, session });
      await build();
      expect(await openTabs(session)).toBe(0);
      await build();
      expect(await openTabs(session)).toBe(0);
    } finally {
      await session.close();
    }
  });
});
