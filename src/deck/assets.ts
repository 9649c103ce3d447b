import type { Document } from 'domhandler';
import { decodeAttribute, elements } from './slide-dom.ts';

/** Element attributes that point at files a deck needs beside it. */
const URL_ATTRIBUTES: Record<string, readonly string[]> = {
  img: ['src', 'data-src'],
  video: ['src', 'poster', 'data-src'],
  audio: ['src', 'data-src'],
  source: ['src', 'data-src'],
  iframe: ['src', 'data-src'],
  embed: ['src'],
  object: ['data'],
  a: ['href'],
};

/** Slide attributes that point at files: reveal.js backgrounds. */
const SECTION_URL_ATTRIBUTES = ['data-background-image', 'data-background-video', 'data-background-iframe'];

/**
 * The local files a slide links to, as paths relative to the deck's folder: remote URLs, anchors, data
 * URIs and absolute paths are not the deck's to copy.
 */
export function localLinks(root: Document, sectionAttributes: Record<string, string>): string[] {
  const found: string[] = [];
  for (const el of elements(root)) {
    for (const name of URL_ATTRIBUTES[el.name] ?? []) {
      const value = el.attribs[name];
      if (value !== undefined) found.push(value);
    }
  }
  for (const name of SECTION_URL_ATTRIBUTES) {
    // A background video may list several sources, comma-separated.
    for (const value of sectionAttributes[name]?.split(',') ?? []) found.push(value);
  }
  // reveal.js's shorthand `data-background` is an image when it looks like one, else a colour.
  const shorthand = sectionAttributes['data-background'];
  if (shorthand && /\.(svg|png|jpe?g|gif|bmp|webp)([?#].*)?$/i.test(shorthand.trim())) found.push(shorthand);
  return [...new Set(found.map(localPath).filter((p): p is string => p !== undefined))];
}

/** Elements that show what their URL points at (links to other pages are not among them). */
const MEDIA_ELEMENTS: ReadonlySet<string> = new Set([
  'img',
  'video',
  'audio',
  'source',
  'iframe',
  'embed',
  'object',
]);

/**
 * The remote URLs (`http:`, `https:`, `//host/...`) a slide shows: pictures, videos, audio, frames and
 * reveal.js backgrounds. The deck needs the network to show them; links to pages are not counted.
 */
export function remoteMedia(root: Document, sectionAttributes: Record<string, string>): string[] {
  const found: string[] = [];
  for (const el of elements(root)) {
    if (!MEDIA_ELEMENTS.has(el.name)) continue;
    for (const name of URL_ATTRIBUTES[el.name] ?? []) {
      const value = el.attribs[name];
      if (value !== undefined) found.push(value);
    }
  }
  for (const name of [...SECTION_URL_ATTRIBUTES, 'data-background']) {
    for (const value of sectionAttributes[name]?.split(',') ?? []) found.push(value);
  }
  return [...new Set(found.map((url) => decodeAttribute(url.trim())).filter(isRemote))];
}

/** A URL fetched from the network: `http:`, `https:` or protocol-relative. */
export function isRemote(url: string): boolean {
  return /^(https?:)?\/\/[^/]/i.test(url);
}

/** The deck-relative path of a URL, or undefined when it is not a local file. */
export function localPath(url: string): string | undefined {
  const trimmed = decodeAttribute(url.trim());
  if (trimmed === '' || /^([a-z][a-z0-9+.-]*:|\/|#|\{\{)/i.test(trimmed)) return undefined;
  const path = trimmed.replace(/[?#].*$/, '');
  if (path === '') return undefined;
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}
