import { useApp } from '../state/store.ts';
import { GLANCE_CHOICES, type ViewId } from '../state/types.ts';
import type { ModelEntry, ModelInfo } from '../../worker/protocol.ts';

interface Props {
  models: ModelEntry[];
  modelName: string | null;
  model: ModelInfo | null;
  k: number;
  tabs: { id: ViewId; label: string; unavailable: string | null }[];
  view: ViewId;
  onShowCard(): void;
}

export function Header({ models, modelName, model, k, tabs, view, onShowCard }: Props) {
  const set = useApp((s) => s.set);
  return (
    <header className="header">
      <h1>
        <span className="logo" aria-hidden>◉</span> Saccade
        <small>how a sequential attention model looks — and how attacks bend its gaze</small>
      </h1>
      <nav className="tabs" role="tablist">
        {tabs.map((tab) => (
          <button key={tab.id} role="tab" aria-selected={view === tab.id} className={view === tab.id ? 'on' : ''}
            onClick={() => set({ view: tab.id })} disabled={tab.unavailable !== null} title={tab.unavailable ?? ''}>{tab.label}</button>
        ))}
      </nav>
      <div className="controls">
        {models.length > 1 && (
          <label>
            Model
            <select aria-label="Model" value={modelName ?? ''} onChange={(e) => set({ modelName: e.target.value })}>
              {models.map((m) => <option key={m.name} value={m.name}>{m.label}</option>)}
            </select>
          </label>
        )}
        <div className="segmented" role="radiogroup" aria-label="Glances (k)">
          <span>Glances k</span>
          {GLANCE_CHOICES.map((choice) => (
            <button key={choice} role="radio" aria-checked={k === choice} className={k === choice ? 'on' : ''}
              disabled={model?.arch !== 's3ta'} onClick={() => set({ k: choice })}>{choice}</button>
          ))}
          {model?.arch === 's3ta' && <small className="trained-k" data-testid="trained-k">trained for k = {model.trainedK}</small>}
        </div>
        <button className="link" onClick={onShowCard} disabled={!model}>Model card</button>
      </div>
    </header>
  );
}
