// Masking check: PGD against SPSA on the current image and model, for signs of gradient masking (table 3).
import { useMemo } from 'react';
import { predictedClass } from '../../engine/predictions.ts';
import { ImagePanel } from '../shared/ImagePanel.tsx';
import { useApp } from '../state/store.ts';
import type { ViewProps } from '../state/types.ts';
import { CheckPanel } from './CheckPanel.tsx';
import { CheckView } from './CheckView.tsx';
import { useCheck } from './use-check.ts';

export function MaskingView({ model, classification, imageInput }: ViewProps) {
  const image = useApp((s) => s.image);
  const { run, status, start } = useCheck();
  const draft = useApp((s) => s.research.check);
  const names = useMemo(() => model?.classes.map((c) => c.name) ?? [], [model]);
  const clean = classification.result;
  const source = model && clean ? predictedClass(clean.logits, model.classes.length, clean.k) : null;
  const shown = image && model && run && run.input === image.prepared.input && run.model.name === model.name ? run : null;
  return (
    <main className="panels research-mode">
      <div className="side">
        <CheckPanel classes={model?.classes ?? []} source={source} canStart={model !== null && image !== null && clean !== null && source !== null && !classification.running}
          onStart={() => model && image && clean && source !== null && start(draft, model, image.prepared.input, source, clean.k)} />
        <ImagePanel disabled={!model} onImage={imageInput.openImage} error={imageInput.error ?? classification.error} running={classification.running} />
      </div>
      {shown
        ? <CheckView key={shown.startedAt} run={shown} status={status} names={names} />
        : <section className="panel viewer placeholder"><p>{image ? 'Run the check: PGD and SPSA on this image, same target and budget in steps.' : 'Load an image first.'}</p></section>}
    </main>
  );
}
