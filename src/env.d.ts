/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** Islands rendered so far on this page (see src/ssr/ids.ts). */
    vgIslandCount?: number;
    /** Their ids, which must not repeat on a page. */
    vgIslandIds?: Set<string>;
  }
}
