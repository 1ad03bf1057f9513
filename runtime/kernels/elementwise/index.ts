// Kernels of the elementwise ops (compiler/ir/ops/elementwise.ts): arithmetic, comparisons,
// activations, reductions, normalisations, dropout.
import type { KernelEntry } from "../types.js";
import * as abs from "./abs.js";
import * as add from "./add.js";
import * as amax from "./amax.js";
import * as argmax from "./argmax.js";
import * as cast from "./cast.js";
import * as clamp from "./clamp.js";
import * as cos from "./cos.js";
import * as cumsum from "./cumsum.js";
import * as div from "./div.js";
import * as drop_path from "./drop_path.js";
import * as dropout from "./dropout.js";
import * as eq from "./eq.js";
import * as exp from "./exp.js";
import * as ge from "./ge.js";
import * as gelu from "./gelu.js";
import * as gelu_tanh from "./gelu_tanh.js";
import * as gt from "./gt.js";
import * as l2_normalize from "./l2_normalize.js";
import * as layer_norm from "./layer_norm.js";
import * as le from "./le.js";
import * as log from "./log.js";
import * as log_softmax from "./log_softmax.js";
import * as logical_and from "./logical_and.js";
import * as logical_not from "./logical_not.js";
import * as logical_or from "./logical_or.js";
import * as lt from "./lt.js";
import * as maximum from "./maximum.js";
import * as mean from "./mean.js";
import * as minimum from "./minimum.js";
import * as mul from "./mul.js";
import * as ne from "./ne.js";
import * as neg from "./neg.js";
import * as pow from "./pow.js";
import * as quick_gelu from "./quick_gelu.js";
import * as relu from "./relu.js";
import * as remainder from "./remainder.js";
import * as rms_norm from "./rms_norm.js";
import * as sigmoid from "./sigmoid.js";
import * as silu from "./silu.js";
import * as sin from "./sin.js";
import * as softmax from "./softmax.js";
import * as sqrt from "./sqrt.js";
import * as stop_gradient from "./stop_gradient.js";
import * as sub from "./sub.js";
import * as sum from "./sum.js";
import * as tanh from "./tanh.js";
import * as where from "./where.js";

export const elementwiseKernels: readonly KernelEntry[] = [
  add, sub, mul, div, pow, remainder, maximum, minimum,
  eq, ne, lt, le, gt, ge, logical_and, logical_or,
  neg, logical_not, exp, log, sqrt, abs, tanh, sin, cos, sigmoid, relu, gelu, gelu_tanh, quick_gelu, silu,
  cast, clamp, where,
  sum, mean, amax, argmax, cumsum,
  softmax, log_softmax, layer_norm, rms_norm, l2_normalize,
  dropout, drop_path, stop_gradient,
];
