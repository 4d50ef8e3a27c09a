"""The café's use cases: the only code that combines the models with the domain."""
from cafe.services.cafes import *  # noqa: F401,F403
