// S3TA (Zoran et al., CVPR 2020, section 3) and the ResNet baseline, from plain tfjs ops, NHWC.
// The same parts under the same names as training/model.py; weight names are its state_dict keys.
import * as tf from '@tensorflow/tfjs-core';
import type { ResNetConfig, S3taConfig, VisionNetConfig } from './manifest.ts';
import type { Weights } from './load.ts';

const BN_EPS = 1e-5;

/** Per-glance outputs for a batch: logits [B, k, C], attention [B, k, heads, h, w]. */
export interface Glances {
  logits: tf.Tensor3D;
  attention: tf.Tensor5D;
}

/** BatchNorm in eval mode, folded once into a per-channel scale and shift. */
export function foldBatchNorms(weights: Weights): Weights {
  const folded: Weights = { ...weights };
  for (const name of Object.keys(weights).filter((n) => n.endsWith('.running_var'))) {
    const prefix = name.slice(0, -'running_var'.length);
    const scale = tf.tidy(() => tf.div(weights[`${prefix}weight`], tf.sqrt(tf.add(weights[name], BN_EPS))));
    const shift = tf.tidy(() => tf.sub(weights[`${prefix}bias`], tf.mul(weights[`${prefix}running_mean`], scale)));
    folded[`${prefix}scale`] = scale;
    folded[`${prefix}shift`] = shift;
  }
  return folded;
}

function batchNorm(x: tf.Tensor4D, w: Weights, prefix: string): tf.Tensor4D {
  return tf.add(tf.mul(x, w[`${prefix}.scale`]), w[`${prefix}.shift`]);
}

/** Convolution with PyTorch's symmetric padding (k // 2), which 'same' does not give at stride 2. */
function conv(x: tf.Tensor4D, filter: tf.Tensor, stride: number): tf.Tensor4D {
  const size = filter.shape[0];
  return tf.conv2d(x, filter as tf.Tensor4D, stride, Math.floor(size / 2));
}

/** y = relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)) */
function basicBlock(x: tf.Tensor4D, w: Weights, prefix: string, stride: number): tf.Tensor4D {
  let y = tf.relu(batchNorm(conv(x, w[`${prefix}.conv1.weight`], stride), w, `${prefix}.bn1`));
  y = batchNorm(conv(y, w[`${prefix}.conv2.weight`], 1), w, `${prefix}.bn2`);
  const shortcut = w[`${prefix}.shortcut.0.weight`]
    ? batchNorm(conv(x, w[`${prefix}.shortcut.0.weight`], stride), w, `${prefix}.shortcut.1`)
    : x;
  return tf.relu(tf.add(y, shortcut)) as tf.Tensor4D;
}

/** Normalise, stem (two stride-2 convs), residual stages. x [B, H, W, 3] in [0, 1] -> [B, h, w, widths[-1]] */
export function visionNet(x: tf.Tensor4D, w: Weights, c: VisionNetConfig, strides: number[]): tf.Tensor4D {
  let y = tf.div(tf.sub(x, tf.tensor1d(c.mean)), tf.tensor1d(c.std)) as tf.Tensor4D;
  y = tf.relu(batchNorm(conv(y, w['vision_net.stem.0.weight'], 2), w, 'vision_net.stem.1'));
  y = tf.relu(batchNorm(conv(y, w['vision_net.stem.3.weight'], 2), w, 'vision_net.stem.4'));
  c.blocks.forEach((n, s) => {
    for (let b = 0; b < n; b++) y = basicBlock(y, w, `vision_net.stages.${s}.${b}`, b === 0 ? strides[s] : 1);
  });
  return y;
}

/** S3TA's vision net downsamples only in the second stage: output stride 8. */
export function s3taStrides(c: VisionNetConfig): number[] {
  return c.widths.map((_, s) => (s === 1 ? 2 : 1));
}

/** S_uv(i, j) = cos(pi u i / h) cos(pi v j / w), u, v = 1..U, channel (u - 1) U + (v - 1). -> [h, w, U*U] */
export function spatialBasis(h: number, w: number, U: number): tf.Tensor3D {
  const values = new Float32Array(h * w * U * U);
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      for (let u = 1; u <= U; u++) {
        for (let v = 1; v <= U; v++) {
          values[((i * w + j) * U + (u - 1)) * U + (v - 1)] = Math.cos((Math.PI * u * i) / h) * Math.cos((Math.PI * v * j) / w);
        }
      }
    }
  }
  return tf.tensor3d(values, [h, w, U * U]);
}

/** K = [features[:c_k]; S], V = [features[c_k:]; S] over locations. -> keys [B, hw, c_k+U²], values [B, hw, c_v+U²] */
export function keysAndValues(features: tf.Tensor4D, basis: tf.Tensor3D, c: S3taConfig) {
  const [B, h, w, channels] = features.shape;
  const S = tf.tile(tf.expandDims(basis, 0), [B, 1, 1, 1]); // [B, h, w, U²]
  const keys = tf.concat([tf.slice(features, [0, 0, 0, 0], [B, h, w, c.c_k]), S], 3);
  const values = tf.concat([tf.slice(features, [0, 0, 0, c.c_k], [B, h, w, channels - c.c_k]), S], 3);
  return { keys: tf.reshape(keys, [B, h * w, -1]) as tf.Tensor3D, values: tf.reshape(values, [B, h * w, -1]) as tf.Tensor3D };
}

function linear(x: tf.Tensor2D, w: Weights, prefix: string): tf.Tensor2D {
  return tf.add(tf.matMul(x, w[`${prefix}.weight`] as tf.Tensor2D), w[`${prefix}.bias`]);
}

/** q_t = W2 relu(W1 h_{t-1}). h [B, hidden] -> queries [B, heads, c_k + U²] */
export function queryNet(h: tf.Tensor2D, w: Weights, c: S3taConfig): tf.Tensor3D {
  const q = linear(tf.relu(linear(h, w, 'query_net.0')), w, 'query_net.2');
  return tf.reshape(q, [h.shape[0], c.heads, -1]);
}

/** A = softmax over locations of q . K; answer = sum_locations A V. -> answer [B, heads, dv], attention [B, heads, hw] */
export function attend(query: tf.Tensor3D, keys: tf.Tensor3D, values: tf.Tensor3D) {
  const attention = tf.softmax(tf.matMul(query, keys, false, true)) as tf.Tensor3D; // [B, heads, hw]
  return { answer: tf.matMul(attention, values), attention };
}

/** LSTM cell, PyTorch gate order (i, f, g, o): c' = f c + i g, h' = o tanh(c'). */
export function core(input: tf.Tensor2D, h: tf.Tensor2D, cell: tf.Tensor2D, w: Weights) {
  const gates = tf.add(
    tf.add(tf.matMul(input, w['core.weight_ih'] as tf.Tensor2D), w['core.bias_ih']),
    tf.add(tf.matMul(h, w['core.weight_hh'] as tf.Tensor2D), w['core.bias_hh']),
  ); // [B, 4 hidden]
  const [i, f, g, o] = tf.split(gates, 4, 1);
  const cellNext = tf.add(tf.mul(tf.sigmoid(f), cell), tf.mul(tf.sigmoid(i), tf.tanh(g)));
  return { h: tf.mul(tf.sigmoid(o), tf.tanh(cellNext)) as tf.Tensor2D, cell: cellNext as tf.Tensor2D };
}

/** logits_t = W4 relu(W3 h_t). [B, hidden] -> [B, C] */
export function readout(h: tf.Tensor2D, w: Weights): tf.Tensor2D {
  return linear(tf.relu(linear(h, w, 'readout.0')), w, 'readout.2');
}

/** One step: query from h_{t-1}, attend, LSTM update, read out. */
export function glance(keys: tf.Tensor3D, values: tf.Tensor3D, state: { h: tf.Tensor2D; cell: tf.Tensor2D }, w: Weights, c: S3taConfig) {
  const { answer, attention } = attend(queryNet(state.h, w, c), keys, values);
  const next = core(tf.reshape(answer, [answer.shape[0], -1]) as tf.Tensor2D, state.h, state.cell, w);
  return { logits: readout(next.h, w), attention, state: next };
}

/** The k glances, unrolled eagerly. x [B, H, W, 3] in [0, 1] -> logits [B, k, C], attention [B, k, heads, h, w] */
export function s3taForward(x: tf.Tensor4D, w: Weights, basis: tf.Tensor3D, c: S3taConfig, k: number): Glances {
  const features = visionNet(x, w, c, s3taStrides(c)); // [B, h, w, c_k + c_v]
  const [B, h, wd] = features.shape;
  const { keys, values } = keysAndValues(features, basis, c);
  let state = { h: tf.tile(w.h0, [B, 1]) as tf.Tensor2D, cell: tf.tile(w.c0, [B, 1]) as tf.Tensor2D };
  const logits: tf.Tensor2D[] = [];
  const attention: tf.Tensor3D[] = [];
  for (let t = 0; t < k; t++) {
    const step = glance(keys, values, state, w, c);
    logits.push(step.logits);
    attention.push(step.attention);
    state = step.state;
  }
  return {
    logits: tf.stack(logits, 1) as tf.Tensor3D,
    attention: tf.reshape(tf.stack(attention, 1), [B, k, c.heads, h, wd]) as tf.Tensor5D,
  };
}

/** Vision net with standard strides, global average pool, linear. x [B, H, W, 3] -> logits [B, C] */
export function resnetForward(x: tf.Tensor4D, w: Weights, c: ResNetConfig): tf.Tensor2D {
  return linear(tf.mean(visionNet(x, w, c, c.strides), [1, 2]) as tf.Tensor2D, w, 'fc');
}

/** Every weight the forward reads, name -> shape, from the config (tfjs layouts: HWIO, [in, out]). */
export function expectedShapes(arch: 's3ta' | 'resnet', c: S3taConfig | ResNetConfig): Map<string, number[]> {
  const shapes = new Map<string, number[]>();
  const bn = (prefix: string, n: number) => {
    for (const p of ['weight', 'bias', 'running_mean', 'running_var']) shapes.set(`${prefix}.${p}`, [n]);
  };
  shapes.set('vision_net.stem.0.weight', [3, 3, 3, c.stem_width]);
  bn('vision_net.stem.1', c.stem_width);
  shapes.set('vision_net.stem.3.weight', [3, 3, c.stem_width, c.stem_width]);
  bn('vision_net.stem.4', c.stem_width);
  const strides = arch === 's3ta' ? s3taStrides(c) : (c as ResNetConfig).strides;
  let cIn = c.stem_width;
  c.widths.forEach((width, s) => {
    for (let b = 0; b < c.blocks[s]; b++) {
      const p = `vision_net.stages.${s}.${b}`;
      const inChannels = b === 0 ? cIn : width;
      shapes.set(`${p}.conv1.weight`, [3, 3, inChannels, width]);
      bn(`${p}.bn1`, width);
      shapes.set(`${p}.conv2.weight`, [3, 3, width, width]);
      bn(`${p}.bn2`, width);
      if (b === 0 && (strides[s] !== 1 || inChannels !== width)) {
        shapes.set(`${p}.shortcut.0.weight`, [1, 1, inChannels, width]);
        bn(`${p}.shortcut.1`, width);
      }
    }
    cIn = width;
  });
  const mat = (prefix: string, nIn: number, nOut: number) => {
    shapes.set(`${prefix}.weight`, [nIn, nOut]);
    shapes.set(`${prefix}.bias`, [nOut]);
  };
  if (arch === 'resnet') {
    mat('fc', cIn, c.classes);
    return shapes;
  }
  const s = c as S3taConfig;
  const U2 = s.basis_size ** 2;
  const keySize = s.c_k + U2;
  const answerSize = cIn - s.c_k + U2;
  mat('query_net.0', s.hidden, s.query_hidden);
  mat('query_net.2', s.query_hidden, s.heads * keySize);
  shapes.set('core.weight_ih', [s.heads * answerSize, 4 * s.hidden]);
  shapes.set('core.weight_hh', [s.hidden, 4 * s.hidden]);
  shapes.set('core.bias_ih', [4 * s.hidden]);
  shapes.set('core.bias_hh', [4 * s.hidden]);
  shapes.set('h0', [1, s.hidden]);
  shapes.set('c0', [1, s.hidden]);
  mat('readout.0', s.hidden, s.readout_hidden);
  mat('readout.2', s.readout_hidden, s.classes);
  return shapes;
}
