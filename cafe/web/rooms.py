"""Socket.IO room names, each built in one place."""


def cafe_room(cafe_id: int) -> str:
    """Every screen of a café: phones, facilitator and projector."""
    return f"cafe:{cafe_id}"


def staff_room(cafe_id: int) -> str:
    """The facilitator's dashboards and the projector of a café."""
    return f"staff:{cafe_id}"


def participant_room(participant_id: int) -> str:
    """Every open tab of one participant."""
    return f"person:{participant_id}"


def phones_room(cafe_id: int) -> str:
    """Every participant connection of a café (what phones may see, without the staff's extras)."""
    return f"phones:{cafe_id}"


def table_device_room(table_id: int) -> str:
    """The shared devices of one table (they follow the table, never a person)."""
    return f"table:{table_id}"
