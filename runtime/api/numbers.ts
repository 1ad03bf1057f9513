// The spec's `//` and `%` on plain numbers, for the arithmetic a generated module does on its
// configuration (`hidden = width * 4 // 3`): Python's floor semantics, as the elaborator computes
// them at compile time (compiler/elaborate/expr.ts intBinary with Dim.floordiv/mod, floatBinary).
// JavaScript's `/` and `%` truncate towards zero instead, so `-7 % 3` would give -1, not 2.

/** `a // b`: the quotient rounded towards minus infinity. */
export function floorDiv(a: number, b: number): number {
  if (b === 0) throw new RangeError(`${a} // 0: division by zero`);
  // Integers divide exactly: near 2^53, a / b would round (up, to an even number) before the floor.
  if (Number.isSafeInteger(a) && Number.isSafeInteger(b)) return Number(pyFloorDiv(BigInt(a), BigInt(b)));
  return Math.floor(a / b);
}

/**
 * `a % b`: the remainder with the divisor's sign. For integral operands an exact zero is +0, as
 * the compiler's integer `%`; otherwise a zero takes the divisor's sign too (`6.5 % -6.5` is -0),
 * as Python's float `%` and the compiler's floatBinary.
 */
export function floorMod(a: number, b: number): number {
  if (b === 0) throw new RangeError(`${a} % 0: modulo by zero`);
  const r = a % b;
  if (Number.isInteger(a) && Number.isInteger(b)) return r === 0 ? 0 : r < 0 !== b < 0 ? r + b : r;
  if (r === 0) return b < 0 ? -0 : 0;
  return r < 0 !== b < 0 ? r + b : r;
}

function pyFloorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}
