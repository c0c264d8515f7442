import { useEffect, useRef, useState } from 'react';
import { useApp } from '../state/store.ts';
import type { CropCentre, Sample } from '../state/types.ts';
import { Gallery, sampleBlob } from './Gallery.tsx';

interface Props {
  disabled: boolean;
  running: boolean;
  error: string | null;
  onImage(file: Blob, name: string, sample?: Sample, centre?: CropCentre): void;
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** Image in: file picker, drag and drop (anywhere on the page), paste, webcam snapshot; shows the crop. */
export function ImagePanel({ disabled, running, error, onImage }: Props) {
  const image = useApp((s) => s.image);
  const [dragging, setDragging] = useState(false);
  const [camera, setCamera] = useState<MediaStream | null>(null);
  const [cameraError, setCameraError] = useState<string | null>(null);
  const video = useRef<HTMLVideoElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const dragCrop = useRef<CropCentre | null>(null);
  const aimed = useRef<{ file: Blob; centre: CropCentre } | null>(null); // the crop asked for last

  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const file = [...(e.clipboardData?.files ?? [])][0];
      if (file && !disabled) onImage(file, file.name || 'pasted image');
    };
    const onDragOver = (e: DragEvent) => { e.preventDefault(); setDragging(true); };
    const onDragLeave = (e: DragEvent) => { if (!e.relatedTarget) setDragging(false); };
    const onDrop = (e: DragEvent) => {
      e.preventDefault();
      setDragging(false);
      const file = e.dataTransfer?.files[0];
      if (file && !disabled) onImage(file, file.name);
    };
    window.addEventListener('paste', onPaste);
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('dragleave', onDragLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('paste', onPaste);
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('dragleave', onDragLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, [disabled, onImage]);

  useEffect(() => {
    if (video.current && camera) video.current.srcObject = camera;
    return () => camera?.getTracks().forEach((t) => t.stop());
  }, [camera]);

  const openCamera = async () => {
    setCameraError(null);
    try {
      setCamera(await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } }));
    } catch (e) {
      setCameraError(`No camera: ${(e as Error).message}`);
    }
  };

  const snapshot = () => {
    const v = video.current!;
    const canvas = document.createElement('canvas');
    canvas.width = v.videoWidth;
    canvas.height = v.videoHeight;
    canvas.getContext('2d')!.drawImage(v, 0, 0);
    canvas.toBlob((blob) => blob && onImage(blob, 'webcam snapshot.png'), 'image/png');
    setCamera(null);
  };

  const { prepared } = image ?? {};
  const placeCrop = (wanted: CropCentre) => {
    dragCrop.current = null;
    if (!image) return;
    const { width, height, crop } = image.prepared;
    // the centres the square crop can take: half a crop from each edge
    const reach = (v: number, extent: number) => Math.min(1 - crop.size / extent / 2, Math.max(crop.size / extent / 2, v));
    const centre = { x: reach(wanted.x, width), y: reach(wanted.y, height) };
    aimed.current = { file: image.file, centre };
    onImage(image.file, image.name, image.sample ?? undefined, centre);
  };
  const moveCrop = (e: React.PointerEvent, start: boolean) => {
    if (!image || (!start && !dragCrop.current)) return;
    const rect = e.currentTarget.getBoundingClientRect();
    dragCrop.current = { x: clamp01((e.clientX - rect.left) / rect.width), y: clamp01((e.clientY - rect.top) / rect.height) };
  };
  return (
    <section className={`panel image-panel ${dragging ? 'dragging' : ''}`}>
      <h2>Image</h2>
      <div className="buttons">
        <button onClick={() => picker.current?.click()} disabled={disabled}>Choose image…</button>
        <input ref={picker} type="file" accept="image/*" data-testid="file-input" disabled={disabled} hidden tabIndex={-1}
          onChange={(e) => { const f = e.target.files?.[0]; if (f) onImage(f, f.name); e.target.value = ''; }} />
        {camera
          ? <button onClick={snapshot}>Take snapshot</button>
          : <button onClick={openCamera} disabled={disabled}>Webcam</button>}
      </div>
      <p className="hint">or drop / paste an image anywhere — or pick a sample:</p>
      <Gallery disabled={disabled} chosen={image?.sample?.id ?? null}
        onPick={(sample) => void sampleBlob(sample).then((blob) => onImage(blob, `${sample.label} (sample ${sample.id})`, sample))} />
      {camera && <video ref={video} autoPlay playsInline muted className="camera" />}
      {(error || cameraError) && <p role="alert" className="error">{error ?? cameraError}</p>}
      {image && prepared && (
        <figure className="source">
          <div className="crop-frame" onPointerDown={(e) => { e.currentTarget.setPointerCapture(e.pointerId); moveCrop(e, true); }}
            onPointerMove={(e) => moveCrop(e, false)} onPointerUp={() => dragCrop.current && placeCrop(dragCrop.current)}
            onPointerCancel={() => { dragCrop.current = null; }}>
            <img src={image.url} alt={image.name} draggable={false} />
            <div className="crop-box" role="slider" tabIndex={0} data-testid="crop-box"
              aria-label="Crop: drag it, or move it with the arrow keys" aria-valuetext={`centre at ${Math.round(100 * image.centre.x)}%, ${Math.round(100 * image.centre.y)}%`}
              onKeyDown={(e) => {
                const step = { ArrowLeft: [-0.05, 0], ArrowRight: [0.05, 0], ArrowUp: [0, -0.05], ArrowDown: [0, 0.05] }[e.key];
                if (!step) return;
                e.preventDefault();
                e.stopPropagation();
                const from = aimed.current?.file === image.file ? aimed.current.centre : image.centre; // keys may outrun the worker
                placeCrop({ x: from.x + step[0], y: from.y + step[1] });
              }}
              style={{
              left: `${(100 * prepared.crop.x) / prepared.width}%`, top: `${(100 * prepared.crop.y) / prepared.height}%`,
              width: `${(100 * prepared.crop.size) / prepared.width}%`, height: `${(100 * prepared.crop.size) / prepared.height}%`,
            }} />
          </div>
          <figcaption>
            <span className="file-name">{image.name}</span> · <span className="nowrap">{prepared.width}×{prepared.height},</span>{' '}
            <span className="nowrap">{image.centre.x === 0.5 && image.centre.y === 0.5 ? 'centre crop' : 'crop'} {prepared.crop.size}² → {Math.sqrt(prepared.rgba.length / 4)}²</span>
            {prepared.width !== prepared.height && ' (drag the box to move it)'}
            {running && <span className="spinner" aria-label="running"> ⟳</span>}
          </figcaption>
        </figure>
      )}
    </section>
  );
}
