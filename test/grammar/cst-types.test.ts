// grammar/cst.generated.ts types the CST that grammar/to-ast.ts reads. It is generated from the
// parser (tools/gen-cst-types.ts); this test regenerates it in memory so the committed types can
// never drift from the grammar: a changed rule fails here until `npm run gen:cst` is run.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { CST_TYPES_FILE, cstTypesSource } from "../../tools/gen-cst-types.js";

it("grammar/cst.generated.ts is what the parser generates now (else run `npm run gen:cst`)", () => {
  const committed = readFileSync(CST_TYPES_FILE, "utf8");
  const fresh = cstTypesSource();
  // Every rule of the parser has its node type: a sanity check that the generator saw the grammar.
  expect(fresh).toContain("export interface ShareStmtCstNode extends CstNode");
  expect(committed, "grammar/cst.generated.ts is stale: run `npm run gen:cst`").toBe(fresh);
});
