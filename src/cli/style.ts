import { createColors } from 'picocolors';

/** Colours for one output stream: on for a terminal, off for files, pipes, CI logs and `NO_COLOR`. */
export interface Style {
  /** Colours the `error:` and `warning:` of a message line, and leaves the rest as it is. */
  line(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

/**
 * The style of a stream: colour when it is a terminal and `NO_COLOR` is not set, or when `FORCE_COLOR` asks
 * for it (https://no-color.org).
 */
export function styleFor(
  stream: { isTTY?: boolean | undefined },
  env: NodeJS.ProcessEnv = process.env,
): Style {
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0';
  const enabled = forced || (stream.isTTY === true && !('NO_COLOR' in env) && env.TERM !== 'dumb');
  const c = createColors(enabled);
  return {
    line: (text) =>
      enabled
        ? text
            .replace(
              /(^|: )(error)(:)/,
              (_, lead: string, word: string, colon: string) => `${lead}${c.bold(c.red(word))}${colon}`,
            )
            .replace(
              /(^|: )(warning)(:)/,
              (_, lead: string, word: string, colon: string) => `${lead}${c.yellow(word)}${colon}`,
            )
            .replace(/ (\[[a-z-]+\])$/, (_, rule: string) => ` ${c.dim(rule)}`)
        : text,
    dim: (text) => c.dim(text),
    bold: (text) => c.bold(text),
  };
}
