// The `__metadata__` vlmc writes into every checkpoint, from whichever side writes it: the IR
// runtime (save.ts, from a ModelState) and generated models (runtime/api/weights.ts, from a
// Model). The share map ({alias: owner}, key `vlmc.shares`) lets other readers (the PyTorch
// side, via tools/safetensors_io.py) restore every name of a tensor stored once under its owner.

/** The version of vlmc's checkpoint conventions (the metadata keys below). */
export const CHECKPOINT_FORMAT = "1";

/** The metadata for model `model` (variant `variant`) whose aliases are `shares`, over any extra string entries. */
export function vlmcMetadata(
  model: string,
  variant: string | undefined,
  shares: ReadonlyMap<string, string>,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const sorted: Record<string, string> = {};
  for (const name of [...shares.keys()].sort((a, b) => (a < b ? -1 : 1))) sorted[name] = shares.get(name)!;
  return {
    ...extra,
    "vlmc.format": CHECKPOINT_FORMAT,
    "vlmc.model": model,
    "vlmc.variant": variant ?? "",
    "vlmc.shares": JSON.stringify(sorted),
  };
}
