"""The volunteers' duty of confidentiality (tavshedserklæring): its texts and who has signed.

A text is never edited once used: a change is a new version, added here and made current.
A volunteer signs in the service; signing the current version is one of the conditions for
being matched (``models.capacity``). A new version asks everyone for a new signature before
their next match; it does not end the matches they have.
"""
from datetime import datetime

from .people import Volunteer

# version -> the text in each language the service speaks (Danish is the one signed first).
TEXTS = {
    "2026-1": {
        "da": (
            "Som frivillig rollemodel kommer jeg til at vide ting om den unge, jeg mødes med — "
            "måske om den unges familie, helbred, penge, bolig eller andre private forhold.\n\n"
            "Jeg lover:\n"
            "• Jeg fortæller ikke andre, hvad jeg får at vide om den unge eller om andre "
            "borgere. Det gælder også, når jeg ikke længere er rollemodel.\n"
            "• Jeg deler ikke navne, billeder eller historier om den unge med nogen — heller ikke "
            "på sociale medier — medmindre den unge selv har sagt ja.\n"
            "• Jeg fortæller kun jobcentret noget om den unge, hvis den unge har sagt ja til det. "
            "Er jeg bekymret for, at den unge eller andre er i fare, taler jeg med min koordinator.\n"
            "• Jeg passer på de kontaktoplysninger, jeg får, og sletter dem, når vores forløb "
            "slutter.\n\n"
            "Jeg ved, at tavshedspligten gælder, selv om jeg er frivillig og ikke ansat, og at "
            "jeg kan spørge min koordinator, hvis jeg er i tvivl."
        ),
        "en": (
            "As a volunteer role model I will learn things about the young person I meet — "
            "perhaps about their family, health, money, housing or other private matters.\n\n"
            "I promise:\n"
            "• I do not tell others what I learn about the young person or about other citizens. "
            "This also holds when I am no longer a role model.\n"
            "• I do not share names, photos or stories about the young person with anyone — not "
            "on social media either — unless the young person has said yes.\n"
            "• I tell the job centre something about the young person only if they have said yes "
            "to it. If I am worried that the young person or others are in danger, I talk to my "
            "coordinator.\n"
            "• I take care of the contact details I am given and delete them when our time "
            "together ends.\n\n"
            "I know that the duty of confidentiality holds even though I am a volunteer and not "
            "employed, and that I can ask my coordinator when in doubt."
        ),
    },
}
CURRENT_VERSION = "2026-1"


def current_version() -> str:
    """The version every volunteer must have signed before their next match."""
    return CURRENT_VERSION


def text(version: str, language: str) -> str:
    """The words of one version, in ``language`` (Danish when there is no translation)."""
    texts = TEXTS[version]
    return texts.get(language) or texts["da"]


def has_signed(volunteer: Volunteer) -> bool:
    """Tell whether the volunteer has signed the current version."""
    return volunteer.confidentiality_version == current_version()


def signed_clause():
    """SQL condition on Volunteer: has signed the current version."""
    return Volunteer.confidentiality_version == current_version()


def sign(volunteer: Volunteer, version: str, at: datetime) -> None:
    """Record that the volunteer signed ``version`` at ``at`` (the latest signature is kept)."""
    if version not in TEXTS:
        raise ValueError(f"no confidentiality text {version!r}")
    volunteer.confidentiality_version = version
    volunteer.confidentiality_signed_at = at
