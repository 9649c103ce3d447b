/**
 * What the server's thread and its build worker say to each other, as plain data: build requests and
 * their answers one way, and the other way diagrams to draw (the worker never starts a browser: one
 * stopped at the time limit would leave it running), and the drawings.
 */
import type { DiagramResult, PictureTheme } from '../deck/fences/fence.ts';
import { DeckError, EnvironmentError } from '../errors.ts';
import type { LiveBuild, LiveBuildOptions } from './live-build.ts';

/** A build request: the options, and whether the templates changed since the last one. */
export interface BuildRequest {
  type: 'build';
  id: number;
  options: LiveBuildOptions;
  invalidateTemplates: boolean;
}

export type BuildReply =
  | { type: 'built'; id: number; ok: true; build: LiveBuild }
  | { type: 'built'; id: number; ok: false; error: SerializedError };

/** The worker asks the server's thread, which owns the browser, to draw a diagram. */
export interface DrawRequest {
  type: 'draw';
  id: number;
  source: string;
  theme: PictureTheme;
}

export type DrawReply =
  | { type: 'drawn'; id: number; ok: true; result: DiagramResult }
  | { type: 'drawn'; id: number; ok: false; error: SerializedError };

/** Messages to the worker, and from it. */
export type ToWorker = BuildRequest | DrawReply;
export type FromWorker = BuildReply | DrawRequest;

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

export function deserializeError(error: SerializedError): Error {
  if (error.kind === 'deck') {
    return new DeckError(error.message, {
      file: error.file,
      line: error.line,
      code: error.code,
      hint: error.hint,
    });
  }
  if (error.kind === 'environment') return new EnvironmentError(error.message, { hint: error.hint });
  const bug = new Error(error.message);
  if (error.stack) bug.stack = error.stack;
  return bug;
}
