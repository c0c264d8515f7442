// The view registry: one entry per tab. A new view is a folder with its component and one entry here.
import type { ComponentType } from 'react';
import type { ModelInfo } from '../worker/protocol.ts';
import { AttackTab } from './attack/AttackTab.tsx';
import { LookView } from './look/LookView.tsx';
import type { ViewId, ViewProps } from './state/types.ts';

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
};
