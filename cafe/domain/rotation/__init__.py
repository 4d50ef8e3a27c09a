"""Round rotation: who sits at which table in each round (public names; modules hold the ideas)."""
from cafe.domain.rotation.planner import *  # noqa: F401,F403
from cafe.domain.rotation.planner import __all__, main  # noqa: F401
