"""Profile photos: decoded, checked, re-encoded without metadata, stored under random names."""
import os
import secrets
import warnings
from io import BytesIO

from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # anything larger is treated as a decompression bomb
PROFILE_SIZE = (600, 600)
THUMB_SIZE = (160, 160)


class PhotoError(ValueError):
    """A photo was refused; ``code`` says why (too_large, not_image, bad_format, bomb)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _open(data: bytes) -> Image.Image:
    """Decode the upload, refusing what is not a small JPEG, PNG or WebP image."""
    if len(data) > MAX_BYTES:
        raise PhotoError("too_large")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(BytesIO(data))
            if img.format not in ALLOWED_FORMATS:
                raise PhotoError("bad_format")
            if img.width * img.height > MAX_PIXELS:
                raise PhotoError("bomb")
            img.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoError("bomb") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as err:
        if isinstance(err, PhotoError):
            raise
        raise PhotoError("not_image") from None
    return img


def _save(img: Image.Image, size, path: str) -> None:
    """Write a copy that fits ``size`` as a JPEG with no metadata at all."""
    copy = img.copy()
    copy.thumbnail(size)
    fd_path = path + ".tmp"
    copy.save(fd_path, "JPEG", quality=85, optimize=True)  # no exif= argument: nothing carried over
    os.replace(fd_path, path)


def store_photo(data: bytes, photo_dir: str) -> str:
    """Store an uploaded photo in two sizes and return its server-chosen name."""
    img = _open(data)
    img = ImageOps.exif_transpose(img)  # keep the photo upright, then drop the EXIF data
    img = img.convert("RGB")
    os.makedirs(photo_dir, exist_ok=True)
    name = secrets.token_hex(16)
    _save(img, PROFILE_SIZE, os.path.join(photo_dir, f"{name}.jpg"))
    _save(img, THUMB_SIZE, os.path.join(photo_dir, f"{name}_thumb.jpg"))
    return name


def photo_path(photo_dir: str, name: str, thumb: bool = False) -> str | None:
    """Return the file of a stored photo, or None for a name we did not choose."""
    if not name or len(name) != 32 or not all(c in "0123456789abcdef" for c in name):
        return None
    return os.path.join(photo_dir, f"{name}{'_thumb' if thumb else ''}.jpg")


def delete_photo(photo_dir: str, name: str) -> None:
    """Remove both sizes of a stored photo."""
    for thumb in (False, True):
        path = photo_path(photo_dir, name, thumb)
        if path and os.path.exists(path):
            os.remove(path)
