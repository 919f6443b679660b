"""Are events timed to anniversaries? The exact statistics against direct computation,
planted clusters found and scattered events not, the year end, 29 February, on plain
arrays (timeline/analysis/poisson_binomial.py, timeline/analysis/proximity.py)."""

import math
import random

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from chronology.dates import day_number
from chronology.recurrence import Feb29Policy
from tests.analysis.holidays import HOLIDAYS
from timeline.analysis.poisson_binomial import binomial, of_probabilities, poisson_binomial
from timeline.analysis.proximity import SPAN, Anchors, analyse

# --- The Poisson-binomial distribution --------------------------------------------------------


def direct(probabilities):
    """P(X = k) by the textbook recurrence, one trial at a time."""
    pmf = [1.0]
    for p in probabilities:
        pmf = [
            (pmf[k] if k < len(pmf) else 0.0) * (1 - p) + (pmf[k - 1] * p if k else 0.0)
            for k in range(len(pmf) + 1)
        ]
    return pmf


@given(st.integers(1, 60), st.floats(0.001, 0.999))
def test_equal_probabilities_give_the_binomial(n, p):
    found = of_probabilities([p] * n)
    for k in range(n + 1):
        exact = math.comb(n, k) * p**k * (1 - p) ** (n - k)
        assert found.probability(k) == pytest.approx(exact, rel=1e-9, abs=1e-300)


@given(st.lists(st.floats(0.0, 1.0), min_size=1, max_size=40))
def test_it_matches_the_direct_computation_and_its_mean_is_the_sum(probabilities):
    found = of_probabilities(probabilities)
    for k, exact in enumerate(direct(probabilities)):
        assert found.probability(k) == pytest.approx(exact, rel=1e-9, abs=1e-15)
    assert found.mean() == pytest.approx(sum(probabilities), rel=1e-9, abs=1e-12)
    assert found.pmf.sum() == pytest.approx(1.0, rel=1e-12)


def test_tails_of_large_counts_stay_exact():
    # 100,000 trials in two groups: the mean and a tail, against the binomial's own
    # formula in log space.
    groups = [(0.01, 60_000), (0.02, 40_000)]
    found = poisson_binomial(groups)
    assert found.mean() == pytest.approx(1_400, rel=1e-9)
    assert found.at_least(0) == 1.0
    assert found.at_least(1_400) == pytest.approx(0.5, abs=0.02)
    assert 0 < found.at_least(1_700) < 1e-12
    big = binomial(10_000, 0.5)
    log_exact = math.lgamma(10_001) - 2 * math.lgamma(5_001) + 10_000 * math.log(0.5)
    assert math.log(big.probability(5_000)) == pytest.approx(log_exact, rel=1e-9)


# --- The analysis on plain arrays ---------------------------------------------------------------


def days(*isos):
    return np.array([day_number(*map(int, iso.split("-"))) for iso in isos], dtype=np.int64)


def run(events, anchors, window=1, policy=Feb29Policy.FEB28):
    points = [(m, d, origin, i) for i, (m, d, origin) in enumerate(anchors)]
    return analyse(days(*events), Anchors.fixed(points), window, policy)


def test_a_planted_cluster_is_found():
    rng = random.Random(1953)
    planted = [f"{y}-07-{27 + rng.choice([-1, 0, 1])}" for y in range(2000, 2014)]
    scattered = [f"{y}-{rng.choice([1, 3, 5, 6, 8, 11, 12]):02d}-05" for y in range(2000, 2010)]
    result = run(planted + scattered, HOLIDAYS, window=1)
    assert result.events == 24 and result.near == 14
    # Each year 5 windows of 3 days: 15 of 365 (or 366) days.
    assert result.expected == pytest.approx(24 * 15 / 365.25, rel=0.01)
    assert result.p_value < 1e-6
    assert set(result.distance[:14]) <= {-1, 0, 1}


def test_events_placed_away_from_every_anchor_are_not_found():
    away = [f"{y}-{m:02d}-01" for y in range(1990, 2020) for m in (1, 3, 5, 6, 8, 11, 12)]
    result = run(away, HOLIDAYS, window=3)
    assert result.near == 0 and result.p_value == 1.0
    assert result.expected > 0


def test_the_union_counts_overlapping_windows_once():
    # Two anchors a day apart, window 2: the union is 6 days (24..29 July), not 10.
    result = run(["2001-01-15"], [(7, 26, 1950), (7, 27, 1953)], window=2)
    assert result.groups == [(6 / 365, 1)]
    assert result.expected == pytest.approx(6 / 365)


def test_windows_cross_the_year_end():
    new_year = [(1, 1, 1900)]
    result = run(["2001-12-31", "2002-01-02", "2002-06-30"], new_year, window=1)
    assert list(result.distance) == [-1, 1, int(result.distance[2])]  # before / after
    assert result.near == 2
    # 2001: 1 January's window holds 1-2 January, the next one's 31 December: 3 days.
    assert (3 / 365, 2) in result.groups or (3 / 365, 3) in result.groups


@pytest.mark.parametrize(
    ("policy", "event"), [(Feb29Policy.FEB28, "2027-02-28"), (Feb29Policy.MAR1, "2027-03-01")]
)
def test_29_february_anchors_follow_the_policy(policy, event):
    result = run([event, "2028-02-29"], [(2, 29, 1896)], window=0, policy=policy)
    assert list(result.distance) == [0, 0] and result.near == 2


def test_an_anchor_counts_only_after_its_own_year():
    result = run(["1953-07-27", "1954-07-27"], [(7, 27, 1953)], window=0)
    assert result.near == 1 and list(result.distance) == [-365, 0]  # its first: 1954


def test_the_null_histogram_adds_up_to_the_expected_count():
    rng = random.Random(7)
    events = [f"{rng.randint(1900, 2020)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"]
    events *= 50
    for window in (0, 1, 7, 30):
        result = run(events, HOLIDAYS, window=window)
        inside = result.null_mean[SPAN - window : SPAN + window + 1].sum()
        assert inside == pytest.approx(result.expected, rel=1e-9)


def test_bad_windows_are_refused():
    with pytest.raises(ValueError, match="window"):
        run(["2000-01-01"], HOLIDAYS, window=61)
