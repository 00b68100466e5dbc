/**
 * One panel of an island's figure: its title (shown above it, and its accessible name) and the Plot element.
 * Panel builders compute titles and text at once and the figure only when `figure` is read (a getter, new each
 * read): a live island can then draw its panels one task at a time, and skip those the reader cannot see.
 */
export interface Panel {
  title: string;
  readonly figure: SVGSVGElement | HTMLElement;
}
