// The view registry: one entry per tab. A new view is a folder with its component and one entry here.
import type { ComponentType } from 'react';
import type { ModelInfo } from '../worker/protocol.ts';
import { AttackTab } from './attack/AttackTab.tsx';
import { LandscapeView } from './landscape/LandscapeView.tsx';
import { LookView } from './look/LookView.tsx';
import { RaceView } from './race/RaceView.tsx';
import { MaskingView } from './masking/MaskingView.tsx';
import type { ViewId, ViewProps } from './state/types.ts';
import { StrengthView } from './strength/StrengthView.tsx';

export interface ViewEntry {
  label: string;
  component: ComponentType<ViewProps>;
  /** Why the view cannot show this model, or null. */
  unavailable(model: ModelInfo | null): string | null;
}

export const VIEWS: Record<ViewId, ViewEntry> = {
  look: { label: 'Look', component: LookView, unavailable: () => null },
  attack: {
    label: 'Attack', component: AttackTab,
    unavailable: (model) => (model?.arch === 's3ta' ? null : 'attacks run on S3TA: pick it in the model list'),
  },
  landscape: { label: 'Landscape', component: LandscapeView, unavailable: () => null },
  race: { label: 'Race', component: RaceView, unavailable: () => null },
  strength: {
    label: 'Strength', component: StrengthView,
    unavailable: (model) => (model?.arch === 's3ta' ? null : 'the strip sets S3TA beside the baseline: pick S3TA in the model list'),
  },
  masking: { label: 'Masking check', component: MaskingView, unavailable: () => null },
};
