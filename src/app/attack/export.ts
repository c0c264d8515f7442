// The attack as a film: each kept frame composed on one canvas (clean and adversarial image with the chosen
// head's attention, the step, the source and target probabilities), encoded as WebM (MediaRecorder) or as an
// animated GIF (gifenc), or the current frame as PNG.
import { applyPalette, GIFEncoder, quantize } from 'gifenc';
import { drawAttention, glanceHeatmap } from '../shared/heatmap.ts';
import type { HeadChoice, LoadedImage } from '../state/types.ts';
import { imageData, type FrameImages, type StepTrace } from './frames.ts';

export const FILM = { width: 640, height: 400, fps: 8 };
const IMAGE = 280;

export interface FilmScene {
  image: LoadedImage;
  shape: [number, number, number]; // [heads, h, w]
  head: HeadChoice;
  names: string[]; // class names
  title: string; // e.g. "Targeted PGD-100, ε 16/255"
  cleanAttention: Float32Array; // S3TA's last glance on the clean image, [heads, h, w]
}

/** Draws one frame of the film on `canvas` (FILM.width x FILM.height). */
export function drawFilmFrame(canvas: HTMLCanvasElement, scene: FilmScene, frame: FrameImages, trace: StepTrace): void {
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#12131a';
  ctx.fillRect(0, 0, FILM.width, FILM.height);
  const tile = document.createElement('canvas');
  tile.width = tile.height = IMAGE;
  const S = Math.sqrt(scene.image.prepared.input.length / 3);
  const panels: [string, ImageData, Float32Array][] = [
    ['clean', scene.image.pixels, scene.cleanAttention],
    [`adversarial, step ${frame.step}`, imageData(frame.adversarial[0], S), frame.attention],
  ];
  panels.forEach(([label, pixels, attention], i) => {
    drawAttention(tile, pixels, glanceHeatmap(attention, scene.shape, 0, scene.head, 'inferno', 0.7));
    ctx.drawImage(tile, 20 + i * (IMAGE + 40), 50);
    ctx.fillStyle = '#eceef6';
    ctx.font = '16px sans-serif';
    ctx.fillText(label, 20 + i * (IMAGE + 40), 350);
  });
  ctx.font = 'bold 18px sans-serif';
  ctx.fillText(`${scene.title} — S3TA says ${scene.names[trace.models[0].prediction]}`, 20, 30);
  const bar = (y: number, label: string, p: number, colour: string) => {
    ctx.fillStyle = colour;
    ctx.fillRect(20, y, 280 * p, 10);
    ctx.fillStyle = '#eceef6';
    ctx.font = '14px sans-serif';
    ctx.fillText(`${label} ${(100 * p).toFixed(0)}%`, 310, y + 10);
  };
  bar(366, 'source', trace.models[0].sourceProbability, '#4cc9f0');
  if (trace.target !== null) bar(382, `target (${scene.names[trace.target]})`, trace.models[0].targetProbability ?? 0, '#f72585');
}

function pairs(frames: FrameImages[], trace: StepTrace[]): [FrameImages, StepTrace][] {
  return frames.map((f) => [f, trace.find((t) => t.step === f.step)!]);
}

/** An animated GIF of every kept frame. It tells `onFrame(done, total)` before each frame and lets the page paint
 * then (quantizing a frame takes a tenth of a second or more, and a film has dozens); `signal` stops it between frames. */
export async function filmGif(scene: FilmScene, frames: FrameImages[], trace: StepTrace[],
  onFrame: (done: number, total: number) => void = () => {}, signal?: AbortSignal): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = FILM.width;
  canvas.height = FILM.height;
  const gif = GIFEncoder();
  const film = pairs(frames, trace);
  for (const [i, [frame, step]] of film.entries()) {
    onFrame(i, film.length);
    await new Promise((resolve) => setTimeout(resolve));
    signal?.throwIfAborted();
    drawFilmFrame(canvas, scene, frame, step);
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, FILM.width, FILM.height);
    const palette = quantize(data, 256);
    gif.writeFrame(applyPalette(data, palette), FILM.width, FILM.height, { palette, delay: 1000 / FILM.fps });
  }
  gif.finish();
  return new Blob([gif.bytes() as BlobPart], { type: 'image/gif' });
}

/** A WebM of every kept frame, recorded in real time from the canvas at FILM.fps. */
export async function filmWebm(scene: FilmScene, frames: FrameImages[], trace: StepTrace[]): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = FILM.width;
  canvas.height = FILM.height;
  const stream = canvas.captureStream(0);
  const track = stream.getVideoTracks()[0] as CanvasCaptureMediaStreamTrack;
  const recorder = new MediaRecorder(stream, { mimeType: 'video/webm', videoBitsPerSecond: 4e6 });
  const chunks: Blob[] = [];
  recorder.ondataavailable = (e) => e.data.size && chunks.push(e.data);
  const stopped = new Promise((resolve) => { recorder.onstop = resolve; });
  recorder.start();
  for (const [frame, step] of pairs(frames, trace)) {
    drawFilmFrame(canvas, scene, frame, step);
    track.requestFrame();
    await new Promise((resolve) => setTimeout(resolve, 1000 / FILM.fps));
  }
  recorder.stop();
  await stopped;
  return new Blob(chunks, { type: 'video/webm' });
}

/** The current frame, composed, as PNG. */
export function framePng(scene: FilmScene, frame: FrameImages, trace: StepTrace): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = FILM.width;
  canvas.height = FILM.height;
  drawFilmFrame(canvas, scene, frame, trace);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('canvas.toBlob failed'))), 'image/png'));
}
