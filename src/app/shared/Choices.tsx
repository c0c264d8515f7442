// A row of buttons that acts as one radio group (or tab list): one Tab stop, arrow keys move the choice, as the
// WAI-ARIA radio group and tabs patterns ask, once the group has the keyboard focus (a pointer's click leaves none).
import { useRef, type CSSProperties, type KeyboardEvent, type MouseEvent } from 'react';

export interface Choice<T> {
  value: T;
  label: string;
  disabled?: boolean;
  title?: string;
  style?: CSSProperties;
}

interface Props<T> {
  label: string; // the group's accessible name
  choices: Choice<T>[];
  value: T;
  onChange(value: T): void;
  kind?: 'radio' | 'tab';
  className?: string;
  caption?: string; // shown before the buttons
}

const NEXT: Record<string, 1 | -1> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

export function Choices<T>({ label, choices, value, onChange, kind = 'radio', className = '', caption }: Props<T>) {
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const selected = choices.findIndex((c) => c.value === value);
  const pointed = useRef(false); // a pointer went down on a button: the click that follows is the mouse's or a finger's
  const onKeyDown = (e: KeyboardEvent) => {
    pointed.current = false; // Space or Enter: a key's click
    const step = NEXT[e.key];
    if (!step) return;
    e.preventDefault();
    e.stopPropagation(); // arrows here move the choice, not the glance
    const enabled = choices.map((c, i) => (c.disabled ? -1 : i)).filter((i) => i >= 0);
    if (!enabled.length) return;
    const at = enabled.indexOf(selected);
    const next = enabled[(at + step + enabled.length) % enabled.length];
    onChange(choices[next].value);
    buttons.current[next]?.focus();
  };
  const click = (e: MouseEvent<HTMLButtonElement>, choice: T) => {
    onChange(choice);
    // a pointer's click does not keep the focus, so the arrows go back to the glances; keys and assistive technology
    // (which send no pointerdown) keep it where it is
    if (pointed.current) e.currentTarget.blur();
    pointed.current = false;
  };
  return (
    <div className={className} role={kind === 'tab' ? 'tablist' : 'radiogroup'} aria-label={label} onKeyDown={onKeyDown}>
      {caption && <span>{caption}</span>}
      {choices.map((c, i) => (
        <button key={String(c.value)} ref={(b) => { buttons.current[i] = b; }} role={kind} type="button"
          aria-checked={kind === 'radio' ? i === selected : undefined} aria-selected={kind === 'tab' ? i === selected : undefined}
          tabIndex={i === selected || (selected < 0 && i === 0) ? 0 : -1} className={i === selected ? 'on' : ''}
          disabled={c.disabled} title={c.title} style={c.style} onPointerDown={() => { pointed.current = true; }} onClick={(e) => click(e, c.value)}>{c.label}</button>
      ))}
    </div>
  );
}
