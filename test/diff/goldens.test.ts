// Golden diff reports (Markdown and JSON, under test/fixtures/diff/) for the comparisons a
// reviewer makes: ALBEF vs BLIP, CLIP B/32 vs B/16, VLMo base vs large, BEiT-3 giant vs large, a
// spec against itself, a spec with its `share` line removed, and a spec with a block renamed.
// The edited specs are written from the shipped ones at test time (test/output/diff/), so they
// follow the originals. `UPDATE_GOLDENS=1 npx vitest run test/diff` rewrites the goldens.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { DiffReport } from "../../compiler/diff/report.js";
import { cli, expectGolden } from "../harness.js";

const EDITED = "test/output/diff";
const UNSHARED = `${EDITED}/blip-unshared.vlm`;
const RENAMED = `${EDITED}/clip-renamed.vlm`;

beforeAll(() => {
  mkdirSync(EDITED, { recursive: true });
  const blip = readFileSync("specs/models/blip.vlm", "utf8");
  const share = /^ *share decoder\.bert\.\*\* with encoder\.\*\*.*\n/m;
  expect(blip).toMatch(share);
  writeFileSync(UNSHARED, blip.replace(share, ""));
  const clip = readFileSync("specs/models/clip.vlm", "utf8");
  expect(clip).toMatch(/^ *visual = CLIPVisual\(/m);
  writeFileSync(RENAMED, clip.replace(/\bvisual\b/g, "image_tower"));
});

const CASES: readonly (readonly [string, string, string])[] = [
  ["albef-vs-blip", "specs/models/albef.vlm", "specs/models/blip.vlm#base"],
  ["clip-b32-vs-b16", "specs/models/clip.vlm#B32", "specs/models/clip.vlm#B16"],
  ["vlmo-base-vs-large", "specs/models/vlmo.vlm#base", "specs/models/vlmo.vlm#large"],
  ["beit3-giant-vs-large", "specs/models/beit3.vlm#giant", "specs/models/beit3.vlm#large"],
  ["blip-vs-itself", "specs/models/blip.vlm#base", "specs/models/blip.vlm#base"],
  ["blip-vs-unshared", "specs/models/blip.vlm#base", `${UNSHARED}#base`],
  ["clip-vs-renamed", "specs/models/clip.vlm#B16", `${RENAMED}#B16`],
];

async function report(a: string, b: string): Promise<DiffReport> {
  const r = await cli("diff", a, b, "--format", "json");
  // Warnings may come (the unshared BLIP no longer matches its published count); errors may not.
  expect(r.err).not.toMatch(/ - error /);
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as DiffReport;
}

describe("diff golden reports", () => {
  for (const [name, a, b] of CASES) {
    it(`${name}: Markdown and JSON`, async () => {
      const md = await cli("diff", a, b, "--format", "md");
      expect(md.code).toBe(0);
      expectGolden(`test/fixtures/diff/${name}.md`, md.out);
      const json = await cli("diff", a, b, "--format", "json");
      expectGolden(`test/fixtures/diff/${name}.json`, json.out);
    });
  }

  it("a spec against itself is identical: no changes anywhere", async () => {
    const r = await report("specs/models/blip.vlm#base", "specs/models/blip.vlm#base");
    expect(r.identical).toBe(true);
    expect(r.modules).toEqual([]);
    expect(r.hypers).toEqual([]);
    expect(r.sharing.params).toEqual([]);
    expect(r.totals.params.delta).toBe(0);
  });

  it("removing BLIP's share line names the decoder parameters that stopped being shared, and adds exactly their elements", async () => {
    const r = await report("specs/models/blip.vlm#base", `${UNSHARED}#base`);
    expect(r.identical).toBe(false);
    // The front end's own figure for this edit (test/specs): 108,891,648 more parameters.
    expect(r.totals.params.delta).toBe(108_891_648);
    const unshared = r.sharing.params.filter((c) => c.change === "no longer shared");
    expect(unshared.reduce((n, c) => n + c.elements, 0)).toBe(108_891_648);
    // The LM head stays tied, now to the decoder's own word embeddings.
    expect(r.sharing.params.filter((c) => c.change !== "no longer shared")).toEqual([
      expect.objectContaining({ change: "owner changed", param: "decoder.head.decoder.weight", b: { owner: "decoder.bert.embeddings.word.weight", kind: "tie" } }),
    ]);
    expect(unshared.map((c) => c.param)).toContain("decoder.bert.layers.11.cross_attn.q.weight");
    expect(unshared.every((c) => c.a.owner?.startsWith("encoder."))).toBe(true);
    expect(unshared.some((c) => c.param.includes("self_attn"))).toBe(false);
    expect(r.sharing.groups.map((g) => g.params)).toContain("decoder.bert.layers.{0..11}.cross_attn.{q,k,v,out}.{weight,bias}");
  });

  it("a renamed block is reported as one rename, not a removal and an addition", async () => {
    const r = await report("specs/models/clip.vlm#B16", `${RENAMED}#B16`);
    expect(r.identical).toBe(false);
    const moved = r.modules.filter((m) => m.status !== "same");
    expect(moved).toEqual([expect.objectContaining({ a: "visual", b: "image_tower", status: "renamed", changes: [] })]);
    expect(r.totals.params.delta).toBe(0);
    expect(r.shapes.params).toEqual([]);
  });
});
