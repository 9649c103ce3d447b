import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DiagramRenderer } from '../deck/fences/fence.ts';
import { DeckError } from '../errors.ts';
import { TEMPLATES_DIR } from '../read/package-paths.ts';
import type { LiveBuild, LiveBuildOptions } from './live-build.ts';
import {
  type BuildRequest,
  type DrawReply,
  type DrawRequest,
  deserializeError,
  type FromWorker,
  serializeError,
} from './thread-messages.ts';

/** A build that takes longer than this is stopped: no real deck needs it, and the server must answer. */
export const REBUILD_LIMIT_MS = 20_000;

/**
 * Builds the served deck in a worker thread. The server's own thread stays free to answer requests and
 * signals whatever the deck does; a build that outlasts the limit is stopped by ending the worker, and
 * the next build starts a fresh one. The worker's diagrams are drawn here, by `diagrams`, in a browser
 * this thread owns.
 */
export class OffThreadBuilder {
  readonly #options: LiveBuildOptions;
  readonly #limitMs: number;
  readonly #diagrams: DiagramRenderer | undefined;
  #worker: Worker | undefined;
  #next = 0;
  #templatesChanged = false;
  readonly #waiting = new Map<number, { done: (build: LiveBuild) => void; fail: (error: unknown) => void }>();

  constructor(options: LiveBuildOptions, limitMs = REBUILD_LIMIT_MS, diagrams?: DiagramRenderer) {
    this.#options = options;
    this.#limitMs = limitMs;
    this.#diagrams = diagrams;
  }

  /** The templates folder in use. */
  get templatesDir(): string {
    return this.#options.templates ?? TEMPLATES_DIR;
  }

  /** A template changed: compile them again on the next build. */
  invalidateTemplates(): void {
    this.#templatesChanged = true;
  }

  /**
   * Plans and renders the deck off the server's thread.
   *
   * @throws DeckError as the build does, and for a build stopped at the time limit.
   */
  build(): Promise<LiveBuild> {
    const worker = this.#start();
    const id = ++this.#next;
    const request: BuildRequest = {
      type: 'build',
      id,
      options: this.#options,
      invalidateTemplates: this.#templatesChanged,
    };
    this.#templatesChanged = false;
    return new Promise<LiveBuild>((done, fail) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(id);
        this.#stop();
        fail(
          new DeckError(`building the deck took longer than ${this.#limitMs / 1000} s and was stopped`, {
            file: relative(this.#options.cwd, this.#options.file) || this.#options.file,
            line: 0,
            code: 'too-slow',
            hint: 'Look for what makes it endless (a separator pattern, a huge table or list); the server keeps showing the last version that built.',
          }),
        );
      }, this.#limitMs);
      this.#waiting.set(id, {
        done: (build) => {
          clearTimeout(timer);
          done(build);
        },
        fail: (error) => {
          clearTimeout(timer);
          fail(error);
        },
      });
      worker.postMessage(request);
    });
  }

  /** Ends the worker, and with it any build under way (which then fails); safe to call twice. */
  async close(): Promise<void> {
    const stopping = this.#stop();
    for (const waiting of this.#waiting.values()) waiting.fail(new Error('the server was closed'));
    this.#waiting.clear();
    await stopping;
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(workerFile());
    worker.unref();
    worker.on('message', (reply: FromWorker) => {
      if (reply.type === 'draw') {
        void this.#draw(worker, reply);
        return;
      }
      const waiting = this.#waiting.get(reply.id);
      if (!waiting) return;
      this.#waiting.delete(reply.id);
      if (reply.ok) waiting.done(reply.build);
      else waiting.fail(deserializeError(reply.error));
    });
    const lost = (error: unknown) => {
      if (this.#worker !== worker) return;
      this.#worker = undefined;
      for (const waiting of this.#waiting.values()) waiting.fail(error);
      this.#waiting.clear();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the build worker stopped (exit code ${code})`)));
    this.#worker = worker;
    return worker;
  }

  /** Draws a diagram the worker asked for and answers it, unless the worker was stopped meanwhile. */
  async #draw(worker: Worker, request: DrawRequest): Promise<void> {
    let reply: DrawReply;
    try {
      if (!this.#diagrams) throw new Error('the server was started without a diagram renderer');
      const result = await this.#diagrams.render(request.source, request.theme);
      reply = { type: 'drawn', id: request.id, ok: true, result };
    } catch (error) {
      reply = { type: 'drawn', id: request.id, ok: false, error: serializeError(error) };
    }
    if (this.#worker === worker) worker.postMessage(reply);
  }

  async #stop(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    await worker?.terminate();
  }
}

/**
 * The worker's compiled file. Built, it sits beside this module; run from the TypeScript sources (the
 * tests), the compiled copy in lib/ is used, since Node cannot start a worker from a .ts file.
 */
function workerFile(): string {
  const beside = fileURLToPath(new URL('./live-build-worker.js', import.meta.url));
  if (existsSync(beside)) return beside;
  return fileURLToPath(new URL('../../lib/server/live-build-worker.js', import.meta.url));
}
