// Attack: the settings panel beside the animated attack on the current image.
import { predictedClass } from '../../engine/predictions.ts';
import { baselineFor } from '../models/names.ts';
import { ImagePanel } from '../shared/ImagePanel.tsx';
import { useApp } from '../state/store.ts';
import type { ViewProps } from '../state/types.ts';
import { AttackPanel } from './AttackPanel.tsx';
import { AttackView } from './AttackView.tsx';
import { attackActive, useAttack } from './use-attack.ts';

export function AttackTab({ model, models, classification, imageInput }: ViewProps) {
  const image = useApp((s) => s.image);
  const attack = useAttack();
  const { result } = classification;
  if (model?.arch !== 's3ta') return null;
  const clean = result?.arch === 's3ta' ? result : null;
  const source = clean ? predictedClass(clean.logits, model.classes.length, clean.k) : null;
  const baseline = baselineFor(model.name, models);
  // A finished run shows only with its own image and model (a scene or a new pick moves on); a running one shows anywhere,
  // so that it can be paused or cancelled.
  const own = attack.run && image && attack.run.input === image.prepared.input && attack.run.models[0] === model.name ? attack.run : null;
  const shown = own ?? (attackActive(attack.status) ? attack.run : null);
  return (
    <main className="panels attack-mode">
      <div className="side">
        <AttackPanel classes={model.classes} source={source} baseline={baseline?.label ?? null} run={shown} status={shown ? attack.status : 'idle'} error={shown ? attack.error : null}
          canStart={source !== null && image !== null && clean !== null && !classification.running}
          onStart={(settings, withBaseline) => image && clean && source !== null && attack.start(
            withBaseline && baseline ? [model.name, baseline.name] : [model.name], clean, image.prepared.input, { ...settings, source, k: clean.k },
            { heads: model.attentionShape[0], classes: model.classes.length })}
          onPause={attack.pause} onCancel={attack.cancel} />
        <ImagePanel disabled={false} onImage={imageInput.openImage} error={imageInput.error ?? classification.error}
          running={classification.running} />
      </div>
      {image && own
        ? <AttackView key={own.startedAt} image={image} model={model} clean={own.clean} run={own} status={attack.status} />
        : <section className="panel viewer placeholder"><p>{placeholder(image !== null, shown !== null)}</p></section>}
    </main>
  );
}

const placeholder = (image: boolean, otherRun: boolean) =>
  (otherRun ? 'An attack on another image or model is running: cancel it to attack this one.'
    : image ? 'Start the attack (A when presenting): watch whether the attention follows its target off the object.' : 'Load an image first.');
