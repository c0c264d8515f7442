// A door to one engine worker: starts it lazily, runs calls one at a time, and lets any call be abandoned with
// an AbortSignal (the UI stops waiting at once; the worker finishes and its result is dropped).
import * as Comlink from 'comlink';
import type { EngineApi } from '../../worker/protocol.ts';

export type Engine = Comlink.Remote<EngineApi>;

export class EngineBridge {
  private engine: Engine | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly name: string) {}

  private start(): Engine {
    if (!this.engine) {
      const worker = new Worker(new URL('../../worker/engine-worker.ts', import.meta.url), { type: 'module', name: this.name });
      this.engine = Comlink.wrap<EngineApi>(worker);
    }
    return this.engine;
  }

  call<T>(fn: (engine: Engine) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const run = this.queue.then(() => {
      signal?.throwIfAborted();
      return fn(this.start());
    });
    this.queue = run.catch(() => undefined);
    if (!signal) return run;
    return new Promise<T>((resolve, reject) => {
      const abort = () => reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
      if (signal.aborted) abort();
      signal.addEventListener('abort', abort, { once: true });
      run.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
    });
  }

  /** Calls the worker at once, past the queue: for controls of a running call (pause, cancel). */
  now<T>(fn: (engine: Engine) => Promise<T>): Promise<T> {
    return fn(this.start());
  }

  /** Wraps a callback so the worker can call it back (progress). */
  static callback<F extends (...args: never[]) => void>(fn: F): F & Comlink.ProxyMarked {
    return Comlink.proxy(fn);
  }
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
