"""Phone numbers as Danes write them, checked with libphonenumber and stored as +45… (E.164)."""
import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

MAX_LENGTH = 40
TEXTABLE = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)


def normalise_phone(text: str | None) -> str | None:
    """Return a valid number as +4520304050 (Danish unless written with + or 00), else None."""
    text = (text or "").strip()
    if not text or len(text) > MAX_LENGTH:
        return None
    try:
        number = phonenumbers.parse(text, "DK")
    except NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def can_take_sms(e164: str) -> bool:
    """Tell whether a normalised number can be a mobile (Danish numbers mostly can)."""
    try:
        return phonenumbers.number_type(phonenumbers.parse(e164, None)) in TEXTABLE
    except NumberParseException:
        return False


def phone_words(e164: str | None) -> str:
    """Write a stored number as people read it: "20 30 40 50" for a Danish one, "+46 70 123 45
    67" for a foreign one, and anything that is not a number as it is."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, "DK")
    except NumberParseException:
        return e164
    if not phonenumbers.is_valid_number(number):
        return e164
    style = PhoneNumberFormat.NATIONAL if number.country_code == 45 else \
        PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, style)
