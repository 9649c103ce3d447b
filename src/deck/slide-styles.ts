import type { Container, Root } from 'postcss';

/**
 * Marp reads a deck's stylesheets (`<style>`, the `style` directive) the way it reads a theme: `section`
 * and `:root` mean a slide, and every other selector means something inside a slide. In pitchdeck's
 * page a slide is a `<section>` under `.reveal .slides`, and the reveal.js theme styles `.reveal h1`: each
 * selector is rewritten to start at the slide, which also outweighs the theme as a Marp stylesheet
 * outweighs a Marp theme. A `<style scoped>` starts at its own slide only.
 *
 * @module
 */

/** Rewrites a stylesheet for every slide, or for the slide marked `data-pd-scope="<scope>"`. */
export type SlideStyler = (css: string, scope?: string) => string;

/** A stylesheet that is not CSS postcss can read: where, and why. */
export class SlideStyleError extends Error {
  constructor(
    readonly reason: string,
    readonly cssLine: number | undefined,
  ) {
    super(reason);
  }
}

const SLIDE = '.reveal .slides section';

/** At-rules whose rules are style rules to scope too; `@keyframes`, `@font-face` and the like stay. */
const GROUPING = new Set(['media', 'supports', 'container', 'layer', 'scope', 'document']);

/**
 * The styler, with postcss loaded on first need: only Marp decks with stylesheets pay for it.
 *
 * @throws SlideStyleError (from the styler) for CSS that cannot be read.
 */
export async function loadSlideStyler(): Promise<SlideStyler> {
  const { default: postcss, CssSyntaxError } = await import('postcss');
  return (css, scope) => {
    let root: Root;
    try {
      root = postcss.parse(css);
    } catch (error) {
      if (error instanceof CssSyntaxError) throw new SlideStyleError(error.reason, error.line);
      throw error;
    }
    const start = scope === undefined ? SLIDE : `${SLIDE}[data-pd-scope="${scope}"]`;
    scopeRules(root, start);
    return root.toString();
  };
}

function scopeRules(container: Container, start: string): void {
  container.each((node) => {
    if (node.type === 'rule') node.selectors = node.selectors.map((s: string) => fromSlide(s, start));
    else if (node.type === 'atrule' && GROUPING.has(node.name.toLowerCase()) && node.nodes) {
      scopeRules(node, start);
    }
  });
}

/** `section.lead h1` → `<start>.lead h1`; `:root` → `<start>`; `h1` → `<start> h1`. */
function fromSlide(selector: string, start: string): string {
  const trimmed = selector.trim();
  const slide = /^(?:section|:root)(?![\w-])/.exec(trimmed);
  return slide ? start + trimmed.slice(slide[0].length) : `${start} ${trimmed}`;
}
