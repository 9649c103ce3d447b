import type { Command } from 'commander';

/** Where each option a config file set came from (`pitchdeck.config.yaml:3`), by command. */
const origins = new WeakMap<Command, Map<string, string>>();

/** Records that the config file at `where` (`file:line`) set the option `key` of `command`. */
export function setConfigOrigin(command: Command, key: string, where: string): void {
  const map = origins.get(command) ?? new Map<string, string>();
  map.set(key, where);
  origins.set(command, map);
}

/**
 * How a message names where the value of `key` came from: the config file and its line when the
 * config set it (`browserPath in pitchdeck.config.yaml:3`), else the flag (`--browser-path`).
 */
export function optionOrigin(command: Command, key: string, flag: string): string {
  const where = command.getOptionValueSource(key) === 'config' ? origins.get(command)?.get(key) : undefined;
  return where === undefined ? flag : `${key} in ${where}`;
}
