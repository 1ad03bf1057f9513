// A small model written by hand as `vlmc compile --target ts` writes models, over the runtime API
// (`vlmc/runtime`), beside the spec it is the translation of: two Linear blocks whose weights are
// shared, a momentum copy of one, a feature queue the step writes into, dropout (a random op, so
// the run's keys matter), and two weighted objectives. The API tests compare it with the IR
// runtime on the compiled spec.
import { enqueue, Model, Module, momentum, ops, queue, share, type Tensor, type Variable } from "../../../runtime/api/index.js";

export const TINY_SPEC = `import "std/nn.vlm"

model Tiny {
  hyper dim = 8, size = 6
  input x: f32[B, 12]
  input y: i32[B]
  a = Linear(12, dim)
  b = Linear(12, dim)
  head = Linear(dim, 3)
  share b.weight with a.weight
  a_m = ema(a, decay: 0.9)
  keys = queue(size, dim)

  h = gelu(a(x)) + b(x)
  k = stop_gradient(l2_normalize(a_m(x)))
  sim = l2_normalize(h) @ transpose(keys)
  objective ce = cross_entropy(head(dropout(h, p: 0.25)), y)
  objective align = mean(sim) weight 0.5
  enqueue(keys, k)
  stage head_only {
    objectives ce
    freeze a.**, b.**
  }
}
`;

export interface LinearConfig {
  readonly in_dim: number;
  readonly out_dim: number;
  readonly has_bias?: boolean;
  readonly init_std?: number;
}

export class Linear extends Module {
  weight: Variable;
  bias: Variable | undefined;
  constructor(
    parent: Module,
    name: string,
    override readonly config: LinearConfig,
  ) {
    super(parent, name, config);
    const { in_dim, out_dim, has_bias = true, init_std = 0.02 } = config;
    this.weight = this.param("weight", "f32", [out_dim, in_dim], { kind: "trunc_normal", args: { std: init_std } });
    this.bias = has_bias ? this.param("bias", "f32", [out_dim], { kind: "zeros", args: {} }) : undefined;
  }
  forward(x: Tensor): Tensor {
    return this.call("", () => ops.linear(x, this.weight, (this.config.has_bias ?? true) ? this.bias : undefined));
  }
}

export interface TinyConfig {
  readonly dim?: number;
  readonly size?: number;
}

export class Tiny extends Model<{ x: Tensor; y: Tensor }> {
  readonly modelName = "Tiny";
  readonly variant = undefined;
  readonly objectives = { ce: 1, align: 0.5 };
  readonly stages = { head_only: { objectives: ["ce"], frozen: ["a.**", "b.**"] } };
  readonly frozenParams: readonly string[] = [];
  a: Linear;
  b: Linear;
  head: Linear;
  a_m: Linear;
  keys: Variable;

  constructor(
    override readonly config: TinyConfig = {},
    options: { seed?: number } = {},
  ) {
    super(config, options);
    const { dim = 8, size = 6 } = config;
    this.a = new Linear(this, "a", { in_dim: 12, out_dim: dim });
    this.b = new Linear(this, "b", { in_dim: 12, out_dim: dim });
    this.head = new Linear(this, "head", { in_dim: dim, out_dim: 3 });
    this.a_m = momentum(this, "a_m", this.a, 0.9);
    this.keys = queue(this, "keys", size, dim);
    share(this, "b.weight", "a.weight");
  }

  forward({ x, y }: { x: Tensor; y: Tensor }): { values: Record<string, Tensor>; losses: Record<string, Tensor> } {
    const h = ops.add(ops.gelu(this.a.forward(x)), this.b.forward(x));
    const k = ops.stop_gradient(ops.l2_normalize(this.a_m.forward(x)));
    const sim = ops.matmul(ops.l2_normalize(h), ops.transpose(this.keys));
    const ce = ops.cross_entropy(this.head.forward(ops.dropout(h, { p: 0.25 })), y);
    const align = ops.mean(sim);
    enqueue(this.keys, k);
    return { values: { h, k, sim }, losses: { ce, align } };
  }
}
