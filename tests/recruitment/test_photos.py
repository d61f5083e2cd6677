"""Photo uploads are checked and cleaned; photos are served only inside the municipality."""
import io
import os

from PIL import Image

from models import Role, Stage, Volunteer

from .helpers import coordinator_in, errors, image_bytes, upload


def _jpeg_with_gps() -> bytes:
    """A JPEG whose EXIF data holds a GPS position and a camera make."""
    img = Image.new("RGB", (1200, 900), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (55.0, 15.0, 30.0)
    gps[3], gps[4] = "E", (12.0, 22.0, 10.0)
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif)
    data = buf.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the GPS really is there
    return data


def _post_photo(auth, volunteer, data, name="photo.jpg"):
    """Upload ``data`` as the volunteer's photo, as the logged-in coordinator."""
    return auth.post(f"/volunteers/{volunteer.id}/photo", {"photo": upload(data, name)},
                     content_type="multipart/form-data")


def test_upload_strips_metadata_and_serves_two_sizes(app, auth, db, make):
    town, coordinator = coordinator_in(make)
    v = make.volunteer(town)
    auth.login(coordinator)
    assert _post_photo(auth, v, _jpeg_with_gps()).status_code == 302
    db.expire_all()
    name = db.get(Volunteer, v.id).photo
    assert len(name) == 32 and "photo" not in name  # chosen by the server
    for suffix, limit in (("", 600), ("/thumb", 160)):
        response = auth.client.get(f"/photos/{v.id}{suffix}")
        assert response.status_code == 200 and response.mimetype == "image/jpeg"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        # No shared cache may keep it (the app-wide headers may make it stricter: no-store).
        assert {"private", "no-store"} & set(response.headers["Cache-Control"].split(", "))
        img = Image.open(io.BytesIO(response.data))
        assert max(img.size) <= limit
        assert not img.getexif() and "exif" not in img.info
    assert sorted(os.listdir(app.config["PHOTO_DIR"])) == [f"{name}.jpg", f"{name}_thumb.jpg"]


def test_a_new_photo_replaces_the_old_files(app, auth, db, make):
    town, coordinator = coordinator_in(make)
    v = make.volunteer(town)
    auth.login(coordinator)
    _post_photo(auth, v, image_bytes())
    _post_photo(auth, v, image_bytes("PNG", (300, 300)), "x.png")
    assert len(os.listdir(app.config["PHOTO_DIR"])) == 2


def test_bad_uploads_are_refused_with_a_message_and_nothing_saved(app, auth, db, make):
    town, coordinator = coordinator_in(make)
    v = make.volunteer(town)
    auth.login(coordinator)
    bomb = io.BytesIO()
    Image.new("1", (8000, 8000)).save(bomb, "PNG")  # 64 megapixels in a few kilobytes
    noisy = os.urandom(6 * 1024 * 1024)
    cases = [
        (image_bytes("GIF"), "x.gif", "JPEG-, PNG- eller WebP"),
        (b"%PDF-1.4 not a picture", "x.jpg", "kunne ikke læse filen"),
        (image_bytes()[:400], "cut.jpg", "kunne ikke læse filen"),
        (noisy, "big.jpg", "for stort"),
        (bomb.getvalue(), "bomb.png", "alt for mange pixels"),
        (b"", "", "Vælg et foto"),
    ]
    for data, name, message in cases:
        response = _post_photo(auth, v, data, name)
        assert response.status_code == 400, name
        assert any(message in e for e in errors(response)), (name, errors(response))
    db.expire_all()
    assert db.get(Volunteer, v.id).photo is None
    assert not os.path.exists(app.config["PHOTO_DIR"]) or os.listdir(app.config["PHOTO_DIR"]) == []


def test_webp_is_accepted(auth, db, make):
    town, coordinator = coordinator_in(make)
    v = make.volunteer(town)
    auth.login(coordinator)
    assert _post_photo(auth, v, image_bytes("WEBP"), "x.webp").status_code == 302


def test_photos_are_only_for_logged_in_users_of_the_same_municipality(app, auth, make):
    town, coordinator = coordinator_in(make)
    v = make.volunteer(town)
    auth.login(coordinator)
    _post_photo(auth, v, image_bytes())
    citizen_user = make.user(town, Role.VOLUNTEER)
    other_town, other = coordinator_in(make, "hedensted")
    auth.logout()
    assert auth.client.get(f"/photos/{v.id}").status_code == 302  # to the login page
    auth.login(other)
    assert auth.client.get(f"/photos/{v.id}").status_code == 404
    assert auth.client.get(f"/photos/{v.id}/thumb").status_code == 404
    assert _post_photo(auth, v, image_bytes()).status_code == 404
    auth.logout()
    auth.login(citizen_user)
    # Another role model's photo is not theirs to see (issue 15; tests/security/test_small_doors).
    assert auth.client.get(f"/photos/{v.id}/thumb").status_code == 404
    assert _post_photo(auth, v, image_bytes()).status_code == 403


def test_no_photo_is_404(auth, make):
    town, coordinator = coordinator_in(make)
    v = make.volunteer(town, status=Stage.ACTIVE)
    auth.login(coordinator)
    assert auth.client.get(f"/photos/{v.id}").status_code == 404
