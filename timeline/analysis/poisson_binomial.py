"""The Poisson-binomial distribution: how many of many independent trials succeed, each
with its own probability. Exact: no simulation and no normal approximation.

Trials that share a probability form a binomial, worked out in log space; the binomials
are convolved. Probabilities below the smallest double (about 1e-308) underflow to zero
and are trimmed from the tails, which keeps the arrays to a few thousand entries even
for a hundred thousand trials; a tail probability smaller than that is reported as 0.0.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class Distribution:
    """P(X = offset + i) = pmf[i]; every other value has a probability below 1e-308."""

    offset: int
    pmf: NDArray[np.float64]

    def at_least(self, k: int) -> float:
        """P(X >= k)."""
        start = k - self.offset
        if start <= 0:
            return 1.0
        if start >= len(self.pmf):
            return 0.0
        return float(min(1.0, self.pmf[start:].sum()))

    def mean(self) -> float:
        values = self.offset + np.arange(len(self.pmf))
        return float((values * self.pmf).sum() / self.pmf.sum())

    def probability(self, k: int) -> float:
        i = k - self.offset
        return float(self.pmf[i]) if 0 <= i < len(self.pmf) else 0.0


_CERTAIN = np.array([1.0])


def binomial(n: int, p: float) -> Distribution:
    """Binomial(n, p), exact to double precision."""
    if n < 0 or not 0.0 <= p <= 1.0:
        raise ValueError(f"no binomial with n={n}, p={p}")
    if n == 0 or p == 0.0:
        return Distribution(0, _CERTAIN)
    if p == 1.0:
        return Distribution(n, _CERTAIN)
    k = np.arange(n + 1, dtype=np.float64)
    # log C(n, k) as a running sum of log((n - k + 1) / k): no factorials to overflow.
    log_choose = np.concatenate(
        ([0.0], np.cumsum(np.log(np.arange(n, 0, -1, dtype=np.float64)) - np.log(k[1:])))
    )
    log_pmf = log_choose + k * np.log(p) + (n - k) * np.log1p(-p)
    return _trimmed(0, np.exp(log_pmf))


def _trimmed(offset: int, pmf: NDArray[np.float64]) -> Distribution:
    kept = np.flatnonzero(pmf)
    if len(kept) == 0:  # cannot happen for a distribution; kept for safety
        return Distribution(offset, _CERTAIN)
    return Distribution(offset + int(kept[0]), pmf[kept[0] : kept[-1] + 1])


def convolve(a: Distribution, b: Distribution) -> Distribution:
    """The distribution of the sum of two independent counts."""
    return _trimmed(a.offset + b.offset, np.convolve(a.pmf, b.pmf))


def poisson_binomial(groups: Iterable[tuple[float, int]]) -> Distribution:
    """The number of successes among trials given as (probability, how many trials)."""
    counted: Counter[float] = Counter()
    for p, n in groups:
        counted[float(p)] += n
    total = Distribution(0, _CERTAIN)
    # Small arrays first: each convolution then works on the shortest arrays it can.
    for p, n in sorted(counted.items(), key=lambda item: item[1]):
        total = convolve(total, binomial(n, p))
    return total


def of_probabilities(probabilities: Iterable[float]) -> Distribution:
    """The Poisson-binomial distribution of one trial per probability."""
    return poisson_binomial((p, 1) for p in probabilities)
