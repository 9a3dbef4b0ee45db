import pytest

from coopilote.core import ratelimit


@pytest.fixture
def clock(monkeypatch):
    now = {"t": 1_800_000_000.0}  # a multiple of 60: the start of a window
    monkeypatch.setattr(ratelimit, "_now", lambda: now["t"])
    return now


@pytest.mark.parametrize(
    ("offset", "expected"), [(0.0, 60), (0.4, 60), (30.0, 30), (59.3, 1), (59.999, 1)]
)
def test_seconds_left_rounds_up_so_a_retry_never_lands_in_the_full_window(clock, offset, expected):
    clock["t"] += offset
    assert ratelimit.seconds_left(60) == expected


def test_the_limit_holds_within_a_window_and_a_new_window_starts_afresh(clock):
    clock["t"] += 58.0
    assert [ratelimit.take("t", "ip", 2, 60) for _ in range(3)] == [True, True, False]
    assert ratelimit.take("t", "other-ip", 2, 60) is True
    clock["t"] += 2.0  # the next window
    assert ratelimit.take("t", "ip", 2, 60) is True
