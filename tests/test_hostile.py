"""Content is data: markup-like text prints literally; templates cannot escape the sandbox."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import page_texts, run, squash, write_exercise

HOSTILE = [
    "Tips & Tricks <b",
    "AT&T",
    "x<y>z",
    '<img src="/etc/passwd"/>',
    "<font color=red>red</font>",
    "{{ 7*7 }}",
    "{% raw %}",
    "&#99999999;",
    "&amp; stays",
    "**not bold** and *not italic*",
    "::: band",
    "back\\slash",
    "# not a heading",
    "[link](https://example.com)",
]


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    quoted = "'" + " ".join(HOSTILE).replace("'", "''") + "'"
    items = "\n".join(f"- {text}" for text in HOSTILE)
    write_exercise(
        tmp_path,
        "hostile",
        f"""
        ---
        name: {quoted}
        equipment: [{quoted}]
        ---

        {" ".join(HOSTILE)}

        ## Instructions

{items}

        ## Frequently Asked Questions

        ### {" ".join(HOSTILE)}?

        {" ".join(HOSTILE)}
        """.replace("\n{items}", "\n" + items),
    )
    return tmp_path


@pytest.mark.parametrize("kind", ["card", "handout"])
def test_markup_like_content_prints_literally(hostile: Path, tmp_path: Path, kind: str) -> None:
    out = tmp_path / f"{kind}.pdf"
    extra = ["--size", "a4"] if kind == "card" else []
    result = run(kind, "hostile", "--content", hostile, "-o", out, *extra)
    assert result.exit_code == 0, result.output
    text = squash("".join(page_texts(out)))
    for piece in HOSTILE:
        assert squash(piece) in text, piece
    assert "49" not in text


def test_a_character_no_font_has_is_refused_with_its_line(tmp_path: Path) -> None:
    path = write_exercise(
        tmp_path,
        "squat",
        """
        ---
        name: Squat
        ---

        ## Instructions

        - Sit down 💪 slowly ⛹.
        """,
    )
    out = tmp_path / "card.pdf"
    result = run("card", "squat", "--content", tmp_path, "-o", out)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"{path}:7: characters the font cannot draw: '⛹' (U+26F9 PERSON WITH BALL), "
        "'💪' (U+1F4AA FLEXED BICEPS)"
    )
    assert not out.exists()


def test_greek_cyrillic_and_accents_come_back_exactly(tmp_path: Path) -> None:
    lines = ["Façade été Straße Łódź żółć", "Άσκηση για γλουτούς", "Ягодичный мост с гантелью"]
    write_exercise(
        tmp_path,
        "scripts",
        "---\nname: Ягодичный мост\n---\n\n## Instructions\n\n"
        + "\n".join(f"- {line}" for line in lines)
        + "\n",
    )
    for kind in ("card", "handout"):
        out = tmp_path / f"{kind}.pdf"
        assert run(kind, "scripts", "--content", tmp_path, "-o", out).exit_code == 0
        text = page_texts(out)[0]
        for line in lines:
            assert line in text


def _templates(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "card.md.j2").write_text(body, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("# {{ ''.__class__.__mro__[1].__subclasses__() }}\n", "template error: access to"),
        ("# {{ exercise.nonsense }}\n", "template error: "),
        ("# {% if %}\n", "card.md.j2:1: Expected an expression"),
        ("# {{ exercise.name }}\n::: cues\n", "output line 3: region '::: cues' is not closed"),
        ("# **{{ exercise.name }}\n", "output line 1: '**' or '*' is opened but not closed"),
    ],
)
def test_a_broken_or_hostile_template_is_a_clear_error(
    library: Path, tmp_path: Path, body: str, message: str
) -> None:
    folder = _templates(tmp_path, body)
    out = tmp_path / "card.pdf"
    result = run(
        "card",
        "weighted-one-leg-hip-thrust",
        "--content",
        library,
        "--templates",
        folder,
        "-o",
        out,
    )
    assert result.exit_code == 1
    assert result.stderr.startswith(str(folder / "card.md.j2")), result.stderr
    assert message in result.stderr
    assert not out.exists()


def test_a_users_template_overrides_the_built_in_one_by_name(library: Path, tmp_path: Path) -> None:
    folder = _templates(
        tmp_path,
        "# {{ exercise.name }}\n\n**Gym rules:** {{ exercise.cues | length }} cues, {{ '<b>' }}\n",
    )
    card = tmp_path / "card.pdf"
    handout = tmp_path / "handout.pdf"
    common = ["--content", library, "--templates", folder]
    assert run("card", "weighted-one-leg-hip-thrust", *common, "-o", card).exit_code == 0
    assert run("handout", "weighted-one-leg-hip-thrust", *common, "-o", handout).exit_code == 0
    assert squash("Gym rules: 8 cues, <b>") in squash(page_texts(card)[0])
    assert "Instructions" in page_texts(handout)[0], "the handout still uses the built-in template"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
            "template stopped: output is over 400,000 characters",
        ),
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "template stopped: still running after 0.5 s",
        ),
    ],
)
def test_a_runaway_template_is_stopped(
    library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, message: str
) -> None:
    # the printing loop gets time to reach the output cap even on a loaded machine
    seconds = 0.5 if "still running" in message else 30.0
    monkeypatch.setattr("generator.render.templates.TEMPLATE_SECONDS", seconds)
    folder = _templates(tmp_path, body)
    result = run("card", "weighted-one-leg-hip-thrust", "--content", library, "--templates", folder)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{folder / 'card.md.j2'}: {message}"


def test_the_sandbox_keeps_jinjas_answer_on_every_attribute_asked_again() -> None:
    import types

    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from generator.render.sandbox import BoundedSandbox

    ours, jinjas = BoundedSandbox(), ImmutableSandboxedEnvironment()

    def function() -> None:
        return None

    asked = [
        ("", "__class__"),
        ("text", "upper"),
        ("text", "format"),
        ([], "append"),
        ([], "index"),
        ({}, "pop"),
        ({}, "get"),
        (set(), "add"),
        (function, "__globals__"),
        (function, "__code__"),
        ("text".upper, "__self__"),
        (type, "mro"),
        (types.SimpleNamespace(name="Squat"), "name"),
        (types.SimpleNamespace(name="Squat"), "_private"),
    ]
    for _ in range(2):  # the second time, from what the sandbox kept
        for obj, attr in asked:
            value = getattr(obj, attr, None)
            expected = jinjas.is_safe_attribute(obj, attr, value)
            assert ours.is_safe_attribute(obj, attr, value) == expected, (obj, attr)
    for _ in range(2):
        with pytest.raises(Exception, match="access to attribute"):
            ours.from_string("{{ items.append(1) }}").render(items=[])
    assert ours.from_string("{{ n.name }} {{ n.name }}").render(n=asked[-1][0]) == "Squat Squat"
