/** What may refer to an id in a picture: an id, a `#id` (url(), href, CSS), an ARIA reference. */
const LEADS = ['id="', '#', 'aria-labelledby="', 'aria-describedby="'];

/**
 * A picture's markup with every id that is already `taken` in the page renamed (`clip1` → `clip1-2`),
 * and its references with it; the ids it ends up with are added to `taken`. The same diagram twice in a
 * deck, or two charts that both number their clip paths from 1, would otherwise share ids, and a
 * reference would find the other picture's (which a browser does not draw while its slide is hidden).
 */
export function uniqueIds(html: string, taken: Set<string>): string {
  const renames = new Map<string, string>();
  for (const [, id] of html.matchAll(/\sid="([^"]+)"/g)) {
    if (id === undefined || renames.has(id)) continue;
    let name = id;
    for (let n = 2; taken.has(name); n++) name = `${id}-${n}`;
    taken.add(name);
    if (name !== id) renames.set(id, name);
  }
  if (renames.size === 0) return html;
  const ids = [...renames.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const leads = LEADS.map(escapeRegExp).join('|');
  const pattern = new RegExp(`(${leads})(${ids.join('|')})(?![\\w-])`, 'g');
  return html.replace(pattern, (_whole, lead: string, id: string) => `${lead}${renames.get(id) ?? id}`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
