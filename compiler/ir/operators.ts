// The ops the language's operators mean on tensors (`a + b` is `add`, `a @ b` is `matmul`). One
// table: the elaborator emits these ops, and code generators call them.
export const OPERATOR_OPS: Readonly<Record<string, string>> = {
  "+": "add",
  "-": "sub",
  "*": "mul",
  "/": "div",
  "^": "pow",
  "%": "remainder",
  "@": "matmul",
  "==": "eq",
  "!=": "ne",
  "<": "lt",
  "<=": "le",
  ">": "gt",
  ">=": "ge",
  and: "logical_and",
  or: "logical_or",
};
