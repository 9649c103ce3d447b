/**
 * pitchdeck as a library: the same pipeline the CLI runs, stage by stage.
 *
 * ```ts
 * const doc = parseDocument({ path: 'talk.md', text });        // SourceFile -> DeckDocument
 * const deck = await buildDeck(doc);                            // -> Deck (validated, HTML per slide)
 * const { html } = renderDeck(deck, templates, { assetBase: '../_assets', version: '1.0.0' });
 * ```
 *
 * Importing this module has no side effects: nothing is read, written or launched until a function is
 * called.
 *
 * @packageDocumentation
 */

/**
 * Reads a deck's `audiences` and `vars` front matter and whom each slide is for.
 * Input: a DeckDocument. Output: its audiences (in declared order), the deck's vars, and each slide's
 * `data-audience` mark. Throws DeckError, with the line, for a malformed audience, an unknown or mistyped
 * key, and a slide marked for an audience the deck does not declare.
 */
export { AUDIENCE_KEYS, type Audience, audiencesOf, type DeckAudiences } from './audience/audiences.ts';
/**
 * Cuts a DeckDocument for one audience: a new DeckDocument holding only that audience's slides
 * (renumbered), with the audience's front matter over the deck's and each slide's Markdown and notes
 * filled in by Handlebars (strict) from the deck's vars, the audience's and `options.vars` (a recipient).
 * Throws DeckError naming file:line for an unknown audience, a missing var (naming the audiences that
 * define it), a template syntax error, or an audience left with no slides.
 */
export { type CutOptions, cutForAudience } from './audience/cut-for-audience.ts';
/** Whom one slide is for, from its `data-audience` attribute. */
export type { AudienceMark } from './audience/slide-marks.ts';
/**
 * A `DiagramRenderer` that draws Mermaid diagrams in one tab of a browser the caller gives (asked for on
 * the first diagram) with Mermaid's bundle from node_modules and every request refused. Input: a function
 * that returns the Browser. Output: the renderer; `close()` closes its tab, not the browser. A diagram
 * Mermaid cannot parse comes back as `{ error }`; a browser that fails throws.
 */
export { type BrowserDiagrams, browserDiagrams } from './browser/diagram-page.ts';
/**
 * What `pitchdeck check` reports: `Finding` (file, line, slide, audience, rule, severity, message), the
 * stable rule ids, their severities, and the `--json` and text forms of a list of findings. Pure.
 */
export {
  CHECK_RULES,
  type CheckRule,
  type CutLabel,
  type Finding,
  findingsToJson,
  formatFindings,
  SEVERITY,
  type Severity,
} from './check/finding.ts';
/**
 * Lays out every slide of a built deck in a browser the caller owns (all fragments shown) and returns its
 * `overflow`, `min-font-size` and `contrast` findings. Input: a Browser and `{ deck, htmlPath, source? }`.
 * Output: findings. Throws DeckError when the page never becomes ready.
 */
export { checkLayout, type LayoutOptions, type LayoutTarget } from './check/layout.ts';
/**
 * The checks that need no browser. `checkStructure(deck)`: empty slides, no heading, missing notes (when
 * `check.notes`), stray `.element:` comments, duplicate slide ids, too many words. `assetFindings(deck,
 * warnings)`: the build's missing-file warnings as `missing-asset` findings. Pure; they throw nothing.
 */
export { assetFindings, checkStructure } from './check/structure.ts';
/**
 * What `buildDeck` draws pictures with (`options.pictures`): the look of a theme, a `DiagramRenderer`
 * for Mermaid (backed by a browser the caller owns), a reader for chart data files and a `PictureCache`.
 * Without it, pictures get a default look, charts read no data file and diagrams stay code (a warning).
 */
export type { PictureOptions } from './deck/build-deck.ts';
/**
 * Validates the front matter and renders every slide to HTML in its layout.
 * Input: a DeckDocument. Output: a Deck. Throws DeckError for wrong front matter types, an unknown layout
 * or theme.
 */
export { type BuildDeckOptions, buildDeck } from './deck/build-deck.ts';
export type {
  DeckText,
  DiagramRenderer,
  DiagramResult,
  PictureCache,
  PictureTheme,
} from './deck/fences/fence.ts';
/** Builds a highlighter for the given fence languages, to share between decks. */
export { createHighlighter, type Highlighter } from './deck/highlight.ts';
/** Thrown for mistakes in a deck, its front matter, a template or flags; carries file, line and a hint. */
export { DeckError, EnvironmentError, type SourceLocation, type Warning } from './errors.ts';
export type {
  AssetRef,
  CheckConfig,
  Deck,
  DeckConfig,
  DeckDocument,
  Dialect,
  LayoutName,
  RawSlide,
  RenderedDeck,
  Slide,
  SlideContent,
  SourceFile,
  ThemeRef,
} from './model.ts';
export { BUILTIN_THEMES, LAYOUTS, OWN_THEMES } from './model.ts';
/**
 * Parses Markdown with optional YAML front matter into raw slides with their source lines.
 * Input: a SourceFile. Output: a DeckDocument. Throws DeckError for an empty or binary file, malformed
 * YAML or an invalid separator.
 */
export { type ParseOptions, parseDocument } from './parse/parse-document.ts';
/**
 * The build plan: `planBuild(inputs, options)` composes the stages for every deck and cut (parse, cut,
 * build, render) and decides every output path, the files to copy, the shared assets, the index and the
 * warnings, seeing the disk only through `inputs.files`. Every command runs on one. `readBuildInputs`
 * reads what a plan needs from disk. Throws DeckError for a deck, cut or option that is wrong.
 */
export type {
  BuildInputs,
  BuildPlan,
  FileInfo,
  FileView,
  IndexEntry,
  PlannedPage,
  PlanOptions,
  SharedAsset,
  UserStylesheet,
} from './plan/build-plan.ts';
export { planBuild } from './plan/plan-build.ts';
/**
 * Reads and compiles the templates: pitchdeck's own, with those a templates folder holds (page.hbs,
 * layouts/, partials/) in their place; a folder's own layouts are added. Throws DeckError for a folder
 * that does not exist or holds no template, or a template that does not compile.
 */
export { loadTemplates } from './read/load-templates.ts';
export { type ReadOptions, readBuildInputs } from './read/read-build-inputs.ts';
/**
 * Renders a Deck to one HTML page. Input: a Deck and compiled Templates. Output: the page and the local
 * files it links to. Throws DeckError naming the template when one fails.
 */
export { type RenderOptions, renderDeck } from './render/render-deck.ts';
/**
 * Compiles Handlebars template sources in strict mode. Throws DeckError naming the template on a syntax
 * error.
 */
export { compileTemplates, type TemplateSources, type Templates } from './render/templates.ts';
/**
 * `buildDecks(paths, options)` does what `pitchdeck build` does (checks off unless asked): reads, plans,
 * stages every output and moves it into place only when all of it succeeded; with `pdf`, `handout`,
 * `images`, `singleFile` or `pptx` (an editable PowerPoint file per cut) those are made too.
 * `checkDecks(paths, options)` does what `pitchdeck check` does: stages
 * every cut in a temporary folder, checks each in one browser and returns the findings, the build's other
 * warnings and the cuts checked. `runBuild` is the run both share, returning the plan and everything it
 * made. They throw DeckError for a deck that does not build (nothing written) and EnvironmentError for the
 * machine (no browser, a folder that cannot be written).
 */
export {
  type BuildOptions,
  type BuiltDeck,
  buildDecks,
  type CheckOptions,
  type CheckResult,
  checkDecks,
  type RunOptions,
  type RunResult,
  runBuild,
} from './run/build.ts';
/**
 * Serves one deck over HTTP (`pitchdeck serve`), planned in memory with the same plan as `buildDecks`,
 * and rebuilds it when the Markdown, an image it links, a template or a theme changes; open pages update
 * in place over server-sent events and keep their slide and fragment, and a broken save shows its
 * `file:line` error over the last good deck. Input: `ServeOptions` (the deck, `host` default 127.0.0.1,
 * `port` default 1948 or 0 for a free one, `audience`, `onEvent` for every build and failure). Output: a
 * running `DeckServer` (`url`, `port`, `whenIdle()`, `close()`). Throws DeckError for a deck path that
 * does not exist or a bad port number, EnvironmentError when the port is in use.
 */
export {
  DEFAULT_HOST,
  DEFAULT_PORT,
  type DeckServer,
  type ServeEvent,
  type ServeOptions,
  serveDeck,
} from './server/serve-deck.ts';
