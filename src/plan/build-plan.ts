import type { DiagramRenderer, PictureCache } from '../deck/fences/fence.ts';
import type { Warning } from '../errors.ts';
import type { AssetRef, Deck, SourceFile } from '../model.ts';
import type { IndexPage } from '../render/render-index.ts';
import type { FallbackCatalog } from '../render/script-fonts.ts';
import type { Templates } from '../render/templates.ts';
import type { Shard } from './shard.ts';

/** What is at a path on disk, symlinks followed: the plan's only view of the file system. */
export type FileInfo = { kind: 'file' | 'directory' | 'other'; real: string } | { kind: 'missing' };

/**
 * How planning sees the disk. Injected, so that `planBuild` is a function of its inputs: the CLI passes
 * the real file system, tests an object.
 */
export interface FileView {
  /** What is at an absolute path, after resolving every symlink; never throws. */
  stat(path: string): FileInfo;
  /** The text of a file (UTF-8) at an absolute path, or undefined when it cannot be read; never throws. */
  readText(path: string): string | undefined;
}

/** A stylesheet made self-contained: its Google Fonts imports replaced by fonts from node_modules. */
export interface LocalizedStylesheet {
  css: string;
  /** The font files its URLs point at: `from` an absolute path, `to` below the assets folder. */
  files: { from: string; to: string }[];
}

/** Files pitchdeck ships or depends on, found by the reading step. */
export interface PackageResources {
  /** reveal.js's `dist` folder. */
  revealDist: string;
  /** highlight.js's `styles` folder, and the style names in it. */
  highlightStyles: string;
  highlightThemes: ReadonlySet<string>;
  /** pitchdeck's own stylesheets (`templates/styles`). */
  stylesDir: string;
  /** A named theme with its Google Fonts replaced by self-hosted fonts (memoized by the reader). */
  loadTheme(name: string): Promise<LocalizedStylesheet>;
  /** KaTeX's stylesheet and fonts, for decks with maths; its font URLs are relative to `katex/`. */
  loadMaths(): Promise<LocalizedStylesheet>;
  /**
   * reveal.css with the fallback family in its font lists (speaker notes, right-to-left slides); when
   * not given, the file in `revealDist` is used as it is.
   */
  revealCss?: string | undefined;
  /**
   * The fonts for scripts the themes do not draw (CJK, Arabic, Hebrew, Devanagari, emoji); asked for
   * only when a deck's text has such a script (memoized by the reader).
   */
  loadFallbackFonts?: (() => Promise<FallbackCatalog>) | undefined;
}

/** One deck file to build: how messages name it, and its absolute path. */
export interface SourceDeck {
  source: SourceFile;
  file: string;
  /** Deck defaults from config files found for its folder (already checked), below its front matter. */
  defaults?: Record<string, unknown> | undefined;
}

/** One row of a recipients file: the vars of one recipient's cut, and the folder it goes to. */
export interface Recipient {
  /** 1-based row number among the data rows (the CSV header is not a row). */
  row: number;
  /** File line of the row (0 for JSON). */
  line: number;
  /** The row's columns, as vars. */
  vars: Record<string, unknown>;
  /** The `--name-by` column, as written. */
  name: string;
  /** Its slug: the row's folder name. */
  slug: string;
}

/** A recipients file as read: how messages name it, and its rows. */
export interface Recipients {
  file: string;
  rows: Recipient[];
}

/** One cut as `<out>/index.html` lists it; paths are relative to the output folder, `/`-separated. */
export interface IndexEntry {
  /** The deck's folder name. */
  deck: string;
  /** The source file, as the user named it. */
  source: string;
  audience: string | null;
  recipient: string | null;
  title: string;
  slides: number;
  page: string;
  pdf: string | null;
  singleFile: string | null;
  /** The editable PowerPoint file beside the page (absent in lists written by pitchdeck 0.1). */
  pptx?: string | null;
  /** The handout PDF beside the page. */
  handout?: string | null;
}

/**
 * A stylesheet named on the command line (`--css brand.css`, `--theme ./mytheme.css`): the user's, not a
 * deck's, so it may live anywhere. The plan puts it in the shared assets with the files it links.
 */
export interface UserStylesheet {
  /** `css` for `--css` (after the deck's own stylesheets), `theme` for `--theme` (instead of the deck's). */
  role: 'css' | 'theme';
  /** The path as the user gave it, for messages. */
  given: string;
  /** Absolute path of the file. */
  path: string;
  /** Its folder, as named and as it really is: the files its `url()`s name are looked for below it. */
  dir: { path: string; real: string };
  text: string;
}

/** Everything a build reads, read once before planning starts. */
export interface BuildInputs {
  /** Relative paths in messages are relative to this. */
  cwd: string;
  /** Absolute output folder. */
  out: string;
  decks: SourceDeck[];
  templates: Templates;
  /** `index.hbs`, compiled; `<out>/index.html` is planned only when it is given. */
  indexTemplate?: ((page: IndexPage) => string) | undefined;
  /** The cuts `<out>/index.html` already lists whose pages are still there. */
  previousIndex?: readonly IndexEntry[] | undefined;
  recipients?: Recipients | undefined;
  resources: PackageResources;
  files: FileView;
  /** pitchdeck's version, in every page's generator tag. */
  version: string;
  /** Diagrams and charts drawn by earlier builds, by a hash of what made them. */
  pictureCache?: PictureCache | undefined;
  /** Stylesheets named on the command line (`--css`, a `--theme` file), for every deck. */
  stylesheets?: readonly UserStylesheet[] | undefined;
}

/** Choices that shape the plan: which cuts, how they are rendered, which outputs each gets. */
export interface PlanOptions {
  separator?: string | undefined;
  verticalSeparator?: string | undefined;
  /** Theme for every deck, over its front matter. */
  theme?: string | undefined;
  /** Keep speaker notes in the HTML (default true). */
  notes?: boolean | undefined;
  /** Only these audiences (default: every audience a deck declares; `first`: its first). */
  audiences?: readonly string[] | 'first' | undefined;
  /**
   * Where pages find the shared assets: relative to each page in the output folder (default), or one
   * absolute URL path (`/_assets` when served).
   */
  assetBase?: string | undefined;
  /** A PDF for every cut, beside its page. */
  pdf?: boolean | undefined;
  /**
   * A handout for every cut (`<stem>-handout.pdf` beside its page, or the `-o` file when the run makes
   * no slides PDF): `perPage` slides to a portrait page of the given paper.
   */
  handout?: { perPage: 1 | 2 | 3 | 4 | 6; paper: 'a4' | 'letter' } | undefined;
  /** One image per slide in `<cut folder>/png/` (or `jpeg/`); `true` is PNG. */
  images?: boolean | 'png' | 'jpeg' | undefined;
  /** One self-contained HTML file per cut beside its page. */
  singleFile?: boolean | undefined;
  /** An editable PowerPoint file for every cut, beside its page. */
  pptx?: boolean | undefined;
  /**
   * The one file the user asked for (`-o talk.pdf`), by its kind: the run must have exactly one cut, and
   * keeps that file alone (the pages it is made from are only staged). For `png`, one image per slide:
   * `talk-001.png`, `talk-002.png`... beside the path given.
   */
  outputFile?: OutputFile | undefined;
  /** Draws Mermaid diagrams in a browser the caller owns; without it, diagrams stay code (a warning). */
  diagrams?: DiagramRenderer | undefined;
  /**
   * `--shard K/N`: only the K-th of N parts of the --each list, so that N machines can split one run.
   * The part's index is `index-K-of-N.html`; `index.html` then lists the N parts.
   */
  shard?: Shard | undefined;
}

/** What `-o` names when it is a file: the kind comes from its extension. */
export interface OutputFile {
  /** `png` stands for slide images, PNG or (`-o slides.jpg`) JPEG. */
  kind: 'pdf' | 'pptx' | 'html' | 'png';
  /** As the user gave it (for messages), relative to the working folder or absolute. */
  path: string;
  /** `jpeg` for `-o slides.jpg` or `.jpeg`. */
  imageFormat?: 'png' | 'jpeg' | undefined;
}

/** A file the plan copies into the output folder. */
export interface PlannedCopy {
  /** Real path of the source (symlinks resolved and checked). */
  from: string;
  /** Absolute path in the output folder. */
  to: string;
}

/** One page of the build: a deck cut for an audience or a recipient, rendered, with where it all goes. */
export interface PlannedPage {
  deck: Deck;
  /** The deck's Markdown as read, for pointing at the line of an element. */
  sourceText: string;
  html: string;
  /** The local files the page links, relative to the deck's folder. */
  links: AssetRef[];
  /** The audience this cut is for; undefined for a deck without audiences. */
  audience: string | undefined;
  /** The recipient (a row of `--each`) this cut is for. */
  recipient: Recipient | undefined;
  /** Every audience the deck declares. */
  declaredAudiences: string[];
  /** The deck's own folder (absolute, as named) and its real path. */
  sourceDir: string;
  sourceDirReal: string;
  /** The page's folder in the output, and its `index.html`. */
  dir: string;
  htmlPath: string;
  /** The deck's files, copied beside the page with their relative paths. */
  copies: PlannedCopy[];
  pdfPath: string | undefined;
  handoutPath: string | undefined;
  /** The folder of the slide images, and their format. */
  imageDir: string | undefined;
  imageFormat: 'png' | 'jpeg';
  /** The images' names: `<stem>-001.png`; the cut's own stem unless `-o` named them. */
  imageStem: string | undefined;
  singleFilePath: string | undefined;
  pptxPath: string | undefined;
  /** This cut's warnings, the deck's own included. */
  warnings: Warning[];
}

/** One file of the shared assets folder, from one list for the build, the server and the single file. */
export interface SharedAsset {
  /** Path below the assets folder, `/`-separated: `reveal/reveal.js`, `theme/pitch.css`. */
  path: string;
  /** A file to copy as it is (from node_modules or templates/), or text pitchdeck made (a theme). */
  source: { file: string } | { text: string };
}

/** Everything one run makes, decided before anything is written or launched. */
export interface BuildPlan {
  out: string;
  pages: PlannedPage[];
  /** `<out>/_assets`. */
  assetsDir: string;
  sharedAssets: SharedAsset[];
  /**
   * `<out>/index.html`, and the list of cuts behind it (kept for the next run); with a shard, the part's
   * own `index-K-of-N.html`.
   */
  index: { path: string; html: string; manifestPath: string; entries: IndexEntry[] } | undefined;
  /** With a shard: `<out>/index.html`, the same in every part, listing the N parts. */
  parts?: { path: string; html: string } | undefined;
  /** Every page's warnings, each once, in order. */
  warnings: Warning[];
  /**
   * Files outside the decks that the plan's pages show: the stylesheets named on the command line and
   * the files they link (absolute paths), for whoever rebuilds when they change.
   */
  stylesheetFiles: string[];
}
