// The shell: header, the current view, status bar. Views get the model, its classification and the image input.
import { useCallback, useEffect, useRef, useState, type CSSProperties } from 'react';
import { useClassification, useEngineSetup, useImageInput, useModel } from './engine/hooks.ts';
import { useModelChoice } from './models/use-model-choice.ts';
import { LinkModelPrompt } from './models/LinkModelPrompt.tsx';
import { YourModels } from './models/YourModels.tsx';
import { Header } from './shared/Header.tsx';
import { LinkNotice } from './shared/LinkNotice.tsx';
import { ModelCard } from './shared/ModelCard.tsx';
import { StatusBar } from './shared/StatusBar.tsx';
import { useElementHeight } from './shared/use-element-height.ts';
import { useApp } from './state/store.ts';
import { PresenterBar } from './presenter/PresenterBar.tsx';
import { usePresenter } from './presenter/use-presenter.ts';
import { usePermalink } from './state/use-permalink.ts';
import { VIEW_IDS, type LoadState } from './state/types.ts';
import { VIEWS } from './views.ts';
import { attackActive, useAttack } from './attack/use-attack.ts';

export function App() {
  const setup = useEngineSetup();
  const choice = useModelChoice(setup.models);
  const { model, load } = useModel(choice.waiting ? null : choice.modelName);
  const chosenK = useApp((s) => s.k);
  const k = model?.arch === 's3ta' ? chosenK ?? model.trainedK : 1;
  const imageInput = useImageInput(model);
  const classification = useClassification(model, k);
  const link = usePermalink(model, imageInput, classification);
  const attacking = useAttack((s) => attackActive(s.status));
  // cancel() stops a run still going and does nothing to a finished one
  useEffect(() => { // the header locks the model while an attack runs; your models and a link's model can still change it
    const { run, cancel } = useAttack.getState();
    if (run && run.models[0] !== model?.name) cancel();
  }, [model?.name]);
  const presenter = usePresenter(useCallback((scene: string) => { // a scene is a new state: the last scene's attack stops
    useAttack.getState().cancel();
    link.apply(scene);
  }, [link.apply]));
  const view = useApp((s) => s.view);
  const image = useApp((s) => s.image);
  const [showCard, setShowCard] = useState(false);
  const [showYourModels, setShowYourModels] = useState(false);
  const chrome = useRef<HTMLDivElement>(null);
  const chromeHeight = useElementHeight(chrome, presenter.presenting); // the views make room for the floating chrome while it shows
  const status: LoadState = setup.error ? { phase: 'error', message: setup.error } : choice.waiting ?? load;
  const shownView = VIEWS[view].unavailable(model) ? 'look' : view;
  const View = VIEWS[shownView].component;
  const tabs = VIEW_IDS.map((id) => ({ id, label: VIEWS[id].label, unavailable: VIEWS[id].unavailable(model) }));
  return (
    <div className={`app ${presenter.presenting ? 'presenting' : ''} ${presenter.idle ? 'idle' : ''}`}
      style={{ '--chrome-height': `${chromeHeight}px` } as CSSProperties}>
      <div className="chrome" ref={chrome}>
        {presenter.presenting && <PresenterBar scenes={presenter.scenes} scene={presenter.scene} error={presenter.error}
          onGo={presenter.go} onLoad={presenter.loadScenes} onExit={presenter.toggle} />}
        <Header models={choice.models} modelName={choice.modelName} model={model} k={k} tabs={tabs} view={shownView} upload={image !== null && !image.sample}
          locked={attacking ? 'an attack is running on this model and k: cancel it to change them' : null}
          onShowCard={() => setShowCard(true)} onShowYourModels={() => setShowYourModels(true)} onPresent={presenter.toggle} />
        <LinkNotice ignored={link.ignored} onDismiss={link.dismiss} />
      </div>
      {choice.asking && <LinkModelPrompt url={choice.asking} onAnswer={choice.answer} />}
      <View model={model} loadError={status.phase === 'error' ? status.message : null} models={choice.models}
        classification={classification} imageInput={imageInput} />
      <StatusBar backend={setup.backend} load={status} model={model}
        result={classification.result} running={classification.running} />
      {showCard && model && <ModelCard model={model} onClose={() => setShowCard(false)} />}
      {showYourModels && <YourModels onClose={() => setShowYourModels(false)} />}
    </div>
  );
}
