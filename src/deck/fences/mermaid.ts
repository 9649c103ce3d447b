import { DeckError } from '../../errors.ts';
import { contrast, mix } from './colours.ts';
import type { FenceRenderer, PictureTheme } from './fence.ts';
import { cachedPicture, cachePicture, pictureKey } from './picture-key.ts';
import { themeKey } from './picture-theme.ts';

/**
 * ```mermaid fences: drawn by Mermaid in the run's browser (it measures text), in the theme's colours
 * and font, labels kept as SVG text so they stay text in the PDF. Without a browser to draw with, the
 * fence stays code and the build warns.
 */
export const mermaid: FenceRenderer = {
  fillsVars: false,
  async render(fence, { theme, diagrams, cache }) {
    const key = pictureKey('mermaid', fence.text, themeKey(theme));
    const cached = cachedPicture(cache, key);
    if (cached) return { ...cached, links: [] };
    if (!diagrams) {
      return {
        html: undefined,
        links: [],
        warnings: [
          {
            file: fence.file,
            line: fence.line,
            code: 'diagram-not-drawn',
            message: 'this Mermaid diagram is shown as code: the build was given no browser to draw it with',
          },
        ],
      };
    }
    const drawn = await diagrams.render(fence.text, theme);
    if ('error' in drawn) {
      throw new DeckError(`Mermaid cannot draw this diagram: ${oneLine(drawn.error)}`, {
        file: fence.file,
        line: fence.line,
        code: 'diagram',
        hint: 'Check it against Mermaid’s syntax: https://mermaid.js.org/intro/syntax-reference.html',
      });
    }
    const picture = { html: naturalSize(drawn.svg), warnings: [] };
    cachePicture(cache, key, picture);
    return { ...picture, links: [] };
  },
};

/**
 * Mermaid's parse errors span several lines (the line, a caret under it, what it expected): the first
 * says where, the last what it expected.
 */
function oneLine(message: string): string {
  const lines = message
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^[-^]+$/.test(l) && !l.startsWith('...'));
  const [first = message.trim(), ...rest] = lines;
  const last = rest.at(-1);
  return last === undefined ? first : `${first.replace(/:$/, '')}: ${last}`;
}

/**
 * Mermaid sizes its SVG to its container (`width="100%"`, an inline max-width). The slide's stylesheet
 * sizes pictures instead, so the SVG gets its drawn size as width and height, from its viewBox.
 */
export function naturalSize(svg: string): string {
  const open = /^<svg\b[^>]*>/.exec(svg)?.[0];
  const box =
    open &&
    /\sviewBox="([^"]+)"/
      .exec(open)?.[1]
      ?.trim()
      .split(/[\s,]+/)
      .map(Number);
  if (!open || !box || box.length !== 4 || box.some((n) => !Number.isFinite(n))) return svg;
  const width = Math.ceil(box[2] ?? 0);
  const height = Math.ceil(box[3] ?? 0);
  const sized = open
    .replace(/\s(width|height)="[^"]*"/g, '')
    .replace(/\sstyle="max-width:[^";]*;?\s*"/, '')
    .replace(/^<svg/, `<svg width="${width}" height="${height}"`);
  return sized + svg.slice(open.length);
}

/**
 * Mermaid's configuration for a theme: its "base" theme with colours derived from the deck's (node
 * fills a shade off the background, text in the theme's text colour, borders in its accent), the
 * theme's font, and labels as SVG text (`htmlLabels: false`) rather than HTML in a foreignObject, so
 * that they stay text in the PDF.
 */
export function mermaidConfig(theme: PictureTheme): Record<string, unknown> {
  const { dark, background, text, accent, font } = theme;
  const shade = (amount: number) => mix(background, text, amount);
  const node = shade(dark ? 0.14 : 0.06);
  const border = contrast(accent, background) >= 3 ? accent : shade(0.6);
  const line = shade(0.72);
  return {
    startOnLoad: false,
    securityLevel: 'strict',
    theme: 'base',
    htmlLabels: false,
    fontFamily: font,
    flowchart: { htmlLabels: false, useMaxWidth: false },
    sequence: { useMaxWidth: false, actorFontFamily: font, messageFontFamily: font, noteFontFamily: font },
    class: { htmlLabels: false, useMaxWidth: false },
    state: { useMaxWidth: false },
    er: { useMaxWidth: false },
    gantt: { useMaxWidth: false },
    // Lines a room can see from the back, not hairlines.
    themeCSS:
      '.edge-thickness-normal, .messageLine0, .messageLine1 { stroke-width: 2px; } .edge-thickness-thick { stroke-width: 4px; }',
    themeVariables: {
      darkMode: dark,
      background,
      fontFamily: font,
      fontSize: '20px',
      textColor: text,
      titleColor: text,
      mainBkg: node,
      primaryColor: node,
      primaryTextColor: text,
      primaryBorderColor: border,
      nodeBorder: border,
      nodeTextColor: text,
      secondaryColor: shade(dark ? 0.24 : 0.12),
      secondaryTextColor: text,
      secondaryBorderColor: border,
      tertiaryColor: shade(dark ? 0.06 : 0.03),
      tertiaryTextColor: text,
      tertiaryBorderColor: shade(0.35),
      lineColor: line,
      defaultLinkColor: line,
      edgeLabelBackground: background,
      clusterBkg: shade(dark ? 0.06 : 0.03),
      clusterBorder: shade(0.35),
      actorBkg: node,
      actorBorder: border,
      actorTextColor: text,
      actorLineColor: shade(0.5),
      signalColor: text,
      signalTextColor: text,
      labelBoxBkgColor: node,
      labelBoxBorderColor: border,
      labelTextColor: text,
      loopTextColor: text,
      noteBkgColor: mix(background, accent, dark ? 0.22 : 0.14),
      noteTextColor: text,
      noteBorderColor: border,
      activationBkgColor: shade(dark ? 0.24 : 0.12),
      activationBorderColor: border,
      sequenceNumberColor: background,
    },
  };
}
