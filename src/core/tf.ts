/**
 * The one place the core imports TensorFlow.js from. tfjs-core ships its gradient definitions separately from
 * its ops; without this side-effect import `tf.variableGrads` fails with "gradient function not found".
 */
import './node-globals';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';

export * from '@tensorflow/tfjs-core';
