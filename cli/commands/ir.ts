// `vlmc ir FILE`: the typed IR of a spec.
import { irToJson, stableStringify } from "../../compiler/ir/dump.js";
import type { Host } from "../../compiler/compile.js";
import type { CliArgs } from "../args.js";
import { buildOne, exitCode, Reporter, type CliIo } from "../report.js";

export function ir(args: CliArgs, io: CliIo, host: Host): number {
  const rep = new Reporter(io, false);
  const built = buildOne(args, rep, host);
  if (!built) return exitCode(rep.all) || 1;
  io.out(stableStringify(irToJson(built.ir, built.front.program.sources)) + "\n");
  return 0;
}

