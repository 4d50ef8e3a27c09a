"""A bilingual café in real headless Chromium (issue 17): a Spanish phone and an English phone
take part in the same café, from the join page to the results page, and each reads the title,
question, table names, stakeholder groups and theme labels in its own language; the projector
shows both questions, each with its lang.

Uses the server and browser of tests/e2e/test_browser.py.
"""
from __future__ import annotations

import re

from browser_kit import assert_accessible
from test_browser import PHONE, browser, click_control, server, shot, TOKEN, LAPTOP  # noqa: F401

TITLE, TITULO = "Health café", "Café de salud"
QUESTION, PREGUNTA = "What keeps our neighbourhood healthy?", "¿Qué mantiene sano a nuestro barrio?"
TABLES = [("River", "Río"), ("Hill", "Colina")]
GROUPS = [("Resident", "Residente"), ("Community organization", "Organización comunitaria")]
NOTES = {"en": ["More buses in the evening", "The bus stops need shelters", "More trees in the park",
                "A park with a playground"],
         "es": ["Más autobuses los domingos", "Una ruta de autobús al hospital",
                "Limpiar los bancos del parque", "Plantar árboles en el camino del parque"]}


def create_bilingual_cafe(browser, server):  # noqa: F811
    """As a facilitator: the new-café form in English and Spanish, then open it; (page, code)."""
    staff = browser.new_context(viewport=LAPTOP).new_page()
    staff.goto(f"{server}/facilitator/?token={TOKEN}")
    staff.goto(f"{server}/facilitator/cafes/new")
    # English and Spanish are ticked already; the Spanish fieldset has the default groups.
    assert staff.locator("input[name=languages][value=es]").is_checked()
    spanish = staff.locator("fieldset.lang-fields[data-lang=es]")
    assert spanish.is_visible()
    assert "Organización comunitaria" in spanish.locator("#groups_es").input_value()
    staff.fill("#title", TITLE)
    staff.fill("#questions", QUESTION)
    staff.fill("#num_rounds", "1")
    staff.fill("#num_tables", "2")
    for i, (name, nombre) in enumerate(TABLES):
        staff.locator(f"input[name=table_name_{i}]").fill(name)
        spanish.locator(f"input[name=table_name_{i}_es]").fill(nombre)
    staff.locator("input[name=table_languages_0][value=es]").check()
    spanish.locator("#title_es").fill(TITULO)
    spanish.locator("#questions_es").fill(PREGUNTA)
    shot(staff, "facilitator-new-cafe-bilingual")
    assert_accessible(staff, "new café, in English and Spanish")
    staff.get_by_role("button", name="Create café").click()
    staff.wait_for_selector("#connection.ok")
    click_control(staff, "Open café")
    return staff, staff.locator("#join-code").inner_text()


def join(browser, server, code, locale):  # noqa: F811
    """A phone whose browser speaks `locale` joins with the defaults and the first group."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale=locale)
    phone = context.new_page()
    phone.goto(f"{server}/j/{code}")
    return phone


# Every English text the facilitator typed that has a Spanish version.
ENGLISH = [TITLE, QUESTION] + [name for name, _ in TABLES] + [g for g, _ in GROUPS]


def assert_no_english(phone, where, labels=()):
    """The Spanish phone's page shows none of the facilitator's English texts (residents' own
    notes may be in any language, so theme labels are looked for in the labels only)."""
    text = phone.locator("main").inner_text()
    shown = [words for words in ENGLISH if re.search(rf"\b{re.escape(words)}\b", text)]
    headings = [re.sub(r"^\d+\. ", "", t) for t in phone.locator(".vote-label, .priorities h2").all_inner_texts()]
    shown += [label for label in labels if label in headings]
    assert not shown, f"{where}: the Spanish phone shows {shown}"


def test_a_spanish_and_an_english_phone_each_read_the_cafe_in_their_language(server, browser):  # noqa: F811
    staff, code = create_bilingual_cafe(browser, server)
    staff.on("dialog", lambda dialog: dialog.accept())     # open voting even if a note fits no theme
    projector = staff.context.new_page()
    projector.set_viewport_size({"width": 1920, "height": 1080})
    projector.goto(staff.url + "/projector")
    projector.wait_for_selector("#connection.ok")

    # The join page follows the browser's language: the title and groups in Spanish.
    es = join(browser, server, code, "es-ES")
    assert es.locator("h1").inner_text() == TITULO and es.locator("h1").get_attribute("lang") == "es"
    for _, grupo in GROUPS:
        assert es.get_by_label(grupo).count() == 1
    assert_no_english(es, "join page")
    assert_accessible(es, "join page, in Spanish")
    es.get_by_label("Residente").check()
    es.locator("form.stack button[type=submit]").click()
    es.wait_for_selector("#connection.ok")
    en = join(browser, server, code, "en-US")
    assert en.locator("h1").inner_text() == TITLE
    en.get_by_label("Resident", exact=True).check()
    en.get_by_role("button", name="Join the café").click()
    en.wait_for_selector("#connection.ok")

    # The café page: the question and the table's name in each phone's language, marked so.
    question = es.locator("#question")
    assert question.inner_text() == PREGUNTA and question.get_attribute("lang") == "es"
    assert en.locator("#question").inner_text() == QUESTION
    assert en.locator("#question").get_attribute("lang") == "en"
    es_table = es.locator("#table-label [lang]")
    assert es_table.inner_text() in [nombre for _, nombre in TABLES]
    assert es_table.get_attribute("lang") == "es"
    assert en.locator("#table-label [lang]").inner_text() in [name for name, _ in TABLES]
    assert es.title() == TITULO
    assert_no_english(es, "café page")

    # The projector shows both questions, each with its own lang, and both titles.
    projector.wait_for_function("() => document.querySelector('#people-count').textContent.startsWith('2')")
    assert projector.locator("#question").inner_text() == QUESTION
    assert projector.locator("#question").get_attribute("lang") == "en"
    alt = projector.locator("#question-versions .proj-question-alt")
    assert alt.inner_text() == PREGUNTA and alt.get_attribute("lang") == "es"
    assert projector.locator("#proj-title [lang=es]").inner_text() == TITULO
    assert projector.locator(".proj-table-alt [lang=es]", has_text="Río").count() == 1

    click_control(staff, "Start round 1")
    for phone, lang in ((en, "en"), (es, "es")):
        phone.wait_for_function("() => /^19:\\d\\d$/.test(document.querySelector('#clock').textContent)")
        for text in NOTES[lang]:
            phone.fill("#note-text", text)
            phone.locator("#note-submit").click()
            phone.locator("#notes .note:not(.pending)", has_text=text).wait_for()
    projector.wait_for_function("() => /^19:\\d\\d$/.test(document.querySelector('#clock').textContent)")
    shot(projector, "projector-bilingual")
    shot(es, "phone-es")
    click_control(staff, "End round")

    # The harvest: the facilitator gives every theme its Spanish label on the dashboard.
    click_control(staff, "Harvest themes")
    staff.locator(".theme-card").first.wait_for()
    cards = staff.locator(".theme-card")
    labels = {}
    for i in range(cards.count()):
        card = cards.nth(i)
        label = card.locator(".theme-head .theme-label").input_value()
        labels[label] = f"Tema {i + 1}"
        box = card.locator("input.theme-label-version[lang=es]")
        box.fill(labels[label])
        box.press("Enter")
        es.locator(".vote-label [lang=es]", has_text=labels[label]).wait_for()

    shot(staff, "facilitator-harvest-bilingual")
    click_control(staff, "Open voting")
    es.wait_for_selector(".dot-button")
    en.wait_for_selector(".dot-button")
    for label, etiqueta in labels.items():
        assert es.locator(".vote-label", has_text=etiqueta).count() == 1
        assert en.locator(".vote-label", has_text=label).count() == 1
        assert en.locator(".vote-label", has_text=etiqueta).count() == 0
    assert_no_english(es, "voting", labels)
    assert_accessible(es, "phone voting, in Spanish")
    first_label, first_etiqueta = next(iter(labels.items()))
    es.get_by_role("button", name=f"Poner un punto en: {first_etiqueta}").click()
    es.wait_for_function("() => document.querySelector('#vote-status').textContent.length > 0")
    shot(es, "phone-es-vote")
    projector.locator(".proj-theme-label [lang=es]", has_text=first_etiqueta).wait_for()

    click_control(staff, "Close voting")
    es.wait_for_selector("#results-link-box:not([hidden])")
    assert es.locator("#harvest-themes .vote-label", has_text=first_etiqueta).count() == 1
    assert_no_english(es, "priorities", labels)

    # The results page, in each phone's language.
    es.locator("#results-link").click()
    es.wait_for_selector("ol.priorities")
    assert es.locator("h1").inner_text() == TITULO
    assert es.locator(".priorities h2[lang=es]", has_text=first_etiqueta).count() == 1
    assert es.locator(".question[lang=es]").inner_text() == PREGUNTA
    assert_no_english(es, "results page", labels)
    assert_accessible(es, "results page, in Spanish")
    shot(es, "phone-es-results")
    en.locator("#results-link").click()
    en.wait_for_selector("ol.priorities")
    assert en.locator("h1").inner_text() == TITLE
    assert en.locator(".priorities h2", has_text=first_label).count() == 1
    assert en.locator(".priorities h2", has_text=first_etiqueta).count() == 0

    # Texts and translations, from the dashboard: every text in both languages, ready to correct.
    staff.get_by_role("link", name="Texts and translations").click()
    assert staff.locator("#title_es").input_value() == TITULO
    assert staff.locator("#table_name_1_es").input_value() == "Colina"
    assert_accessible(staff, "texts and translations")
    staff.fill("#question_0_es", "¿Qué nos mantiene sanos en el barrio?")
    staff.get_by_role("button", name="Save the texts").click()
    staff.locator(".saved-note").wait_for()
    projector.wait_for_function(
        "() => document.querySelector('.proj-question-alt').textContent.includes('sanos en el barrio')")
