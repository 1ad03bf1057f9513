"""Reads batches from a data pack with a generated package's runtime (runtime/pack_batches.py), for test/pytorch/pack-data.test.ts.

Usage: pack_driver.py JOB.json OUT.json, the job {package: the folder holding the package,
name: its import name, model: the class, variant, pack, seed, batch, batches, world, position?}.
Writes {"ranks": [[{input: {dtype, shape, data}} per batch] per rank], "positions": [each rank's
position after its batches]}. The model is built (its `sources` and `input_specs` are what the
reader fits the pack to); each rank's reader runs in this one process, as rank r of `world`.
"""
import importlib
import json
import sys


def as_json(t):
    dtype = "f32" if t.is_floating_point() else "i32"
    return {"dtype": dtype, "shape": list(t.shape), "data": t.reshape(-1).tolist()}


def main(job_file: str, out_file: str) -> None:
    with open(job_file) as f:
        job = json.load(f)
    sys.path.insert(0, job["package"])
    package = importlib.import_module(job["name"])
    batches = importlib.import_module(f"{job['name']}.runtime.pack_batches")
    cls = getattr(package, job["model"])
    model = cls(**cls.presets[job["variant"]], variant=job["variant"])
    ranks, positions = [], []
    for rank in range(job["world"]):
        reader = batches.PackBatches(job["pack"], model, batch=job["batch"], seed=job["seed"], rank=rank, world=job["world"], position=job.get("position"))
        ranks.append([{n: as_json(t) for n, t in reader.next().items()} for _ in range(job["batches"])])
        positions.append(reader.position)
        reader.close()
    with open(out_file, "w") as f:
        json.dump({"ranks": ranks, "positions": positions}, f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
