"""A café run in Spanish in real headless Chromium: the facilitator switches their pages to
Spanish, and in every phase the dashboard (text its script draws included), the projector and a
phone show no English UI string, no facilitator page overflows at 1280 or 1920 px wide, and axe
finds no violation on the Spanish dashboard, downloads and home pages.

Screenshots (CAFE_SCREENSHOTS=dir): the Spanish home, new café, dashboard (1280×800 and
1920×1080) and downloads pages.
"""
from __future__ import annotations

import json
import re

from browser_kit import assert_accessible
from language_check import english_found
from test_browser import LAPTOP, PHONE, SHOTS, TOKEN, browser, server  # noqa: F401

NOTES = ["Más parques con árboles", "Parques limpios y seguros", "Árboles en cada parque",
         "Autobuses por la noche", "Más autobuses los domingos", "Paradas de autobús con techo",
         "Clínica abierta los sábados", "Clínica cerca de la escuela", "Médicos en la clínica"]
WIDE = {"width": 1920, "height": 1080}

# Everything a person meets on the page: its text, the labels screen readers read, the options
# of every select (open or not), placeholders and the tab's title; text marked as another
# language than the page's (lang="en" on the link to the English report) is meant to be in it.
VISIBLE_TEXT = """() => {
  const mine = (document.documentElement.lang || '').split('-')[0];
  const foreign = (node) => {
    const marked = node.closest('[lang]');
    return marked && marked !== document.documentElement && marked.lang.split('-')[0] !== mine;
  };
  const hidden = [...document.body.querySelectorAll('[lang]')].filter(foreign);
  const before = hidden.map((node) => node.style.display);
  hidden.forEach((node) => { node.style.display = 'none'; });
  const out = [document.body.innerText, document.title];
  hidden.forEach((node, i) => { node.style.display = before[i]; });
  for (const node of document.querySelectorAll('[aria-label],[placeholder],[alt],[title]')) {
    if (foreign(node)) continue;
    for (const name of ['aria-label', 'placeholder', 'alt', 'title']) {
      if (node.getAttribute(name)) out.push(node.getAttribute(name));
    }
  }
  for (const option of document.querySelectorAll('option')) if (!foreign(option)) out.push(option.textContent);
  return out.join('\\n');
}"""
# Buttons, links and labels whose words spill out of their box, and a page wider than the window.
OVERFLOW = """() => {
  const bad = [];
  if (document.documentElement.scrollWidth > document.documentElement.clientWidth + 1) bad.push('page is wider than the window');
  for (const node of document.querySelectorAll('button, .button, label, th, h1, h2, h3, .badge, select')) {
    if (!node.offsetParent) continue;
    if (node.scrollWidth > node.clientWidth + 1 && getComputedStyle(node).overflowX !== 'auto') bad.push(node.tagName + ': ' + node.textContent.trim().slice(0, 60));
  }
  return bad;
}"""


def english_on(page) -> list[str]:
    return english_found(page.evaluate(VISIBLE_TEXT))


def snap(page, name, viewport=None):
    if viewport:
        page.set_viewport_size(viewport)
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def wait_text(page, selector, text):
    page.wait_for_function(f"() => (document.querySelector({json.dumps(selector)}) || {{}}).textContent === {json.dumps(text)}")


def test_a_cafe_run_in_spanish_shows_no_english(server, browser):  # noqa: F811
    problems = []

    def check(page, where, overflow=True):
        problems.extend(f"{where}: English {e!r}" for e in english_on(page))
        if overflow:
            problems.extend(f"{where}: overflows: {b}" for b in page.evaluate(OVERFLOW))

    staff = browser.new_context(viewport=LAPTOP, locale="en-US").new_page()
    dialogs = []                # "open voting anyway?" asks in the facilitator's language too

    def answer(dialog):
        dialogs.append(dialog.message)
        dialog.accept()
    staff.on("dialog", answer)
    staff.goto(f"{server}/facilitator/?token={TOKEN}")
    assert staff.locator("html").get_attribute("lang") == "en"
    staff.get_by_role("button", name="Español").click()               # the nav's switch
    staff.wait_for_selector("html[lang=es]")
    check(staff, "home, no café")
    staff.get_by_role("link", name="Nuevo café").click()
    assert staff.locator("html").get_attribute("lang") == "es"         # remembered
    staff.fill("#title", "Café del barrio Las Flores")
    staff.fill("#questions", "¿Qué haría más sano a nuestro barrio?")
    staff.fill("#num_rounds", "2")
    staff.fill("#num_tables", "2")
    snap(staff, "es-new-cafe")
    problems.extend(f"new café: overflows: {b}" for b in staff.evaluate(OVERFLOW))
    staff.get_by_role("button", name="Crear el café").click()
    staff.wait_for_selector("#connection.ok")
    wait_text(staff, "#phase-label", "Todavía sin abrir")
    check(staff, "dashboard, draft")
    staff.get_by_role("button", name="Abrir el café").click()
    wait_text(staff, "#phase-label", "La gente se está uniendo")
    code = staff.locator("#join-code").inner_text()

    projector = staff.context.new_page()
    projector.goto(staff.url + "/projector")
    projector.wait_for_selector("#connection.ok")

    phones = []
    for name in ("Ana", "Beto", "Carla"):
        phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                    locale="es-MX").new_page()
        phone.goto(f"{server}/j/{code}")
        check(phone, "join page", overflow=False)
        phone.fill("#name", name)
        phone.get_by_role("button", name="Unirme al café").click()
        phone.wait_for_selector("#connection.ok")
        phones.append(phone)
    staff.locator("#people-count", has_text="3").wait_for()
    check(staff, "dashboard, lobby")
    check(projector, "projector, lobby", overflow=False)

    staff.get_by_role("button", name="Empezar la ronda 1").click()
    wait_text(staff, "#phase-label", "Conversación en curso")
    for i, text in enumerate(NOTES):
        phone = phones[i % len(phones)]
        phone.fill("#note-text", text)
        phone.get_by_role("button", name="Agregar nota").click()
        phone.locator("#notes .note:not(.pending)", has_text=text).wait_for()
    staff.locator(".staff-notes .note", has_text=NOTES[-1]).wait_for()
    check(staff, "dashboard, running")
    check(phones[0], "phone, running", overflow=False)
    snap(staff, "es-dashboard-running")
    staff.get_by_role("button", name="Pausar").click()
    wait_text(staff, "#phase-label", "En pausa")
    check(staff, "dashboard, paused")
    staff.get_by_role("button", name="Continuar").click()
    wait_text(staff, "#phase-label", "Conversación en curso")
    staff.get_by_role("button", name="Terminar la ronda").click()
    wait_text(staff, "#phase-label", "Ronda terminada: revisa la próxima distribución de mesas")
    staff.locator("#plan", has_text="Próxima rotación").wait_for()
    check(staff, "dashboard, review")
    check(projector, "projector, review", overflow=False)
    staff.get_by_role("button", name="Rotar a la gente para la ronda 2").click()
    wait_text(staff, "#phase-label", "La gente está pasando a su próxima mesa")
    check(staff, "dashboard, break")
    check(phones[0], "phone, break", overflow=False)
    staff.get_by_role("button", name="Empezar la ronda 2").click()
    wait_text(staff, "#phase-label", "Conversación en curso")
    staff.get_by_role("button", name="Terminar la ronda").click()
    wait_text(staff, "#phase-label", "Todas las rondas terminaron")
    check(staff, "dashboard, finished")

    staff.get_by_role("button", name="Cosechar temas").click()
    staff.locator(".theme-card").first.wait_for()
    check(staff, "dashboard, harvest")
    check(projector, "projector, harvest", overflow=False)
    staff.fill("#dots", "2")
    staff.get_by_role("button", name="Abrir la votación").click()
    wait_text(staff, "#phase-label", "La votación está abierta")
    problems.extend(f"dialog: English {e!r}" for e in english_found("\n".join(dialogs)))
    for phone in phones:
        phone.locator(".vote-theme").first.wait_for()
        phone.locator(".vote-theme").first.get_by_role(
            "button", name=re.compile("^Poner un punto en")).click()
        phone.locator("#vote-status", has_text="guardados").wait_for()
    check(staff, "dashboard, voting")
    check(phones[0], "phone, voting", overflow=False)
    staff.get_by_role("button", name="Cerrar la votación").click()
    wait_text(staff, "#phase-label", "Ya están las prioridades")
    staff.locator("#priority-list li").first.wait_for()
    check(staff, "dashboard, results")
    check(projector, "projector, results", overflow=False)
    check(phones[0], "phone, results", overflow=False)
    snap(staff, "es-dashboard")
    assert_accessible(staff, "Spanish dashboard, results")
    staff.set_viewport_size(WIDE)
    staff.reload()                    # as a facilitator on a wide screen opens it
    staff.wait_for_selector("#connection.ok")
    staff.locator("#priority-list li").first.wait_for()
    snap(staff, "es-dashboard-1920")
    problems.extend(f"dashboard 1920: overflows: {b}" for b in staff.evaluate(OVERFLOW))
    staff.set_viewport_size(LAPTOP)

    staff.get_by_role("link", name="Descargas y plan de acción").click()
    staff.wait_for_selector("#actions")
    check(staff, "downloads")
    snap(staff, "es-downloads")
    assert_accessible(staff, "Spanish downloads")
    staff.get_by_role("link", name="Imprimir: tarjetas de mesa, cartel, distribución de mesas, papeletas").click()
    check(staff, "print")
    staff.goto(f"{server}/facilitator/")
    check(staff, "home with a café")
    assert re.search(r"\d{1,2} de \w+ de \d{4}", staff.locator("table.list").inner_text())
    snap(staff, "es-home")
    assert_accessible(staff, "Spanish home")
    assert not problems, "\n".join(problems)
