/** One panel of an island's figure: the Plot element and its title (shown above it, and its accessible name). */
export interface Panel {
  title: string;
  figure: SVGSVGElement | HTMLElement;
}
