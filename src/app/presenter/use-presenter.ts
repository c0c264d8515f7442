// Presenter mode: full screen, controls hidden until the mouse moves, and the keys a speaker needs — F toggles,
// PageDown / PageUp (what clickers send) step through a scene list, A starts or pauses the attack, R replays it.
// A scene is a permalink (state/url.ts), so a scene list is a JSON file of links a speaker can edit.
import { useCallback, useEffect, useLayoutEffect, useState } from 'react';
import type { Scene } from './scenes.ts';

export const PRESENTER_EVENTS = { attack: 'saccade:attack-toggle', replay: 'saccade:replay' } as const;
const IDLE_MS = 2500;

/** The scene-list parser (and zod) load when a presenter first needs them. */
const parseScenes = async (text: string) => (await import('./scenes.ts')).parseScenes(text);

const typing = (target: EventTarget | null) => target instanceof HTMLElement && target.closest('input, select, textarea') !== null;

export function usePresenter(apply: (link: string) => void) {
  const [presenting, setPresenting] = useState(false);
  const [idle, setIdle] = useState(false);
  const [scenes, setScenes] = useState<Scene[]>([]);
  const [scene, setScene] = useState(-1);
  const [error, setError] = useState<string | null>(null);

  const toggle = useCallback(() => {
    setScene(-1); // the state moves on outside presenting: coming back, the bar must not name a scene no longer shown
    setPresenting((on) => {
      if (!on) document.documentElement.requestFullscreen?.().catch(() => {});
      else if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
      return !on;
    });
  }, []);

  const go = useCallback((index: number) => {
    if (index < 0 || index >= scenes.length) return;
    setScene(index);
    apply(scenes[index].link);
  }, [scenes, apply]);

  const loadScenes = useCallback(async (file: Blob) => {
    try {
      setScenes(await parseScenes(await file.text()));
      setScene(-1);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);

  useEffect(() => {
    if (!presenting || scenes.length) return;
    fetch(`${import.meta.env.BASE_URL}scenes.json`).then((r) => r.text()).then(parseScenes).then(setScenes).catch(() => {});
  }, [presenting, scenes.length]);

  // A layout effect: the keys must reach the scene list the page shows, even when pressed the moment it appears
  // (a passive effect could still hold the empty list's listener then, and PageDown did nothing).
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      const key = e.key.toLowerCase();
      if (key === 'f') toggle();
      else if (!presenting) return;
      else if (e.key === 'PageDown') go(scene + 1);
      else if (e.key === 'PageUp') go(scene - 1);
      else if (key === 'a') window.dispatchEvent(new Event(PRESENTER_EVENTS.attack));
      else if (key === 'r') window.dispatchEvent(new Event(PRESENTER_EVENTS.replay));
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [presenting, scene, go, toggle]);

  useEffect(() => {
    if (!presenting) return setIdle(false);
    let timer = setTimeout(() => setIdle(true), IDLE_MS);
    const wake = () => {
      setIdle(false);
      clearTimeout(timer);
      timer = setTimeout(() => setIdle(true), IDLE_MS);
    };
    window.addEventListener('mousemove', wake);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('mousemove', wake);
    };
  }, [presenting]);

  return { presenting, idle, toggle, scenes, scene, go, loadScenes, error };
}
