// "Your models": drop or pick a model folder, see each of your models' state, remove them.
import { useEffect, useRef, useState } from 'react';
import type { UserModel } from '../../worker/protocol.ts';
import { droppedFiles, inputFiles } from './picked-files.ts';
import { useYourModels, type YourModelState } from './your-models.ts';

interface Props {
  onClose(): void;
}

function sourceText({ source }: UserModel, state: YourModelState): string {
  if (source.kind === 'url') return source.url;
  return `${[...source.files.keys()].sort().join(', ')}${state.phase === 'ready' ? ' · kept in this browser, not in links' : ''}`;
}

function StateText({ state }: { state: YourModelState }) {
  if (state.phase === 'error') return <p role="alert" className="error">{state.message}</p>;
  return <small className="hint">{state.phase === 'ready' ? 'ready: pick it in the model list' : 'checking: manifest, sha256, shapes…'}</small>;
}

export function YourModels({ onClose }: Props) {
  const { models, problem, addFiles, remove } = useYourModels();
  const [dragging, setDragging] = useState(false);
  const folderInput = useRef<HTMLInputElement>(null);
  const filesInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const onInput = (e: React.ChangeEvent<HTMLInputElement>) => {
    if (e.target.files?.length) void addFiles(inputFiles(e.target.files));
    e.target.value = '';
  };
  // the page takes dropped images: a drop here stops before it reaches the window
  const onDrag = (e: React.DragEvent, over: boolean) => {
    e.preventDefault();
    e.stopPropagation();
    setDragging(over);
  };
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="modal your-models" role="dialog" aria-label="Your models" onClick={(e) => e.stopPropagation()}>
        <button className="close" onClick={onClose} aria-label="Close">×</button>
        <h2>Your models</h2>
        <div className={`model-drop ${dragging ? 'dragging' : ''}`} data-testid="model-drop"
          onDragOver={(e) => onDrag(e, true)} onDragLeave={(e) => e.currentTarget.contains(e.relatedTarget as Node | null) || onDrag(e, false)}
          onDrop={(e) => { onDrag(e, false); void droppedFiles(e.dataTransfer).then(addFiles); }}>
          <p>Drop a model folder here: <code>manifest.json</code>, its weight files and, if you have one, <code>eval.json</code>, as
            {' '}<code>python3 -m training.export</code> writes them.</p>
          <button onClick={() => folderInput.current?.click()}>Choose folder…</button>{' '}
          <button onClick={() => filesInput.current?.click()}>Choose files…</button>
          <input ref={folderInput} type="file" multiple hidden tabIndex={-1} data-testid="model-folder-input" onChange={onInput} {...{ webkitdirectory: '' }} />
          <input ref={filesInput} type="file" multiple hidden tabIndex={-1} data-testid="model-files-input" onChange={onInput} />
        </div>
        <p className="hint">Or open the app with <code>?model=</code> and the URL of a model folder (served with CORS). Each model is checked as the
          shipped ones are, and kept in this browser until you remove it; a dropped model is not in links, a URL model is.</p>
        {problem && <p role="alert" className="error">{problem}</p>}
        {models.length > 0 && (
          <ul className="your-model-list">
            {models.map(({ model, state }) => (
              <li key={model.name} data-testid="your-model">
                <div><b>{model.label}</b> <small className="hint">{sourceText(model, state)}</small><StateText state={state} /></div>
                <button onClick={() => remove(model.name)} aria-label={`Remove ${model.label}`}>Remove</button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
