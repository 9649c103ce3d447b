import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, workspaces } from '../helpers/cli.ts';
import { openPdf } from '../helpers/pdf.ts';

/** A code block far taller than the slide: its last lines are cut off at the bottom. */
const LONG_CODE = Array.from({ length: 40 }, (_, i) => `const line${i + 1} = ${i + 1};`).join('\n');

const DECK = `---
title: Checked print
theme: white
---

# Fine slide

---

## Long code

\`\`\`js
${LONG_CODE}
\`\`\`
`;

const spaces = workspaces('pitchdeck-pdf-checks');
let work: string;

beforeAll(() => {
  work = spaces.make({ 'deck.md': DECK });
});

afterAll(() => spaces.cleanup());

describe('pitchdeck pdf checks the slides as build does', () => {
  it('prints the deck and warns that the code is cut off, naming the slide and line', async () => {
    const result = runCli(work, ['pdf', 'deck.md', '-o', 'deck.pdf']);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(
      /^deck\.md:13: warning: slide 2 "Long code": <pre> "const line1 = 1;" is cut off, \d+px of it hidden below its bottom edge .*\[overflow\]$/m,
    );
    const pdf = await openPdf(join(work, 'deck.pdf'));
    try {
      expect(pdf.pageCount).toBe(2);
    } finally {
      await pdf.close();
    }
  });

  it('fails with --strict and writes nothing', () => {
    const result = runCli(work, ['pdf', 'deck.md', '--strict', '-o', 'strict.pdf']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/deck\.md:13: error: slide 2 "Long code": <pre> .* \[overflow\]/);
    expect(result.stderr).toContain('(--strict): nothing was written');
    expect(existsSync(join(work, 'strict.pdf'))).toBe(false);
  });

  it('checks nothing with --no-check', () => {
    const result = runCli(work, ['pdf', 'deck.md', '--no-check', '-o', 'unchecked.pdf']);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(existsSync(join(work, 'unchecked.pdf'))).toBe(true);
  });
});
