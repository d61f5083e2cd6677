"""Phone numbers are checked with libphonenumber and stored as +45…."""
import pytest

from web.core.phones import can_take_sms, normalise_phone


@pytest.mark.parametrize("written,stored", [
    ("20 30 40 50", "+4520304050"), ("20304050", "+4520304050"), ("+45 20 30 40 50", "+4520304050"),
    ("0045 2030 4050", "+4520304050"), ("(+45) 20-30-40-50", "+4520304050"),
    ("+46 70 123 45 67", "+46701234567"),
])
def test_valid_numbers_are_stored_as_e164(written, stored):
    assert normalise_phone(written) == stored


@pytest.mark.parametrize("written", [
    "", "12", "2030405", "12 34 56 78", "ring til mor", "+45 2030405", "2" * 41, "<script>",
])
def test_invalid_numbers_are_refused(written):
    assert normalise_phone(written) is None


def test_sms_needs_a_number_that_can_be_a_mobile():
    assert can_take_sms("+4520304050") and not can_take_sms("nonsense")


def test_forms_store_the_normalised_number(auth, make, db):
    from models import Role

    town = make.municipality("stevns", "Stevns")
    user = make.user(town, Role.VOLUNTEER)
    auth.login(user)
    bad = auth.post("/notifications/", {"notify_sms": "y", "phone": "12 34 56 78"})
    assert bad.status_code == 400 and "dansk mobilnummer" in bad.get_data(as_text=True)
    assert auth.post("/notifications/", {"notify_sms": "y", "phone": "0045 40 50 60 70"}
                     ).status_code == 302
    db.expire_all()
    assert db.get(type(user), user.id).phone == "+4540506070"


def test_numbers_are_shown_as_people_read_them():
    from web.core.phones import phone_words

    assert phone_words("+4520304050") == "20 30 40 50"
    assert phone_words("+46701234567") == "+46 70 123 45 67"  # a foreign number keeps its code
    assert phone_words("ring til mor") == "ring til mor" and phone_words(None) == ""
