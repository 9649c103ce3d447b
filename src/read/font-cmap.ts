/**
 * The code points a WOFF2 font file really maps to glyphs: its `cmap` table, read with node:zlib's
 * Brotli. The unicode ranges a font package declares for a subset can claim more than the file has
 * (the CJK slices are cut the same for Chinese, Japanese and Korean), and a browser that trusts them
 * draws a box instead of asking the next font.
 *
 * @module
 */

import { readFileSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';

/** WOFF2's known table tags, by the index its table directory stores (WOFF2 spec, section 5.1). */
const KNOWN_TAGS = [
  'cmap',
  'head',
  'hhea',
  'hmtx',
  'maxp',
  'name',
  'OS/2',
  'post',
  'cvt ',
  'fpgm',
  'glyf',
  'loca',
  'prep',
  'CFF ',
  'VORG',
  'EBDT',
  'EBLC',
  'gasp',
  'hdmx',
  'kern',
  'LTSH',
  'PCLT',
  'VDMX',
  'vhea',
  'vmtx',
  'BASE',
  'GDEF',
  'GPOS',
  'GSUB',
  'EBSC',
  'JSTF',
  'MATH',
  'CBDT',
  'CBLC',
  'COLR',
  'CPAL',
  'SVG ',
  'sbix',
  'acnt',
  'avar',
  'bdat',
  'bloc',
  'bsln',
  'cvar',
  'fdsc',
  'feat',
  'fmtx',
  'fvar',
  'gvar',
  'hsty',
  'just',
  'lcar',
  'mort',
  'morx',
  'opbd',
  'prop',
  'trak',
  'Zapf',
  'Silf',
  'Glat',
  'Gloc',
  'Feat',
  'Sill',
];

/**
 * Reads the code points of a WOFF2 file's `cmap` (formats 4 and 12).
 *
 * @throws Error for a file that is not a WOFF2 font or has no cmap.
 */
export function readWoff2CodePoints(path: string): Set<number> {
  const data = readFileSync(path);
  if (data.toString('latin1', 0, 4) !== 'wOF2') throw new Error(`${path} is not a WOFF2 font`);
  const tableCount = data.readUInt16BE(12);
  const compressedLength = data.readUInt32BE(20);
  let offset = 48;
  const base128 = () => {
    let value = 0;
    for (let i = 0; i < 5; i++) {
      const byte = data[offset++] ?? 0;
      value = value * 128 + (byte & 0x7f);
      if ((byte & 0x80) === 0) return value;
    }
    throw new Error(`${path}: a bad length in the table directory`);
  };
  const tables: { tag: string; length: number }[] = [];
  for (let i = 0; i < tableCount; i++) {
    const flags = data[offset++] ?? 0;
    let tag = KNOWN_TAGS[flags & 0x3f] ?? '';
    if ((flags & 0x3f) === 63) {
      tag = data.toString('latin1', offset, offset + 4);
      offset += 4;
    }
    let length = base128();
    const transform = (flags >> 6) & 3;
    // glyf and loca are transformed unless the version bits say 3; other tables only when not 0.
    const transformed = tag === 'glyf' || tag === 'loca' ? transform !== 3 : transform !== 0;
    if (transformed) length = base128();
    tables.push({ tag, length });
  }
  const tablesData = brotliDecompressSync(data.subarray(offset, offset + compressedLength));
  let at = 0;
  for (const table of tables) {
    if (table.tag === 'cmap') return cmapCodePoints(tablesData.subarray(at, at + table.length));
    at += table.length;
  }
  throw new Error(`${path} has no cmap table`);
}

function cmapCodePoints(cmap: Buffer): Set<number> {
  const points = new Set<number>();
  const subtables = cmap.readUInt16BE(2);
  for (let i = 0; i < subtables; i++) {
    const at = cmap.readUInt32BE(4 + i * 8 + 4);
    const format = cmap.readUInt16BE(at);
    if (format === 12) {
      const groups = cmap.readUInt32BE(at + 12);
      for (let g = 0; g < groups; g++) {
        const start = cmap.readUInt32BE(at + 16 + g * 12);
        const end = cmap.readUInt32BE(at + 20 + g * 12);
        for (let cp = start; cp <= end; cp++) points.add(cp);
      }
    } else if (format === 4) {
      const segments = cmap.readUInt16BE(at + 6) / 2;
      for (let s = 0; s < segments; s++) {
        const end = cmap.readUInt16BE(at + 14 + s * 2);
        const start = cmap.readUInt16BE(at + 16 + segments * 2 + s * 2);
        for (let cp = start; cp <= end && cp !== 0xffff; cp++) points.add(cp);
      }
    }
  }
  return points;
}
