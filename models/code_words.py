"""The Danish words coordinators write in their own spreadsheets for the stored codes.

Data beside the codes themselves (``people``, ``matching``): an import accepts a code or any
of its words, case and spacing aside, and its error message lists the words.
"""
GENDER_WORDS = {
    "f": ("kvinde", "k", "pige"),
    "m": ("mand", "dreng"),
    "x": ("andet", "anden", "ikke-binær"),
}
AVAILABILITY_WORDS = {
    "weekday_day": ("hverdage dag", "hverdag dag", "hverdage om dagen", "dag"),
    "weekday_evening": ("hverdage aften", "hverdag aften", "hverdage om aftenen", "aften"),
    "weekend": ("weekend", "weekender", "weekenden"),
}
STAGE_WORDS = {
    "interested": ("interesseret",),
    "called": ("ringet op", "ringet"),
    "info_meeting": ("informationsmøde", "infomøde"),
    "interviewed": ("matchsamtale", "interviewet"),
    "screened": ("screenet", "attester tjekket"),
    "trained": ("uddannet", "uddannelsesdage"),
    "active": ("aktiv",),
    "paused": ("på pause", "pause"),
    "stopped": ("stoppet",),
}
END_REASON_WORDS = {
    "completed": ("gennemført",),
    "moved": ("flyttet",),
    "lost_contact": ("mistet kontakten", "mistet kontakt"),
    "no_click": ("ingen kemi", "klikkede ikke"),
    "volunteer_stopped": ("rollemodellen stoppede", "frivillig stoppede"),
    "young_person_switch": ("ønskede en anden rollemodel", "ny rollemodel"),
    "other": ("andet", "anden"),
}
CITIZEN_STATUS_WORDS = {
    "waiting": ("venter", "venter på forslag"),
    "finished": ("afsluttet", "færdig", "slut"),
}
FINISHED_REASON_WORDS = {
    "job": ("arbejde", "fik job"),
    "education": ("uddannelse", "i uddannelse"),
    "moved": ("flyttet",),
    "no_longer_wants": ("ønsker ikke længere", "vil ikke længere", "ønsker ikke"),
    "other": ("andet", "anden"),
}
YES_NO_WORDS = {
    True: ("ja", "j", "yes", "y", "1", "x"),
    False: ("nej", "n", "no", "0"),
}


def word_index(words: dict) -> dict:
    """Map every code and every word (in lower case, single spaces) to its code."""
    index = {}
    for code, names in words.items():
        if isinstance(code, str):
            index[normal(code)] = code
        for name in names:
            index[normal(name)] = code
    return index


def normal(text: str) -> str:
    """A word as it is compared: lower case, dashes and runs of spaces as one space."""
    return " ".join(text.lower().replace("_", " ").replace("-", " ").split())
