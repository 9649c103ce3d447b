/** An sRGB colour, each channel 0 to 255. */
export type Rgb = readonly [number, number, number];

const NAMED: Readonly<Record<string, Rgb>> = { white: [255, 255, 255], black: [0, 0, 0] };

/** `#rgb`, `#rrggbb` (alpha ignored), `rgb(r, g, b)`, `white` or `black`; undefined for anything else. */
export function parseColour(value: string): Rgb | undefined {
  const text = value.trim().toLowerCase();
  const named = NAMED[text];
  if (named) return named;
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])[0-9a-f]?$/.exec(text);
  if (short) return channels(short, (c) => Number.parseInt(c + c, 16));
  const long = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})(?:[0-9a-f]{2})?$/.exec(text);
  if (long) return channels(long, (c) => Number.parseInt(c, 16));
  const rgb = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/.exec(text);
  if (rgb) return channels(rgb, (c) => Math.min(255, Number(c)));
  return undefined;
}

function channels(m: RegExpExecArray, read: (channel: string) => number): Rgb {
  return [read(m[1] ?? '0'), read(m[2] ?? '0'), read(m[3] ?? '0')];
}

export function hex(colour: Rgb): string {
  return `#${colour.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** `a` moved towards `b` by `amount` (0 is `a`, 1 is `b`). */
export function mix(a: string, b: string, amount: number): string {
  const [r1, g1, b1] = parseColour(a) ?? [0, 0, 0];
  const [r2, g2, b2] = parseColour(b) ?? [0, 0, 0];
  return hex([r1 + (r2 - r1) * amount, g1 + (g2 - g1) * amount, b1 + (b2 - b1) * amount]);
}

/** WCAG 2 relative luminance. */
export function luminance(colour: string): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const [r, g, b] = parseColour(colour) ?? [0, 0, 0];
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** WCAG 2 contrast ratio of two colours, from 1 to 21. */
export function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** Series colours that read on a dark background (each at least 3:1 on #1e1035 and darker). */
const ON_DARK = ['#7cc4fa', '#8ee59b', '#f78fb3', '#c9a4ff', '#f9e07f', '#5fd4d0', '#ffab85', '#b8c4d6'];
/** Series colours that read on a light background (each at least 3:1 on #f7f3de and lighter). */
const ON_LIGHT = ['#1f5fbf', '#b8420b', '#1b7a3a', '#9b1fa8', '#0b6e86', '#8a5a00', '#4338ca', '#b3123c'];

/**
 * Colours for a chart's series or a diagram's accents on `background`: the theme's accent first when it
 * stands out from the background (3:1, WCAG's contrast for graphics), then colours chosen for a dark or
 * a light background, each kept only if it stands out as well.
 */
export function palette(background: string, accent: string, dark: boolean): string[] {
  const base = (dark ? ON_DARK : ON_LIGHT).filter((c) => contrast(c, background) >= 3);
  const first = contrast(accent, background) >= 3 ? [accent] : [];
  return [...first, ...base.filter((c) => c !== accent)];
}
