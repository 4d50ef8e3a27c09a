"""Settings from environment variables, with defaults that run on a laptop with no configuration."""
import os
import secrets
from pathlib import Path


def _instance_secret(instance_path: Path, name: str) -> str:
    """Read a secret kept under instance/, creating it once so restarts keep links valid."""
    instance_path.mkdir(parents=True, exist_ok=True)
    path = instance_path / name
    if not path.exists():
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text().strip()


def run_inline(function, *args, **kwargs):
    """The default CPU_RUNNER: call `function` here (wsgi.py swaps in eventlet's thread pool)."""
    return function(*args, **kwargs)


def _database_url(url: str | None) -> str | None:
    """`postgresql://` (as hosting providers write it) means the psycopg2 driver we ship."""
    if url and url.startswith(("postgres://", "postgresql://")):
        return "postgresql+psycopg2://" + url.split("://", 1)[1]
    return url


def _flag(value: str | None) -> bool | None:
    """'1'/'true'/'yes'/'on' -> True, '0'/'false'/'no'/'off' -> False, unset or other -> None."""
    if value is None:
        return None
    value = value.strip().lower()
    return True if value in ("1", "true", "yes", "on") else False if value in ("0", "false", "no", "off") else None


def load_config(instance_path: str, overrides: dict) -> dict:
    """Build the app's settings from the environment (see README for each variable), then `overrides`."""
    instance = Path(instance_path)
    env = os.environ

    def secret(key: str, env_name: str, file_name: str) -> str:
        return overrides.get(key) or env.get(env_name) or _instance_secret(instance, file_name)

    settings = {
        "SECRET_KEY": secret("SECRET_KEY", "CAFE_SECRET_KEY", "secret_key"),
        # The facilitator link carries this token, as Jupyter's does.
        "FACILITATOR_TOKEN": secret("FACILITATOR_TOKEN", "CAFE_FACILITATOR_TOKEN",
                                    "facilitator_token"),
        # Optional: a password facilitators may type instead of using the link.
        "FACILITATOR_PASSWORD": env.get("CAFE_FACILITATOR_PASSWORD") or None,
        "SQLALCHEMY_DATABASE_URI": _database_url(env.get("DATABASE_URL"))
        or f"sqlite:///{instance / 'cafe.sqlite3'}",
        "MESSAGE_QUEUE": env.get("CAFE_MESSAGE_QUEUE") or None,
        # Installations sharing one Redis keep apart by giving each its own channel.
        "MESSAGE_QUEUE_CHANNEL": env.get("CAFE_MESSAGE_QUEUE_CHANNEL", "cafe"),
        # Public base URL phones use (QR code); derived from the LAN address when unset.
        "PUBLIC_URL": env.get("CAFE_PUBLIC_URL") or None,
        "ASYNC_MODE": env.get("CAFE_ASYNC_MODE", "threading"),
        # Calls CPU-heavy work (clustering, word clouds) as runner(function, *args, **kwargs), so
        # an async server can move it off its event loop; a plain call by default.
        "CPU_RUNNER": run_inline,
        # How the harvest groups notes unless the facilitator chooses: "tfidf" (shared words)
        # or "semantic" (meaning, any language; needs requirements-semantic.txt installed).
        "THEMES_BACKEND": env.get("CAFE_THEMES_BACKEND", "tfidf").strip().lower() or "tfidf",
        # Embed each note as it arrives, so a harvest by meaning is fast: on ("1") or off ("0");
        # unset means on whenever the semantic backend is installed.
        "EMBED_NOTES": _flag(env.get("CAFE_EMBED_NOTES")),
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_HTTPONLY": True,
        "MAX_CONTENT_LENGTH": 256 * 1024,
        "BABEL_DEFAULT_LOCALE": "en",
        "LANGUAGES": {"en": "English", "es": "Español"},
    }
    if "SQLALCHEMY_DATABASE_URI" not in overrides and not env.get("DATABASE_URL"):
        instance.mkdir(parents=True, exist_ok=True)
    settings.update(overrides)
    return settings
