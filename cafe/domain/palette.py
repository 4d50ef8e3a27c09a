"""Table colours: distinguishable with colour blindness, each with a name people can say aloud."""

# (key, hex, text colour readable on it). Keys are translated for display in cafe/web/messages.py.
PALETTE = (
    ("blue", "#0072B2", "#ffffff"),
    ("orange", "#E69F00", "#000000"),
    ("green", "#009E73", "#ffffff"),
    ("yellow", "#F0E442", "#000000"),
    ("sky", "#56B4E9", "#000000"),
    ("red", "#D55E00", "#ffffff"),
    ("pink", "#CC79A7", "#000000"),
    ("grey", "#595959", "#ffffff"),
    ("brown", "#8C564B", "#ffffff"),
    ("navy", "#1F3A93", "#ffffff"),
    ("teal", "#17BECF", "#000000"),
    ("lime", "#9ACD32", "#000000"),
)
BY_KEY = {key: (hex_, text) for key, hex_, text in PALETTE}


def default_colour(position: int) -> str:
    """Colour key for the table at `position`, cycling through the palette."""
    return PALETTE[position % len(PALETTE)][0]


def text_colour(key: str) -> str:
    """Black or white, whichever reads better on the colour."""
    return BY_KEY[key][1]
