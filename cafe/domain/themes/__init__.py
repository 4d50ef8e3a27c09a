"""Themes: cluster short notes into labelled groups (public names; modules hold the ideas)."""
from cafe.domain.themes.pipeline import *  # noqa: F401,F403
from cafe.domain.themes.pipeline import __all__, _normalise  # noqa: F401
