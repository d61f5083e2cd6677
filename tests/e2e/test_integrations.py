"""In the browser: MitID through a real OpenID Connect provider, the municipality's login on
the login page, an Excel import with errors, and the accessibility statement; axe on each."""
import io
import re

from openpyxl import Workbook
from playwright.sync_api import expect
from sqlmodel import select

from models import ALL_TENANTS, Municipality, MunicipalLogin, scoped_session
from seed.demo import DEMO_PASSWORD
from web.accounts.oidc import encrypt_secret
from web.imports.csv_io import COLUMNS

from ..oidc.conftest import provider  # noqa: F401  (the provider fixture, started once)
from .conftest import DESK, PHONE, check_accessibility, citizen_link, login, new_page


def _set_up_logins(app, issuer: str) -> None:
    """MitID and Stevns's own login, both at the test provider."""
    app.config.update(MITID_ISSUER=issuer, MITID_CLIENT_ID="rollemodel-mitid",
                      MITID_CLIENT_SECRET="mitid-secret")
    with app.app_context(), scoped_session(app.extensions["engine"], ALL_TENANTS) as db:
        stevns = db.exec(select(Municipality).where(Municipality.slug == "stevns")).one()
        db.add(MunicipalLogin(municipality_id=stevns.id, issuer=issuer,
                              client_id="rollemodel-stevns",
                              client_secret_encrypted=encrypt_secret("stevns-secret")))
        db.commit()


def _sign_in_at_provider(page, sub: str) -> None:
    """Type the subject on the provider's page and approve, as a person would."""
    page.locator("input[name=sub]").fill(sub)
    with page.expect_navigation():
        page.get_by_role("button", name="Authorize").click()


def test_young_person_connects_mitid_then_logs_in_with_it(browser, live_app, provider):  # noqa: F811
    _set_up_logins(live_app, provider.issuer)
    phone = new_page(browser, live_app, PHONE)
    phone.goto(citizen_link(live_app, "Emma Jensen"))
    phone.get_by_role("button", name="Log ind").click()  # straight to the suggestions
    phone.get_by_role("link", name=re.compile("^Vælg ")).first.click()
    phone.get_by_role("button", name=re.compile("^Ja, jeg vælger ")).click()
    expect(phone.get_by_role("heading", name="Din rollemodel")).to_be_visible()
    phone.get_by_role("button", name="Brug MitID næste gang").click()
    _sign_in_at_provider(phone, "mitid-pseudonym-emma")
    expect(phone.get_by_text("Næste gang kan du logge ind med MitID")).to_be_visible()
    check_accessibility(phone, "logins-citizen-phone")
    phone.get_by_role("button", name="Log ud").click()

    for viewport, name in ((PHONE, "login-with-mitid-phone"), (DESK, "login-with-mitid-desk")):
        page = new_page(browser, live_app, viewport)
        page.goto("/login")
        expect(page.get_by_role("link", name="Log ind med MitID")).to_be_visible()
        expect(page.get_by_role("link", name="Log ind med login fra Stevns")).to_be_visible()
        check_accessibility(page, name)
        page.context.close()

    phone.goto("/login")
    phone.get_by_role("link", name="Log ind med MitID").click()
    _sign_in_at_provider(phone, "mitid-pseudonym-emma")
    expect(phone.get_by_role("heading", name="Hej Emma")).to_be_visible()

    stranger = new_page(browser, live_app, PHONE)
    stranger.goto("/login")
    stranger.get_by_role("link", name="Log ind med MitID").click()
    _sign_in_at_provider(stranger, "someone-never-connected")
    expect(stranger.get_by_text("Dit MitID er ikke koblet til Rollemodel endnu")).to_be_visible()
    check_accessibility(stranger, "mitid-refused-phone")


def _workbook_with_errors() -> bytes:
    """A citizens sheet with Danish words, a misspelled town and a wrong gender."""
    book = Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS["citizens"]))
    sheet.append(["C-100", "Nora Nielsen", 2004, "kvinde", "Køge", "tegning", "", "", 15,
                  "dansk", "hverdage aften"])
    sheet.append(["C-101", "Ali Holm", 2002, "mnd", "Rødvik", "", "", "", "", "dansk",
                  "weekend"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_import_page_lists_errors_for_an_excel_file(browser, live_app, tmp_path):
    path = tmp_path / "unge.xlsx"
    path.write_bytes(_workbook_with_errors())
    for viewport, name in ((PHONE, "import-errors-phone"), (DESK, "import-errors-desk")):
        page = new_page(browser, live_app, viewport)
        login(page, "koordinator@stevns.example", DEMO_PASSWORD)
        page.goto("/imports/")
        page.get_by_label("Unge (citizens.csv)").check()
        page.get_by_label("Excel- eller CSV-fil").set_input_files(str(path))
        page.get_by_role("button", name="Tjek filen").click()
        expect(page.get_by_text("Mente du Rødvig?")).to_be_visible()
        expect(page.get_by_text("eller på dansk: kvinde")).to_be_visible()
        check_accessibility(page, name)
        page.context.close()


def test_accessibility_statement_is_in_every_footer(browser, live_app):
    for viewport, name in ((PHONE, "accessibility-phone"), (DESK, "accessibility-desk")):
        page = new_page(browser, live_app, viewport)
        page.goto("/m/stevns/bliv-rollemodel")
        page.get_by_role("link", name="Tilgængelighedserklæring").click()
        expect(page.get_by_role("heading", name="Fortæl os om et problem")).to_be_visible()
        check_accessibility(page, name)
        page.context.close()
