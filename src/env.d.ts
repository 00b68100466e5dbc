/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** Islands rendered so far on this page (see src/ssr/ids.ts). */
    vgIslandCount?: number;
  }
}
