// The presenter's strip: which scene is on, and a way to load a scene list (JSON of permalinks).
import { useRef } from 'react';
import type { Scene } from './scenes.ts';

interface Props {
  scenes: Scene[];
  scene: number;
  error: string | null;
  onGo(index: number): void;
  onLoad(file: Blob): void;
  onExit(): void;
}

export function PresenterBar({ scenes, scene, error, onGo, onLoad, onExit }: Props) {
  const picker = useRef<HTMLInputElement>(null);
  return (
    <div className="presenter-bar" role="toolbar" aria-label="Presenter">
      <button onClick={() => onGo(scene - 1)} disabled={scene <= 0} aria-label="Previous scene">◀</button>
      <span data-testid="scene">{scene >= 0 ? `Scene ${scene + 1}/${scenes.length}: ${scenes[scene].title}` : `${scenes.length} scene${scenes.length === 1 ? '' : 's'} · PageDown starts`}</span>
      <button onClick={() => onGo(scene + 1)} disabled={scene >= scenes.length - 1} aria-label="Next scene">▶</button>
      <button onClick={() => picker.current?.click()}>Load scenes…</button>
      <input ref={picker} type="file" accept="application/json,.json" hidden data-testid="scenes-input"
        onChange={(e) => { const f = e.target.files?.[0]; if (f) onLoad(f); e.target.value = ''; }} />
      <button onClick={onExit}>Exit (F)</button>
      <span className="hint">← → glances · ↑ ↓ heads · A attack · R replay · PageDown/PageUp scenes</span>
      {error && <span role="alert" className="error">{error}</span>}
    </div>
  );
}
