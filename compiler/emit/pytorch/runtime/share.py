"""`share A with B except C` (and `tie A with B`) in a generated model.

Every parameter the first pattern matches under the scope becomes an alias of its counterpart in
the second, exactly as compiler/elaborate/sharing.ts resolves shares (and runtime/api/share.ts
applies them): names relative to the scope, wildcards captured on the alias side and substituted
on the owner side, `except` removing matches (each must remove something), an owner that is
itself an alias passing its aliases on so each group has one owner, parameters only. Sharing is
by reference: the alias module's attribute becomes the owner's very `nn.Parameter`, so autograd
sums the gradients of every use, an optimiser sees one tensor, and `state_dict()` lists the
alias's name too (with the owner's values), as the IR names it. The compiler reports every misuse
before code is generated; for hand-written models a misuse raises ValueError naming the pattern.
"""
from __future__ import annotations

from torch import nn

from .model import _resolve
from .patterns import match_path, names_under, parse, substitute


def _slots(scope: nn.Module) -> dict:
    """Parameter names under `scope`, relative to it → (module, local)."""
    out = {}
    for path, m in scope.named_modules():
        for local, p in m._parameters.items():
            if p is not None:
                out[f"{path}.{local}" if path else local] = (m, local)
    return out


def _tracked(slot: tuple):
    """The slot a momentum parameter tracks, or None."""
    source = getattr(slot[0], "_vlmc_ema_of", None)
    return None if source is None else (id(source), slot[1])


def share(scope: nn.Module, alias: str, owner: str, except_: list = ()) -> None:
    """Makes the parameters `alias` matches under `scope` aliases of those `owner` names."""
    target, source = parse(alias), parse(owner)
    what = f"share {alias} with {owner}"

    def fail(why: str):
        raise ValueError(f"{what}: {why}")

    if target.wild != source.wild:
        fail(f"the two patterns must have the same wildcards in the same order ({', '.join(target.wild) or 'none'} against {', '.join(source.wild) or 'none'})")
    slots = _slots(scope)
    matched = []
    for rel in names_under(slots, ""):
        caps = match_path(target, rel.split("."))
        if caps is not None:
            matched.append((rel, caps))
    if not matched:
        fail(f"`{alias}` matches no parameter")
    excluded = set()
    for ex in map(parse, except_):
        hits = [rel for rel, _ in matched if match_path(ex, rel.split(".")) is not None]
        if not hits:
            fail(f"`except {ex.text}` matches none of the parameters `{alias}` matches")
        excluded.update(hits)
    pairs = [(rel, substitute(source, caps)) for rel, caps in matched if rel not in excluded]
    missing = [f"{t} → {s}" for t, s in pairs if s not in slots]
    if missing:
        more = f", … ({len(missing)} in all)" if len(missing) > 5 else ""
        fail(f"no counterpart for {', '.join(missing[:5])}{more}")
    for t, s in pairs:
        a, b = slots[t], slots[s]
        ea, eb = _tracked(a), _tracked(b)
        key = lambda slot: (id(slot[0]), slot[1])  # noqa: E731
        if ea == key(b) or eb == key(a) or (ea is not None and ea == eb):
            fail(f"{t} and {s}: a momentum copy cannot share parameters with the instance it tracks")
        pa, pb = a[0]._parameters[a[1]]._vlmc_declared, b[0]._parameters[b[1]]._vlmc_declared
        if pa.shape != pb.shape or pa.dtype != pb.dtype:
            fail(f"{t} is {pa.dtype}{pa.shape} but {s} is {pb.dtype}{pb.shape}")
    for t, s in pairs:
        if t == s:
            fail(f"{t} would share with itself")
        slot = slots[t]
        if slot[1] in getattr(slot[0], "_vlmc_alias_of", {}):
            fail(f"{t} already shares another parameter")
        owner_slot = _resolve(*slots[s])
        if owner_slot[0] is slot[0] and owner_slot[1] == slot[1]:
            fail(f"{t} and {s} would share with each other in a cycle")
        _make_alias(slots, slot, owner_slot)


def _make_alias(slots: dict, slot: tuple, owner: tuple) -> None:
    """Points `slot` (and every alias of it) at the owner's parameter object."""
    param = owner[0]._parameters[owner[1]]
    def aliases_slot(s: tuple) -> bool:
        to = getattr(s[0], "_vlmc_alias_of", {}).get(s[1])
        return to is not None and to[0] is slot[0] and to[1] == slot[1]

    followers = [s for s in slots.values() if aliases_slot(s)]
    for m, local in [slot, *followers]:
        setattr(m, local, param)
        m._vlmc_alias_of[local] = owner
