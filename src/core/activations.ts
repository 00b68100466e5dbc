/**
 * The activations as the networks use them: each record of activation-records.ts — the scalar pair (f, f′) and its
 * TeX, and the tensor form for training (tfjs differentiates it), bound to the tfjs namespace here. The tests check
 * f′ against finite differences of f, and the tensor form against the scalar one.
 */
import * as tf from './tf';
import { activationRecord, type ActivationId, type ActivationParams, type TensorOps } from './activation-records';
import { scalarActivation, type ScalarActivation } from './activation-scalars';

// Everything of the scalar half too, so that a network's code needs one import.
export * from './activation-scalars';

export interface Activation extends ScalarActivation {
  apply(x: tf.Tensor): tf.Tensor;
  /** dy ⊙ f′(x) from the input x, the output y = f(x) and the output's gradient dy, as tfjs's autodiff computes it. */
  vjp(x: tf.Tensor, y: tf.Tensor, dy: tf.Tensor): tf.Tensor;
}

/** The ops the records' tensor forms use (TENSOR_OPS), named one by one so that the bundler keeps only these. */
const OPS: TensorOps = {
  add: tf.add,
  elu: tf.elu,
  erf: tf.erf,
  expm1: tf.expm1,
  greater: tf.greater,
  leakyRelu: tf.leakyRelu,
  minimum: tf.minimum,
  mul: tf.mul,
  relu: tf.relu,
  selu: tf.selu,
  sigmoid: tf.sigmoid,
  softplus: tf.softplus,
  square: tf.square,
  step: tf.step,
  sub: tf.sub,
  tanh: tf.tanh,
  where: tf.where,
  eluGrad: (dy, y) => tf.engine().runKernel('EluGrad', { dy, y }) as tf.Tensor,
};

export function getActivation(id: ActivationId, params: ActivationParams = {}): Activation {
  const record = activationRecord(id);
  const apply = (x: tf.Tensor) => record.tensor(OPS, x, params);
  // Without a written-out backward pass, tfjs differentiates the tensor form: tf.grad(f)(x, dy) is dy ⊙ f′(x),
  // computed by the same gradient functions the tape would run.
  const differentiated = tf.grad(apply);
  const vjp: Activation['vjp'] = (x, y, dy) => record.tensorVjp?.(OPS, x, y, dy, params) ?? differentiated(x, dy);
  return { ...scalarActivation(id, params), apply, vjp };
}
