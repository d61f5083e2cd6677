"""The accessibility statement: linked from every page's footer, per municipality, with a
default page that says how to report a problem."""
from models import Role


def _footer_link(page: str) -> str:
    """The footer's link to the statement."""
    footer = page.split('<footer class="foot">', 1)[1]
    return footer.split('href="', 1)[1].split('"', 1)[0]


def test_default_statement_says_how_to_report_a_problem(client):
    page = client.get("/login").get_data(as_text=True)
    assert _footer_link(page) == "/accessibility"
    statement = client.get("/accessibility").get_data(as_text=True)
    assert "Tilgængelighedserklæring" in statement and "Fortæl os om et problem" in statement
    assert "(WCAG) 2.1" in statement and "digst.dk" in statement


def test_municipality_address_is_used_for_its_people_and_public_pages(app, client, auth, db,
                                                                      make):
    town = make.municipality("stevns", "Stevns")
    town.accessibility_url = "https://was.digst.dk/stevns-dk"
    town.contact_email = "jobcenter@stevns.example"
    db.add(town)
    db.commit()
    other = make.municipality("hedensted", "Hedensted")
    assert _footer_link(client.get("/m/stevns/bliv-rollemodel").get_data(as_text=True)) == \
        "https://was.digst.dk/stevns-dk"
    assert _footer_link(client.get("/m/hedensted/bliv-rollemodel").get_data(as_text=True)) == \
        "/accessibility?m=hedensted"
    auth.login(make.user(town, Role.COORDINATOR))
    assert _footer_link(client.get("/citizens/").get_data(as_text=True)) == \
        "https://was.digst.dk/stevns-dk"
    auth.logout()
    auth.login(make.user(other, Role.COORDINATOR))
    statement = client.get("/accessibility").get_data(as_text=True)
    assert "jobcentret i Hedensted" in statement


def test_contact_address_is_offered_for_reports(client, db, make):
    town = make.municipality("stevns", "Stevns")
    town.contact_email = "jobcenter@stevns.example"
    db.add(town)
    db.commit()
    page = client.get("/accessibility?m=stevns").get_data(as_text=True)
    assert "mailto:jobcenter@stevns.example" in page


def test_a_setting_replaces_the_default_page(app, client):
    app.config["ACCESSIBILITY_URL"] = "https://was.digst.dk/rollemodel"
    assert _footer_link(client.get("/login").get_data(as_text=True)) == \
        "https://was.digst.dk/rollemodel"


def test_admin_change_shows_at_once(client, auth, db, make):
    town = make.municipality("stevns", "Stevns")
    coordinator = make.user(town, Role.COORDINATOR)
    auth.login(make.user(None, Role.ADMIN))
    client.get("/admin/")  # the addresses are now remembered
    bad = auth.post(f"/admin/municipalities/{town.id}", data={"accessibility_url": "http://x.dk"})
    assert bad.status_code == 400
    assert auth.post(f"/admin/municipalities/{town.id}", data={
        "accessibility_url": "https://was.digst.dk/stevns-dk"}).status_code == 302
    auth.logout()
    auth.login(coordinator)
    assert _footer_link(client.get("/citizens/").get_data(as_text=True)) == \
        "https://was.digst.dk/stevns-dk"
