// Attack: the settings panel beside the animated attack on the current image.
import { predictedClass } from '../../engine/predictions.ts';
import { baselineFor } from '../models/names.ts';
import { ImagePanel } from '../shared/ImagePanel.tsx';
import { useApp } from '../state/store.ts';
import type { ViewProps } from '../state/types.ts';
import { AttackPanel } from './AttackPanel.tsx';
import { AttackView } from './AttackView.tsx';
import { useAttack } from './use-attack.ts';

export function AttackTab({ model, models, classification, imageInput }: ViewProps) {
  const image = useApp((s) => s.image);
  const attack = useAttack();
  const { result } = classification;
  if (model?.arch !== 's3ta') return null;
  const clean = result?.arch === 's3ta' ? result : null;
  const source = clean ? predictedClass(clean.logits, model.classes.length, clean.k) : null;
  const baseline = baselineFor(model.name, models);
  return (
    <main className="panels attack-mode">
      <div className="side">
        <AttackPanel classes={model.classes} source={source} baseline={baseline?.label ?? null} run={attack.run} status={attack.status} error={attack.error}
          canStart={source !== null && image !== null && clean !== null && !classification.running}
          onStart={(settings, withBaseline) => image && clean && source !== null && attack.start(
            withBaseline && baseline ? [model.name, baseline.name] : [model.name], clean, image.prepared.input, { ...settings, source, k: clean.k },
            { heads: model.attentionShape[0], classes: model.classes.length })}
          onPause={attack.pause} onCancel={attack.cancel} />
        <ImagePanel disabled={false} onImage={imageInput.openImage} error={imageInput.error ?? classification.error}
          running={classification.running} />
      </div>
      {image && attack.run && attack.run.input === image.prepared.input
        ? <AttackView key={attack.run.startedAt} image={image} model={model} clean={attack.run.clean} run={attack.run} status={attack.status} />
        : <section className="panel viewer placeholder"><p>{image ? 'Choose a target and start the attack: watch whether the attention follows it off the object.' : 'Load an image first.'}</p></section>}
    </main>
  );
}
