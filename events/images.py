"""An event's picture: checked before it is kept, and a thumbnail made for lists.

Pillow reads the file itself, so a name or a Content-Type cannot pass a file off as an
image: it must decode as JPEG, PNG, WebP or GIF, within ANNALS_IMAGE_MAX_BYTES, and
between MIN_SIDE and MAX_SIDE pixels a side (Pillow's own limit on pixels stops a
decompression bomb before it is decoded). The thumbnail is a re-encoded copy at most
THUMBNAIL_SIZE, so what lists show never carries the original's metadata.
"""

from __future__ import annotations

from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}
MIN_SIDE = 100
MAX_SIDE = 8000
MAX_PIXELS = 40_000_000
THUMBNAIL_SIZE = (480, 480)


def check_image(upload) -> None:
    """Refuse what is not a picture Annals can show, naming the problem (a validator)."""
    if not upload:
        return
    limit = settings.ANNALS_IMAGE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"The file is {_size(upload.size)}; a picture may be at most {_size(limit)}.",
            code="too_large",
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            found, (width, height) = image.format, image.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    f"The picture is {width} × {height} pixels; at most "
                    f"{MAX_PIXELS // 1_000_000} million pixels are accepted.",
                    code="too_many_pixels",
                )
            image.verify()  # reads the whole file: a truncated one fails here
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError):
        raise ValidationError(
            "The file is not a picture that can be read (JPEG, PNG, WebP or GIF).",
            code="not_an_image",
        ) from None
    finally:
        upload.seek(0)
    if found not in FORMATS:
        raise ValidationError(
            f"Pictures may be JPEG, PNG, WebP or GIF, not {found}.", code="format"
        )
    if min(width, height) < MIN_SIDE or max(width, height) > MAX_SIDE:
        raise ValidationError(
            f"The picture is {width} × {height} pixels; each side must be between "
            f"{MIN_SIDE} and {MAX_SIDE}.",
            code="dimensions",
        )


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1_000_000 else f"{n / 1e3:.0f} KB"


def thumbnail(source) -> ContentFile:
    """A JPEG of at most THUMBNAIL_SIZE, turned upright as the camera meant it."""
    source.seek(0)
    with Image.open(source) as opened:
        image: Image.Image = ImageOps.exif_transpose(opened)
        image.thumbnail(THUMBNAIL_SIZE)
        if image.mode not in ("RGB", "L"):
            background = Image.new("RGB", image.size, "white")
            background.paste(image, mask=image.convert("RGBA").getchannel("A"))
            image = background
        out = BytesIO()
        image.save(out, "JPEG", quality=82, optimize=True)
    source.seek(0)
    return ContentFile(out.getvalue())
