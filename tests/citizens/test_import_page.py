"""The coordinator's import page and CSV downloads."""
import io

from sqlmodel import func, select

from models import Citizen, Role

from .test_import import CITIZENS


def _upload(auth, text: bytes, button="save", kind="citizens"):
    """Post a file to the import page."""
    return auth.post("/imports/", data={"kind": kind, button: "1",
                                        "file": (io.BytesIO(text), "citizens.csv")},
                     content_type="multipart/form-data")


def test_page_checks_then_imports_then_exports(auth, make, db):
    town = make.municipality("stevns")
    auth.login(make.user(town, Role.COORDINATOR))
    assert "Importér en fil" in auth.client.get("/imports/").get_data(as_text=True)
    r = _upload(auth, CITIZENS.encode(), button="check")
    assert r.status_code == 200 and "Filen er i orden" in r.get_data(as_text=True)
    assert db.exec(select(func.count()).select_from(Citizen)).one() == 0
    r = _upload(auth, ("\ufeff" + CITIZENS).encode())
    assert r.status_code == 200 and "Filen er importeret" in r.get_data(as_text=True)
    assert db.exec(select(func.count()).select_from(Citizen)).one() == 2
    r = auth.client.get("/imports/export/citizens.csv")
    assert r.mimetype == "text/csv" and "attachment" in r.headers["Content-Disposition"]
    body = r.get_data().decode("utf-8-sig")
    assert body.splitlines()[0].startswith("external_id,name") and "Bjørn Ærø" in body
    assert auth.client.get("/imports/export/secrets.csv").status_code == 404


def test_page_lists_errors_by_row_and_saves_nothing(auth, make, db):
    town = make.municipality("stevns")
    auth.login(make.user(town, Role.COORDINATOR))
    r = _upload(auth, (CITIZENS + "C-3,Ib,1890,f,Køge,,,,,,\n").encode())
    page = r.get_data(as_text=True)
    assert r.status_code == 400 and "Intet blev importeret" in page
    assert "Række 4, kolonne birth_year: 1890 ville gøre den unge" in page
    assert db.exec(select(func.count()).select_from(Citizen)).one() == 0
    r = auth.post("/imports/", data={"kind": "nonsense", "save": "1"})
    assert r.status_code == 400 and 'id="file-error"' in r.get_data(as_text=True)


def test_export_shows_only_own_municipality_and_needs_a_coordinator(app, auth, make):
    stevns, other = make.municipality("stevns"), make.municipality("hedensted")
    make.citizen(stevns, name="Sara Stevns", birth_year=2000, town="Køge")
    make.citizen(other, name="Borger Hedensted", birth_year=2000, town="Hedensted")
    assert auth.client.get("/imports/export/citizens.csv").status_code == 302
    auth.login(make.user(stevns, Role.VOLUNTEER))
    assert auth.client.get("/imports/export/citizens.csv").status_code == 403
    auth.logout()
    auth.login(make.user(stevns, Role.COORDINATOR))
    body = auth.client.get("/imports/export/citizens.csv").get_data().decode("utf-8-sig")
    assert "Sara Stevns" in body and "Hedensted" not in body
