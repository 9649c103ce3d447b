/** What names a cut's files: its deck, and the audience or recipient it is for. */
export interface CutName {
  deck: { name: string };
  audience: string | undefined;
  recipient: { slug: string } | undefined;
}

/**
 * The stem of a cut's own files beside its page (`<stem>.pdf`, `png/<stem>-001.png`): `elixir-pitch`,
 * `elixir-pitch-founders`, or `elixir-pitch-ann-lee` for a recipient, so a file sent on its own still
 * says whom it is for.
 */
export function cutStem(cut: CutName): string {
  const suffix = cut.recipient?.slug ?? cut.audience;
  return suffix === undefined ? cut.deck.name : `${cut.deck.name}-${suffix}`;
}

/** The file name of a cut's PDF, beside its index.html. */
export function pdfFileName(cut: CutName): string {
  return `${cutStem(cut)}.pdf`;
}

/** The file name of a cut's PowerPoint file, beside its index.html. */
export function pptxFileName(cut: CutName): string {
  return `${cutStem(cut)}.pptx`;
}

/** The file name of a cut's handout, beside its index.html: `elixir-pitch-cto-handout.pdf`. */
export function handoutFileName(cut: CutName): string {
  return `${cutStem(cut)}-handout.pdf`;
}

/** The file name of a cut's self-contained HTML file beside its index.html. */
export function singleFileName(cut: CutName): string {
  const stem = cutStem(cut);
  // A deck named index.md would otherwise overwrite its own page.
  return `${stem === 'index' ? 'index-single' : stem}.html`;
}

/** The file name of a slide's image in the cut's `png/` folder: `elixir-pitch-cto-007.png`. */
export function imageFileName(
  cut: CutName,
  slide: number,
  format: 'png' | 'jpeg' = 'png',
  stem: string = cutStem(cut),
): string {
  return `${stem}-${String(slide).padStart(3, '0')}.${format === 'jpeg' ? 'jpg' : 'png'}`;
}
