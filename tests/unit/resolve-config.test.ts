import { describe, expect, it } from 'vitest';
import { type ConfigOptions, resolveConfig, THEMES } from '../../src/deck/resolve-config.ts';
import { formatWarning } from '../../src/errors.ts';
import { parseDocument } from '../../src/parse/parse-document.ts';
import { deckErrorOf } from '../helpers/deck-error.ts';

/** Resolves the config of a two-slide reveal-md deck with the given front matter lines. */
const resolve = (frontMatter: string[], options: Partial<ConfigOptions> = {}, heading = 'First heading') => {
  const text = ['---', ...frontMatter, '---', '# A', '', '---', '', 'B'].join('\n');
  const doc = parseDocument({ path: 'slides/deck.md', text });
  return resolveConfig(doc, heading, { fallbackTitle: 'deck', ...options });
};

const fail = (frontMatter: string[], options: Partial<ConfigOptions> = {}) =>
  deckErrorOf(() => resolve(frontMatter, options));

describe('resolveConfig: defaults', () => {
  it('fills in the defaults', () => {
    expect(resolve([])).toMatchObject({
      config: {
        title: 'First heading',
        subtitle: undefined,
        author: undefined,
        date: undefined,
        theme: { type: 'named', name: 'black' },
        transition: 'slide',
        width: 1280,
        height: 720,
        highlightTheme: 'monokai',
        css: [],
        revealOptions: {},
      },
      warnings: [],
    });
  });

  it('takes the title from the front matter, then the first heading, then the file name', () => {
    expect(resolve(['title: 2024']).config.title).toBe('2024');
    expect(resolve([], {}, 'Heading').config.title).toBe('Heading');
    expect(resolve([], {}, '').config.title).toBe('deck');
  });

  it('joins authors and reads their names', () => {
    expect(resolve(['author:', '  - name: Ann', '    email: a@x', '  - Bob']).config.author).toBe('Ann, Bob');
    expect(resolve(['author: Cy']).config.author).toBe('Cy');
  });

  it('reads css as a list', () => {
    expect(resolve(['css: a.css']).config.css).toEqual(['a.css']);
    expect(resolve(['css: [a.css, b.css]']).config.css).toEqual(['a.css', 'b.css']);
  });

  it('reads keywords as a list, or as one string of comma-separated keywords', () => {
    expect(resolve(['keywords: "pitch, Elixir,  web apps ,"']).config.keywords).toEqual([
      'pitch',
      'Elixir',
      'web apps',
    ]);
    expect(resolve(['keywords: pitch']).config.keywords).toEqual(['pitch']);
    expect(resolve(['keywords: [pitch, "a, b"]']).config.keywords).toEqual(['pitch', 'a, b']);
    expect(resolve([]).config.keywords).toEqual([]);
  });
});

describe('resolveConfig: revealOptions', () => {
  it('uses revealOptions width, height and transition when the top-level keys are absent', () => {
    const { config } = resolve(['revealOptions:', '  width: 960', '  height: 540', '  transition: fade']);
    expect(config).toMatchObject({ width: 960, height: 540, transition: 'fade' });
    expect(config.revealOptions).toEqual({ width: 960, height: 540, transition: 'fade' });
  });

  it('prefers the top-level keys over revealOptions', () => {
    const { config } = resolve([
      'width: 1024',
      'height: 768',
      'transition: zoom',
      'revealOptions:',
      '  width: 960',
      '  height: 540',
      '  transition: fade',
    ]);
    expect(config).toMatchObject({ width: 1024, height: 768, transition: 'zoom' });
  });

  it('ignores revealOptions sizes that are not positive numbers', () => {
    const { config } = resolve(['revealOptions:', '  width: "100%"', '  height: 0']);
    expect(config).toMatchObject({ width: 1280, height: 720 });
  });
});

describe('resolveConfig: lang', () => {
  it('is en unless the front matter says otherwise, and keeps a tag in its canonical case', () => {
    expect(resolve([]).config.lang).toBe('en');
    expect(resolve(['lang: de']).config.lang).toBe('de');
    expect(resolve(['lang: pt-br']).config.lang).toBe('pt-BR');
    expect(resolve(['lang: zh-hant-tw']).config.lang).toBe('zh-Hant-TW');
  });

  it('throws for something that is not a language tag, at its line, with a hint', () => {
    const error = fail(['title: T', 'lang: "German language"']);
    expect(error.format()).toBe(
      'slides/deck.md:3: front matter "lang": expected a language tag such as en, de or pt-BR\n' +
        '  Use a BCP 47 language tag, e.g. "lang: de" or "lang: pt-BR".',
    );
  });

  it("is a foreign deck's own business when it cannot be read: a warning, and en", () => {
    const text = ['---', 'marp: true', 'lang: "not a tag"', '---', '# A'].join('\n');
    const doc = parseDocument({ path: 'slides/marp.md', text });
    const { config, warnings } = resolveConfig(doc, 'A', { fallbackTitle: 'marp' });
    expect(config.lang).toBe('en');
    expect(warnings.map((w) => w.code)).toEqual(['foreign-key']);
  });
});

describe('resolveConfig: unknown and wrong keys', () => {
  it('warns about an unknown key at its line', () => {
    const { warnings } = resolve(['title: T', '', 'colour: red']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ file: 'slides/deck.md', line: 4, code: 'unknown-key' });
    expect(formatWarning(warnings[0] as never)).toMatch(
      /^slides\/deck\.md:4: warning: unknown front matter key "colour" is ignored \(known: title, subtitle, /,
    );
  });

  it('does not warn about keys other tools use, nor about _private keys', () => {
    expect(resolve(['paginate: true', 'lang: en', '_mine: 1']).warnings).toEqual([]);
  });

  it('throws for width: "wide" at the key line', () => {
    const error = fail(['title: T', 'width: "wide"']);
    expect(error.format()).toBe(
      'slides/deck.md:3: front matter "width": Invalid input: expected number, received string\n' +
        '  Use a whole number of pixels, e.g. "width: 1280".',
    );
    expect(error.code).toBe('front-matter-type');
  });

  it('throws for transition: spin at the key line, listing the transitions', () => {
    const error = fail(['title: T', '', 'transition: spin']);
    expect(error.line).toBe(4);
    expect(error.message).toMatch(/^front matter "transition": /);
    expect(error.hint).toBe('Use one of: none, fade, slide, convex, concave, zoom.');
  });

  it('throws for a fractional or negative size', () => {
    expect(fail(['height: 720.5']).line).toBe(2);
    expect(fail(['title: T', 'width: -5']).line).toBe(3);
  });

  it('throws for revealOptions that are not a mapping', () => {
    const error = fail(['revealOptions: fast']);
    expect(error.line).toBe(2);
    expect(error.hint).toMatch(/^Write revealOptions as a mapping/);
  });

  it('in a Marp deck, ignores a wrong value with a warning instead of an error', () => {
    const text = ['---', 'marp: true', 'width: wide', 'size: 16:9', '---', '# A'].join('\n');
    const { config, warnings } = resolveConfig(parseDocument({ path: 'm.md', text }), '', {
      fallbackTitle: 'm',
    });
    expect(config.width).toBe(1280);
    expect(warnings.map((w) => [w.line, w.code])).toEqual([[3, 'foreign-key']]);
  });
});

describe('resolveConfig: themes', () => {
  it('accepts every named theme', () => {
    for (const name of THEMES)
      expect(resolve([`theme: ${name}`]).config.theme).toEqual({ type: 'named', name });
  });

  it('throws for a near miss of a named theme (a typo) at the key line', () => {
    const error = fail(['title: T', 'theme: blak']);
    expect(error.format()).toBe(
      'slides/deck.md:3: unknown theme "blak"\n' +
        `  Did you mean "black"? Themes: ${THEMES.join(', ')}; or a path to a .css file.`,
    );
    expect(error.code).toBe('unknown-theme');
  });

  it('warns (missing-theme) about a far unknown theme and uses black', () => {
    const { config, warnings } = resolve(['theme: corporate']);
    expect(config.theme).toEqual({ type: 'named', name: 'black' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ line: 2, code: 'missing-theme' });
    expect(warnings[0]?.message).toMatch(
      /^theme "corporate" is not a named theme and corporate\.css is missing/,
    );
  });

  it('uses a stylesheet beside the deck for a bare name that has one', () => {
    const { config, warnings } = resolve(['theme: corporate'], {
      exists: (path) => path === 'corporate.css',
    });
    expect(config.theme).toEqual({ type: 'file', path: 'corporate.css' });
    expect(warnings).toEqual([]);
  });

  it('takes a .css path as a theme file', () => {
    expect(resolve(['theme: styles/brand.css']).config.theme).toEqual({
      type: 'file',
      path: 'styles/brand.css',
    });
  });

  it('only warns about a Marp theme, even a near miss', () => {
    const doc = (theme: string) =>
      parseDocument({
        path: 'm.md',
        text: ['---', 'marp: true', `theme: ${theme}`, '---', '# A'].join('\n'),
      });
    for (const theme of ['gaia', 'blak']) {
      const { config, warnings } = resolveConfig(doc(theme), '', { fallbackTitle: 'm' });
      expect(config.theme).toEqual({ type: 'named', name: 'black' });
      expect(warnings.map((w) => [w.line, w.code])).toEqual([[3, 'foreign-theme']]);
    }
  });

  it('lets a --theme override win, and checks it strictly', () => {
    expect(resolve(['theme: blak'], { theme: 'white' }).config.theme).toEqual({
      type: 'named',
      name: 'white',
    });
    const error = fail([], { theme: 'nope' });
    expect(error.format()).toBe(
      `--theme: unknown theme "nope"\n  Use one of: ${THEMES.join(', ')}; or a stylesheet, e.g. --theme ./mytheme.css.`,
    );
    // A stylesheet named on the command line, placed in the shared assets by the plan, wins as it is.
    const asset = { type: 'asset', path: 'css/mytheme/mytheme.css' } as const;
    expect(resolve(['theme: white'], { theme: asset }).config.theme).toEqual(asset);
  });

  it('checks highlightTheme against the known styles, suggesting near names', () => {
    const highlightThemes = new Set(['monokai', 'github', 'github-dark']);
    expect(resolve(['highlightTheme: github'], { highlightThemes }).config.highlightTheme).toBe('github');
    const error = fail(['title: T', 'highlightTheme: monokay'], { highlightThemes });
    expect(error.format()).toBe(
      'slides/deck.md:3: unknown highlightTheme "monokay"\n  Use a highlight.js style name, e.g. "monokai".',
    );
  });
});
