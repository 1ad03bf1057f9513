// Which module of side a is which module of side b. Modules are matched by hierarchical name,
// top-down: children of a matched pair with the same name are the same module. Children left
// over on both sides are then recognised by structure — an identical subtree (same signature), or
// failing that the same block with mostly the same parameters — as a rename under the same
// parent; what is still left over is matched across the whole tree by identical signature, as a
// move. Below a renamed or moved module, matching goes on by name, so `text_encoder` → `encoder`
// is one rename, not a removal and an addition of every layer.
import type { ModelView, ModuleView } from "./view.js";

export type PairKind = "same" | "renamed" | "moved";

export interface ModuleMatch {
  /** a path → b path, and the reverse. */
  readonly aToB: ReadonlyMap<string, string>;
  readonly bToA: ReadonlyMap<string, string>;
  /** How each b path's match was found. */
  readonly kind: ReadonlyMap<string, PairKind>;
}

/** Below this share of common parameters (names and shapes), two blocks are not one renamed. */
const SIMILAR = 0.6;

/** Dice coefficient of the names' character bigrams: `vision_m` is closer to `visual_encoder_m` than to `visual_encoder`. */
function nameSimilarity(x: string, y: string): number {
  const bigrams = (s: string): string[] => Array.from({ length: Math.max(0, s.length - 1) }, (_, i) => s.slice(i, i + 2));
  const [bx, by] = [bigrams(x), bigrams(y)];
  if (bx.length + by.length === 0) return x === y ? 1 : 0;
  const pool = new Map<string, number>();
  for (const g of by) pool.set(g, (pool.get(g) ?? 0) + 1);
  let common = 0;
  for (const g of bx) {
    const n = pool.get(g) ?? 0;
    if (n > 0) {
      common++;
      pool.set(g, n - 1);
    }
  }
  return (2 * common) / (bx.length + by.length);
}

function similarity(a: ModuleView, b: ModuleView): number {
  if (a.block !== b.block || a.momentum !== b.momentum) return 0;
  if (a.contents.size === 0 && b.contents.size === 0) return a.children.length === b.children.length ? 1 : 0;
  let common = 0;
  for (const x of a.contents) if (b.contents.has(x)) common++;
  return common / Math.max(a.contents.size, b.contents.size);
}

export function matchModules(a: ModelView, b: ModelView): ModuleMatch {
  const aToB = new Map<string, string>();
  const bToA = new Map<string, string>();
  const kind = new Map<string, PairKind>();
  const pair = (pa: string, pb: string, k: PairKind): void => {
    aToB.set(pa, pb);
    bToA.set(pb, pa);
    kind.set(pb, k);
  };
  const queue: [string, string][] = [];
  const link = (pa: string, pb: string, k: PairKind): void => {
    pair(pa, pb, k);
    queue.push([pa, pb]);
  };
  const childrenOf = (view: ModelView, path: string): ModuleView[] => view.modules.get(path)!.children.map((c) => view.modules.get(c)!);

  link("", "", "same");
  const drain = (): void => {
    while (queue.length) {
      const [pa, pb] = queue.shift()!;
      const ca = childrenOf(a, pa);
      const cb = childrenOf(b, pb);
      const byName = new Map(cb.map((m) => [m.name, m]));
      const leftA: ModuleView[] = [];
      for (const m of ca) {
        const other = byName.get(m.name);
        if (other && !bToA.has(other.path)) link(m.path, other.path, "same");
        else leftA.push(m);
      }
      const leftB = cb.filter((m) => !bToA.has(m.path));
      // Recognised by structure: identical subtrees first, then the most similar block of the
      // same kind; ties (a model and its momentum copy look alike) go to the closer name.
      const candidates: { a: ModuleView; b: ModuleView; score: number }[] = [];
      for (const m of leftA) {
        for (const o of leftB) {
          const s = m.signature === o.signature ? 2 : similarity(m, o);
          if (s >= SIMILAR) candidates.push({ a: m, b: o, score: s + nameSimilarity(m.name, o.name) / 2 });
        }
      }
      candidates.sort((x, y) => y.score - x.score);
      for (const c of candidates) {
        if (aToB.has(c.a.path) || bToA.has(c.b.path)) continue;
        link(c.a.path, c.b.path, "renamed");
      }
    }
  };
  drain();

  // Moves: unmatched subtrees (whose parent is matched) identical to an unmatched module anywhere.
  const aRoots = [...a.modules.values()].filter((m) => m.path !== "" && !aToB.has(m.path) && aToB.has(m.parent ?? ""));
  const bLeft = [...b.modules.values()].filter((m) => m.path !== "" && !bToA.has(m.path));
  for (const m of aRoots) {
    const twin = bLeft.find((o) => !bToA.has(o.path) && o.signature === m.signature && o.contents.size > 0);
    if (twin) link(m.path, twin.path, "moved");
  }
  drain();
  return { aToB, bToA, kind };
}

/**
 * A parameter's name on the other side: its instance's match plus the same relative name, or
 * the same name for a model-level parameter. Undefined when its instance has no match.
 */
export function mapParam(name: string, instance: string, instances: ReadonlyMap<string, string>): string | undefined {
  const other = instances.get(instance);
  if (other === undefined) return undefined;
  const rest = instance === "" ? name : name.slice(instance.length + 1);
  return other === "" ? rest : `${other}.${rest}`;
}
