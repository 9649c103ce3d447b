import Handlebars from 'handlebars';
import { type PrecompiledTemplates, precompiledTemplate } from './precompiled.ts';
import { templateError } from './templates.ts';

/** One cut as the index lists it; links are relative to the index page. */
export interface IndexCut {
  /** The audience's name, or null for a deck without audiences. */
  audience: string | null;
  /** The recipient's name as written in the recipients file, or null. */
  recipient: string | null;
  /** What the link says: the recipient, else the audience, else the deck's title. */
  label: string;
  /** The cut's title (an audience may have its own). */
  title: string;
  slides: number;
  href: string;
  /** The PDF beside the page, or null when there is none. */
  pdfHref: string | null;
  /** The self-contained single HTML file beside the page, or null. */
  singleFileHref: string | null;
  /** The editable PowerPoint file beside the page, or null. */
  pptxHref: string | null;
  /** The handout PDF beside the page, or null. */
  handoutHref: string | null;
}

export interface IndexDeck {
  /** The deck's folder name. */
  name: string;
  /** The source file, as the user named it. */
  source: string;
  cuts: IndexCut[];
}

/** What `index.hbs` receives. */
export interface IndexPage {
  version: string;
  decks: IndexDeck[];
  /** `3 cuts of 1 deck`. */
  summary: string;
}

/** The options `index.hbs` is compiled with (also ahead of time, by scripts/bundle.mjs). */
export const INDEX_TEMPLATE_OPTIONS = { strict: true } as const;

/** Compiles `index.hbs` in strict mode: a field the template uses but the page lacks is an error. */
export function compileIndexTemplate(
  source: { text: string; file: string },
  precompiled?: PrecompiledTemplates,
): (page: IndexPage) => string {
  const hbs = Handlebars.create();
  let compiled = precompiledTemplate(hbs, precompiled, 'index', source.text, INDEX_TEMPLATE_OPTIONS);
  if (!compiled) {
    try {
      Handlebars.parse(source.text);
      compiled = hbs.compile(source.text, { ...INDEX_TEMPLATE_OPTIONS });
    } catch (error) {
      throw templateError(error, source.file);
    }
  }
  const template = compiled;
  return (page) => {
    try {
      return template(page);
    } catch (error) {
      throw templateError(error, source.file);
    }
  };
}

/** One part of a sharded run, as the parts page lists it. */
export interface IndexPart {
  /** `part 2 of 8`. */
  label: string;
  /** The part's own index page, relative to the parts page. */
  href: string;
  /** How many recipients of the list are in it. */
  recipients: number;
}

/**
 * The output folder's index for a run split into parts (`--shard K/N`): each part writes the same page,
 * listing every part with a link to its own index, so that the parts' outputs copied into one folder
 * overwrite nothing of each other's.
 */
export function renderParts(parts: readonly IndexPart[], list: string, version: string): string {
  const total = parts.reduce((sum, part) => sum + part.recipients, 0);
  const rows = parts
    .map(
      (part) =>
        `<tr><td><a href="${escapeHtml(part.href)}">${escapeHtml(part.label)}</a></td><td class="count">${part.recipients}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="pitchdeck ${escapeHtml(version)}">
<title>Decks, in ${parts.length} parts</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #222; }
  table { border-collapse: collapse; }
  th, td { text-align: left; padding: 0.35rem 0.6rem; border-bottom: 1px solid #ddd; }
  td.count { text-align: right; color: #555; }
  a { color: #0b57d0; }
</style>
</head>
<body>
<h1>Decks, in ${parts.length} parts</h1>
<p>The ${total} recipients of ${escapeHtml(list)}, built in ${parts.length} parts by pitchdeck ${escapeHtml(version)}; each part's page lists its recipients' decks.</p>
<table>
<thead><tr><th>part</th><th>recipients</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
