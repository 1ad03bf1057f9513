"""Path patterns over hierarchical parameter names (`decoder.layers[*].self_attn.**`).

The Python twin of compiler/ir/path-patterns.ts, which `share`, `frozen` marks and stages use:
a generated package cannot import the compiler, and a name must match here exactly as it
matches there, or a torch model would share or freeze other parameters than `vlmc train`.
`*` matches one segment, `**` any number (including none); `[3]` is the segment `3`; `[6:]`,
`[:6]`, `[2:10]` match one index segment in that range (end exclusive) and, like `*`, capture it.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Iterable, Optional

_RANGE = re.compile(r"^(\d*):(\d*)$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_DOTTED = re.compile(r"^(?:[A-Za-z_][A-Za-z0-9_]*|\*\*|\*|\d+)$")
_BRACKETED = re.compile(r"^(?:\*|\d+|\d+:\d*|:\d+)$")
_WORD = re.compile(r"\*\*|\*|[A-Za-z0-9_]+")


@dataclass(frozen=True)
class Pattern:
    """A pattern's segments as written (`[6:]` is the segment `6:`) and its wildcards in order."""

    segs: tuple
    wild: tuple
    text: str


def index_range(seg: str):
    """An index range segment (`6:`, `:6`, `2:10`) as (start, end), or None."""
    m = _RANGE.match(seg)
    if not m:
        return None
    return (int(m.group(1)) if m.group(1) else 0, int(m.group(2)) if m.group(2) else math.inf)


def is_wild(seg: str) -> bool:
    return seg in ("*", "**") or index_range(seg) is not None


def segment_matches(seg: str, part: str) -> bool:
    if seg == "*" or seg == part:
        return True
    r = index_range(seg)
    if r is None or not part.isdigit():
        return False
    return r[0] <= int(part) < r[1]


def match_path(p: Pattern, parts: list) -> Optional[list]:
    """The segments each wildcard captured, or None if the name does not match."""
    caps: list = []

    def go(i: int, j: int) -> bool:
        if i == len(p.segs):
            return j == len(parts)
        s = p.segs[i]
        if s == "**":
            for k in range(j, len(parts) + 1):
                caps.append(parts[j:k])
                if go(i + 1, k):
                    return True
                caps.pop()
            return False
        if j >= len(parts) or not segment_matches(s, parts[j]):
            return False
        wild = is_wild(s)
        if wild:
            caps.append([parts[j]])
        if go(i + 1, j + 1):
            return True
        if wild:
            caps.pop()
        return False

    return caps if go(0, 0) else None


def matches(p: Pattern, name: str) -> bool:
    return match_path(p, name.split(".")) is not None


def substitute(p: Pattern, caps: list) -> str:
    """Fills a pattern's wildcards with captured segments."""
    out: list = []
    k = 0
    for s in p.segs:
        if is_wild(s):
            out.extend(caps[k] if k < len(caps) else [])
            k += 1
        else:
            out.append(s)
    return ".".join(out)


def names_under(names: Iterable[str], prefix: str) -> list:
    """Names under `prefix` (an instance path, "" for the model), relative to it."""
    if prefix == "":
        return list(names)
    p = prefix + "."
    return [n[len(p):] for n in names if n.startswith(p)]


def parse(text: str) -> Pattern:
    """Parses a pattern as the spec writes it; a malformed one raises ValueError naming it."""

    def bad(why: str):
        raise ValueError(f"'{text}' is not a path pattern: {why}")

    segs: list = []
    i = 0

    def word() -> str:
        nonlocal i
        m = _WORD.match(text, i)
        if not m:
            bad(f"expected a name, `*` or `**` at column {i + 1}")
        i = m.end()
        return m.group(0)

    first = word()
    if not _NAME.match(first) and first != "**":
        bad("it must start with a name or `**`")
    segs.append(first)
    while i < len(text):
        c = text[i]
        if c == ".":
            i += 1
            s = word()
            if not _DOTTED.match(s):
                bad(f"`{s}` is not a segment")
            segs.append(s)
        elif c == "[":
            close = text.find("]", i)
            if close < 0:
                bad("a `[` is not closed")
            s = re.sub(r"\s+", "", text[i + 1 : close])
            if not _BRACKETED.match(s):
                bad(f"`[{s}]` is not an index, a range or `[*]`")
            segs.append(s)
            i = close + 1
        else:
            bad(f"unexpected `{c}` at column {i + 1}")
    return Pattern(tuple(segs), tuple(s for s in segs if is_wild(s)), text)


def any_matches(patterns: Iterable[str], name: str) -> bool:
    return any(matches(parse(p), name) for p in patterns)
