// Lexical environments of the interpreter: module → block constructor or model → forward.
import type { Value } from "./values.js";

export class Env {
  private readonly vars = new Map<string, Value>();
  /** Where a shape symbol was bound ("argument `image` of fn contrastive"), for messages. */
  private readonly origins = new Map<string, string>();

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

  bindSymbol(name: string, v: Value, origin: string): void {
    this.vars.set(name, v);
    this.origins.set(name, origin);
  }

  originOf(name: string): string | undefined {
    return this.origins.get(name) ?? this.parent?.originOf(name);
  }

  /** Names visible from here, for "did you mean" hints. */
  allNames(): string[] {
    return [...this.vars.keys(), ...(this.parent?.allNames() ?? [])];
  }
}
