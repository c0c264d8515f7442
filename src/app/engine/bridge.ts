// A door to one engine worker: starts it lazily, runs calls one at a time, and lets any call be abandoned with
// an AbortSignal (the UI stops waiting at once; the worker finishes and its result is dropped).
import * as Comlink from 'comlink';
import type { EngineApi, UserModel } from '../../worker/protocol.ts';

export type Engine = Comlink.Remote<EngineApi>;

/** The user's models, which every worker knows by name: a worker started later is told of them first. */
const userModels = new Map<string, UserModel>();
const started = new Set<Engine>();

export class EngineBridge {
  private engine: Engine | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly name: string) {}

  private start(): Engine {
    if (!this.engine) {
      const worker = new Worker(new URL('../../worker/engine-worker.ts', import.meta.url), { type: 'module', name: this.name });
      const engine = Comlink.wrap<EngineApi>(worker);
      for (const model of userModels.values()) void engine.registerModel(model); // messages arrive in order: before any load
      started.add(engine);
      this.engine = engine;
    }
    return this.engine;
  }

  /** Tells every worker, started or not, of a user model, replacing one of that name. */
  static registerModel(model: UserModel): void {
    userModels.set(model.name, model);
    for (const engine of started) void engine.registerModel(model);
  }

  /** Every worker forgets the model and frees its weights. */
  static forgetModel(name: string): void {
    userModels.delete(name);
    for (const engine of started) void engine.forgetModel(name);
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
