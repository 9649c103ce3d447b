import type { TopLevelSpec } from 'vega-lite';
import { parseDocument as parseYaml } from 'yaml';
import { DeckError, type Warning } from '../../errors.ts';
import type { AssetRef } from '../../model.ts';
import { lineAt } from '../../parse/source-text.ts';
import { mix, palette } from './colours.ts';
import type { DeckText, Fence, FenceRenderer, PictureTheme } from './fence.ts';
import { cachedPicture, cachePicture, pictureKey } from './picture-key.ts';
import { themeKey } from './picture-theme.ts';

type Spec = Record<string, unknown>;

/**
 * ```chart fences: a Vega-Lite spec in YAML or JSON, drawn to SVG at build time in Node (vega and
 * vega-lite, no browser), in the theme's font and colours. `data.url` names a CSV, TSV or JSON file
 * beside the deck, read like an image is (and watched by `serve`); nothing is fetched. Audience vars
 * are filled in, so each cut can chart its own numbers.
 */
export const chart: FenceRenderer = {
  fillsVars: true,
  async render(fence, { theme, readFile, cache }) {
    const spec = parseSpec(fence);
    const links = inlineData(spec, fence, readFile);
    const key = pictureKey('chart', JSON.stringify(spec), themeKey(theme));
    const cached = cachedPicture(cache, key);
    if (cached) return { ...cached, links };
    const { svg, warnings } = await drawChart(withTheme(spec, theme), fence);
    const picture = { html: svg, warnings };
    cachePicture(cache, key, picture);
    return { ...picture, links };
  },
};

function chartError(message: string, fence: Fence, line: number, hint: string, cause?: unknown): DeckError {
  return new DeckError(message, { file: fence.file, line, code: 'chart', hint, cause });
}

const SPEC_HINT =
  'A chart fence holds a Vega-Lite spec (https://vega.github.io/vega-lite/docs/), e.g. "mark: bar" with "data" and "encoding".';

/** The spec as data; YAML's errors point at their line in the file. */
function parseSpec(fence: Fence): Spec {
  const doc = parseYaml(fence.text);
  const error = doc.errors[0];
  if (error) {
    const line = fence.line + (error.linePos?.[0].line ?? 0);
    // The line is the file's, given as the error's; YAML's own count starts at the fence.
    const message = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw chartError(`this chart's spec is not valid YAML or JSON: ${message}`, fence, line, SPEC_HINT);
  }
  const spec: unknown = doc.toJS();
  if (!isMapping(spec)) {
    throw chartError(
      'this chart is empty or not a Vega-Lite spec (a mapping of keys)',
      fence,
      fence.line,
      SPEC_HINT,
    );
  }
  return spec;
}

const FORMATS: Readonly<Record<string, string>> = { csv: 'csv', tsv: 'tsv', json: 'json' };

/**
 * Replaces every `data: { url }` of the spec (layers and lookups included) by the file's text as inline
 * values, read through the deck's file view: only files inside the deck's folder. Returns the files read.
 */
function inlineData(spec: Spec, fence: Fence, readFile: (path: string) => DeckText): AssetRef[] {
  const links: AssetRef[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const object = node as Record<string, unknown>;
    const data = object.data;
    if (isMapping(data) && typeof data.url === 'string') {
      const source = data;
      const url = data.url;
      const path = url.replace(/[?#].*$/, '');
      const at = fence.text.indexOf(url);
      const line = at === -1 ? fence.line : fence.line + lineAt(fence.text, at);
      const format: Spec = isMapping(source.format) ? { ...source.format } : {};
      format.type ??= FORMATS[/\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase() ?? ''];
      const text = readData(url, path, fence, line, readFile);
      if (format.type === undefined) {
        throw chartError(
          `chart data "${url}": cannot tell its format from its name`,
          fence,
          line,
          'Name the file .csv, .tsv or .json, or say which it is with "format: { type: csv }".',
        );
      }
      delete source.url;
      source.values = text;
      source.format = format;
      links.push({ path, line });
    }
    for (const value of Object.values(object)) visit(value);
  };
  visit(spec);
  return links;
}

function readData(
  url: string,
  path: string,
  fence: Fence,
  line: number,
  readFile: (path: string) => DeckText,
): string {
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(url) || url.startsWith('/')) {
    throw chartError(
      `chart data "${url}" is not a file beside the deck`,
      fence,
      line,
      'Charts are drawn offline: put the data in a CSV or JSON file in the deck’s folder and name it by its relative path, or write it inline under "data: { values: [...] }".',
    );
  }
  const found = readFile(path);
  if (found.kind === 'text') return found.text;
  const why: Record<typeof found.kind, string> = {
    missing: 'does not exist',
    outside: 'is outside the deck’s folder',
    hidden: 'is a hidden file',
    'not-a-file': 'is not a file',
    unreadable: 'cannot be read',
  };
  throw chartError(
    `chart data "${url}" ${why[found.kind]}`,
    fence,
    line,
    '"data: { url }" is a path relative to the deck’s file, to a CSV, TSV or JSON file inside its folder.',
  );
}

/** The theme as Vega-Lite config under the spec's own: the spec's settings win. */
function withTheme(spec: Spec, theme: PictureTheme): Spec {
  const { text, background, font } = theme;
  const colours = palette(background, theme.accent, theme.dark);
  const rule = mix(text, background, 0.45);
  const axis = {
    labelColor: text,
    titleColor: text,
    domainColor: rule,
    tickColor: rule,
    gridColor: mix(background, text, 0.16),
    labelFontSize: 18,
    titleFontSize: 20,
    titleFontWeight: 600,
    labelPadding: 6,
    titlePadding: 12,
  };
  const config: Spec = {
    background: 'transparent',
    font,
    view: { stroke: null },
    axis,
    // Category names read across, as on the rest of the slide; Vega-Lite thins them out if they collide.
    axisXDiscrete: { labelAngle: 0 },
    legend: {
      labelColor: text,
      titleColor: text,
      labelFontSize: 18,
      titleFontSize: 20,
      titleFontWeight: 600,
    },
    header: { labelColor: text, titleColor: text, labelFontSize: 18, titleFontSize: 20 },
    title: { color: text, subtitleColor: text, fontSize: 26, subtitleFontSize: 20, anchor: 'start' },
    mark: { color: colours[0] },
    text: { color: text, fontSize: 20 },
    range: { category: colours },
  };
  const themed: Spec = { ...spec, config: merge(config, isMapping(spec.config) ? spec.config : {}) };
  // One view (or layers of one): sized to a slide, axes and labels included, unless the spec says.
  if ('mark' in spec || 'layer' in spec) {
    themed.width ??= 800;
    themed.height ??= 400;
    themed.autosize ??= { type: 'fit', contains: 'padding' };
  }
  return themed;
}

function merge(base: Spec, over: Spec): Spec {
  const out: Spec = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const below = out[key];
    out[key] = isMapping(below) && isMapping(value) ? merge(below, value) : value;
  }
  return out;
}

function isMapping(value: unknown): value is Spec {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Vega and Vega-Lite log through this: their warnings become the build's, nothing is printed. */
class ChartLog {
  #level = 2;
  readonly #add: (...args: unknown[]) => void;

  constructor(fence: Fence, warnings: Warning[]) {
    this.#add = (...args) => {
      const text = args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
      warnings.push({ file: fence.file, line: fence.line, code: 'chart', message: `chart: ${text}` });
    };
  }

  level(value?: number): number | this {
    if (value === undefined) return this.#level;
    this.#level = value;
    return this;
  }

  error(...args: unknown[]): this {
    this.#add(...args);
    return this;
  }

  warn(...args: unknown[]): this {
    this.#add(...args);
    return this;
  }

  info(): this {
    return this;
  }

  debug(): this {
    return this;
  }
}

/** Compiles and draws the spec in Node; Vega-Lite's and Vega's errors name the fence. */
async function drawChart(spec: Spec, fence: Fence): Promise<{ svg: string; warnings: Warning[] }> {
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  const warnings: Warning[] = [];
  const logger = new ChartLog(fence, warnings);
  let view: InstanceType<typeof vega.View> | undefined;
  try {
    // Vega-Lite checks the spec itself, as it compiles it.
    const compiled = vl.compile(spec as unknown as TopLevelSpec, { logger }).spec;
    view = new vega.View(vega.parse(compiled), { renderer: 'none', logger, loader: offline(vega) });
    const svg = await view.toSVG();
    return { svg: svg.replace(/^<svg\b/, '<svg role="img"'), warnings };
  } catch (error) {
    throw chartError(
      `Vega-Lite cannot draw this chart: ${shortMessage(error)}`,
      fence,
      fence.line,
      SPEC_HINT,
      error,
    );
  } finally {
    view?.finalize();
  }
}

/** A loader that loads nothing: a chart's data is inline by now, and a chart never reaches the network. */
function offline(vega: typeof import('vega')): ReturnType<typeof vega.loader> {
  const loader = vega.loader();
  const refuse = (uri: string): Promise<never> =>
    Promise.reject(new Error(`"${uri}" cannot be loaded: charts are drawn offline from their own data`));
  loader.load = refuse;
  loader.sanitize = refuse;
  return loader;
}

/** An error's message without the whole spec some of Vega-Lite's messages quote. */
function shortMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .replace(/\s*\{[\s\S]*\}\s*/, ' ')
    .replace(/\s+/g, ' ')
    .replace(/ ([.,:])/g, '$1')
    .trim();
}
