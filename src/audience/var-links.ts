import { decodeHTML, decodeHTMLAttribute } from 'entities';

/**
 * Where a var's text went in a rendered slide, so that links built from vars can be checked once the
 * whole Markdown is known (`[x]({{scheme}}:{{rest}})` is only a link then). Each var is wrapped in
 * Unicode noncharacters, which no text contains and which are removed again before anything else sees
 * the Markdown: OPEN, its call number in hex digits (DIGIT + 0..15), SEPARATOR, the text, CLOSE.
 */
const OPEN = '\uFDD0';
const SEPARATOR = '\uFDD1';
const CLOSE = '\uFDD2';
const DIGIT = 0xfde0;
const MARK = /\uFDD0([\uFDE0-\uFDEF]*)\uFDD1|\uFDD2/g;
const NONCHARACTERS = /[\uFDD0-\uFDEF]/g;
const VAR_TEXT = /\uFDD0[\uFDE0-\uFDEF]*\uFDD1([^\uFDD2]*)\uFDD2/g;

const EMAIL =
  '[a-zA-Z0-9.!#$%&*+/=?^_{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*';
/** What marked takes for an autolink: CommonMark's URI autolink (any scheme) or e-mail autolink. */
const URI_OR_EMAIL = new RegExp(`^(?:[a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\\s<>\\p{Cc}]*|${EMAIL})$`, 'u');
/** An autolink a var may give, narrowed to characters that cannot end it or open anything else. */
const SAFE_AUTOLINK = new RegExp(`^(?:(?:https?|mailto):[^\\s<>"'\`\\p{Cc}]*|${EMAIL})$`, 'iu');

// Spaces before a target may come from a var too (` javascript:`): marks count as part of them.
const MARKS = '(?:\\uFDD0[\\uFDE0-\\uFDEF]*\\uFDD1|\\uFDD2)';
const W = `(?:[ \\t]|${MARKS})`;
/** `](target`: an inline link's or image's target, up to a space or the closing parenthesis. */
const INLINE_TARGET = new RegExp(
  `(\\]\\(${W}*(?:\\n${W}*)?)(<[^<>\\n]*>|[^\\s<>()]*(?:\\([^\\s()]*\\)[^\\s<>()]*)*)`,
  'g',
);
/** `[label]: target` at the start of a line. */
const DEFINITION_TARGET = new RegExp(`^( {0,3}\\[[^\\]\\n]+\\]:${W}*(?:\\n${W}*)?)(<[^<>\\n]*>|\\S+)`, 'gm');
/** A URL attribute of raw HTML, quoted or not: `href`, `src`, reveal.js's `data-background-*`... */
const ATTRIBUTE_TARGET = new RegExp(
  '(?<![\\w:-])((?:xlink:)?href|[\\w-]*src|srcset|action|formaction|poster|cite|background|data|data-background[\\w-]*)' +
    `((?:\\s|${MARKS})*=(?:\\s|${MARKS})*)(?:"([^"]*)"|'([^']*)'|([^\\s"'<>\`=]+))`,
  'gi',
);

/** Only these schemes may come from a var; relative URLs and `#` fragments have none. */
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto']);

/** A var's text wrapped with its call number; noncharacters already in it are dropped. */
export function markVar(text: string, call: number): string {
  const digits = [...call.toString(16)].map((d) => String.fromCharCode(DIGIT + Number.parseInt(d, 16)));
  return `${OPEN}${digits.join('')}${SEPARATOR}${text.replace(NONCHARACTERS, '')}${CLOSE}`;
}

/** A link target that a var made unsafe, with the calls of the vars in it. */
export interface UnsafeLink {
  scheme: string;
  calls: number[];
  /** What it became: a `#` link, or text where it was an autolink. */
  replacedBy: 'hash' | 'text';
}

/**
 * Checks every link target of rendered Markdown that holds a var: an inline link or image, a link
 * reference definition, an autolink, or a URL attribute of raw HTML (`href`, `src`, reveal.js's
 * `data-background-*`...). A target whose scheme, read as a browser reads it (entities decoded, tabs
 * and newlines dropped, leading spaces and controls trimmed, any case), is not http, https or mailto
 * becomes `#` (an autolink becomes text). Targets without a var are the author's and stay as written.
 * Returns the Markdown without the marks.
 */
export function checkVarLinks(markdown: string): { markdown: string; unsafe: UnsafeLink[] } {
  const unsafe: UnsafeLink[] = [];
  if (!markdown.includes(OPEN)) return { markdown, unsafe };
  /** True (and recorded) when `target` holds a var and its scheme is not a safe one. */
  const check = (lead: string, target: string, replacedBy: UnsafeLink['replacedBy']): boolean => {
    const calls = [...`${lead}${target}`.matchAll(MARK)].flatMap((m) =>
      m[1] === undefined ? [] : [callOf(m[1])],
    );
    if (calls.length === 0) return false;
    const scheme = schemeOf(target.replace(MARK, ''));
    if (scheme === undefined || SAFE_SCHEMES.has(scheme)) return false;
    unsafe.push({ scheme, calls, replacedBy });
    return true;
  };
  let out = markdown;
  // Inline links and images: `](target` up to a space or the closing parenthesis (balanced ones kept).
  out = out.replace(INLINE_TARGET, (whole, lead: string, target: string) =>
    check(lead, unbracket(target), 'hash') ? `${lead}#` : whole,
  );
  // Link reference definitions: `[label]: target` at the start of a line.
  out = out.replace(DEFINITION_TARGET, (whole, lead: string, target: string) =>
    check(lead, unbracket(target), 'hash') ? `${lead}#` : whole,
  );
  // URL attributes of raw HTML, quoted or not (in `.slide:` comments too).
  out = out.replace(
    ATTRIBUTE_TARGET,
    (whole, name: string, equals: string, double?: string, single?: string, bare?: string) => {
      if (!check(equals, double ?? single ?? bare ?? '', 'hash')) return whole;
      const quote = double !== undefined ? '"' : single !== undefined ? "'" : '';
      return `${name}${equals}${quote}#${quote}`;
    },
  );
  // `<` right before a var, or an autolink holding one: the var must not name an HTML tag (`<script>`)
  // nor an unsafe autolink, which both become text; a safe autolink gets the var's text unescaped, since
  // entities are not decoded in an autolink (`&#95;` would show and break the URL).
  out = out.replace(/<([^<>]*)>/g, (whole, target: string) => {
    if (!target.includes(OPEN)) return whole;
    const plain = target.replace(VAR_TEXT, (_, text: string) => decodeHTML(text)).replace(MARK, '');
    if (URI_OR_EMAIL.test(plain)) {
      if (check('', target, 'text')) return `&lt;${target.replace(/:/g, '&#58;')}&gt;`;
      return SAFE_AUTOLINK.test(plain) ? `<${plain}>` : `&lt;${target}&gt;`;
    }
    return target.startsWith(OPEN) ? `&lt;${target}&gt;` : whole;
  });
  return { markdown: out.replace(MARK, ''), unsafe };
}

function unbracket(target: string): string {
  return target.startsWith('<') && target.endsWith('>') ? target.slice(1, -1) : target;
}

function callOf(digits: string): number {
  return Number.parseInt([...digits].map((d) => (d.charCodeAt(0) - DIGIT).toString(16)).join('') || '0', 16);
}

/**
 * The scheme of a URL as a browser's URL parser finds it in an attribute, lower-cased, or undefined for a
 * relative URL. Markdown backslash escapes are undone first, as marked undoes them.
 */
export function schemeOf(url: string): string | undefined {
  const plain = decodeHTMLAttribute(url.replace(/\\([!-/:-@[-`{-~])/g, '$1'))
    .replace(/[\t\n\r]/g, '')
    .replace(/^[\p{Cc} ]+/u, '');
  return /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(plain)?.[1]?.toLowerCase();
}
