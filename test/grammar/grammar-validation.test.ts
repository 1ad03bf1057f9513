// The parser and lexer the CLI builds skip chevrotain's definition checks to start faster
// (grammar/parser.ts, grammar/tokens.ts). This test runs those checks on the same grammar and
// tokens, so an ambiguity, a left recursion or a pattern that can never match still fails here.
import { expect, it } from "vitest";
import { Lexer } from "../../grammar/chevrotain.js";
import { VlmParser } from "../../grammar/parser.js";
import { allTokens, LEXER_CONFIG } from "../../grammar/tokens.js";

it("the grammar passes chevrotain's validations (which the CLI skips at start-up)", () => {
  // performSelfAnalysis, in the constructor, throws with every definition error it found.
  expect(() => new VlmParser({ validate: true })).not.toThrow();
});

it("the tokens pass chevrotain's lexer validations", () => {
  const lexer = new Lexer(allTokens, { ...LEXER_CONFIG, skipValidations: false });
  expect(lexer.lexerDefinitionErrors).toEqual([]);
});
