"""Screenshots of browser tests, kept as artifacts (artifacts/screenshots/, not committed), and
axe-core's accessibility check of a page."""

from pathlib import Path

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
SERIOUS = {"serious", "critical"}


def shoot(page, name: str) -> Path:
    """Save the visible page as artifacts/screenshots/<name>.png; its path."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page (colour contrast included: 4.5:1 for
    text), as 'rule: element' lines."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    return [f"{v['id']}: {n['target']}" for v in found if v["impact"] in SERIOUS for n in v["nodes"]]


def choose(page, select: str, option: str) -> None:
    """Pick ``option`` (its label) in the Gradio dropdown ``select`` (a CSS selector)."""
    page.locator(f"{select} input").click()
    page.get_by_role("option", name=option).click()
