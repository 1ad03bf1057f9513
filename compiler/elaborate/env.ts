// Lexical environments of the interpreter: module → block constructor or model → forward.
import type { Value } from "./values.js";

export class Env {
  private readonly vars = new Map<string, Value>();

  constructor(readonly parent: Env | undefined) {}

  lookup(name: string): Value | undefined {
    return this.vars.get(name) ?? this.parent?.lookup(name);
  }

  /** Only this environment's own bindings (an instance's members). */
  own(name: string): Value | undefined {
    return this.vars.get(name);
  }

  ownNames(): string[] {
    return [...this.vars.keys()];
  }

  set(name: string, v: Value): void {
    this.vars.set(name, v);
  }

  /** Names visible from here, for "did you mean" hints. */
  allNames(): string[] {
    return [...this.vars.keys(), ...(this.parent?.allNames() ?? [])];
  }
}
