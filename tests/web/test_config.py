"""Settings read from the environment."""
from cafe.config import _database_url, load_config


def test_postgres_urls_use_the_shipped_driver():
    assert _database_url("postgresql://u@h/db") == "postgresql+psycopg2://u@h/db"
    assert _database_url("postgres://u@h/db") == "postgresql+psycopg2://u@h/db"
    assert _database_url("postgresql+psycopg2://u@h/db") == "postgresql+psycopg2://u@h/db"
    assert _database_url("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"
    assert _database_url(None) is None


def test_defaults_need_no_configuration(tmp_path, monkeypatch):
    for name in ("DATABASE_URL", "CAFE_SECRET_KEY", "CAFE_FACILITATOR_TOKEN", "CAFE_MESSAGE_QUEUE"):
        monkeypatch.delenv(name, raising=False)
    settings = load_config(str(tmp_path / "instance"), overrides={})
    assert settings["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert len(settings["FACILITATOR_TOKEN"]) >= 40
    again = load_config(str(tmp_path / "instance"), overrides={})
    assert again["FACILITATOR_TOKEN"] == settings["FACILITATOR_TOKEN"]   # link survives restarts
    assert settings["MESSAGE_QUEUE"] is None and settings["MESSAGE_QUEUE_CHANNEL"] == "cafe"
