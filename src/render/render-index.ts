import Handlebars from 'handlebars';
import { templateError } from './templates.ts';

/** One cut as the index lists it; links are relative to the index page. */
export interface IndexCut {
  /** The audience's name, or null for a deck without audiences. */
  audience: string | null;
  /** The recipient's name as written in the recipients file, or null. */
  recipient: string | null;
  /** What the link says: the recipient, else the audience, else the deck's title. */
  label: string;
  /** The cut's title (an audience may have its own). */
  title: string;
  slides: number;
  href: string;
  /** The PDF beside the page, or null when there is none. */
  pdfHref: string | null;
  /** The self-contained single HTML file beside the page, or null. */
  singleFileHref: string | null;
}

export interface IndexDeck {
  /** The deck's folder name. */
  name: string;
  /** The source file, as the user named it. */
  source: string;
  cuts: IndexCut[];
}

/** What `index.hbs` receives. */
export interface IndexPage {
  version: string;
  decks: IndexDeck[];
  /** `3 cuts of 1 deck`. */
  summary: string;
}

/** Compiles `index.hbs` in strict mode: a field the template uses but the page lacks is an error. */
export function compileIndexTemplate(source: { text: string; file: string }): (page: IndexPage) => string {
  let compiled: HandlebarsTemplateDelegate;
  try {
    Handlebars.parse(source.text);
    compiled = Handlebars.create().compile(source.text, { strict: true });
  } catch (error) {
    throw templateError(error, source.file);
  }
  return (page) => {
    try {
      return compiled(page);
    } catch (error) {
      throw templateError(error, source.file);
    }
  };
}
