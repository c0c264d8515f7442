import { useEffect, useState, type RefObject } from 'react';

/** While `active`, the element's border-box height in CSS pixels, kept up to date as it wraps or resizes; else 0. */
export function useElementHeight(ref: RefObject<HTMLElement | null>, active: boolean): number {
  const [height, setHeight] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!active || !element) return;
    const observer = new ResizeObserver(() => setHeight(element.getBoundingClientRect().height));
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, active]);
  return active ? height : 0;
}
