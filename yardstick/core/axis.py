"""Round ticks for a chart's value axis: 0, 5, 10, 15, 20 rather than 3.7, 8.1, 12.5.

``nice_ticks`` covers an amount range with a few evenly spaced ticks whose step is 1, 2 or 5
times a power of ten (a duration's step is a whole number of seconds, minutes or hours a clock
reads easily: 15 s, 30 s, 1 min, 5 min, 15 min, 1 h ...), the one nearest an even split of
the range into ``count`` - 1 steps. ``tick_places`` says how many
decimal places a tick needs to be printed exactly.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

# A duration's steps, in seconds: 1, 2, 5, 10, 15, 30 seconds; 1, 2, 5, 10, 15, 30 minutes;
# 1, 2, 3, 6, 12 hours; a day. Longer spans step in whole days, 1, 2 or 5 times a power of ten.
DURATION_STEPS = tuple(
    Decimal(seconds)
    for seconds in (
        1,
        2,
        5,
        10,
        15,
        30,
        60,
        120,
        300,
        600,
        900,
        1800,
        3600,
        7200,
        10800,
        21600,
        43200,
        86400,
    )
)
DAY = Decimal(86400)


def nice_step(raw: Decimal, *, duration: bool = False) -> Decimal:
    """The round step nearest ``raw`` (which must be positive), by ratio: 1, 2, 5 or 10 times
    a power of ten, or for a duration one of DURATION_STEPS (then whole days)."""
    if raw <= 0:
        raise ValueError("a step must be positive")
    if duration and raw > DURATION_STEPS[-1]:
        return nice_step(raw / DAY) * DAY
    if duration:
        candidates = DURATION_STEPS
    else:
        power = Decimal(1).scaleb(raw.adjusted())  # 10 ** floor(log10(raw))
        candidates = tuple(power * multiple for multiple in (1, 2, 5, 10))
    return min(candidates, key=lambda step: max(step / raw, raw / step))


def nice_ticks(
    low: Decimal, high: Decimal, *, count: int = 5, duration: bool = False
) -> tuple[Decimal, ...]:
    """Ticks from a round amount at or below ``low`` to one at or above ``high``, about
    ``count`` of them (at most 2 x count + 1), a round step apart. A range of one amount is widened
    by a tenth of it (or by 1 about zero) each way; the ends may be given either way round."""
    if count < 2:
        raise ValueError("an axis needs at least two ticks")
    low, high = min(low, high), max(low, high)
    if low == high:
        pad = abs(low) / 10 or Decimal(1)
        low, high = low - pad, high + pad
    step = nice_step((high - low) / (count - 1), duration=duration)
    first = (low / step).to_integral_value(rounding=ROUND_FLOOR)
    last = (high / step).to_integral_value(rounding=ROUND_CEILING)
    return tuple(_plain(step * n) for n in range(int(first), int(last) + 1))


def tick_places(ticks: tuple[Decimal, ...]) -> int:
    """The decimal places that print every one of ``ticks`` exactly (0 for whole ones)."""
    return max((max(-tick.as_tuple().exponent, 0) for tick in ticks), default=0)


def _plain(amount: Decimal) -> Decimal:
    """``amount`` without trailing zeros or an exponent: 1.50 -> 1.5, 1E+2 -> 100."""
    normal = amount.normalize()
    if normal.as_tuple().exponent > 0:
        return normal.quantize(Decimal(1))
    return normal
