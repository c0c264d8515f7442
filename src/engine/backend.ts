// Picks the fastest tfjs backend that really works here: webgpu, webgl, wasm, then cpu.
import * as tf from '@tensorflow/tfjs-core';
import { BACKEND_ORDER, isBackendName, type BackendName } from './backend-names.ts';

export { BACKEND_ORDER, isBackendName, type BackendName };

export interface BackendChoice {
  name: BackendName;
  /** Backends tried before it, and why each was passed over. */
  skipped: { name: BackendName; reason: string }[];
}

/** Why `name` cannot run here, or null when it may: WebGPU needs navigator.gpu and an adapter. */
async function unavailable(name: BackendName): Promise<string | null> {
  if (name !== 'webgpu') return null;
  const gpu = (globalThis.navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } } | undefined)?.gpu;
  if (!gpu) return 'navigator.gpu is missing (WebGPU not supported or not enabled)';
  const adapter = await gpu.requestAdapter().catch(() => null);
  return adapter ? null : 'no WebGPU adapter';
}

/** Tries `preferred` first (the ?backend= override), then the rest in BACKEND_ORDER. */
export async function selectBackend(preferred?: string): Promise<BackendChoice> {
  if (preferred !== undefined && !isBackendName(preferred)) {
    throw new Error(`unknown backend ${JSON.stringify(preferred)}; valid: ${BACKEND_ORDER.join(', ')}`);
  }
  const order = preferred ? [preferred, ...BACKEND_ORDER.filter((b) => b !== preferred)] : [...BACKEND_ORDER];
  const skipped: BackendChoice['skipped'] = [];
  for (const name of order) {
    const reason = await unavailable(name);
    if (reason) {
      skipped.push({ name, reason });
      continue;
    }
    const ok = await tf.setBackend(name).catch(() => false);
    if (ok) {
      await tf.ready();
      return { name, skipped };
    }
    skipped.push({ name, reason: `tf.setBackend('${name}') failed` });
  }
  throw new Error(`no tfjs backend works here: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}
