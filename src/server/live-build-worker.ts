/**
 * The worker thread `pitchdeck serve` plans its deck in, so that a rebuild never blocks the server: a
 * slow or endless build is stopped from outside, and Ctrl-C is always heard. Each build request gets
 * the build or the error, as plain data. Diagrams are drawn by the server's thread, which owns the
 * browser: a worker stopped at the time limit must not leave a browser behind.
 */
import { parentPort } from 'node:worker_threads';
import type { DiagramRenderer, DiagramResult } from '../deck/fences/fence.ts';
import { openPictureCache } from '../read/picture-cache.ts';
import { LiveBuilder } from './live-build.ts';
import { type BuildReply, deserializeError, serializeError, type ToWorker } from './thread-messages.ts';

let builder: LiveBuilder | undefined;
let builtFor = '';
// Kept for the whole session: a rebuild that changes no picture draws none.
const pictures = openPictureCache();

let nextDraw = 0;
const drawing = new Map<number, { done: (result: DiagramResult) => void; fail: (error: unknown) => void }>();

const diagrams: DiagramRenderer = {
  render(source, theme) {
    const id = ++nextDraw;
    return new Promise<DiagramResult>((done, fail) => {
      drawing.set(id, { done, fail });
      parentPort?.postMessage({ type: 'draw', id, source, theme });
    });
  },
};

parentPort?.on('message', async (message: ToWorker) => {
  if (message.type === 'drawn') {
    const waiting = drawing.get(message.id);
    drawing.delete(message.id);
    if (message.ok) waiting?.done(message.result);
    else waiting?.fail(deserializeError(message.error));
    return;
  }
  const key = JSON.stringify(message.options);
  if (!builder || key !== builtFor) {
    builder = new LiveBuilder(message.options, { diagrams, pictures });
    builtFor = key;
  }
  if (message.invalidateTemplates) builder.invalidateTemplates();
  let reply: BuildReply;
  try {
    reply = { type: 'built', id: message.id, ok: true, build: await builder.build() };
  } catch (error) {
    reply = { type: 'built', id: message.id, ok: false, error: serializeError(error) };
  }
  parentPort?.postMessage(reply);
});
