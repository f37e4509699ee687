"""Files that name other files or things by name: nothing outside the allowed folder is read.

Every path a file names goes through one resolver (generator.safepath): symlinks followed, then
required to lie inside the folder it may read; names (languages, font packages) are checked
against a pattern or the installed set.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, ROOT, run, write_exercise

LIBRARY = ROOT / "content"
LOGO = DATA / "themes" / "logo.png"


def _theme(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "theme.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _card_with_theme(tmp_path: Path, theme: Path) -> Any:
    return run("card", "pull-ups", "--content", LIBRARY, "--theme", theme, "-o", tmp_path / "c.pdf")


@pytest.mark.parametrize(
    ("logo", "message"),
    [
        ("../outside.png", "logo '../outside.png' must not use '..' to leave the theme's folder"),
        ("/etc/passwd.png", "logo '/etc/passwd.png' must be a path inside the theme's folder"),
        ("link.png", "logo 'link.png' leads outside the theme's folder"),
        ("dangling.png", "logo 'dangling.png' leads outside the theme's folder"),
    ],
)
def test_a_theme_logo_cannot_leave_the_theme_folder(
    tmp_path: Path, logo: str, message: str
) -> None:
    (tmp_path / "outside.png").write_bytes(LOGO.read_bytes())
    folder = tmp_path / "theme"
    theme = _theme(folder, f"extends: default\nbrand:\n  gym: G\n  logo: {logo}\n")
    (folder / "link.png").symlink_to(tmp_path / "outside.png")
    # a link to a file that does not exist gets the same answer: content cannot probe the disk
    (folder / "dangling.png").symlink_to(tmp_path / "no-such-file.png")
    result = _card_with_theme(tmp_path, theme)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{theme}:4: {message}"
    assert not (tmp_path / "c.pdf").exists()


@pytest.mark.parametrize(
    ("extends", "message"),
    [
        ("../base.yaml", "theme '../base.yaml' must not use '..' to leave the theme's folder"),
        ("/tmp/base.yaml", "theme '/tmp/base.yaml' must be a path inside the theme's folder"),
        ("sub/link.yaml", "theme 'sub/link.yaml' leads outside the theme's folder"),
        ("no-such-theme", "no built-in theme 'no-such-theme'; built in: default, plain"),
    ],
)
def test_a_theme_extends_only_built_ins_and_files_in_its_folder(
    tmp_path: Path, extends: str, message: str
) -> None:
    (tmp_path / "base.yaml").write_text("extends: default\n", encoding="utf-8")
    folder = tmp_path / "theme"
    theme = _theme(folder, f"extends: {extends}\n")
    (folder / "sub").mkdir()
    (folder / "sub" / "link.yaml").symlink_to(tmp_path / "base.yaml")
    result = _card_with_theme(tmp_path, theme)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{theme}:1: {message}"


@pytest.mark.parametrize(
    ("package", "message"),
    [
        ("this", "font package 'this' is not a fontpkg-* package"),
        ("os", "font package 'os' is not a fontpkg-* package"),
        ("../fonts", "font package '../fonts' is not a fontpkg-* package"),
        (
            "fontpkg_no_such_family",
            "font package 'fontpkg_no_such_family' is not installed "
            "(pip install fontpkg-no-such-family)",
        ),
    ],
)
def test_a_font_package_must_be_an_installed_fontpkg_and_is_never_imported(
    tmp_path: Path, package: str, message: str
) -> None:
    theme = _theme(tmp_path / "theme", f"extends: default\nfonts:\n  package: {package}\n")
    result = _card_with_theme(tmp_path, theme)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{theme}:3: {message}"
    assert "Beautiful is better than ugly" not in result.output  # `import this` never ran


def test_font_files_and_folders_stay_inside_their_folders(tmp_path: Path) -> None:
    (tmp_path / "secret.ttf").write_bytes(b"\x00\x01\x00\x00")
    folder = tmp_path / "theme"
    theme = _theme(
        folder,
        "extends: default\nfonts:\n  folder: fonts\n  regular: ../../secret.ttf\n"
        "  bold: link.ttf\n  italic: notes.txt\n",
    )
    (folder / "fonts").mkdir()
    (folder / "fonts" / "link.ttf").symlink_to(tmp_path / "secret.ttf")
    result = _card_with_theme(tmp_path, theme)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{theme}:4: font file '../../secret.ttf' must not use '..' to leave the font folder",
        f"{theme}:5: font file 'link.ttf' leads outside the font folder",
        f"{theme}:6: font file 'notes.txt' must be one of: .ttf, .otf",
    ]
    outside = _theme(tmp_path / "other", "extends: default\nfonts:\n  folder: ../theme/fonts\n")
    result = _card_with_theme(tmp_path, outside)
    assert result.stderr.strip() == (
        f"{outside}:3: font folder '../theme/fonts' must not use '..' to leave the theme's folder"
    )


def test_a_truncated_font_is_a_clear_error(tmp_path: Path) -> None:
    from generator.safepath import font_package

    real = font_package("fontpkg_fira_sans") / "FiraSans-Regular.ttf"
    folder = tmp_path / "theme"
    (folder / "fonts").mkdir(parents=True)
    (folder / "fonts" / "Cut.ttf").write_bytes(real.read_bytes()[:3000])
    theme = _theme(folder, "extends: default\nfonts:\n  folder: fonts\n  regular: Cut.ttf\n")
    result = _card_with_theme(tmp_path, theme)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{(folder / 'fonts' / 'Cut.ttf').resolve()}: cannot use font")


def test_a_program_language_cannot_name_a_file(tmp_path: Path) -> None:
    program = tmp_path / "p.yaml"
    text = (DATA / "programs" / "two-days.yaml").read_text(encoding="utf-8")
    program.write_text(text + "language: ../../../../tmp/evil\n", encoding="utf-8")
    line = len(text.splitlines()) + 1
    result = run("packet", program, "--content", LIBRARY, "-o", tmp_path / "p.pdf")
    assert result.exit_code == 1
    assert (
        f"{program}:{line}: language '../../../../tmp/evil' is not a code like 'en' or 'pt-BR'"
        in result.stderr
    )
    assert not (tmp_path / "p.pdf").exists()


def test_a_symlinked_exercise_does_not_move_the_image_root(tmp_path: Path) -> None:
    other = tmp_path / "other"
    (other / "images").mkdir(parents=True)
    (other / "images" / "private.svg").write_text(
        '<svg width="10" height="10" viewBox="0 0 10 10"><path d="M0 0h5v5z"/></svg>',
        encoding="utf-8",
    )
    target = write_exercise(
        other, "x", "---\nname: X\nimages: [images/private.svg]\n---\n\n## Instructions\n\n- Go.\n"
    )
    content = tmp_path / "content"
    (content / "exercises").mkdir(parents=True)
    link = content / "exercises" / "x.md"
    link.symlink_to(target)
    result = run("validate", link)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{link}:3: image 'images/private.svg' not found in {content}"


EVERKINETIC = {
    "id": "1",
    "name": "x",
    "title": "X",
    "steps": ["Stand.", "Go."],
    "svg": ["svg/a.svg"],
}


def _dataset(tmp_path: Path, records: object) -> Path:
    folder = tmp_path / "dataset"
    (folder / "svg").mkdir(parents=True, exist_ok=True)
    (folder / "svg" / "a.svg").write_text(
        '<svg width="10" height="10" viewBox="0 0 10 10"><path d="M0 0h5v5z"/></svg>',
        encoding="utf-8",
    )
    path = folder / "exercises.json"
    path.write_text(json.dumps(records, indent=1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("svg", "message"),
    [
        (
            "/etc/hostname.svg",
            "drawing '/etc/hostname.svg' must be a path inside the dataset's folder",
        ),
        (
            "../secret.svg",
            "drawing '../secret.svg' must not use '..' to leave the dataset's folder",
        ),
        ("svg/link.svg", "drawing 'svg/link.svg' leads outside the dataset's folder"),
        ("svg/notes.txt", "drawing 'svg/notes.txt' must be one of: .svg"),
        ("svg/missing.svg", "drawing 'svg/missing.svg' not found in"),
    ],
)
def test_everkinetic_drawings_stay_inside_the_dataset_folder(
    tmp_path: Path, svg: str, message: str
) -> None:
    (tmp_path / "secret.svg").write_text("<svg/>", encoding="utf-8")
    source = _dataset(tmp_path, [{**EVERKINETIC, "svg": [svg]}])
    (source.parent / "svg" / "link.svg").symlink_to(tmp_path / "secret.svg")
    content = tmp_path / "content"
    result = run("import", "--format", "everkinetic", source, "--to", content / "exercises")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{source}:2: record 1: {message}")
    assert not content.exists(), "nothing is written for a refused record"


def test_everkinetic_never_replaces_another_drawing_without_force(tmp_path: Path) -> None:
    source = _dataset(tmp_path, [EVERKINETIC])
    content = tmp_path / "content"
    theirs = content / "images" / "everkinetic" / "a.svg"
    theirs.parent.mkdir(parents=True)
    theirs.write_text("<svg>another exercise's drawing</svg>", encoding="utf-8")
    result = run("import", "--format", "everkinetic", source, "--to", content / "exercises")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"{source}: x: drawing {theirs} exists and differs; use --force to replace it"
    )
    assert theirs.read_text(encoding="utf-8") == "<svg>another exercise's drawing</svg>"
    assert not (content / "exercises" / "x.md").exists()
    forced = run(
        "import", "--format", "everkinetic", source, "--to", content / "exercises", "--force"
    )
    assert forced.exit_code == 0, forced.output
    assert theirs.read_bytes() == (source.parent / "svg" / "a.svg").read_bytes()


def test_malformed_everkinetic_records_are_errors_with_their_line(tmp_path: Path) -> None:
    records = [
        "just a string",
        {**EVERKINETIC, "steps": 5},
        {**EVERKINETIC, "svg": [1]},
        {**EVERKINETIC, "title": ["X"]},
        {**EVERKINETIC, "primary": {"a": 1}},
        {"id": "9"},
        {**EVERKINETIC, "name": "ok-one", "svg": []},
    ]
    source = _dataset(tmp_path, records)
    text = source.read_text(encoding="utf-8").splitlines()
    starts = [n for n, line in enumerate(text, start=1) if line.startswith(' "') or line == " {"]
    content = tmp_path / "content"
    result = run("import", "--format", "everkinetic", source, "--to", content / "exercises")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{source}:{starts[0]}: record 1: must be an object with a title and steps",
        f"{source}:{starts[1]}: record 2: 'steps' must be a list of texts",
        f"{source}:{starts[2]}: record 3: 'svg' must be a list of texts",
        f"{source}:{starts[3]}: record 4: 'title' must be text",
        f"{source}:{starts[4]}: record 5: 'primary' must be a list of texts",
        f"{source}:{starts[5]}: record 6: no title",
    ]
    assert (content / "exercises" / "ok-one.md").is_file(), "good records are still imported"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"a": 1}', "1: not Everkinetic JSON: expected a list of exercises"),
        (b'[\n {"title": "X",\n', "3: not Everkinetic JSON: Expecting property name"),
        (b"[\n" + b"[" * 100_000 + b"]" * 100_000 + b"\n]", "2: not Everkinetic JSON: nested"),
        (b'[\n {"title": "X"}\n} ]', "3: not Everkinetic JSON: expected ',' or ']'"),
        (b"[\xff]", "1: not UTF-8 text"),
    ],
)
def test_broken_everkinetic_json_is_an_error_with_its_line(
    tmp_path: Path, data: bytes, message: str
) -> None:
    source = tmp_path / "exercises.json"
    source.write_bytes(data)
    result = run("import", "--format", "everkinetic", source, "--to", tmp_path / "c")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{source}:{message}")


def test_a_template_symlink_leading_out_of_its_folder_is_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("# the secret\n", encoding="utf-8")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "card.md.j2").write_text('{% include "leak.j2" %}\n', encoding="utf-8")
    (folder / "leak.j2").symlink_to(secret)
    write_exercise(tmp_path / "content", "go", "---\nname: Go\n---\n\n## Instructions\n\n- Go.\n")
    out = tmp_path / "c.pdf"
    result = run("card", "go", "--content", tmp_path / "content", "--templates", folder, "-o", out)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"{folder / 'card.md.j2'}:1: template error: 'leak.j2' not found in the templates folders"
        " (nor may a link lead out)"
    )
    assert not out.exists()
