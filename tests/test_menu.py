"""The top menu: each role's own links, in the chosen language, drawn once per app."""
from models import Role

from .conftest import Auth


def _menu(client, path):
    page = client.get(path).get_data(as_text=True)
    return page[page.index('aria-label="'):page.index("</nav>")]


def test_each_role_sees_its_own_menu(app, make, town):
    menus = {}
    for role, home in ((Role.COORDINATOR, "/coordinator"), (Role.VOLUNTEER, "/hotline/"),
                       (Role.ADMIN, "/admin/")):
        client = app.test_client()
        Auth(client).login(make.user(None if role == Role.ADMIN else town, role))
        menus[role] = _menu(client, home)
    assert "Rapporter" in menus[Role.COORDINATOR] and "Rapporter" not in menus[Role.VOLUNTEER]
    assert "Min side" in menus[Role.VOLUNTEER] and "Min side" not in menus[Role.COORDINATOR]
    assert "Administration" in menus[Role.ADMIN] and "Overblik" not in menus[Role.ADMIN]


def test_the_menu_follows_the_language(client, auth, coordinator):
    auth.login(coordinator)
    assert "Unge" in _menu(client, "/coordinator")
    auth.post("/language", data={"lang": "en", "next": "/coordinator"})
    english = _menu(client, "/coordinator")
    assert "Young people" in english and "Unge" not in english
    auth.post("/language", data={"lang": "da", "next": "/coordinator"})
    assert "Unge" in _menu(client, "/coordinator")


def test_the_menu_is_drawn_once_per_role_and_language(app, client, auth, coordinator):
    from flask import template_rendered

    drawn = []

    def _record(sender, template, context, **extra):
        if template.name == "_nav.html":
            drawn.append(template.name)

    auth.login(coordinator)
    template_rendered.connect(_record, app)
    try:
        for _ in range(3):
            assert client.get("/coordinator").status_code == 200
    finally:
        template_rendered.disconnect(_record, app)
    assert drawn == ["_nav.html"]
