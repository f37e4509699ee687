"""Muscle names people search for, and the anatomical names that mean the same muscles.

Exercise files name muscles plainly (``glutes``, ``quads``), optionally with the anatomical
name as a second label in brackets: ``shoulders (rear deltoid)``. ``coachcards list --muscle``
accepts either vocabulary, so a coach who types ``quadriceps`` and one who types ``quads`` find
the same exercises. A test checks that every muscle in the built-in library has a plain name.
"""

from __future__ import annotations

import re

# plain name -> anatomical (and common gym) names of the same muscles
MUSCLES: dict[str, tuple[str, ...]] = {
    "glutes": ("gluteus maximus", "glutaeus maximus", "gluteals", "glute"),
    "hamstrings": (
        "ischiocrural muscles",
        "biceps femoris",
        "semitendinosus",
        "semimembranosus",
        "hams",
    ),
    "quads": ("quadriceps", "quadriceps femoris", "rectus femoris", "vastus", "thighs"),
    "chest": ("pectoralis major", "pectoralis minor", "pectorals", "pecs"),
    "lats": ("latissimus dorsi",),
    "upper back": ("trapezius", "traps", "rhomboids", "teres major"),
    "shoulders": ("deltoid", "deltoids", "deltoideus", "delts", "rotator cuff"),
    "biceps": ("biceps brachii", "brachialis", "arms"),
    "triceps": ("triceps brachii", "arms"),
    "forearms": ("forearm", "brachioradialis", "wrist flexors", "wrist extensors", "grip"),
    "calves": ("gastrocnemius", "soleus", "triceps surae"),
    "abs": ("abdominals", "rectus abdominis", "transversus abdominis", "core", "stomach"),
    "obliques": ("external oblique", "internal oblique", "core", "waist"),
    "lower back": ("erector spinae", "spinal erectors", "back extensors"),
    "adductors": ("adductor magnus", "adductor longus", "inner thigh", "groin"),
    "abductors": ("hip abductors", "gluteus medius", "gluteus minimus", "outer hip"),
    "hip flexors": ("iliopsoas", "psoas", "iliacus"),
    "neck": ("sternocleidomastoid", "neck flexors", "neck extensors"),
}

_LABEL = re.compile(r"^(?P<plain>[^()]+?)\s*(?:\((?P<anatomical>[^()]+)\))?$")


def parts(label: str) -> tuple[str, ...]:
    """The plain name and, if given in brackets, the anatomical one: 'calves (soleus)'."""
    found = _LABEL.match(label.strip())
    if found is None:
        return (label.strip(),)
    plain, anatomical = found.group("plain"), found.group("anatomical")
    return (plain, anatomical.strip()) if anatomical else (plain,)


def plain_name(label: str) -> str | None:
    """The plain muscle name a label stands for, or None if the vocabulary does not know it."""
    first = parts(label)[0].casefold()
    if first in MUSCLES:
        return first
    for plain, others in MUSCLES.items():
        if first in others and first not in ("core", "arms"):
            return plain
    return None


def word_match(query: str, term: str) -> bool:
    """A query matches a term at the start of one of its words: 'glut' finds 'glutes'."""
    wanted = " ".join(query.casefold().split())
    if not wanted:
        return True
    return re.search(r"(?:^|[\s(/:-])" + re.escape(wanted), term.casefold()) is not None


def plain_names_for(query: str) -> set[str]:
    """The plain muscles a search means: 'quadriceps' -> quads; 'back' -> upper and lower back.

    A query that is itself a plain name means only that muscle, so 'biceps' does not pull in
    the hamstrings through 'biceps femoris'.
    """
    wanted = " ".join(query.casefold().split())
    if wanted in MUSCLES:
        return {wanted}
    return {
        plain
        for plain, others in MUSCLES.items()
        if word_match(wanted, plain) or any(word_match(wanted, other) for other in others)
    }
