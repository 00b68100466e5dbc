/**
 * Redrawing at the reader's pace. A live figure is redrawn at most once per animation frame, however many report
 * batches arrived; a reader who asked their system for reduced motion gets a still figure that changes about once
 * a second instead of a running animation (WCAG 2.3.3), and the last state is always drawn.
 */
import { useEffect, useRef, useState } from 'preact/hooks';

const REDUCED_INTERVAL_MS = 1000;

export function usePrefersReducedMotion(): boolean {
  const [reduced, setReduced] = useState(false);
  useEffect(() => {
    const mq = matchMedia('(prefers-reduced-motion: reduce)');
    setReduced(mq.matches);
    const on = () => setReduced(mq.matches);
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  return reduced;
}

/** Call `draw` after any change of `deps` while `active`, coalesced to one call per frame (or per second). */
export function useCoalescedDraw(draw: () => void, deps: readonly unknown[], active: boolean, reduced: boolean): void {
  const frame = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastDraw = useRef(0);
  const drawRef = useRef(draw);
  drawRef.current = draw;
  useEffect(() => {
    if (!active) return;
    if (!reduced) {
      cancelAnimationFrame(frame.current);
      frame.current = requestAnimationFrame(() => {
        lastDraw.current = performance.now();
        drawRef.current();
      });
      return;
    }
    if (timer.current !== null) return;
    const wait = Math.max(0, REDUCED_INTERVAL_MS - (performance.now() - lastDraw.current));
    timer.current = setTimeout(() => {
      timer.current = null;
      lastDraw.current = performance.now();
      drawRef.current();
    }, wait);
  }, [...deps, active, reduced]);
  useEffect(
    () => () => {
      cancelAnimationFrame(frame.current);
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );
}
