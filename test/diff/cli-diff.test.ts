// `vlmc diff` as a user meets it: exit codes (0, 1 with --exit-code or a bad spec, 2 for an
// operand that cannot be read), nothing on stdout when a side fails, `--only` and `--depth`,
// and sides read from git revisions of a scratch repository without touching its working tree.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, cliDiagnostics } from "../harness.js";

const CLIP = "specs/models/clip.vlm";
const CLI = resolve("cli/run.ts");
// The child runs in a scratch repository, where `--import tsx` would not resolve.
const TSX = pathToFileURL(resolve("node_modules/tsx/dist/loader.mjs")).href;

describe("vlmc diff", () => {
  it("exits 0 on differences by default and 1 with --exit-code; identical models exit 0 either way", async () => {
    expect((await cli("diff", `${CLIP}#B32`, `${CLIP}#B16`)).code).toBe(0);
    expect((await cli("diff", `${CLIP}#B32`, `${CLIP}#B16`, "--exit-code")).code).toBe(1);
    const same = await cli("diff", `${CLIP}#B16`, `${CLIP}#B16`, "--exit-code");
    expect(same.code).toBe(0);
    expect(same.out).toContain("no differences");
  });

  it("a spec with errors on either side gives its diagnostics, exit 1 and no report", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vlmc-diff-"));
    try {
      const broken = join(dir, "broken.vlm");
      writeFileSync(broken, readFileSync(CLIP, "utf8").replace("visual = CLIPVisual(", "visual = CLIPVisul("));
      for (const [a, b] of [[CLIP, broken], [broken, CLIP]] as const) {
        const r = await cli("diff", a, b);
        expect(r.code).toBe(1);
        expect(r.out).toBe("");
        expect(r.err).toContain("VLM2001");
      }
      const json = await cliDiagnostics("diff", CLIP, broken);
      expect(json.code).toBe(1);
      expect(json.diagnostics.map((d) => d.code)).toContain("VLM2001");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("an unreadable operand is exit 2 with a clear message: missing file, directory, unknown revision, wrong count, bad --only", async () => {
    const cases: [string[], RegExp][] = [
      [["specs/models/nope.vlm", CLIP], /cannot read 'specs\/models\/nope.vlm'/],
      [["specs/models", CLIP], /is a directory/],
      [[`no-such-rev-xyz:${CLIP}`, CLIP], /unknown git revision 'no-such-rev-xyz'/],
      [[CLIP], /diff takes two specs, not 1/],
      [[CLIP, CLIP, "--only", "params,colour"], /--only takes sections/],
    ];
    for (const [argv, message] of cases) {
      const r = await cli("diff", ...argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.out).toBe("");
      expect(r.err).toMatch(message);
    }
  });

  it("--only keeps the sections asked for, in every format", async () => {
    const text = await cli("diff", "specs/models/albef.vlm", "specs/models/blip.vlm#base", "--only", "sharing");
    expect(text.out).toContain("sharing (");
    expect(text.out).not.toContain("hyperparameters");
    expect(text.out).not.toContain("objectives");
    const json = JSON.parse((await cli("diff", "specs/models/albef.vlm", "specs/models/blip.vlm#base", "--format", "json", "--only", "objectives,stages")).out) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(expect.arrayContaining(["objectives", "stages", "sections"]));
    expect(json["modules"]).toBeUndefined();
    expect(json["sharing"]).toBeUndefined();
  });

  it("--dim binds dimensions for the FLOP counts, as summary does", async () => {
    const flops = async (...extra: string[]) => (JSON.parse((await cli("diff", `${CLIP}#B32`, `${CLIP}#B16`, "--format", "json", ...extra)).out) as { totals: { flops: { a: number } } }).totals.flops.a;
    const summary = JSON.parse((await cli("summary", CLIP, "--variant", "B32", "--json", "--dim", "B=8")).out) as { flops: { total: number } };
    expect(await flops("--dim", "B=8")).toBe(summary.flops.total);
    expect(await flops("--dim", "B=8")).toBeGreaterThan(7 * (await flops()));
  });

  it("--depth limits the module rows", async () => {
    const shallow = await cli("diff", `${CLIP}#B32`, `${CLIP}#B16`, "--depth", "1", "--format", "md");
    const deep = await cli("diff", `${CLIP}#B32`, `${CLIP}#B16`, "--depth", "3", "--format", "md");
    const modules = (md: string): string => md.slice(md.indexOf("### Modules"), md.indexOf("### Shapes"));
    expect(modules(shallow.out)).toContain("`visual`");
    expect(modules(shallow.out)).not.toContain("visual.vit");
    expect(modules(deep.out)).toContain("visual.vit.patch_embed");
  });
});

describe("vlmc diff across git revisions", () => {
  let repo: string;
  const git = (...args: string[]): string => execFileSync("git", args, { cwd: repo, encoding: "utf8" });

  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), "vlmc-diff-git-"));
    git("init", "-q");
    git("config", "user.email", "test@example.com");
    git("config", "user.name", "test");
    writeFileSync(join(repo, "clip.vlm"), readFileSync(CLIP, "utf8"));
    git("add", "clip.vlm");
    git("commit", "-q", "-m", "clip");
    // The working tree now differs from HEAD: the tiny variant's text tower loses a layer.
    const edited = readFileSync(CLIP, "utf8").replace(/(variant tiny \{[^}]*text_layers = )2/, "$11");
    expect(edited).not.toBe(readFileSync(CLIP, "utf8"));
    writeFileSync(join(repo, "clip.vlm"), edited);
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  const vlmc = (...args: string[]) => spawnSync(process.execPath, ["--import", TSX, CLI, ...args], { cwd: repo, encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });

  it("reads HEAD:FILE with git, compares it to the working tree, and leaves the tree as it was", () => {
    const before = readFileSync(join(repo, "clip.vlm"), "utf8");
    const r = vlmc("diff", "HEAD:clip.vlm#tiny", "clip.vlm#tiny", "--format", "json");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { a: { revision: string }; hypers: { name: string; a: number; b: number }[] };
    expect(report.a.revision).toBe("HEAD");
    expect(report.hypers).toContainEqual({ name: "text_layers", change: "changed", a: 2, b: 1 });
    expect(readFileSync(join(repo, "clip.vlm"), "utf8")).toBe(before);
    expect(git("status", "--porcelain")).toBe(" M clip.vlm\n");
  });

  it("a file missing at the revision is exit 2, naming the file and the revision", () => {
    const r = vlmc("diff", "HEAD:other.vlm", "clip.vlm");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("'other.vlm' does not exist at revision HEAD");
  });
});
