import { useState } from 'react';
import { isDroppedModel } from '../models/names.ts';
import { useApp } from '../state/store.ts';
import { Choices } from './Choices.tsx';
import { GLANCE_CHOICES, type ViewId } from '../state/types.ts';
import { chooseGlances, modelTrainedFor } from './glance-choice.ts';
import type { ModelEntry, ModelInfo } from '../../worker/protocol.ts';

interface Props {
  models: ModelEntry[];
  modelName: string | null;
  model: ModelInfo | null;
  k: number;
  tabs: { id: ViewId; label: string; unavailable: string | null }[];
  view: ViewId;
  upload: boolean; // the image is the user's own, which a link cannot carry
  locked: string | null; // why the model and k cannot change now (an attack runs on them), or null
  onShowCard(): void;
  onShowYourModels(): void;
  onPresent(): void;
}

export function Header({ models, modelName, model, k, tabs, view, upload, locked, onShowCard, onShowYourModels, onPresent }: Props) {
  const set = useApp((s) => s.set);
  const pinModel = useApp((s) => s.pinModel);
  const [copied, setCopied] = useState(false);
  const copy = () => void navigator.clipboard.writeText(location.href).then(() => {
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  }).catch(() => setCopied(false));
  return (
    <header className="header">
      <h1>
        <span className="logo" aria-hidden>◉</span> Saccade
        <small>how a sequential attention model looks — and how attacks bend its gaze</small>
      </h1>
      <nav>
        <Choices kind="tab" className="tabs" label="Views" value={view} onChange={(id) => set({ view: id })}
          choices={tabs.map((tab) => ({ value: tab.id, label: tab.label, disabled: tab.unavailable !== null, title: tab.unavailable ?? undefined }))} />
      </nav>
      <div className="controls">
        {models.length > 1 && (
          <label>
            Model
            <select aria-label="Model" value={modelName ?? ''} onChange={(e) => set({ modelName: e.target.value })}
              disabled={locked !== null} title={locked ?? undefined}>
              {modelName && !models.some((m) => m.name === modelName) && <option value={modelName} disabled>{modelName}</option>}
              {models.map((m) => <option key={m.name} value={m.name}>{m.label}</option>)}
            </select>
          </label>
        )}
        <button className="link hide-when-presenting" onClick={onShowYourModels} title="load a model you trained and exported: a folder, files or a URL">Your models…</button>
        <Choices className="segmented" label="Glances (k)" caption="Glances k" value={k} onChange={(choice) => set(chooseGlances(models, modelName, choice, pinModel))}
          choices={GLANCE_CHOICES.map((choice) => ({
            value: choice, label: String(choice), disabled: model?.arch !== 's3ta' || locked !== null,
            title: locked ?? (pinModel ? undefined : modelTrainedFor(models, choice) && `switches to ${modelTrainedFor(models, choice)!.label}, trained for k = ${choice}`),
          }))} />
        {model?.arch === 's3ta' && <small className="trained-k" data-testid="trained-k">trained for k = {model.trainedK}</small>}
        {locked && <small className="hint" data-testid="locked-note">model and k locked while the attack runs</small>}
        {model?.arch === 's3ta' && models.some((m) => m.k !== undefined) && (
          <label className="hint hide-when-presenting" title="run this model at any k instead of switching to the model trained for it">
            <input type="checkbox" checked={pinModel} onChange={(e) => set({ pinModel: e.target.checked })} /> keep model
          </label>
        )}
        <button className="link" onClick={onShowCard} disabled={!model}>Model card</button>
        <button className="hide-when-presenting" onClick={onPresent} title="full screen, big views, keyboard and clicker control">Present (F)</button>
        <button className="hide-when-presenting" onClick={copy} data-testid="copy-link" title={upload ? 'The link holds every setting but not your uploaded image: pick a sample to share one' : 'A link to exactly this view'}>
          {copied ? 'Copied' : 'Copy link'}</button>
        {upload && <small className="hint" data-testid="upload-note">uploaded images are not in links</small>}
        {modelName && isDroppedModel(modelName) && <small className="hint" data-testid="dropped-model-note">dropped models are not in links</small>}
      </div>
    </header>
  );
}
