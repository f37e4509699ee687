"""Hostile files: drawings that reach outside, image bombs, invisible characters, caps."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run, write_exercise

PNG_HEADER = bytes.fromhex("89504e470d0a1a0a0000000d49484452")


def _with_image(tmp_path: Path, name: str, data: bytes) -> Path:
    (tmp_path / "images").mkdir(exist_ok=True)
    (tmp_path / "images" / name).write_bytes(data)
    return write_exercise(
        tmp_path, "x", f"---\nname: X\nimages: [images/{name}]\n---\n\n## Instructions\n\n- Go.\n"
    )


@pytest.mark.parametrize(
    ("svg", "message"),
    [
        (
            '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            '<svg width="10" height="10" viewBox="0 0 10 10"><text>&x;</text></svg>',
            "SVG drawings may not declare a DOCTYPE or entities",
        ),
        (
            '<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">'
            '<image xlink:href="/etc/hostname" width="10" height="10"/></svg>',
            "SVG drawings may not refer to other files or addresses",
        ),
        (
            '<svg width="10" height="10"><image href="https://example.com/x.png"/></svg>',
            "SVG drawings may not refer to other files or addresses",
        ),
        ("<svg><g><path d=", "cannot read this SVG drawing"),
    ],
)
def test_drawings_that_reach_outside_or_are_broken_are_refused(
    tmp_path: Path, svg: str, message: str
) -> None:
    _with_image(tmp_path, "d.svg", svg.encode())
    out = tmp_path / "card.pdf"
    result = run("card", "x", "--content", tmp_path, "-o", out)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{(tmp_path / 'images' / 'd.svg').resolve()}:1: {message}")
    assert not out.exists()


def test_an_image_bomb_is_refused_from_its_header(tmp_path: Path) -> None:
    import struct
    import zlib

    width = height = 60_000  # 3.6 gigapixels, announced in a few bytes
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + header
    png = (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(header))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
        + struct.pack(">I", 0)
        + b"IEND"
        + struct.pack(">I", zlib.crc32(b"IEND"))
    )
    _with_image(tmp_path, "bomb.png", png)
    result = run("card", "x", "--content", tmp_path, "-o", tmp_path / "c.pdf")
    assert result.exit_code == 1
    assert "image is 60000×60000 pixels; the limit is 40 megapixels" in result.stderr


def test_a_file_that_only_looks_like_an_image_is_refused(tmp_path: Path) -> None:
    _with_image(tmp_path, "fake.png", PNG_HEADER + b"not really")
    result = run("card", "x", "--content", tmp_path, "-o", tmp_path / "c.pdf")
    assert result.exit_code == 1
    assert "cannot read this image" in result.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Press \u202eevil\u202c up", "invisible character U+202C (POP DIRECTIONAL FORMATTING)"),
        ("Bell\u0007 swing", "control character U+0007 is not allowed"),
    ],
)
def test_invisible_and_control_characters_are_refused(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write_exercise(tmp_path, "x", f"---\nname: X\n---\n\n## Instructions\n\n- {text}\n")
    result = run("validate", path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}:7: ") and message in result.stderr


def test_soft_hyphens_and_zero_width_spaces_are_removed(tmp_path: Path) -> None:
    from generator.content.loader import load_exercise

    path = write_exercise(
        tmp_path, "x", "---\nname: X\n---\n\n## Instructions\n\n- Dead\u00adlift\u200b now\n"
    )
    assert load_exercise(path).items("instructions")[0].value == "Deadlift now"


def test_an_empty_item_and_too_many_items_are_refused(tmp_path: Path) -> None:
    many = "\n".join(f"- step {n}" for n in range(201))
    path = write_exercise(
        tmp_path, "x", f"---\nname: X\n---\n\n## Instructions\n\n- \n\n## Tips\n\n{many}\n"
    )
    result = run("validate", path)
    assert result.stderr.splitlines() == [
        f"{path}:5: section '## Instructions' is empty",
        f"{path}:7: empty list item: write something after '- '",
        f"{path}:9: section '## Tips' has more than 200 entries; split the exercise",
    ]


def test_too_many_images_are_refused(tmp_path: Path) -> None:
    images = ", ".join(f"images/{n}.svg" for n in range(5))
    path = write_exercise(
        tmp_path, "x", f"---\nname: X\nimages: [{images}]\n---\n\n## Instructions\n\n- Go.\n"
    )
    result = run("validate", path)
    assert f"{path}:3: at most 4 images per exercise" in result.stderr


def test_a_template_cannot_include_files_outside_its_folders(tmp_path: Path) -> None:
    from conftest import SEED

    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "card.md.j2").write_text('# {% include "../../../../etc/passwd" %}\n', "utf-8")
    content = tmp_path / "content"
    assert run("import", SEED, "--to", content / "exercises").exit_code == 0
    result = run("card", "weighted-one-leg-hip-thrust", "--content", content, "--templates", folder)
    assert result.exit_code == 1
    assert "passwd" in result.stderr and "root:" not in result.stderr


def test_an_oversized_exercise_file_is_refused(tmp_path: Path) -> None:
    path = write_exercise(tmp_path, "big", "---\nname: Big\n---\n\n" + "word " * 60_000)
    result = run("validate", path)
    assert result.stderr.strip() == f"{path}: file is 292 KiB; the limit is 256 KiB"


@pytest.mark.parametrize(
    ("data", "message"), [(b"", "not a PDF file"), (None, "cannot open this PDF")]
)
def test_preview_refuses_empty_and_truncated_pdfs(
    tmp_path: Path, data: bytes | None, message: str
) -> None:
    from conftest import SEED

    if data is None:  # the first 2,000 bytes of a real PDF
        content = tmp_path / "content"
        assert run("import", SEED, "--to", content / "exercises").exit_code == 0
        good = tmp_path / "good.pdf"
        assert (
            run(
                "handout", "weighted-one-leg-hip-thrust", "--content", content, "-o", good
            ).exit_code
            == 0
        )
        data = good.read_bytes()[:2000]
    pdf = tmp_path / "bad.pdf"
    pdf.write_bytes(data)
    result = run("preview", pdf, "--out", tmp_path / "png")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{pdf}: {message}")
    assert not (tmp_path / "png").exists() or not any((tmp_path / "png").iterdir())


def test_an_exercise_that_renders_too_long_is_stopped_and_the_build_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("generator.build.EXERCISE_SECONDS", 1e-6)
    write_exercise(tmp_path, "slow", "---\nname: Slow\n---\n\n## Instructions\n\n- Go.\n")
    result = run("build", "--content", tmp_path, "--out", tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 1
    assert "stopped: rendering took longer than 1e-06 s" in result.stderr


def test_client_names_cannot_escape_the_output_folder(tmp_path: Path) -> None:
    from conftest import DATA, ROOT

    clients = tmp_path / "clients.csv"
    clients.write_text('client\n"../../etc/passwd"\n"C:\\\\Windows\\\\x"\n..\n', encoding="utf-8")
    out = tmp_path / "out"
    result = run(
        "packets",
        DATA / "programs" / "two-days.yaml",
        "--clients",
        clients,
        "--out",
        out,
        "--content",
        ROOT / "content",
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "c-windows-x.pdf",
        "client.pdf",
        "etc-passwd.pdf",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clients.csv", "out"]
