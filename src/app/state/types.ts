// Types the whole app shares. Components import them from here, never from each other.
import type { Classification, ModelEntry, ModelInfo, PreparedImage } from '../../worker/protocol.ts';

/** A gallery image (public/samples/index.json, written by training/samples.py). */
export interface Sample {
  id: string;
  file: string; // under samples/
  label: string; // its class
  wnid: string;
  boxes: number[][]; // ImageNet object boxes, [x0, y0, x1, y1] in [0, 1] of the (square) image
}

export interface CropCentre { x: number; y: number }

/** An image the user gave or picked, prepared by the worker for the current model. */
export interface LoadedImage {
  file: Blob;
  name: string;
  sample: Sample | null; // a gallery image, with its object boxes; null for an upload
  centre: CropCentre; // where the square crop sits, [0, 1] of the image
  url: string; // object URL of the original, for the crop view
  prepared: PreparedImage;
  pixels: ImageData; // prepared.rgba, ready to draw
}

export type HeadChoice = number | 'all';

export type LoadState =
  | { phase: 'starting' }
  | { phase: 'download' | 'compile'; loaded: number; total: number }
  | { phase: 'checking'; label: string } // a model the user brought, checked before it is shown
  | { phase: 'ready'; ms: number }
  | { phase: 'error'; message: string };

/** The views (tabs), in the order the header shows them; views.ts maps each to its component. */
export const VIEW_IDS = ['look', 'attack', 'landscape', 'race', 'strength', 'masking'] as const;
export type ViewId = (typeof VIEW_IDS)[number];

/** The k choices of the header's glance buttons. */
export const GLANCE_CHOICES = [2, 4, 8, 16];

/** The colour maps a single head's attention can be drawn with; shared/heatmap.ts gives each its colours. */
export const COLOUR_MAPS = ['viridis', 'inferno', 'magma', 'turbo'] as const; // viridis first: colour-blind safe
export type ColourMap = (typeof COLOUR_MAPS)[number];

export interface ClassificationState {
  result: Classification | null; // for the current model and image, at the current k
  running: boolean;
  error: string | null;
}

export interface ImageInput {
  openImage(file: Blob, name: string, sample?: Sample, centre?: CropCentre): Promise<void>;
  error: string | null;
}

/** What every view (tab) gets from the shell; the rest it reads from the store. */
export interface ViewProps {
  model: ModelInfo | null;
  loadError: string | null; // why there is no model (a bad ?backend=, a broken manifest)
  models: ModelEntry[];
  classification: ClassificationState;
  imageInput: ImageInput;
}
