import { join } from 'node:path';
import type { Command } from 'commander';
import { DeckError } from '../errors.ts';
import type { BUILTIN_THEMES, OWN_THEMES, SourceFile } from '../model.ts';
import { TEMPLATES_DIR } from '../read/package-paths.ts';
import { type CliIo, plural, relativeTo } from './print.ts';
import { interruptible } from './signals.ts';

type ThemeName = (typeof BUILTIN_THEMES)[number] | (typeof OWN_THEMES)[number];

/** Each named theme's look in a few words: light or dark, colours, fonts. Every theme has one. */
export const THEME_LOOKS: Readonly<Record<ThemeName, string>> = {
  beige: 'light: warm beige, dark grey Source Sans Pro, capital headings, brown links',
  black: 'dark: near-black, white Source Sans Pro, capital headings, blue links (the default)',
  'black-contrast': 'dark: pure black, white Source Sans Pro, capital headings; the most contrast',
  blood: 'dark: charcoal, light Ubuntu, embossed capital headings, blood-red links',
  dracula: 'dark: the Dracula palette, purple headings, pink links, the system font',
  league: 'dark: grey gradient, League Gothic capital headings, Lato text, cyan links',
  moon: 'dark: Solarized dark blue, League Gothic capital headings, Lato text',
  night: 'dark: black, Montserrat headings, Open Sans text, amber links',
  serif: 'light: pale grey-green, Palatino serif throughout, brown links',
  simple: 'light: white, News Cycle capital headings, Lato text, navy links',
  sky: 'light: pale blue gradient, Quicksand capital headings, Open Sans text',
  solarized: 'light: Solarized cream, League Gothic capital headings, Lato text',
  white: 'light: white, dark grey Source Sans Pro, capital headings, blue links',
  'white-contrast': 'light: white, black Source Sans Pro, capital headings; the most contrast',
  pitch: "dark: deep indigo with a violet glow, white Inter, amber accent (pitchdeck's own)",
};

/** The gallery's index page, the one template it replaces: one framed deck per theme. */
const GALLERY_TEMPLATES = join(TEMPLATES_DIR, 'gallery');

interface ThemesCliOptions {
  preview?: boolean;
  out: string;
}

/**
 * `pitchdeck themes`: one line per named theme with its look; `--preview` also builds a small deck per
 * theme (a theme is the whole deck's, so one deck cannot show them all) and an index page showing each
 * in a frame, offline.
 */
export function addThemesCommand(program: Command, io: CliIo): void {
  program
    .command('themes')
    .description('list the themes; --preview builds a gallery of them')
    .option('--preview', 'build a small deck in each theme and a page showing them all')
    .option('-o, --out <folder>', 'the gallery’s folder', join('dist', 'themes'))
    .action(async (options: ThemesCliOptions, command: Command) => {
      // A config file's `out` is the decks' folder: the gallery goes into a folder of its own below it.
      if (command.getOptionValueSource('out') === 'config') options.out = join(options.out, 'themes');
      const names = Object.keys(THEME_LOOKS);
      const width = Math.max(...names.map((n) => n.length));
      for (const [name, look] of Object.entries(THEME_LOOKS)) {
        io.stdout.write(`${name.padEnd(width)}  ${look}\n`);
      }
      if (!options.preview) return;
      if (/\.[a-z0-9]+$/i.test(options.out)) {
        throw new DeckError(`-o ${options.out}: the gallery is a folder of decks, not one file`, {
          file: '',
          line: 0,
          code: 'usage',
          hint: 'Name a folder, e.g. -o dist/themes.',
        });
      }
      const { runBuild } = await import('../run/build.ts');
      const result = await interruptible(
        (signal) =>
          runBuild([], {
            cwd: io.cwd,
            out: options.out,
            sources: galleryDecks(),
            templates: GALLERY_TEMPLATES,
            index: true,
            // The sample decks are pitchdeck's: nothing to check, and no browser to start.
            check: 'off',
            signal,
          }),
        () => Promise.resolve(),
      );
      const index = result.plan.index?.path ?? join(options.out, 'index.html');
      io.stdout.write(
        `built ${relativeTo(io.cwd, index)} (${plural(result.plan.pages.length, 'theme')}): open it in a browser\n`,
      );
    });
}

/** A small deck per theme, as Markdown: headings, text, a list with a link, code and a quote. */
export function galleryDecks(): SourceFile[] {
  return Object.entries(THEME_LOOKS).map(([name, look]) => ({
    path: join('themes', `${name}.md`),
    text: [
      '---',
      `title: "${look.replace(/"/g, '\\"')}"`,
      `theme: ${name}`,
      'revealOptions: { controls: false, progress: false, hash: false }',
      '---',
      '',
      '<!-- .slide: layout="default" -->',
      '',
      `# ${name}`,
      '',
      `Body text, **bold** and a [link](#), in the ${name} theme.`,
      '',
      '- A first point',
      '- A second point with `code`',
      '',
      '---',
      '',
      '## Code and a quote',
      '',
      '```js',
      "const theme = 'pitchdeck';",
      '```',
      '',
      '> Less, but better.',
      '',
    ].join('\n'),
  }));
}
