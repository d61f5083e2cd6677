"""Uploads: size limit, decompression bombs, only real images, re-encoded, served safely."""
import io
import os

from PIL import Image

from models import Volunteer

from .conftest import login_as


def _png(size=(40, 30), exif=False):
    """A small PNG (or a JPEG carrying EXIF with a GPS-like comment when ``exif``)."""
    buf = io.BytesIO()
    img = Image.new("RGB", size, (200, 40, 40))
    if exif:
        data = Image.Exif()
        data[0x010E] = "GPS 55.4 12.2 secret place"  # ImageDescription
        img.save(buf, "JPEG", exif=data)
    else:
        img.save(buf, "PNG")
    return buf.getvalue()


def _bomb():
    """A tiny PNG that claims 20000 x 20000 pixels once decoded."""
    buf = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buf, "PNG", optimize=True)
    return buf.getvalue()


def _upload(auth, volunteer, data, name="p.jpg"):
    """Post a photo file to the coordinator's upload page."""
    return auth.post(f"/volunteers/{volunteer.id}/photo",
                     {"photo": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def test_refused_uploads_store_nothing(app, two_towns, auth, db):
    me = two_towns["stevns"]
    auth.login(me["coordinator"])
    vol = me["volunteer"]
    cases = {
        "bomb": _bomb(),
        "html": b"<html><script>alert(1)</script></html>",
        "svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "gif": b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
    }
    for label, data in cases.items():
        response = _upload(auth, vol, data)
        assert response.status_code == 400, label
        assert 'class="error"' in response.get_data(as_text=True), label
    db.expire_all()
    assert db.get(Volunteer, vol.id).photo is None
    photo_dir = app.config["PHOTO_DIR"]
    assert not os.path.isdir(photo_dir) or os.listdir(photo_dir) == []


def test_too_large_request_is_413(app, two_towns, auth):
    auth.login(two_towns["stevns"]["coordinator"])
    big = b"\xff\xd8" + b"0" * (app.config["MAX_CONTENT_LENGTH"] + 10)
    assert _upload(auth, two_towns["stevns"]["volunteer"], big).status_code == 413


def test_photo_is_reencoded_without_metadata_and_served_safely(app, two_towns, auth, db):
    me = two_towns["stevns"]
    auth.login(me["coordinator"])
    assert _upload(auth, me["volunteer"], _png(exif=True)).status_code == 302
    response = auth.client.get(f"/photos/{me['volunteer'].id}")
    assert response.status_code == 200
    assert response.mimetype == "image/jpeg"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response.headers["Cache-Control"] or \
        "private" in response.headers["Cache-Control"]
    assert b"secret place" not in response.data
    assert not Image.open(io.BytesIO(response.data)).getexif()
    other = login_as(app, two_towns["hedensted"]["volunteer_user"])
    assert other.get(f"/photos/{me['volunteer'].id}").status_code == 404
    assert app.test_client().get(f"/photos/{me['volunteer'].id}").status_code == 302
