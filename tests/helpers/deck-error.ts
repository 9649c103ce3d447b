import { DeckError } from '../../src/errors.ts';

/** Runs `fn` and returns the DeckError it throws; fails the test when it throws nothing or another error. */
export function deckErrorOf(fn: () => unknown): DeckError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DeckError) return error;
    throw error;
  }
  throw new Error('expected a DeckError, but nothing was thrown');
}

/** The DeckError a promise rejects with; fails the test when it resolves or rejects with another error. */
export async function deckErrorOfAsync(promise: Promise<unknown>): Promise<DeckError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DeckError) return error;
    throw error;
  }
  throw new Error('expected a DeckError, but the promise resolved');
}
