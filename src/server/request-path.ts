/**
 * What a request's target names, or why it is refused. Pure: symlinks, which need the disk, are judged
 * afterwards by the build's own rule for deck files (`deckFile` in src/plan/deck-files.ts).
 */
export type RequestPath =
  | { ok: true; segments: string[] }
  | { ok: false; status: 400 | 403 | 404; reason: string };

/**
 * Splits a raw request target (`req.url`, exactly as the client sent it) into decoded path segments, and
 * refuses anything that could leave the served folder or reach a hidden file:
 *
 * - `..` and `.` segments, raw or percent-encoded (`%2e%2e`), with 403;
 * - separators and NUL smuggled inside a segment (`%2F`, `%5C`, `%00`, a raw `\`), with 403;
 * - empty segments (`//etc/passwd`) and drive letters (`C:`), which path functions read as absolute, 403;
 * - dotfiles and dot-folders (`.git`, `.env`), with 404, as static servers hide them;
 * - targets that are not a path (`http://host/...`, `*`) and malformed encodings, with 400.
 *
 * `/` is `[]`; a trailing slash leaves an empty last segment, which the server answers with 404 (no
 * listings). Each segment is decoded once, so `%252e` stays the harmless name `%2e`.
 */
export function parseRequestPath(target: string): RequestPath {
  if (!target.startsWith('/')) return refuse(400, 'the request target is not a path');
  const path = target.replace(/[?#].*$/s, '');
  const raw = path.slice(1).split('/');
  const segments: string[] = [];
  for (const [index, part] of raw.entries()) {
    let segment: string;
    try {
      segment = decodeURIComponent(part);
    } catch {
      return refuse(400, 'malformed percent-encoding');
    }
    const last = index === raw.length - 1;
    if (segment === '' && !last) return refuse(403, 'empty path segment');
    if (segment === '..' || segment === '.') return refuse(403, 'dot segment');
    if (/[/\\\0]/.test(segment)) return refuse(403, 'separator or NUL inside a segment');
    // `C:` is a drive on Windows and `name:stream` an NTFS stream; no deck needs a colon in a file name.
    if (segment.includes(':')) return refuse(403, 'colon in a segment');
    if (segment.startsWith('.')) return refuse(404, 'hidden file');
    segments.push(segment);
  }
  // `/` has one empty segment: the root itself.
  if (segments.length === 1 && segments[0] === '') return { ok: true, segments: [] };
  return { ok: true, segments };
}

/**
 * Whether a Host header is one this server answers. Bound to loopback, a page on another site could
 * point its own domain at 127.0.0.1 (DNS rebinding) and read the deck's folder through the victim's
 * browser; such a request carries that domain as its Host. IP literals, `localhost`, the host the
 * server was told to bind and `otherNames` (the machine's own names) are fine.
 */
export function isAllowedHost(
  header: string | undefined,
  boundHost: string,
  otherNames: readonly string[] = [],
): boolean {
  if (header === undefined) return false;
  const name = header.startsWith('[')
    ? header.slice(0, header.indexOf(']') + 1)
    : header.replace(/:\d+$/, '');
  const host = name.toLowerCase();
  if (host === boundHost.toLowerCase() || otherNames.some((n) => n.toLowerCase() === host)) return true;
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return true;
  return host.startsWith('[') && host.endsWith(']');
}

function refuse<S extends 400 | 403 | 404>(
  status: S,
  reason: string,
): { ok: false; status: S; reason: string } {
  return { ok: false, status, reason };
}
