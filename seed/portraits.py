"""Friendly drawn avatars for demo profiles, so no real person's photo is ever needed."""
import random
from io import BytesIO

from PIL import Image, ImageDraw

SIZE = 600
SKIN = ["#f5d6c6", "#eac0a2", "#d9a27e", "#c68863", "#a86b4a", "#8a5636", "#6b3f26", "#f0c8a8"]
HAIR = ["#2b1d14", "#4a2f1e", "#7a4b2a", "#b07a3f", "#d9b26a", "#e8d9a8", "#9a9a9a", "#dcdcdc",
        "#1c1c1c", "#8c2f1b"]
SHIRT = ["#1f4e79", "#2e7d32", "#8e3b46", "#5b4a8a", "#c77c18", "#2a6f6f", "#3d3d3d", "#a23e2a"]
BACKGROUND = ["#dbe9f4", "#e6f0dc", "#f6e7d8", "#ece4f3", "#f3eed6", "#dcefee", "#f4dede"]
STYLES = ("short", "long", "bun", "bald", "curly")


def portrait(seed: int, gender: str | None = None, older: bool = False) -> bytes:
    """Draw a 600x600 PNG avatar (head, hair, shoulders) decided entirely by ``seed``."""
    rnd = random.Random(seed)
    img = Image.new("RGB", (SIZE, SIZE), rnd.choice(BACKGROUND))
    draw = ImageDraw.Draw(img)
    skin, shirt = rnd.choice(SKIN), rnd.choice(SHIRT)
    hair = rnd.choice(HAIR[6:8] if older and rnd.random() < 0.6 else HAIR[:6] + HAIR[8:])
    style = _style(rnd, gender, older)
    if style == "long":
        draw.rounded_rectangle((170, 150, 430, 440), radius=90, fill=hair)  # hair behind the head
    draw.ellipse((110, 430, 490, 760), fill=shirt)  # shoulders
    draw.rectangle((262, 360, 338, 450), fill=skin)  # neck
    draw.ellipse((190, 140, 410, 390), fill=skin)  # head
    _hair(draw, style, hair, rnd)
    _face(draw, rnd, hair, gender, older)
    out = BytesIO()
    img.save(out, "PNG", compress_level=1)  # fast: store_photo re-encodes it anyway
    return out.getvalue()


def _style(rnd: random.Random, gender: str | None, older: bool) -> str:
    """Pick a hair style, leaning on gender and age only to look plausible."""
    if gender == "f":
        return rnd.choice(("long", "long", "bun", "curly", "short"))
    if gender == "m":
        return rnd.choice(("short", "short", "curly", "bald" if older else "short"))
    return rnd.choice(STYLES)


def _hair(draw: ImageDraw.ImageDraw, style: str, colour: str, rnd: random.Random) -> None:
    """Draw the hair on top of the head."""
    if style == "bald":
        for x in (184, 392):  # a little hair above the ears, outside the face
            draw.ellipse((x, 220, x + 24, 285), fill=colour)
        return
    if style == "curly":
        draw.chord((186, 128, 414, 300), 180, 360, fill=colour)
        for x in range(200, 420, 36):
            draw.ellipse((x - 30, 120 + rnd.randint(0, 12), x + 30, 190), fill=colour)
        return
    draw.chord((182, 115, 418, 335), 180, 360, fill=colour)
    for x in (182, 378):  # sideburns, so the hair frames the face instead of sitting like a cap
        draw.ellipse((x, 170, x + 40, 280), fill=colour)
    if style == "bun":
        draw.ellipse((255, 80, 345, 160), fill=colour)


def _face(draw, rnd: random.Random, hair: str, gender: str | None, older: bool) -> None:
    """Draw eyes, a smile and now and then glasses or a beard."""
    for x in (255, 345):
        draw.ellipse((x - 11, 255, x + 11, 277), fill="#2b2b2b")
    draw.arc((250, 280, 350, 350), 20, 160, fill="#7a3b2e", width=7)
    if older and rnd.random() < 0.6:
        for x in (255, 345):
            draw.ellipse((x - 32, 240, x + 32, 292), outline="#333333", width=5)
        draw.line((287, 265, 313, 265), fill="#333333", width=5)
    if gender == "m" and rnd.random() < 0.3:
        draw.chord((215, 250, 385, 390), 20, 160, fill=hair)
        draw.arc((262, 300, 338, 345), 20, 160, fill="#7a3b2e", width=6)
