"""cafe: run a World Café live, from the facilitator's laptop and residents' phones.

The package itself imports nothing, so `python -m cafe.domain.rotation` never pays for Flask;
the factory lives in `cafe.app` and is reached from here only when called (`flask --app cafe`).
"""


def create_app(config=None):
    """Build the app (see `cafe.app.create_app`); imported on call so the domain stays light."""
    from cafe.app import create_app as factory
    return factory(config)
