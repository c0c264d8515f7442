// Look: the image, S3TA's glances with every head's attention, the top 5 and the prediction across glances.
import { ImagePanel } from '../shared/ImagePanel.tsx';
import { useApp } from '../state/store.ts';
import type { ViewProps } from '../state/types.ts';
import { GlanceGrid } from './GlanceGrid.tsx';
import { GlanceViewer } from './GlanceViewer.tsx';
import { Predictions } from './Predictions.tsx';
import { ProbabilityChart } from './ProbabilityChart.tsx';

export function LookView({ model, loadError, classification, imageInput }: ViewProps) {
  const image = useApp((s) => s.image);
  const { result } = classification;
  return (
    <main className="panels">
      <ImagePanel disabled={!model} onImage={imageInput.openImage} error={imageInput.error ?? classification.error} running={classification.running} />
      {image && model ? (
        <GlanceViewer image={image} model={model} result={result} />
      ) : (
        <section className="panel viewer placeholder">
          {loadError
            ? <p className="error" data-testid="load-error">The model could not start: {loadError}</p>
            : <p>{model ? 'Drop, paste or pick an image — or take a webcam snapshot — to watch S3TA look at it.' : 'Loading the model…'}</p>}
        </section>
      )}
      <aside className="side">
        <Predictions model={model} result={result} running={classification.running} />
        <ProbabilityChart model={model} result={result} />
      </aside>
      {image && model?.arch === 's3ta' && result?.arch === 's3ta' && <GlanceGrid image={image} model={model} result={result} />}
    </main>
  );
}
