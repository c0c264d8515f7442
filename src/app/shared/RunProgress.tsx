// A long run's progress (the research views' attack jobs): a bar, what is done, the status, and Cancel.

export type RunStatus = 'idle' | 'loading' | 'running' | 'done' | 'cancelled' | 'error';

interface Props {
  status: RunStatus;
  value: number;
  max: number;
  text: string; // e.g. "step 40/1000 · 3.1 steps/s · ETA 310 s"
  onCancel(): void;
}

export function RunProgress({ status, value, max, text, onCancel }: Props) {
  const active = status === 'loading' || status === 'running';
  return (
    <div className="progress" data-testid="run-progress">
      <progress value={value} max={max} />
      <span>{text} · <span data-testid="run-status">{status}</span></span>
      {status === 'loading' && <span className="hint">loading the models in the attack worker (or waiting for its current run)…</span>}
      {active && <div className="buttons"><button onClick={onCancel}>Cancel</button></div>}
    </div>
  );
}
