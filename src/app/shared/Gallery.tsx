// The sample gallery: ImageNet val images with their object boxes (public/samples, from training/samples.py).
// Picking one loads it as an upload would, with its boxes attached.
import { useEffect, useState } from 'react';
import type { Sample } from '../state/types.ts';

const SAMPLES_URL = `${import.meta.env.BASE_URL}samples/`;

/** The gallery's index, fetched once per page. */
let index: Promise<{ licence: string; samples: Sample[] }> | null = null;

export function loadSamples() {
  index ??= fetch(`${SAMPLES_URL}index.json`).then((r) => {
    if (!r.ok) throw new Error(`samples/index.json: HTTP ${r.status}`);
    return r.json();
  });
  return index;
}

/** The sample's image file as a Blob. */
export async function sampleBlob(sample: Sample): Promise<Blob> {
  const response = await fetch(`${SAMPLES_URL}${sample.file}`);
  if (!response.ok) throw new Error(`samples/${sample.file}: HTTP ${response.status}`);
  return response.blob();
}

export function Gallery({ disabled, chosen, onPick }: { disabled: boolean; chosen: string | null; onPick(sample: Sample): void }) {
  const [samples, setSamples] = useState<Sample[]>([]);
  const [licence, setLicence] = useState('');
  useEffect(() => {
    loadSamples().then((i) => { setSamples(i.samples); setLicence(i.licence); }).catch(() => setSamples([]));
  }, []);
  if (!samples.length) return null;
  return (
    <figure className="gallery">
      <ul className="thumbs" aria-label="Sample images">
        {samples.map((s) => (
          <li key={s.id}>
            <button className={s.id === chosen ? 'on' : ''} disabled={disabled} onClick={() => onPick(s)} aria-pressed={s.id === chosen}
              title={`${s.label} (ImageNet val, object boxed)`} aria-label={`Sample: ${s.label}`} data-testid="sample">
              <img src={`${SAMPLES_URL}${s.file}`} alt="" loading="lazy" />
            </button>
          </li>
        ))}
      </ul>
      <figcaption className="hint" title={licence}>Samples: ImageNet val with object boxes (research use)</figcaption>
    </figure>
  );
}
