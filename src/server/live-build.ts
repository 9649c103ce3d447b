import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { audiencesOf } from '../audience/audiences.ts';
import { cutForAudience } from '../audience/cut-for-audience.ts';
import { buildDeck } from '../deck/build-deck.ts';
import { DeckError, type Warning } from '../errors.ts';
import { loadTemplates, version } from '../io/build.ts';
import { TEMPLATES_DIR } from '../io/package-paths.ts';
import { planCuts } from '../io/plan-cuts.ts';
import { readSource } from '../io/read-inputs.ts';
import { ASSETS_DIR, highlightThemeNames, type SharedAsset, sharedAssets } from '../io/shared-assets.ts';
import type { Deck } from '../model.ts';
import { parseDocument } from '../parse/parse-document.ts';
import { renderDeck } from '../render/render-deck.ts';
import type { Templates } from '../render/templates.ts';
import { isInside } from './request-path.ts';

export interface LiveBuildOptions {
  /** Absolute path of the Markdown deck. */
  file: string;
  cwd: string;
  audience?: string | undefined;
  theme?: string | undefined;
  /** Absolute path of a templates folder; the built-in templates by default. */
  templates?: string | undefined;
  separator?: string | undefined;
  verticalSeparator?: string | undefined;
}

/** One deck built in memory, as `pitchdeck serve` answers requests with it. */
export interface LiveBuild {
  deck: Deck;
  /** The audience served, and every audience the deck declares. */
  audience: string | undefined;
  audiences: string[];
  /** The rendered page, before the live-reload script goes in. */
  html: string;
  /** The shared assets by path below `/_assets/`. */
  assets: Map<string, SharedAsset['source']>;
  /**
   * Absolute paths of the files in the deck's folder that the page links (images, stylesheets), also
   * those missing for now: a change to any of them is a reason to rebuild.
   */
  deckFiles: string[];
  warnings: Warning[];
}

/** Where the shared assets are served; the page links them absolutely so any path finds them. */
export const ASSET_BASE = `/${ASSETS_DIR}`;

/**
 * Runs the build pipeline in memory for one deck and one audience, as often as the deck changes. The
 * compiled templates and the list of code styles are kept between builds until a template changes.
 */
export class LiveBuilder {
  readonly #options: LiveBuildOptions;
  readonly #deckDir: string;
  #templates: Promise<Templates> | undefined;
  #highlightThemes: Promise<Set<string>> | undefined;

  constructor(options: LiveBuildOptions) {
    this.#options = options;
    this.#deckDir = dirname(options.file);
  }

  /** The templates folder in use. */
  get templatesDir(): string {
    return this.#options.templates ?? TEMPLATES_DIR;
  }

  /** A template changed: compile them again on the next build. */
  invalidateTemplates(): void {
    this.#templates = undefined;
  }

  /**
   * Reads, parses, cuts, builds and renders the deck.
   *
   * @throws DeckError for every mistake in the deck, its front matter or a template, and for a deck file
   *   that is gone; other errors are bugs.
   */
  async build(): Promise<LiveBuild> {
    const { file, cwd } = this.#options;
    const source = await readSource(file, cwd).catch((error: unknown) => {
      throw sourceError(error, file, cwd);
    });
    // A failed compile is not kept: the next build tries again, after the template is fixed.
    this.#templates ??= loadTemplates(this.templatesDir, cwd).catch((error: unknown) => {
      this.#templates = undefined;
      throw error;
    });
    this.#highlightThemes ??= highlightThemeNames();
    const [templates, highlightThemes] = await Promise.all([this.#templates, this.#highlightThemes]);

    const doc = parseDocument(source, {
      separator: this.#options.separator,
      verticalSeparator: this.#options.verticalSeparator,
    });
    const cuts = planCuts(doc, {
      audiences: this.#options.audience === undefined ? undefined : [this.#options.audience],
    });
    const cut = cuts[0];
    const deck = await buildDeck(cutForAudience(doc, cut?.audience, cut?.options), {
      exists: (path) => existsSync(join(this.#deckDir, path)),
      highlightThemes,
      theme: this.#options.theme,
    });
    const rendered = renderDeck(deck, templates, { assetBase: ASSET_BASE, version: version(), notes: true });
    const assets = new Map((await sharedAssets([deck])).map((a) => [a.path, a.source] as const));
    const deckFiles = [
      ...new Set(
        rendered.assets
          .map((a) => resolve(this.#deckDir, a.path))
          .filter((path) => isInside(this.#deckDir, path)),
      ),
    ];
    return {
      deck,
      audience: cut?.audience,
      audiences: audiencesOf(doc).audiences.map((a) => a.name),
      html: rendered.html,
      assets,
      deckFiles,
      warnings: deck.warnings,
    };
  }
}

/** A deck file that vanished or turned into a folder mid-session is the user's to fix, not a crash. */
function sourceError(error: unknown, file: string, cwd: string): unknown {
  if (error instanceof DeckError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const path = file.startsWith(`${cwd}/`) ? file.slice(cwd.length + 1) : file;
  if (code === 'ENOENT') {
    return new DeckError('the deck file is gone (deleted or renamed?)', {
      file: path,
      line: 0,
      code: 'file-not-found',
      hint: 'Put it back or save it again: the server rebuilds as soon as it reappears.',
      cause: error,
    });
  }
  if (code === 'EISDIR') {
    return new DeckError('the deck file is now a folder', {
      file: path,
      line: 0,
      code: 'not-a-file',
      hint: 'Save the deck as a Markdown file at this path again.',
      cause: error,
    });
  }
  return error;
}
