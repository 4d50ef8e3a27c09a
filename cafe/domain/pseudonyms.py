"""Pseudonyms for people who don't give a name: friendly, language-neutral, unguessable enough."""
import secrets

_WORDS = (
    "Maple", "Heron", "Cedar", "Otter", "Willow", "Falcon", "Birch", "Lynx", "Aspen", "Robin",
    "Juniper", "Badger", "Sparrow", "Fern", "Hazel", "Pine", "Wren", "Lark", "Sage", "Finch",
    "Oak", "Ivy", "Plum", "Coral", "River", "Cloud", "Comet", "Pebble", "Meadow", "Harbor",
)


def pseudonym() -> str:
    """A name like 'Heron 42'."""
    return f"{secrets.choice(_WORDS)} {secrets.randbelow(90) + 10}"
