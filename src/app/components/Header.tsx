import type { ModelInfo } from '../../worker/engine-worker.ts';
import { GLANCE_CHOICES } from '../App.tsx';

interface Props {
  modelNames: string[];
  modelName: string | null;
  onModel(name: string): void;
  model: ModelInfo | null;
  k: number;
  onK(k: number): void;
  onShowCard(): void;
}

const MODEL_LABELS: Record<string, string> = { s3ta: 'S3TA (attention)', resnet: 'ResNet (baseline)' };

export function Header({ modelNames, modelName, onModel, model, k, onK, onShowCard }: Props) {
  return (
    <header className="header">
      <h1>
        <span className="logo" aria-hidden>◉</span> Saccade
        <small>how a sequential attention model looks — and how attacks bend its gaze</small>
      </h1>
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
