"""Extension objects, created unbound and bound to the app in create_app."""
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base for every model."""


db = SQLAlchemy(model_class=Base)
socketio = SocketIO()
babel = Babel()
migrate = Migrate()
# Pages are limited per client address (behind trusted proxies, the address they forwarded).
limiter = Limiter(key_func=get_remote_address)
csrf = CSRFProtect()
talisman = Talisman()
