"""Alt text for every picture, in the exercise's language, for the tagged PDF's Figures.

An image's own ``alt:`` wins. Otherwise the alt is made from the exercise's name and the
image's position: two images are the start and end positions (the content format asks for
them in that order), one image is the exercise itself, more are numbered. The QR code's alt
says where it leads; the logo's names the gym. A labels file without these keys (a coach's own
copy from before they existed) falls back to English, never to nothing.
"""

from __future__ import annotations

from generator.content.model import Exercise
from generator.layout.flow import AltTexts

DEFAULTS = {
    "alt_start": "{name}, start position",
    "alt_end": "{name}, end position",
    "alt_image": "{name}, image {number} of {count}",
    "alt_qr": "QR code linking to {url}",
    "alt_logo": "{gym} logo",
}


def alt_texts(exercise: Exercise, labels: dict[str, str], gym: str | None) -> AltTexts:
    def label(key: str, **values: object) -> str:
        text = labels.get(key) or DEFAULTS[key]
        for name, value in values.items():
            text = text.replace("{" + name + "}", str(value))
        return text

    name = exercise.name.value
    count = len(exercise.image_paths)
    own = [*exercise.image_alts, *([None] * count)]
    images = []
    for index in range(count):
        written = own[index]
        if written is not None:
            images.append(written.value)
        elif count == 1:
            images.append(name)
        elif count == 2:
            images.append(label("alt_start" if index == 0 else "alt_end", name=name))
        else:
            images.append(label("alt_image", name=name, number=index + 1, count=count))
    logo = label("alt_logo", gym=gym).strip() if gym else "Logo"
    # {url} stays for the layout, which knows the address printed under the code
    return AltTexts(tuple(images), logo, label("alt_qr"))
