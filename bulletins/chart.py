"""The bulletin's chart: the hot categories as a bar chart, a PNG drawn with Pillow (a dependency
of reportlab). The bars are numbered as the rows of the "Hot categories" table beside it — Pillow's
built-in font has no Chinese, and numbering keeps the chart free of any font file."""

from io import BytesIO

from PIL import Image, ImageDraw, ImageFont

from metrics.analyses import VolumeRow

WIDTH, HEIGHT = 800, 360
MARGIN = 40
BAR = (31, 94, 168)
INK = (40, 40, 40)


def category_chart(rows: list[VolumeRow]) -> bytes | None:
    """PNG bytes, or None when there is nothing to draw."""
    if not rows:
        return None
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default()
    top = max(row.count for row in rows)
    slot = (WIDTH - 2 * MARGIN) / len(rows)
    base = HEIGHT - MARGIN
    draw.line([(MARGIN, base), (WIDTH - MARGIN, base)], fill=INK, width=2)
    for index, row in enumerate(rows):
        left = MARGIN + index * slot + slot * 0.15
        right = MARGIN + (index + 1) * slot - slot * 0.15
        height = (base - 2 * MARGIN) * row.count / top
        draw.rectangle([left, base - height, right, base], fill=BAR)
        middle = (left + right) / 2
        draw.text((middle, base - height - 4), str(row.count), fill=INK, font=font, anchor="md")
        draw.text((middle, base + 6), str(index + 1), fill=INK, font=font, anchor="ma")
    out = BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
