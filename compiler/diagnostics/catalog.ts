// The one catalog of diagnostic codes and of every sentence they say, written by code range in
// catalog/: VLM1xxx syntax, 2xxx names/imports/calls, 3xxx shapes and dtypes, 4xxx sharing,
// 5xxx objectives and stages, 6xxx CLI and I/O (60xx the command line, 61xx running a model,
// 62xx weights and checkpoints, 63xx data sets, 64xx training, 65xx
// emitting for other engines). This file merges them into the
// one `Diag` object that every stage reports through.
// `check` names the module that reports the code (op shape rules report VLM3xxx codes too); tests
// assert codes are unique, that every code has a fixture under test/fixtures/errors/, and that
// the named module is among the files that report it.
// `messages` are the code's sentences as templates (see template.ts): call sites fill them with
// `say(Diag.X, "name", { … })`, so the text of a message is read in catalog/, not at the call site.
import type { DiagnosticKind } from "./catalog/kind.js";
import { syntax } from "./catalog/syntax.js";
import { names } from "./catalog/names.js";
import { shapes } from "./catalog/shapes.js";
import { sharing } from "./catalog/sharing.js";
import { objectives } from "./catalog/objectives.js";
import { cli } from "./catalog/cli.js";
import { run } from "./catalog/run.js";
import { weights } from "./catalog/weights.js";
import { data } from "./catalog/data.js";
import { train } from "./catalog/train.js";
import { emit } from "./catalog/emit.js";

export type { DiagnosticKind, Severity } from "./catalog/kind.js";

export const Diag = {
  ...syntax,
  ...names,
  ...shapes,
  ...sharing,
  ...objectives,
  ...cli,
  ...run,
  ...weights,
  ...data,
  ...train,
  ...emit,
} as const satisfies Record<string, DiagnosticKind>;

export type DiagName = keyof typeof Diag;
