// The command line as one file and a few chunks loaded on demand (`npm run build`, after tsc): Node 20
// loads each of the few hundred modules of pitchdeck and its dependencies on their own, which is most of
// a small build's time; a bundle loads in a fraction of it. bin/pitchdeck.js runs lib/bundle/cli.js; the
// library (lib/index.js) and the build worker of `serve` stay as tsc writes them. The bundle sits two
// folders below the package, as every module tsc writes does: paths it finds from its own URL (the
// package's templates, its package.json) are the same.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Handlebars from 'handlebars';
import { rolldown } from 'rolldown';

/**
 * Packages bundled with pitchdeck: those every command loads. Everything else (Chromium's downloader,
 * pictures, PowerPoint, the server, fonts and reveal.js's files) is loaded from node_modules when used.
 */
const BUNDLED = [
  'zod',
  'yaml',
  'marked',
  'marked-highlight',
  'handlebars',
  'highlight.js/lib/core',
  'htmlparser2',
  'domhandler',
  'domutils',
  'dom-serializer',
  'domelementtype',
  'entities',
  'commander',
  'picocolors',
  'lilconfig',
  're2js',
  'csv-parse',
  // The progress bar, and what it measures text with.
  'cli-progress',
  'string-width',
  'strip-ansi',
  'ansi-regex',
  'is-fullwidth-code-point',
  'emoji-regex',
  // Puppeteer's browser build, which connects to the browser pitchdeck starts (its Node entry, with the
  // launchers, stays in node_modules).
  'puppeteer-core/internal',
];

const builtins = new Set(builtinModules);

function external(id) {
  if (id.startsWith('.') || id.startsWith('/') || id.startsWith('\0')) return false;
  if (id === 'source-map') return false;
  if (id.startsWith('node:') || builtins.has(id)) return true;
  return !BUNDLED.some((name) => id === name || id.startsWith(`${name}/`));
}

/**
 * Handlebars builds its templates' code with source-map's SourceNode when it can load the package, and
 * with a plain string builder of its own otherwise; the code is the same, and pitchdeck never asks for a
 * source map. Without the package, there is one dependency less to load and a faster compile.
 */
const withoutSourceMaps = {
  name: 'handlebars-without-source-map',
  resolveId(id, importer) {
    if (id === 'source-map' && importer?.includes(`${join('node_modules', 'handlebars')}`))
      return '\0no-source-map';
    return null;
  },
  load(id) {
    return id === '\0no-source-map' ? 'module.exports = {};' : null;
  },
};

const root = join(import.meta.dirname, '..');

/**
 * pitchdeck's own templates compiled now, with the options they are compiled with at run time, into
 * lib/render/precompiled-templates.js (src/render/precompiled.ts): a build then spends no time compiling
 * them. A template whose text differs at run time (a --templates folder's) is compiled as it is read.
 */
async function precompileTemplates() {
  const lib = (path) => import(pathToFileURL(join(root, 'lib', ...path)).href);
  const { PAGE_TEMPLATE_OPTIONS } = await lib(['render', 'templates.js']);
  const { INDEX_TEMPLATE_OPTIONS } = await lib(['render', 'render-index.js']);
  const dir = join(root, 'templates');
  const entries = [];
  const add = (name, file, options) => {
    const text = readFileSync(file, 'utf8');
    entries.push(
      `  ${JSON.stringify(name)}: {\n    text: ${JSON.stringify(text)},\n    options: ${JSON.stringify(JSON.stringify(options))},\n    spec: ${Handlebars.precompile(text, { ...options })},\n  },`,
    );
  };
  add('page', join(dir, 'page.hbs'), PAGE_TEMPLATE_OPTIONS);
  for (const folder of ['partials', 'layouts']) {
    for (const name of readdirSync(join(dir, folder))
      .filter((n) => n.endsWith('.hbs'))
      .sort())
      add(`${folder}/${name.slice(0, -4)}`, join(dir, folder, name), PAGE_TEMPLATE_OPTIONS);
  }
  add('index', join(dir, 'index.hbs'), INDEX_TEMPLATE_OPTIONS);
  writeFileSync(
    join(root, 'lib', 'render', 'precompiled-templates.js'),
    `// pitchdeck's own templates, compiled by scripts/bundle.mjs (npm run build) from templates/.\nexport const templates = {\n${entries.join('\n')}\n};\n`,
  );
}

await precompileTemplates();
const dir = join(root, 'lib', 'bundle');
await rm(dir, { recursive: true, force: true });
const bundle = await rolldown({
  input: { cli: join(root, 'lib', 'cli', 'main.js') },
  platform: 'node',
  external,
  plugins: [withoutSourceMaps],
  logLevel: 'warn',
});
await bundle.write({ dir, format: 'esm', chunkFileNames: '[name]-[hash].js' });
await bundle.close();
