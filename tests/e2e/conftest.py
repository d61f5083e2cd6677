"""Browser journeys: the app on a real port, Debian's chromium driven by Playwright."""
import email
import email.policy
import os
import shutil
import socket
import threading
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
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


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory, sqlite_template):
    """A SQLite file and photo folder with the demo data, made once and copied by each test."""
    folder = tmp_path_factory.mktemp("demo")
    db_path, photos = folder / "demo.db", folder / "photos"
    shutil.copy(sqlite_template, db_path)
    app = create_app({"SECRET_KEY": "e2e-secret", "DATABASE_URL": f"sqlite:///{db_path}",
                      "PHOTO_DIR": str(photos), "INSTANCE_PATH": str(folder / "instance")})
    from seed import demo

    with scoped_session(app.extensions["engine"], ALL_TENANTS) as session:
        demo.load_demo(session, photo_dir=str(photos))
        session.commit()
    app.extensions["engine"].dispose()
    from models.towns import town_names

    town_names()  # build the town list once here, so no page waits seconds for it
    return db_path, photos


@pytest.fixture
def live_app(tmp_path, demo_template):
    """The app with the demo data, served on a free local port."""
    db_path, photos = tmp_path / "e2e.db", tmp_path / "photos"
    shutil.copy(demo_template[0], db_path)
    shutil.copytree(demo_template[1], photos)
    app = create_app({
        "SECRET_KEY": "e2e-secret",
        "DATABASE_URL": f"sqlite:///{db_path}",
        "RATELIMIT_ENABLED": False,
        "PHOTO_DIR": str(photos),
        "INSTANCE_PATH": str(tmp_path / "instance"),
    })
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
    context.set_default_timeout(10_000)  # a missing element fails in seconds, not half a minute
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


def login(page, email: str, password: str, password_label: str = "Adgangskode") -> None:
    """Log in through the form, using the keyboard only."""
    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label(password_label).fill(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def page_width(page) -> int:
    """Return how wide the page's content is, in CSS pixels (more than the screen: it scrolls)."""
    return page.evaluate("document.documentElement.scrollWidth")


class Inbox:
    """A real SMTP server in the test process that keeps every message it accepts."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        """Keep one message."""
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"

    def to(self, address: str) -> list:
        """Return the messages sent to ``address``."""
        with self.lock:
            return [m for m in self.messages if m["To"] == address]


@pytest.fixture
def inbox(live_app):
    """An SMTP server the live app's scheduler sends to."""
    box = Inbox()
    box.controller.start()
    live_app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=box.port, MAIL_BACKEND="smtp")
    yield box
    box.controller.stop()


def run_scheduler(app) -> dict:
    """Run the scheduler's sweep and then its sender once, in this process, as its jobs do."""
    from web.scheduling.runner import run_send, run_sweep
    from web.scheduling.sender import Sender

    run_sweep(app)
    return run_send(app, Sender(app.config))


def jpeg(path: Path) -> Path:
    """Draw a small JPEG portrait (head and shoulders) at ``path`` and return it."""
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (400, 400), (214, 232, 222))
    draw = ImageDraw.Draw(picture)
    draw.ellipse((70, 280, 330, 520), fill=(60, 90, 140))  # shoulders
    draw.ellipse((130, 90, 270, 260), fill=(226, 180, 150))  # face
    draw.chord((122, 70, 278, 200), 180, 360, fill=(120, 70, 40))  # hair
    for x in (170, 230):
        draw.ellipse((x - 7, 165, x + 7, 179), fill=(40, 40, 40))
    draw.arc((170, 190, 230, 230), 20, 160, fill=(150, 60, 60), width=4)
    picture.save(path, "JPEG", quality=85)
    return path


def citizen_link(app, name: str) -> str:
    """Make a single-use login link for the demo citizen called ``name``, as a coordinator would."""
    from sqlmodel import select

    from models import Citizen, Role, User
    from web.accounts.tokens import make_login_token
    from web.citizens.views import ensure_account

    with app.test_request_context(), scoped_session(app.extensions["engine"], ALL_TENANTS) as db:
        citizen = db.exec(select(Citizen).where(Citizen.name == name)).one()
        coordinator = db.exec(select(User).where(
            User.role == Role.COORDINATOR, User.municipality_id == citizen.municipality_id)).first()
        token = make_login_token(db, ensure_account(db, citizen), coordinator)
        db.commit()
    return f"{app.config['BASE_URL']}/l/{token}"
