"""Finding what a URL names, or answering 404: the one `cafe_or_404`."""
from __future__ import annotations

from flask import abort

from cafe import services
from cafe.domain.errors import Refused


def cafe_or_404(cafe_id: int):
    """The café with this id, or a 404 page (never a hint whether it exists)."""
    try:
        return services.get_cafe(cafe_id)
    except Refused:
        abort(404)
