"""Browser journeys: the app on a real port, Debian's chromium driven by Playwright."""
import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from models import ALL_TENANTS, scoped_session
from web import create_app

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "test-artifacts" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}


def _missing_tool() -> str | None:
    """Say what the browser tests need and is not installed, if anything."""
    if not os.path.exists(CHROMIUM):
        return f"chromium not found at {CHROMIUM} (apt-get install chromium)"
    if not AXE.exists():
        return "axe-core not installed (npm install)"
    return None


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the whole run."""
    missing = _missing_tool()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(missing + " (required in CI)")
        pytest.skip(missing + "; browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def live_app(tmp_path, sqlite_template):
    """The app with the demo data, served on a free local port."""
    db_path = tmp_path / "e2e.db"
    shutil.copy(sqlite_template, db_path)
    app = create_app({
        "SECRET_KEY": "e2e-secret",
        "DATABASE_URL": f"sqlite:///{db_path}",
        "RATELIMIT_ENABLED": False,
        "PHOTO_DIR": str(tmp_path / "photos"),
        "INSTANCE_PATH": str(tmp_path / "instance"),
    })
    from seed import demo

    with scoped_session(app.extensions["engine"], ALL_TENANTS) as session:
        demo.load_demo(session, photo_dir=app.config["PHOTO_DIR"])
        session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    app.config["BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app
    server.shutdown()
    app.extensions["engine"].dispose()


def new_page(browser, live_app, viewport=PHONE, locale="da-DK"):
    """Open a fresh browser context and page against the live app."""
    context = browser.new_context(
        viewport=viewport, locale=locale, base_url=live_app.config["BASE_URL"], bypass_csp=True
    )
    return context.new_page()


def check_accessibility(page, name: str) -> None:
    """Run axe-core on the page, save a screenshot, and fail on serious problems."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document)")
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in bad
    )


def login(page, email: str, password: str) -> None:
    """Log in through the form, using the keyboard only."""
    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
