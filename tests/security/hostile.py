"""Hostile input for the property-based tests: strategies and a small HTML form reader."""
from html.parser import HTMLParser

from hypothesis import strategies as st

SCRIPT = "<script>alert('xss')</script>"
PAYLOADS = [
    SCRIPT, '"><img src=x onerror=alert(1)>', "'; DROP TABLE citizen; --", "' OR '1'='1",
    "{{ 7*7 }}", "${7*7}", "../../etc/passwd", "\x00", "\u202e", "é" * 300, "-1", "1e309",
    "9" * 40, "NaN", "2026-02-30", "=cmd|' /C calc'!A0", "a,b;c\n\"d\"",
]
# The markers of the two municipalities contain "ø": generated text never does, so a marker
# in a page can only come from that municipality's own records.
_chars = st.characters(blacklist_characters="øØ", blacklist_categories=("Cs",))
hostile_text = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(_chars, max_size=40),
    st.text(st.characters(max_codepoint=0x1F), min_size=1, max_size=10),
    st.text(_chars, min_size=500, max_size=3000),
    st.integers(-10**12, 10**12).map(str),
)


class FormReader(HTMLParser):
    """Collect every POST form of a page: its action and its fields."""

    def __init__(self):
        super().__init__()
        self.forms, self._form = [], None

    def handle_starttag(self, tag, attrs):
        """Start a form, or add a field to the open one."""
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self._form = {"action": attrs.get("action") or "", "fields": {},
                          "multipart": "multipart" in (attrs.get("enctype") or "")}
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "textarea", "select"):
            name = attrs.get("name")
            if name and name != "csrf_token":
                kind = attrs.get("type", tag) if tag == "input" else tag
                self._form["fields"][name] = kind

    def handle_endtag(self, tag):
        """Close the open form."""
        if tag == "form":
            self._form = None


def post_forms(page: str, page_url: str) -> list[dict]:
    """Return the POST forms of ``page``, with actions made absolute paths."""
    reader = FormReader()
    reader.feed(page)
    for form in reader.forms:
        form["action"] = form["action"] or page_url
    return reader.forms
