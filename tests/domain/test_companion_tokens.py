"""The "Join with me" token: made from the secret key, for one person of one café, for a while."""
from __future__ import annotations

import pytest

from cafe.domain.errors import Refused
from cafe.domain.tokens import CLOCK_SKEW, companion_person_id, companion_token

KEY, NOW, HOUR = "secret-key", 1_800_000_000.0, 3600


def read(token, cafe_id=7, now=NOW, key=KEY):
    return companion_person_id(key, token, cafe_id, now, HOUR)


def refusal(token, **kwargs) -> str:
    with pytest.raises(Refused) as caught:
        read(token, **kwargs)
    return caught.value.code


def test_a_token_names_its_person_in_its_cafe_until_it_expires():
    token = companion_token(KEY, 7, 42, NOW)
    assert read(token) == 42
    assert read(token, now=NOW + HOUR) == 42
    assert refusal(token, now=NOW + HOUR + 1) == "companion_link_expired"
    assert len(token) < 64 and token.isascii()       # fits a small QR code


@pytest.mark.parametrize("token", [
    companion_token("another-key", 7, 42, NOW),          # forged: not this server's key
    companion_token(KEY, 8, 42, NOW),                    # another café's
    companion_token(KEY, 7, 42, NOW).replace("42.", "43.", 1),     # someone else's id
    companion_token(KEY, 7, 42, NOW).replace(f".{int(NOW)}.", f".{int(NOW) + 9}.", 1),
    "", "42", "42.1.", "0.1." + "A" * 32, "42.1." + "A" * 33, None, 42, ["42"],
    "42.1." + "é" * 32,
])
def test_anything_else_reads_like_a_wrong_join_code(token):
    assert refusal(token) == "unknown_code"


def test_a_token_from_the_future_beyond_clock_skew_is_refused():
    assert read(companion_token(KEY, 7, 42, NOW + CLOCK_SKEW)) == 42
    assert refusal(companion_token(KEY, 7, 42, NOW + CLOCK_SKEW + 5)) == "companion_link_expired"
