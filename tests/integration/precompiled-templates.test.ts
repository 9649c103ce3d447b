/**
 * pitchdeck's own templates are compiled when the package is built (scripts/bundle.mjs writes
 * lib/render/precompiled-templates.js): the CLI, which uses them, writes the same pages as the library
 * run from the sources, which compiles every template as it reads it; a templates folder's own text is
 * never swapped for the precompiled one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPrecompiled, precompiledTemplate } from '../../src/render/precompiled.ts';
import { INDEX_TEMPLATE_OPTIONS } from '../../src/render/render-index.ts';
import { PAGE_TEMPLATE_OPTIONS } from '../../src/render/templates.ts';
import { runBuild } from '../../src/run/build.ts';
import { filesBelow, ROOT, runCli, workspaces } from '../helpers/cli.ts';

const spaces = workspaces('pitchdeck-precompiled');
afterAll(() => spaces.cleanup());

const DECK = `---
title: Every layout
author: Ann Example
audiences:
  founders: { title: For founders }
  engineers: {}
vars:
  company: Acme
---

<!-- .slide: layout="title" -->

# Every layout

A deck for {{company}}

---

<!-- .slide: layout="quote" -->

> Most apps need one server.

---

<!-- .slide: layout="stat" data-audience="founders" -->

## 99.9%

uptime

---

<!-- .slide: layout="two-column" data-audience="engineers" -->

## Two columns

Left side

|||

Right side

---

<!-- .slide: layout="section" -->

# A section

----

## Below it

- one
- two

Note: what to say here

---

<!-- .slide: layout="full-image" -->

![a square](square.svg)
`;

const SQUARE =
  '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';

/** Every HTML file below `dir`, by path. */
function pages(dir: string): Map<string, string> {
  return new Map(
    filesBelow(dir)
      .filter((f) => f.endsWith('.html'))
      .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  );
}

describe('precompiled templates', () => {
  it('are there for every built-in template, and render what compiling them renders', async () => {
    const precompiled = await import(join(ROOT, 'lib', 'render', 'precompiled-templates.js'));
    const builtIn = ['page', 'index'];
    for (const folder of ['partials', 'layouts']) {
      for (const name of readdirSync(join(ROOT, 'templates', folder)).filter((n) => n.endsWith('.hbs')))
        builtIn.push(`${folder}/${name.slice(0, -4)}`);
    }
    expect(Object.keys(precompiled.templates).sort()).toEqual(builtIn.sort());
    // Found from the compiled modules, where the library and the CLI's bundle look for them.
    const { loadPrecompiled: fromLib } = await import(join(ROOT, 'lib', 'render', 'precompiled.js'));
    const loaded = await fromLib();
    expect(Object.keys(loaded ?? {}).sort()).toEqual(builtIn.sort());
    // Each used as it is: the text on disk and the options the build compiles with match.
    for (const name of builtIn) {
      const text = readFileSync(join(ROOT, 'templates', `${name}.hbs`), 'utf8');
      const options = name === 'index' ? INDEX_TEMPLATE_OPTIONS : PAGE_TEMPLATE_OPTIONS;
      expect(precompiledTemplate(Handlebars.create(), loaded, name, text, options), name).toBeDefined();
    }

    const dir = spaces.make({ 'deck.md': DECK, 'square.svg': SQUARE });
    const cli = runCli(dir, ['build', 'deck.md', '--no-check', '-q', '-o', 'cli']);
    expect(cli.status, cli.stderr).toBe(0);
    await runBuild([join(dir, 'deck.md')], {
      cwd: dir,
      out: join(dir, 'library'),
      check: 'off',
      index: true,
    });
    const fromCli = pages(join(dir, 'cli'));
    const fromLibrary = pages(join(dir, 'library'));
    expect([...fromCli.keys()].sort()).toEqual([...fromLibrary.keys()].sort());
    expect(fromCli.size).toBe(3);
    for (const [path, html] of fromCli) expect(html, path).toBe(fromLibrary.get(path));
  });

  it("compiles a templates folder's own text, never the built-in template of that name", () => {
    const builtIn = readFileSync(join(ROOT, 'templates', 'partials', 'slide.hbs'), 'utf8');
    const dir = spaces.make({
      'deck.md': '# Talk\n\nHello\n',
      'mine/partials/slide.hbs': builtIn.replace('<section', '<section data-mine="yes"'),
    });
    const run = runCli(dir, ['build', 'deck.md', '--no-check', '-q', '--templates', 'mine']);
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(join(dir, 'dist', 'deck', 'index.html'), 'utf8')).toContain('data-mine="yes"');
  });

  it('are used only for the very text they were compiled from, by the Handlebars that compiled them', async () => {
    const precompiled = await loadPrecompiled();
    // Run from the sources, there are none: every template is compiled as it is read.
    expect(precompiled).toBeUndefined();
    const text = 'Hello {{name}}';
    const spec = new Function(`return ${Handlebars.precompile(text, { strict: true })}`)();
    const options = { strict: true };
    const templates = { greeting: { text, options: JSON.stringify(options), spec } };
    const hbs = Handlebars.create();
    expect(precompiledTemplate(hbs, templates, 'greeting', text, options)?.({ name: 'Ann' })).toBe(
      'Hello Ann',
    );
    expect(precompiledTemplate(hbs, templates, 'greeting', 'Hi {{name}}', options)).toBeUndefined();
    expect(precompiledTemplate(hbs, templates, 'other', text, options)).toBeUndefined();
    // Compiled with other options (not strict): compiled again.
    expect(precompiledTemplate(hbs, templates, 'greeting', text, { strict: false })).toBeUndefined();
    // Compiled by a Handlebars this one cannot run (an older or newer compiler revision): refused, so it
    // is compiled again.
    for (const compiler of [
      [6, '>= 2.0.0-beta.1'],
      [99, '>= 99.0.0'],
    ]) {
      const other = { greeting: { text, options: JSON.stringify(options), spec: { ...spec, compiler } } };
      expect(precompiledTemplate(hbs, other, 'greeting', text, options)).toBeUndefined();
    }
  });
});
