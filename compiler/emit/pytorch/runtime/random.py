"""vlmc's keyed random streams, bit for bit as runtime/random.ts draws them.

Every random op draws from its own stream, seeded by a hash of the run's seed, the training
step and the node's key (`scope:mode@k/op.n`); initialisers use the key `init:NAME`. A generated
PyTorch model must draw exactly the numbers the tfjs runtime draws (the same dropout masks, token
masks and hard negatives), so this is a port of RandomStream: cyrb53 → splitmix32 → xoshiro128**,
with every method the kernels and initialisers use, all arithmetic done modulo 2**32 as
JavaScript's Math.imul and `>>> 0` do.

Long draws (a dropout mask over [B, T, D], a normal initialisation of an embedding table) would
take seconds one number at a time in Python. xoshiro's state transition is linear over GF(2), so
`_bulk` jumps the state ahead by whole chunks (a 128×128 bit-matrix power, built once) and steps
every chunk at once as torch int64 vectors: the same sequence, some hundred times faster.
"""
from __future__ import annotations

import math

import torch
from torch import Tensor

_M32 = 0xFFFFFFFF
_TWO32 = 4294967296.0
# Below this many draws the plain loop is as fast as the vectorised one.
_BULK_MIN = 4096
# Draws per chunk in the vectorised generator: n / chunk jumps (Python), chunk vector steps (torch);
# longer chunks for longer draws keep the jumps few (an embedding table's initialisation).
_CHUNKS = ((1 << 21, 512), (1 << 62, 4096))


def _imul(a: int, b: int) -> int:
    """Math.imul on uint32 bit patterns (the low 32 bits of the product)."""
    return (a * b) & _M32


def _rotl(x: int, k: int) -> int:
    return ((x << k) | (x >> (32 - k))) & _M32


def _code_units(text: str) -> list[int]:
    """The UTF-16 code units JavaScript's charCodeAt reads."""
    data = text.encode("utf-16-le", "surrogatepass")
    return [data[i] | (data[i + 1] << 8) for i in range(0, len(data), 2)]


def hash53(text: str, seed: int) -> tuple[int, int]:
    """cyrb53: a fast 53-bit string hash, as two 32-bit halves (random.ts hash53)."""
    h1 = 0xDEADBEEF ^ seed
    h2 = 0x41C6CE57 ^ seed
    for ch in _code_units(text):
        h1 = _imul(h1 ^ ch, 2654435761)
        h2 = _imul(h2 ^ ch, 1597334677)
    h1 = _imul(h1 ^ (h1 >> 16), 2246822507) ^ _imul(h2 ^ (h2 >> 13), 3266489909)
    h2 = _imul(h2 ^ (h2 >> 16), 2246822507) ^ _imul(h1 ^ (h1 >> 13), 3266489909)
    return h1 & _M32, h2 & _M32


def _splitmix32(state: int):
    s = state & _M32

    def draw() -> int:
        nonlocal s
        s = (s + 0x9E3779B9) & _M32
        z = s
        z = _imul(z ^ (z >> 16), 0x85EBCA6B)
        z = _imul(z ^ (z >> 13), 0xC2B2AE35)
        return (z ^ (z >> 16)) & _M32

    return draw


def _step(a: int, b: int, c: int, d: int) -> tuple[int, int, int, int]:
    """One xoshiro128** state transition (the output is taken before it)."""
    t = (b << 9) & _M32
    c ^= a
    d ^= b
    b ^= c
    a ^= d
    c ^= t
    return a, b, c, _rotl(d, 11)


def _output(b: int) -> int:
    return _imul(_rotl(_imul(b, 5), 7), 9)


def _pack(a: int, b: int, c: int, d: int) -> int:
    return a | (b << 32) | (c << 64) | (d << 96)


def _unpack(s: int) -> tuple[int, int, int, int]:
    return s & _M32, (s >> 32) & _M32, (s >> 64) & _M32, (s >> 96) & _M32


def _apply(columns: list[int], state: int) -> int:
    """A GF(2) linear map (its 128 columns as 128-bit ints) applied to a packed state."""
    out = 0
    i = 0
    while state:
        if state & 1:
            out ^= columns[i]
        state >>= 1
        i += 1
    return out


_JUMPS: dict[int, list[int]] = {}


def _jump_columns(chunk: int) -> list[int]:
    """The columns of T^chunk, T the state transition: one matrix power per chunk length, built on first use."""
    if chunk not in _JUMPS:
        step = [_pack(*_step(*_unpack(1 << i))) for i in range(128)]
        power = [1 << i for i in range(128)]  # the identity
        k = chunk
        while k:
            if k & 1:
                power = [_apply(step, col) for col in power]
            step = [_apply(step, col) for col in step]
            k >>= 1
        _JUMPS[chunk] = power
    return _JUMPS[chunk]


# _POWERS[k]: the columns of T^(2^k), each squared from the one before on first use (skip).
_POWERS: list[list[int]] = []
# Below this many draws, skipping steps one transition at a time.
_SKIP_STEPS = 64


def _power_of_two(k: int) -> list[int]:
    while len(_POWERS) <= k:
        if not _POWERS:
            _POWERS.append([_pack(*_step(*_unpack(1 << i))) for i in range(128)])
        else:
            last = _POWERS[-1]
            _POWERS.append([_apply(last, col) for col in last])
    return _POWERS[k]


def _vector_rotl(x: Tensor, k: int) -> Tensor:
    return ((x << k) | (x >> (32 - k))) & _M32


class RandomStream:
    """A stream for `key` (a node key, or `init:NAME`) in the run with this seed, at this step."""

    def __init__(self, seed: int, step: int, key: str):
        seed = int(seed)
        h1, h2 = hash53(f"{int(step)}|{key}", seed & _M32)
        # Math.floor(seed / 2**32) >>> 0: the seed's high word.
        sm = _splitmix32(h1 ^ _imul(h2, 0x27D4EB2D) ^ ((seed >> 32) & _M32))
        self._a, self._b, self._c, self._d = sm(), sm(), sm(), sm()
        if (self._a | self._b | self._c | self._d) == 0:
            self._a = 1
        self._spare: float | None = None

    # -- one number at a time --------------------------------------------------------------

    def next_uint32(self) -> int:
        """The next 32-bit unsigned integer."""
        result = _output(self._b)
        self._a, self._b, self._c, self._d = _step(self._a, self._b, self._c, self._d)
        return result

    def next(self) -> float:
        """Uniform in [0, 1) with 32 bits of resolution."""
        return self.next_uint32() / _TWO32

    def int(self, low: int, high: int) -> int:
        """A uniform integer in [low, high)."""
        return low + math.floor(self.next() * (high - low))

    def normal_one(self) -> float:
        """One draw from N(0, 1) (Box–Muller; the second value of each pair is kept for the next call)."""
        if self._spare is not None:
            v = self._spare
            self._spare = None
            return v
        u = self.next()
        while u <= 0:
            u = self.next()
        v = self.next()
        r = math.sqrt(-2 * math.log(u))
        self._spare = r * math.sin(2 * math.pi * v)
        return r * math.cos(2 * math.pi * v)

    # -- many numbers ------------------------------------------------------------------------

    def uint32s(self, n: int) -> Tensor:
        """The next n 32-bit unsigned integers, as int64[n]."""
        if n < _BULK_MIN:
            return torch.tensor([self.next_uint32() for _ in range(n)], dtype=torch.int64)
        return self._bulk(n)

    def _bulk(self, n: int) -> Tensor:
        """n draws computed chunk-parallel: each chunk starts `chunk` transitions after the previous."""
        chunk = next(size for limit, size in _CHUNKS if n < limit)
        jump = _jump_columns(chunk)
        chunks = -(-n // chunk)
        starts = [_pack(self._a, self._b, self._c, self._d)]
        for _ in range(chunks):
            starts.append(_apply(jump, starts[-1]))
        words = [_unpack(s) for s in starts[:chunks]]
        a, b, c, d = (torch.tensor([w[i] for w in words], dtype=torch.int64) for i in range(4))
        out = torch.empty((chunk, chunks), dtype=torch.int64)
        for i in range(chunk):
            out[i] = (_vector_rotl((b * 5) & _M32, 7) * 9) & _M32
            t = (b << 9) & _M32
            c = c ^ a
            d = d ^ b
            b = b ^ c
            a = a ^ d
            c = c ^ t
            d = _vector_rotl(d, 11)
        # The state after exactly n draws: the chunk holding draw n, stepped to it.
        state = _unpack(starts[n // chunk])
        for _ in range(n % chunk):
            state = _step(*state)
        self._a, self._b, self._c, self._d = state
        return out.t().reshape(-1)[:n]

    def skip(self, n: int) -> None:
        """
        Moves past n draws without computing them: the stream continues as after n next_uint32
        calls. Under DDP a rank draws only its own rows of a batch-wide draw (ops_sampling.py),
        so it skips the rows before them at the cost of one jump per set bit of n.
        """
        if n < _SKIP_STEPS:
            state = (self._a, self._b, self._c, self._d)
            for _ in range(n):
                state = _step(*state)
            self._a, self._b, self._c, self._d = state
            return
        packed = _pack(self._a, self._b, self._c, self._d)
        k = 0
        while n:
            if n & 1:
                packed = _apply(_power_of_two(k), packed)
            n >>= 1
            k += 1
        self._a, self._b, self._c, self._d = _unpack(packed)

    def draws(self, n: int) -> Tensor:
        """n values of next() as float64[n] (exact: a uint32 over 2**32)."""
        return self.uint32s(n).to(torch.float64) / _TWO32

    def uniform(self, n: int) -> Tensor:
        """n draws from U[0, 1), rounded to float32 as random.ts's Float32Array holds them."""
        return self.draws(n).to(torch.float32)

    def keep_mask(self, n: int, p: float) -> Tensor:
        """n dropout multipliers: 1/(1 − p) (as float32) where the draw is at least p, else 0."""
        scale = torch.tensor(1 / (1 - p), dtype=torch.float32)
        return torch.where(self.draws(n) >= p, scale, torch.zeros((), dtype=torch.float32))

    def normal(self, n: int) -> Tensor:
        """n draws from N(0, 1) as float32[n] (fill_normal's polar method)."""
        return self.fill_normal(n, 0.0, 1.0, math.inf)

    def fill_normal(self, n: int, mean: float, std: float, bound: float) -> Tensor:
        """
        n draws from N(mean, std²) as float32[n], redrawing any beyond `bound` standard deviations:
        random.ts fillNormal, Marsaglia's polar method on pairs of draws. Computed in float64 as
        JavaScript does, in rounds of pairs; the stream ends just after the pair that gave the
        n-th value, so it continues as random.ts's would.
        """
        out: list[Tensor] = []
        have = 0
        while have < n:
            saved = (self._a, self._b, self._c, self._d)
            # About 0.79 of pairs are accepted, each giving two values: ask for some slack.
            pairs = max(16, int((n - have) * 0.7) + 16)
            r = self.uint32s(2 * pairs).to(torch.float64) * (2 / _TWO32) - 1
            u, v = r[0::2], r[1::2]
            s = u * u + v * v
            accepted = (s < 1) & (s != 0)
            f = torch.sqrt(-2 * torch.log(torch.where(accepted, s, torch.ones_like(s))) / torch.where(accepted, s, torch.ones_like(s)))
            z = torch.stack([u * f, v * f], dim=1)  # [pairs, 2]: z1, z2 in drawing order
            keep = accepted.unsqueeze(1) & (z <= bound) & (z >= -bound)
            values = z[keep]
            if have + values.numel() < n:
                out.append(values)
                have += values.numel()
                continue
            # The pair that gives the last value needed: rewind and redraw up to it.
            per_pair = keep.sum(dim=1).cumsum(0)
            last = int(torch.nonzero(per_pair >= n - have)[0])
            out.append(values[: n - have])
            have = n
            self._a, self._b, self._c, self._d = saved
            self.uint32s(2 * (last + 1))
        values = torch.cat(out) if out else torch.zeros(0, dtype=torch.float64)
        return (mean + std * values).to(torch.float32)
