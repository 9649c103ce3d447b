/**
 * The worker thread `pitchdeck serve` plans its deck in, so that a rebuild never blocks the server: a
 * slow or endless build is stopped from outside, and Ctrl-C is always heard. Each message asks for one
 * build; the answer is the build or the error, as plain data.
 */
import { parentPort } from 'node:worker_threads';
import { DeckError, EnvironmentError } from '../errors.ts';
import { type LiveBuild, LiveBuilder, type LiveBuildOptions } from './live-build.ts';

/** A build request: the options, and whether the templates changed since the last one. */
export interface BuildRequest {
  id: number;
  options: LiveBuildOptions;
  invalidateTemplates: boolean;
}

/** An error as it crosses the thread boundary: the fields each error class needs to be made again. */
export type SerializedError =
  | {
      kind: 'deck';
      message: string;
      file: string;
      line: number;
      code: DeckError['code'];
      hint: string | undefined;
    }
  | { kind: 'environment'; message: string; hint: string | undefined }
  | { kind: 'bug'; message: string; stack: string | undefined };

export type BuildReply =
  | { id: number; ok: true; build: LiveBuild }
  | { id: number; ok: false; error: SerializedError };

export function serializeError(error: unknown): SerializedError {
  if (error instanceof DeckError) {
    return {
      kind: 'deck',
      message: error.message,
      file: error.file,
      line: error.line,
      code: error.code,
      hint: error.hint,
    };
  }
  if (error instanceof EnvironmentError)
    return { kind: 'environment', message: error.message, hint: error.hint };
  return {
    kind: 'bug',
    message: error instanceof Error ? error.message : String(error),
    stack: error instanceof Error ? error.stack : undefined,
  };
}

let builder: LiveBuilder | undefined;
let builtFor = '';

parentPort?.on('message', async (request: BuildRequest) => {
  const key = JSON.stringify(request.options);
  if (!builder || key !== builtFor) {
    builder = new LiveBuilder(request.options);
    builtFor = key;
  }
  if (request.invalidateTemplates) builder.invalidateTemplates();
  let reply: BuildReply;
  try {
    reply = { id: request.id, ok: true, build: await builder.build() };
  } catch (error) {
    reply = { id: request.id, ok: false, error: serializeError(error) };
  }
  parentPort?.postMessage(reply);
});
