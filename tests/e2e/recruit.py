"""Journey steps on the recruitment side: a sign-up, and the coordinator taking it to active."""
import re
from datetime import timedelta

from playwright.sync_api import expect

from models import today

from .conftest import check_accessibility, jpeg


def sign_up(page, name: str, address: str) -> None:
    """Offer to be a role model on the public page of Stevns."""
    page.goto("/m/stevns/bliv-rollemodel")
    check_accessibility(page, "signup")
    page.get_by_label("Dit navn").fill(name)
    page.get_by_label("E-mail").fill(address)
    page.get_by_label("Telefon").fill("22 33 44 55")
    page.get_by_label("By, hvor du bor").fill("Store Heddinge")
    page.get_by_label("Et par ord om").fill("Jeg vil gerne give noget videre.")
    page.get_by_label(re.compile("Jeg giver lov")).check()
    page.get_by_role("button", name="Meld dig").click()
    assert page.url.endswith("/tak")
    check_accessibility(page, "signup-thanks")


def move_on(page, step: str) -> None:
    """Press 'Flyt' on the profile (the next step is chosen already) and see the new step."""
    page.get_by_role("button", name="Flyt", exact=True).click()
    expect(page.get_by_text(f"er nu på trinnet: {step}")).to_be_visible()


def _call_guide(page) -> None:
    """Fill in the first phone call's guide."""
    page.get_by_role("link", name="Ringeguide").click()
    check_accessibility(page, "call-guide")
    page.get_by_label("Hørte om os fra").fill("En ven i cykelklubben")
    page.locator("input[name=commitment][value=yes]").check()
    page.locator("input[name=info_meeting][value=yes]").check()
    page.locator("input[name=availability][value=weekday_evening]").check()
    page.get_by_role("button", name="Gem ringeguide").click()
    expect(page.get_by_text("Ringeguiden er gemt.")).to_be_visible()


def _information_meeting(page, name: str, back: str) -> None:
    """Plan yesterday's information meeting, invite the new person, then move them on."""
    page.goto("/events/new?kind=info_meeting")
    page.get_by_label("Titel").fill("Informationsmøde på biblioteket")
    held = today() - timedelta(days=1)
    page.get_by_label(re.compile("Starter")).fill(f"{held.isoformat()}T17:00")
    page.get_by_label("Sted").fill("Store Heddinge Bibliotek")
    page.get_by_role("button", name="Gem", exact=True).click()
    page.get_by_label("Alle på trinnet").select_option("")
    page.locator("details summary", has_text="én ad gangen").click()
    page.get_by_label(name).check()
    check_accessibility(page, "event")
    page.get_by_role("button", name="Inviter", exact=True).click()
    expect(page.get_by_text("1 inviteret.")).to_be_visible()
    page.goto(back)
    move_on(page, "Informationsmøde")


def _match_guide(page) -> None:
    """Hold the matching interview and write the match profile."""
    page.get_by_role("link", name="Matchguide").click()
    check_accessibility(page, "match-guide")
    page.get_by_label("Fødselsår").fill("1979")
    page.locator("#gender").select_option("f")
    page.get_by_label("Arbejde nu").fill("Tømrer")
    page.locator("#interests").fill("fodbold, fiskeri")
    page.locator("#offers").fill("Ro, humor og hjælp til at finde vej i systemet.")
    page.locator("#languages").fill("dansk, engelsk")
    page.locator("input[name=availability][value=weekday_evening]").check()
    page.get_by_role("button", name="Gem matchprofil").click()
    expect(page.get_by_text("Matchprofilen er gemt.")).to_be_visible()


def _photo(page, tmp_path) -> None:
    """Upload a portrait from the photo page."""
    page.locator("nav.actions").get_by_role("link", name="Foto").click()
    check_accessibility(page, "photo-upload")
    page.get_by_label("Foto", exact=True).set_input_files(str(jpeg(tmp_path / "mette.jpg")))
    page.get_by_role("button", name="Send foto").click()
    expect(page.get_by_text("Fotoet er gemt.")).to_be_visible()
    assert page.locator("img.portrait").evaluate("img => img.naturalWidth") > 0


def _screening(page) -> None:
    """Record both certificate checks as OK."""
    for certificate in ("child", "criminal"):
        form = page.locator("#screening form")
        form.locator(f"input[name=certificate][value={certificate}]").check()
        form.locator("input[name=result][value=ok]").check()
        form.get_by_role("button", name="Gem tjek").click()
        expect(page.get_by_text("Tjekket er gemt.")).to_be_visible()


def _training(page) -> None:
    """Record the two training days, held last week and three days ago."""
    for day, ago in (("1", 8), ("2", 3)):
        section = page.locator("#training")
        section.locator("summary").click()
        section.locator(f"input[name=day][value='{day}']").check()
        section.locator("input[name=held_on]").fill((today() - timedelta(days=ago)).isoformat())
        section.get_by_role("button", name="Gem uddannelsesdag").click()
        expect(page.get_by_text("Uddannelsesdagen er gemt.")).to_be_visible()


def recruit(page, name: str, tmp_path) -> str:
    """Take a new sign-up from 'interested' to 'active' with a photo; return the password link."""
    page.goto("/volunteers/")
    check_accessibility(page, "volunteer-board")
    page.get_by_role("link", name=name).first.click()
    profile = page.url
    check_accessibility(page, "volunteer-detail")
    _call_guide(page)
    _information_meeting(page, name, profile)
    _match_guide(page)
    _photo(page, tmp_path)
    _screening(page)
    move_on(page, "Attester tjekket")
    _training(page)
    move_on(page, "Uddannet")
    move_on(page, "Aktiv")
    expect(page.get_by_text("Kan foreslås til unge?")).to_be_visible()
    # Everything but the duty of confidentiality, which the role model signs after logging in.
    expect(page.locator("#ready-h ~ ul li")).to_have_text(
        ["Har ikke underskrevet den gældende tavshedserklæring"])
    page.get_by_role("button", name="Lav link til at vælge adgangskode").click()
    check_accessibility(page, "volunteer-access-link")
    return page.locator("#link").input_value()
