// Strength: the attack strength strip (the paper's fig. 8) for the current image, S3TA beside the baseline.
import { useMemo } from 'react';
import { predictedClass } from '../../engine/predictions.ts';
import { ImagePanel } from '../shared/ImagePanel.tsx';
import { useApp } from '../state/store.ts';
import type { ViewProps } from '../state/types.ts';
import { StripPanel } from './StripPanel.tsx';
import { StripView } from './StripView.tsx';
import { useStrip } from './use-strip.ts';

export function StrengthView({ model, models, classification, imageInput }: ViewProps) {
  const image = useApp((s) => s.image);
  const { run, status, start } = useStrip();
  const draft = useApp((s) => s.research.strip);
  const names = useMemo(() => model?.classes.map((c) => c.name) ?? [], [model]);
  if (model?.arch !== 's3ta') return null;
  const clean = classification.result?.arch === 's3ta' ? classification.result : null;
  const source = clean ? predictedClass(clean.logits, model.classes.length, clean.k) : null;
  const baseline = models.find((m) => m.baseline && m.name !== model.name) ?? null;
  const shown = image && run && run.input === image.prepared.input ? run : null;
  return (
    <main className="panels research-mode">
      <div className="side">
        <StripPanel classes={model.classes} source={source} baseline={baseline?.label ?? null}
          canStart={image !== null && clean !== null && source !== null && !classification.running}
          onStart={() => image && clean && source !== null && start(draft, model, baseline, image.prepared.input, clean, source)} />
        <ImagePanel disabled={false} onImage={imageInput.openImage} error={imageInput.error ?? classification.error} running={classification.running} />
      </div>
      {image && shown
        ? <StripView key={shown.startedAt} image={image} run={shown} status={status} names={names} />
        : <section className="panel viewer placeholder"><p>{image ? 'Run the strip: the same attack at each step count, S3TA beside the ResNet.' : 'Load an image first.'}</p></section>}
    </main>
  );
}
