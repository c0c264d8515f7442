// The tfjs backends, fastest first: the one list the worker, the CLI and npm run bench use. No tfjs import.

export const BACKEND_ORDER = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_ORDER)[number];
/** The backends the Node CLI and tests can run: cpu (exact) and wasm (fast). */
export const NODE_BACKENDS = ['cpu', 'wasm'] as const satisfies readonly BackendName[];
/** The backends a browser may run, fastest first: what npm run bench times. */
export const BROWSER_BACKENDS = BACKEND_ORDER.filter((b) => b !== 'cpu');

export function isBackendName(name: string): name is BackendName {
  return (BACKEND_ORDER as readonly string[]).includes(name);
}
