import type { ModelInfo } from '../../worker/engine-worker.ts';
import { GLANCE_CHOICES, type Mode } from '../App.tsx';

interface Props {
  modelNames: string[];
  modelName: string | null;
  onModel(name: string): void;
  model: ModelInfo | null;
  k: number;
  onK(k: number): void;
  onShowCard(): void;
  mode: Mode;
  onMode(mode: Mode): void;
  canAttack: boolean;
}

const MODEL_LABELS: Record<string, string> = { s3ta: 'S3TA (attention)', resnet: 'ResNet (baseline)' };

export function Header({ modelNames, modelName, onModel, model, k, onK, onShowCard, mode, onMode, canAttack }: Props) {
  return (
    <header className="header">
      <h1>
        <span className="logo" aria-hidden>◉</span> Saccade
        <small>how a sequential attention model looks — and how attacks bend its gaze</small>
      </h1>
      <nav className="tabs" role="tablist">
        <button role="tab" aria-selected={mode === 'look'} className={mode === 'look' ? 'on' : ''} onClick={() => onMode('look')}>Look</button>
        <button role="tab" aria-selected={mode === 'attack'} className={mode === 'attack' ? 'on' : ''} onClick={() => onMode('attack')}
          disabled={!canAttack} title={canAttack ? '' : 'attacks run on S3TA: pick it in the model list'}>Attack</button>
      </nav>
      <div className="controls">
        {modelNames.length > 1 && (
          <label>
            Model
            <select aria-label="Model" value={modelName ?? ''} onChange={(e) => onModel(e.target.value)}>
              {modelNames.map((name) => <option key={name} value={name}>{MODEL_LABELS[name] ?? name}</option>)}
            </select>
          </label>
        )}
        <div className="segmented" role="radiogroup" aria-label="Glances (k)">
          <span>Glances k</span>
          {GLANCE_CHOICES.map((choice) => (
            <button key={choice} role="radio" aria-checked={k === choice} className={k === choice ? 'on' : ''}
              disabled={model?.arch === 'resnet'} onClick={() => onK(choice)}>{choice}</button>
          ))}
        </div>
        <button className="link" onClick={onShowCard} disabled={!model}>Model card</button>
      </div>
    </header>
  );
}
