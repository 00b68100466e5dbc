/**
 * One panel of an island's figure: its title (shown above it, and its accessible name) and the Plot element.
 * Panel builders compute titles and text at once and the figure only when `figure` is read (a getter, new each
 * read): a live island can then draw its panels one task at a time, and skip those the reader cannot see.
 */
import type { LiveFigure } from './live-layer';

export interface Panel {
  title: string;
  readonly figure: SVGSVGElement | HTMLElement;
  /**
   * For a figure that does not change while a run trains (the data a network learns from): a string that changes
   * whenever the figure would. A live island redraws such a panel only when its key changes.
   */
  key?: string;
  /**
   * The figure as a live island draws it while a run trains (see live-layer.ts): a frame redrawn only when its key
   * changes and a data layer updated in place. Panels without it are drawn whole (`figure`) at every redraw.
   */
  readonly live?: LiveFigure;
}
