import { chart } from './chart.ts';
import type { FenceRenderer } from './fence.ts';
import { mermaid } from './mermaid.ts';

/**
 * The fences drawn as pictures, by the fence's language, like marked's one renderer per token type.
 * Every other fence is code (`code.ts`). A new kind of picture is one file and one line here; a renderer
 * loads its libraries only when a deck uses it.
 */
const RENDERERS: Readonly<Record<string, FenceRenderer>> = {
  mermaid,
  chart,
};

/** The picture renderer of a fence language, or undefined for code. */
export function pictureRenderer(language: string): FenceRenderer | undefined {
  return Object.hasOwn(RENDERERS, language) ? RENDERERS[language] : undefined;
}

/** Whether audience vars are filled in inside fences of this language (see `FenceRenderer.fillsVars`). */
export function fillsVars(language: string): boolean {
  return pictureRenderer(language)?.fillsVars ?? false;
}
