// File names that do not depend on where vlmc was started: the front end names files relative to
// the working directory, so the same spec read from two folders would name them differently.
// Outputs meant to be compared or kept (`vlmc ir`) name the spec's files relative to its folder
// (`clip.vlm`, `../shared/heads.vlm`) and std files as they are imported (`std/vision.vlm`).
import * as path from "node:path";

export function specRelativeNames(entry: string, stdRoot: string): (file: string) => string {
  const base = path.dirname(path.resolve(entry));
  const std = path.resolve(stdRoot);
  return (file) => {
    const abs = path.resolve(file);
    const inStd = path.relative(std, abs);
    const rel = inStd.startsWith("..") || path.isAbsolute(inStd) ? path.relative(base, abs) : path.join("std", inStd);
    return rel.split(path.sep).join("/");
  };
}
