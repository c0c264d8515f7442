// Picks the fastest tfjs backend that really works here: webgpu, webgl, wasm, then cpu.
import * as tf from '@tensorflow/tfjs-core';
import { BACKEND_ORDER, isBackendName, type BackendName } from './backend-names.ts';

export { BACKEND_ORDER, isBackendName, type BackendName };

export interface BackendChoice {
  name: BackendName;
  /** Backends tried before it, and why each was passed over. */
  skipped: { name: BackendName; reason: string }[];
  /** GPU backends that run in software here (SwiftShader, llvmpipe): tried only after wasm. */
  software: { name: BackendName; reason: string }[];
}

/** Renderer and adapter names of GPUs emulated on the CPU. */
const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|software|basic render/i;

interface AdapterInfo { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean }
interface Adapter { info?: AdapterInfo; isFallbackAdapter?: boolean; requestAdapterInfo?(): Promise<AdapterInfo> }
type GpuNavigator = { gpu?: { requestAdapter(): Promise<Adapter | null> } };

/** Why `name` cannot run here, or null when it may: WebGPU needs navigator.gpu and an adapter. */
async function unavailable(name: BackendName): Promise<string | null> {
  if (name !== 'webgpu') return null;
  const gpu = (globalThis.navigator as unknown as GpuNavigator | undefined)?.gpu;
  if (!gpu) return 'navigator.gpu is missing (WebGPU not supported or not enabled)';
  const adapter = await gpu.requestAdapter().catch(() => null);
  return adapter ? null : 'no WebGPU adapter';
}

/** Why a GPU backend would run in software here (adapter info, fallback flag, WebGL renderer string), or null
 * when it looks like real hardware or cannot be told. */
async function softwareReason(name: BackendName): Promise<string | null> {
  if (name === 'webgpu') {
    const adapter = await (globalThis.navigator as unknown as GpuNavigator | undefined)?.gpu?.requestAdapter().catch(() => null);
    if (!adapter) return null;
    const info = adapter.info ?? await adapter.requestAdapterInfo?.().catch(() => undefined) ?? {};
    if (adapter.isFallbackAdapter || info.isFallbackAdapter) return 'WebGPU is a software fallback adapter here';
    const text = [info.vendor, info.architecture, info.device, info.description].join(' ');
    return SOFTWARE.test(text) ? `WebGPU is software here (${text.match(SOFTWARE)![0]})` : null;
  }
  if (name === 'webgl') {
    try {
      const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
      if (!gl) return null;
      const debug = gl.getExtension('WEBGL_debug_renderer_info');
      const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
      gl.getExtension('WEBGL_lose_context')?.loseContext();
      return SOFTWARE.test(renderer) ? `WebGL is software here (${renderer.match(SOFTWARE)![0]})` : null;
    } catch {
      return null; // no OffscreenCanvas (Node): tf.setBackend will say
    }
  }
  return null;
}

/**
 * Tries `preferred` first (the ?backend= override); otherwise the GPU backends that run on hardware, then wasm,
 * then GPU backends emulated in software (slower than wasm here), then cpu.
 */
export async function selectBackend(preferred?: string): Promise<BackendChoice> {
  if (preferred !== undefined && !isBackendName(preferred)) {
    throw new Error(`unknown backend ${JSON.stringify(preferred)}; valid: ${BACKEND_ORDER.join(', ')}`);
  }
  const software: BackendChoice['software'] = [];
  if (!preferred) {
    for (const name of ['webgpu', 'webgl'] as const) {
      const reason = await softwareReason(name);
      if (reason) software.push({ name, reason });
    }
  }
  const demoted = software.map((s) => s.name);
  const order = preferred
    ? [preferred, ...BACKEND_ORDER.filter((b) => b !== preferred)]
    : [...BACKEND_ORDER.filter((b) => b !== 'cpu' && !demoted.includes(b)), ...demoted, 'cpu' as const];
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
      return { name, skipped, software: software.filter((s) => s.name !== name) };
    }
    skipped.push({ name, reason: `tf.setBackend('${name}') failed` });
  }
  throw new Error(`no tfjs backend works here: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}
