"""Every string the web app shows has a Danish translation."""
from web.i18n import missing_translations


def test_every_string_is_translated_to_danish():
    missing = missing_translations("da")
    assert not missing, "\n".join(f"{w[0]}: {m}" for m, w in missing.items())
