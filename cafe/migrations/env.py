"""Alembic's environment for cafe: run from the app (cafe.database) or from `flask --app cafe db ...`.

cafe.database hands over a connection it already holds (under the PostgreSQL lock that lets one
process at a time upgrade); the `flask db` commands get one from the app's engine.
"""
from alembic import context
from flask import current_app

config = context.config
metadata = current_app.extensions["migrate"].db.metadata

# SQLite can't ALTER most things: batch mode copies the table instead. compare_type makes
# autogenerate (and the drift test) notice a column whose type changed.
OPTIONS = {"target_metadata": metadata, "render_as_batch": True, "compare_type": True}


def run_migrations_offline() -> None:
    """`flask db upgrade --sql`: write the SQL instead of running it."""
    context.configure(url=current_app.extensions["migrate"].db.engine.url, literal_binds=True, **OPTIONS)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations on the connection we were given, or on a new one from the app's engine."""
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, **OPTIONS)
        with context.begin_transaction():
            context.run_migrations()
        return
    with current_app.extensions["migrate"].db.engine.connect() as connection:
        context.configure(connection=connection, **OPTIONS)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
