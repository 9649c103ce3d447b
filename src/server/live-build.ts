import { relative, resolve } from 'node:path';
import type { DiagramRenderer, PictureCache } from '../deck/fences/fence.ts';
import { DeckError, type Warning } from '../errors.ts';
import type { Deck } from '../model.ts';
import type { SharedAsset } from '../plan/build-plan.ts';
import { isInside } from '../plan/deck-files.ts';
import { planBuild } from '../plan/plan-build.ts';
import { ASSETS_DIR } from '../plan/shared-assets.ts';
import { TemplateCache } from '../read/load-templates.ts';
import { TEMPLATES_DIR } from '../read/package-paths.ts';
import { readBuildInputs } from '../read/read-build-inputs.ts';
import { savePictures } from '../write/picture-cache.ts';

export interface LiveBuildOptions {
  /** Absolute path of the Markdown deck. */
  file: string;
  cwd: string;
  audience?: string | undefined;
  theme?: string | undefined;
  /** Stylesheets after the deck's own (`--css`), relative to `cwd`. */
  css?: readonly string[] | undefined;
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
   * those missing for now, and of the stylesheets named on the command line with what they link: a
   * change to any of them is a reason to rebuild.
   */
  deckFiles: string[];
  warnings: Warning[];
}

/** What a live build draws pictures with: kept by whoever keeps the builder. */
export interface LiveBuildServices {
  /** Draws diagrams (in the server's browser); without it, diagrams stay code. */
  diagrams?: DiagramRenderer | undefined;
  /** Pictures drawn before: a rebuild that changes no picture draws none. */
  pictures?: PictureCache | undefined;
}

/** Where the shared assets are served; the page links them absolutely so any path finds them. */
export const ASSET_BASE = `/${ASSETS_DIR}`;

/**
 * Plans the one served cut of the deck, in memory, as often as the deck changes: the same plan every
 * command runs on, with the shared assets linked from `/_assets`. Compiled templates are kept between
 * builds until a template changes.
 */
export class LiveBuilder {
  readonly #options: LiveBuildOptions;
  readonly #services: LiveBuildServices;
  readonly #templates = new TemplateCache();

  constructor(options: LiveBuildOptions, services: LiveBuildServices = {}) {
    this.#options = options;
    this.#services = services;
  }

  /** The templates folder in use. */
  get templatesDir(): string {
    return this.#options.templates ?? TEMPLATES_DIR;
  }

  /** A template changed: compile them again on the next build. */
  invalidateTemplates(): void {
    this.#templates.invalidate();
  }

  /**
   * Reads, plans and renders the deck.
   *
   * @throws DeckError for every mistake in the deck, its front matter or a template, and for a deck file
   *   that is gone; other errors are bugs.
   */
  async build(): Promise<LiveBuild> {
    const { file, cwd } = this.#options;
    const inputs = await readBuildInputs([relative(cwd, file) || file], {
      cwd,
      templates: this.#options.templates,
      css: this.#options.css,
      theme: this.#options.theme,
      templateCache: this.#templates,
      pictureCache: this.#services.pictures,
    }).catch((error: unknown) => {
      throw sourceError(error);
    });
    const plan = await planBuild(inputs, {
      audiences: this.#options.audience === undefined ? 'first' : [this.#options.audience],
      theme: this.#options.theme,
      separator: this.#options.separator,
      verticalSeparator: this.#options.verticalSeparator,
      assetBase: ASSET_BASE,
      diagrams: this.#services.diagrams,
    }).finally(() => savePictures(inputs.pictureCache));
    const page = plan.pages[0];
    if (!page) throw new Error('a plan for one deck has no page');
    return {
      deck: page.deck,
      audience: page.audience,
      audiences: page.declaredAudiences,
      html: page.html,
      assets: new Map(plan.sharedAssets.map((a) => [a.path, a.source] as const)),
      deckFiles: [
        ...new Set([
          ...page.links
            .map((a) => resolve(page.sourceDir, a.path))
            .filter((path) => isInside(page.sourceDir, path)),
          // Stylesheets named on the command line, and what they link, wherever they are.
          ...plan.stylesheetFiles,
        ]),
      ],
      // The page's, and those of the stylesheets named on the command line.
      warnings: plan.warnings,
    };
  }
}

/** A deck file that vanished or turned into a folder mid-session is the user's to fix, not a crash. */
function sourceError(error: unknown): unknown {
  if (!(error instanceof DeckError)) return error;
  if (error.code === 'file-not-found') {
    return new DeckError('the deck file is gone (deleted or renamed?)', {
      file: error.file,
      line: 0,
      code: 'file-not-found',
      hint: 'Put it back or save it again: the server rebuilds as soon as it reappears.',
      cause: error,
    });
  }
  if (error.code === 'not-a-file' || error.code === 'no-decks') {
    return new DeckError('the deck file is now a folder', {
      file: error.file,
      line: 0,
      code: 'not-a-file',
      hint: 'Save the deck as a Markdown file at this path again.',
      cause: error,
    });
  }
  return error;
}
