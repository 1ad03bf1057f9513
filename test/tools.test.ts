// tools/torch_to_safetensors.py turns a PyTorch checkpoint (a pickled dict holding a state_dict,
// or a TorchScript archive like openai/CLIP's) into a file `vlmc run --weights` reads.
import { spawnSync } from "node:child_process";
import { expect, it } from "vitest";
import { openSafetensors } from "../runtime/weights/safetensors.js";
import { describeWithTorch, PYTHON, scratchFolder } from "./parity/torch.js";

describeWithTorch("tools/torch_to_safetensors.py", () => {
  const dir = scratchFolder("tools");
  it("converts a pickled checkpoint and a TorchScript archive, tensors under their own names", () => {
    const env = { ...process.env, OMP_NUM_THREADS: "2", OMP_WAIT_POLICY: "PASSIVE" };
    const make = `
import torch
torch.manual_seed(0)
m = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.LayerNorm(4))
torch.save({"model": m.state_dict(), "epoch": 3}, "${dir}/ck.pth")
torch.jit.save(torch.jit.script(m), "${dir}/ck_jit.pt")
print(float(m[0].weight[1, 2]))`;
    const made = spawnSync(PYTHON, ["-c", make], { env, encoding: "utf8" });
    expect(made.status, made.stderr).toBe(0);
    const expected = Number(made.stdout.trim());
    for (const file of ["ck.pth", "ck_jit.pt"]) {
      const r = spawnSync(PYTHON, ["tools/torch_to_safetensors.py", `${dir}/${file}`, `${dir}/${file}.safetensors`], { env, encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      const { reader, diagnostics } = openSafetensors(`${dir}/${file}.safetensors`);
      expect(diagnostics).toEqual([]);
      expect([...reader!.entries.keys()].sort()).toEqual(["0.bias", "0.weight", "1.bias", "1.weight"]);
      const w = reader!.read("0.weight", "f32");
      expect(w.ok && w.tensor.shape).toEqual([4, 3]);
      expect(w.ok && w.tensor.data[1 * 3 + 2]).toBeCloseTo(expected, 6);
    }
  });
});
