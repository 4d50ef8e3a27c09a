"""A café's languages and the texts typed in each (issue 17): what the services keep and refuse."""
from __future__ import annotations

import pytest

from cafe import services
from cafe.domain.errors import Invalid
from cafe.extensions import db
from cafe.models import Cafe

TABLES = [services.TableSpec("River", "blue", {"es": "Río"}, ("es",)),
          services.TableSpec("Hill", "green")]


def new(**changes):
    values = dict(title="Health café", questions=["What keeps us healthy?", "What would help?"],
                  tables=TABLES, round_minutes=20, num_rounds=3, groups=["Resident", "Staff"],
                  known_languages={"en": "English", "es": "Español"})
    values.update(changes)
    return services.create_cafe(**values)


def test_a_cafe_keeps_each_language_version_and_falls_back_to_the_typed_text(app):
    with app.app_context():
        cafe = new(translations={"es": {"title": "Café de salud",
                                        "questions": ["¿Qué nos mantiene sanos?"],
                                        "groups": ["", "Personal"]}})
        cafe = db.session.get(Cafe, cafe.id)
        assert cafe.language_list == ["en", "es"] and cafe.typed_language == "en"
        assert cafe.title_in("es").text == "Café de salud"
        first = cafe.question_in(1, "es")
        assert (first.text, first.lang) == ("¿Qué nos mantiene sanos?", "es")
        second = cafe.question_in(2, "es")          # not translated: the English, marked English
        assert (second.text, second.lang) == ("What would help?", "en")
        assert cafe.group_in("Staff", "es").text == "Personal"
        assert cafe.group_in("Resident", "es").lang == "en"
        river, hill = cafe.tables
        assert river.name_in("es", "en").text == "Río" and river.languages == ["es"]
        assert hill.name_in("es", "en").text == "Hill" and hill.languages is None


@pytest.mark.parametrize("changes, field", [
    ({"languages": ["en", "xx"]}, "languages"),
    ({"languages": ["en", "en"]}, "languages"),
    ({"languages": []}, "languages"),
    ({"tables": [services.TableSpec("A", "blue", None, ("fr",))]}, "table_languages"),
    ({"translations": {"es": {"questions": ["1", "2", "3"]}}}, "questions_es"),
    ({"translations": {"es": {"title": "x" * 500}}}, "title_es"),
    ({"translations": {"es": {"groups": ["Vecino\x07"]}}}, "groups_es"),
    ({"tables": [services.TableSpec("A", "blue", {"es": 5})]}, "table_names_es"),
    ({"translations": ["es"]}, "translations"),
])
def test_bad_languages_and_translations_are_refused_and_nothing_is_made(app, changes, field):
    with app.app_context():
        before = db.session.query(Cafe).count()
        with pytest.raises(Invalid) as refused:
            new(**changes)
        assert refused.value.field == field
        db.session.rollback()
        assert db.session.query(Cafe).count() == before
