/**
 * The props of <OutlierLab>: the `outliers` experiment's whole configuration, with the defaults of its story —
 * 5 % of the inputs 30 times too large, fitted with the mean squared error: the loss and the gradient spike
 * whenever a batch holds an outlier; the Huber loss or standardised inputs (compare mode) calm them.
 */
import type { z } from 'zod';
import { outliersConfigSchema } from '../../core/experiments/outliers.config';
import { labPropsOf, withDefaults } from './lab-props';

export const outlierLabConfig = withDefaults(outliersConfigSchema, { outlierScale: 30 });
export const outlierLabPropsSchema = labPropsOf(outlierLabConfig, { steps: 300 });
export type OutlierLabConfig = z.output<typeof outlierLabConfig>;
