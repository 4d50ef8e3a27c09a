"""Settings from environment variables, with defaults that run on a laptop with no configuration."""
import os
import secrets
from pathlib import Path


def private_dir(path: Path) -> None:
    """Make `path` (instance/) a folder only its owner may open."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)


def private_file(path: Path) -> None:
    """Create `path` if missing, readable and writable by its owner only (never a moment more)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    path.chmod(0o600)


def _instance_secret(instance_path: Path, name: str) -> str:
    """Read a secret kept under instance/, creating it once so restarts keep links valid."""
    private_dir(instance_path)
    path = instance_path / name
    if not path.exists() or not path.read_text().strip():
        private_file(path)
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


def _whole_number(value: str | None, default: int) -> int:
    try:
        return max(0, int(value)) if value else default
    except ValueError:
        raise ValueError(f"not a whole number: {value!r}") from None


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
        # How many reverse proxies (nginx, Caddy...) stand in front of the app and may be
        # believed about the client's address and https (X-Forwarded-For/-Proto): docs/DEPLOY.md.
        "TRUSTED_PROXIES": _whole_number(env.get("CAFE_TRUSTED_PROXIES"), 0),
        # Rate limits (docs/SECURITY.md), as "N per period" rules of the `limits` library.
        # Notes, per seat: a person writes a few a minute; an outbox sent after a reconnect fits.
        "NOTE_RATE": env.get("CAFE_NOTE_RATE", "15 per minute"),
        # Every other socket event, per connection.
        "EVENT_RATE": env.get("CAFE_EVENT_RATE", "120 per minute"),
        # Joins per address: a venue's phones share one address behind NAT, and 300 people must
        # be able to join in two minutes.
        "JOIN_RATE": env.get("CAFE_JOIN_RATE", "60 per 10 seconds"),
        # Wrong join codes per address (only wrong ones count, so a crowd scanning is never slowed).
        "CODE_GUESS_RATE": env.get("CAFE_CODE_GUESS_RATE", "60 per minute"),
        # The counters: in this process, or in the message queue's Redis so limits hold across
        # processes (Flask-Limiter and the socket limits share the setting).
        "RATELIMIT_STORAGE_URI": env.get("CAFE_MESSAGE_QUEUE") or "cafe-memory://",
        "RATELIMIT_KEY_PREFIX": "cafe-limits:" + env.get("CAFE_MESSAGE_QUEUE_CHANNEL", "cafe"),
        # Only a refusal says when to come back (Retry-After); other answers carry no limit headers.
        "RATELIMIT_HEADERS_ENABLED": False,
        # If Redis is down, serve rather than fail every page.
        "RATELIMIT_SWALLOW_ERRORS": True,
        # Facilitator forms carry a CSRF token that lasts as long as the sign-in. Not "strict":
        # that check needs a Referer, which Referrer-Policy: no-referrer never sends.
        "WTF_CSRF_TIME_LIMIT": None,
        "WTF_CSRF_SSL_STRICT": False,
        "BABEL_DEFAULT_LOCALE": "en",
        "LANGUAGES": {"en": "English", "es": "Español", "ar": "العربية"},
    }
    if "SQLALCHEMY_DATABASE_URI" not in overrides and not env.get("DATABASE_URL"):
        private_dir(instance)
    settings.update(overrides)
    return settings
