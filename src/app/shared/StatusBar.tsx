import type { BackendInfo, Classification, ModelInfo } from '../../worker/protocol.ts';
import type { LoadState } from '../state/types.ts';

interface Props {
  backend: BackendInfo | null;
  load: LoadState;
  model: ModelInfo | null;
  result: Classification | null;
  running: boolean;
}

function loadText(load: LoadState): string {
  switch (load.phase) {
    case 'starting': return 'Starting the engine…';
    case 'download': return `Downloading weights… ${load.total ? Math.round((100 * load.loaded) / load.total) : 0}%`;
    case 'compile': return 'Compiling the model on this backend (the first WebGPU pass can take seconds)…';
    case 'checking': return `Checking ${load.label}: manifest, sha256, shapes…`;
    case 'ready': return `Model ready in ${(load.ms / 1000).toFixed(1)} s`;
    case 'error': return load.message;
  }
}

/** Backend in use (and why faster ones were passed over), loading progress, timings. */
export function StatusBar({ backend, load, model, result, running }: Props) {
  const busy = load.phase === 'download' || load.phase === 'compile' || load.phase === 'starting' || load.phase === 'checking';
  return (
    <footer className="status" aria-live="polite">
      <span className="backend" data-testid="backend">
        {backend ? <>backend <b>{backend.name}</b>{backend.software.length > 0 && <> — {backend.software.map((s) => s.reason).join('; ')}</>}</> : 'backend …'}
        {backend?.threads && <> · {backend.threads} thread{backend.threads > 1 ? 's' : ''}{backend.crossOriginIsolated ? '' : ' (not cross-origin isolated)'}</>}
      </span>
      {backend && backend.skipped.length > 0 && (
        <span className="fallback" data-testid="fallback">
          fell back: {backend.skipped.map((s) => `${s.name} (${s.reason})`).join('; ')}
        </span>
      )}
      <span className={load.phase === 'error' ? 'error' : ''} role={load.phase === 'error' ? 'alert' : undefined} data-testid="load-state">
        {busy && <progress value={load.phase === 'download' ? load.loaded : undefined} max={load.phase === 'download' ? load.total || 1 : undefined} />} {loadText(load)}
      </span>
      {model && <span>{model.name} · {(model.params / 1e6).toFixed(2)} M params · {model.inputSize} px</span>}
      {result && <span data-testid="timing">forward {result.ms.toFixed(0)} ms (k={result.k}){running ? ' · running…' : ''}</span>}
    </footer>
  );
}
