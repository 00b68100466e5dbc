/**
 * The props of <Objectives> and <Takeaways>, the two boxes that frame a chapter: what the reader will be able to do
 * (first, before the chapter's opening paragraph) and what to keep (last, before the exercises). Neither has props;
 * both hold a Markdown list of three to five short lines, which the component counts at build time.
 */
import { z } from 'zod';

export const objectivesPropsSchema = z.object({}).strict();
export const takeawaysPropsSchema = z.object({}).strict();

/** How many lines a frame box may hold: enough to say something, few enough to read at a glance. */
export const FRAME_ITEMS = { min: 3, max: 5 } as const;
