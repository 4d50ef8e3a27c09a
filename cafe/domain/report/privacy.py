"""Small-count suppression: no published count lets a reader single out a few people."""
from __future__ import annotations

from collections.abc import Mapping

from cafe.domain.limits import PRIVACY_THRESHOLD

SUPPRESSED = None
SUPPRESSED_TEXT = "suppressed"


def suppress_small_counts(
    counts: Mapping[str, int], *, threshold: int = PRIVACY_THRESHOLD, total: int | None = None
) -> dict[str, int | None]:
    """Replace counts under ``threshold`` by ``SUPPRESSED``, plus one more if a lone one could be
    worked out by subtracting the others from a published ``total``.

    Pass ``total`` whenever the total is shown anywhere (for the breakdown of people by group,
    the number of people). Zero counts are small counts too: "nobody from group X came" can
    identify the one person who says they went. Order of the keys is kept.
    """
    for key, count in counts.items():
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(f"count for {key!r} must be a non-negative int, got {count!r}")
    suppressed = {key for key, count in counts.items() if count < threshold}
    if len(suppressed) == 1 and total is not None:
        # The smallest remaining cell gives the least away; ties go to the first in order.
        others = [(count, i, key) for i, (key, count) in enumerate(counts.items()) if key not in suppressed]
        if others:
            suppressed.add(min(others)[2])
    return {key: SUPPRESSED if key in suppressed else count for key, count in counts.items()}
