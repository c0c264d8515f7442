// Comlink sends the calls of a callback the UI passed (progress, frames) on that callback's own port, and the browser
// may hand the UI the call's result, sent on the worker's port, before the last of them: a landscape's late progress
// then overwrote its finished run (result gone) and its heatmap never appeared.

/** Runs `job` with a stand-in for `callback` and resolves with its value only after the UI has run every call made
 * to it (each Comlink callback call resolves when the UI has run it). */
export async function delivering<A extends unknown[], T>(
  callback: ((...args: A) => unknown) | undefined,
  job: (callback: (...args: A) => void) => Promise<T>,
): Promise<T> {
  const calls: unknown[] = [];
  const value = await job((...args) => {
    if (callback) calls.push(callback(...args));
  });
  await Promise.allSettled(calls); // a UI callback that threw stays the UI's error, as before
  return value;
}
