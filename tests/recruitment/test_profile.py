"""A role model edits their own contact details, availability and photo."""
from models import Role, Volunteer

from .helpers import coordinator_in, errors, image_bytes, upload


def _me(make, town, **kw):
    """A volunteer with a login."""
    user = make.user(town, Role.VOLUNTEER, email="me@example.dk")
    return user, make.volunteer(town, user=user, email="me@example.dk", town="Rødvig",
                                name="Poul Poulsen", **kw)


def test_volunteer_edits_own_details_and_photo(auth, db, make):
    town, _c = coordinator_in(make)
    user, v = _me(make, town, occupation="Lærer")
    auth.login(user)
    page = auth.client.get("/profile/").get_data(as_text=True)
    assert "Poul Poulsen" in page and 'name="name"' not in page
    data = {"email": "poul@example.dk", "phone": "22 33 44 55", "town": "Køge",
            "availability": ["weekend"], "name": "Hacker", "capacity": "5"}
    assert auth.post("/profile/", data).status_code == 302
    db.expire_all()
    v = db.get(Volunteer, v.id)
    assert (v.email, v.phone, v.town, v.availability) == ("poul@example.dk", "+4522334455",
                                                          "Køge", ["weekend"])
    assert v.name == "Poul Poulsen" and v.capacity == 1 and v.occupation == "Lærer"
    assert db.get(type(user), user.id).email == "poul@example.dk"
    response = auth.post("/profile/photo", {"photo": upload(image_bytes())},
                         content_type="multipart/form-data")
    assert response.status_code == 302
    db.expire_all()
    assert db.get(Volunteer, v.id).photo


def test_own_profile_bad_input(auth, db, make):
    town, coordinator = coordinator_in(make)
    user, v = _me(make, town)
    auth.login(user)
    good = {"email": "me@example.dk", "phone": "", "town": "Rødvig"}
    cases = [
        ({"email": ""}, "logger ind med din e-mail"),
        ({"email": coordinator.email}, "En anden bruger allerede"),
        ({"phone": "12"}, "8 cifre"),
        ({"town": "Narnia"}, "Vi kender ikke den by"),
        ({"availability": ["midnight"]}, "Vælg en af de viste"),
    ]
    for change, message in cases:
        response = auth.post("/profile/", {**good, **change})
        assert response.status_code == 400, change
        assert any(message in e for e in errors(response)), (change, errors(response))
    bad_photo = auth.post("/profile/photo", {"photo": upload(image_bytes("GIF"), "x.gif")},
                          content_type="multipart/form-data")
    assert bad_photo.status_code == 400 and "WebP" in " ".join(errors(bad_photo))
    db.expire_all()
    assert db.get(Volunteer, v.id).email == "me@example.dk" and db.get(Volunteer, v.id).photo is None


def test_only_volunteers_with_a_profile_reach_it(auth, make):
    town, coordinator = coordinator_in(make)
    auth.login(coordinator)
    assert auth.client.get("/profile/").status_code == 403
    auth.logout()
    auth.login(make.user(town, Role.VOLUNTEER))  # a login with no profile linked
    assert auth.client.get("/profile/").status_code == 404


def test_volunteers_cannot_reach_coordinator_pages(auth, make):
    town, _c = coordinator_in(make)
    user, v = _me(make, town)
    auth.login(user)
    for url in ("/volunteers/", f"/volunteers/{v.id}", f"/volunteers/{v.id}/edit",
                f"/volunteers/{v.id}/call-guide", f"/volunteers/{v.id}/match-guide", "/events/"):
        assert auth.client.get(url).status_code == 403, url
    assert auth.post(f"/volunteers/{v.id}/move", {"stage": "active"}).status_code == 403
