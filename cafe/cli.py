"""Flask commands: `flask --app cafe demo` fills a café to look at in seconds."""
from __future__ import annotations

import click

from cafe.services.demo import COMMENTS, build_demo


def register(app) -> None:
    """Add the `demo` command to the app's CLI."""
    @app.cli.command("demo")
    @click.option("--people", default=30, show_default=True)
    @click.option("--tables", default=6, show_default=True)
    @click.option("--rounds", default=3, show_default=True)
    @click.option("--play", "play_rounds", default=3, show_default=True,
                  help="How many rounds to play (fewer leaves the café mid-way).")
    def demo(people, tables, rounds, play_rounds):
        """Fill a café with the Bowling Green comments (../shared/data)."""
        if not COMMENTS.exists():
            raise click.ClickException(f"demo data not found at {COMMENTS}; set CAFE_SHARED_DATA")
        cafe = build_demo(people=people, tables=tables, rounds=rounds,
                          play_rounds=min(play_rounds, rounds))
        token = app.config["FACILITATOR_TOKEN"]
        click.echo(f"Demo café {cafe.id} ready: {people} people, {tables} tables, "
                   f"phase {cafe.phase}, round {cafe.round_no}/{cafe.num_rounds}.")
        click.echo(f"Start the app (python wsgi.py) and open "
                   f"/facilitator/?token={token} then the café '{cafe.title}'.")
