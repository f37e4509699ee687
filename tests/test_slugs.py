"""One slug function: letters are transliterated, never dropped."""

from __future__ import annotations

from pathlib import Path

from conftest import DATA, ROOT, run

from generator.content.writer import slugify


def test_slugs_transliterate_instead_of_dropping_letters() -> None:
    assert slugify("Иван Петров") == "ivan-petrov"
    assert slugify("Straße") == "strasse"
    assert slugify("Zoë Ångström") == "zoe-angstrom"
    assert slugify("One Arm Flat Bench Fly’s") == "one-arm-flat-bench-flys"
    assert slugify("王小明") == "wangxiaoming"
    assert slugify("../../etc/passwd") == "etc-passwd"


def test_client_packets_are_named_from_transliterated_names(tmp_path: Path) -> None:
    clients = tmp_path / "clients.csv"
    clients.write_text("client\nИван Петров\nJürgen Straße\n", encoding="utf-8")
    out = tmp_path / "packets"
    program = DATA / "programs" / "two-days.yaml"
    result = run(
        "packets", program, "--clients", clients, "--out", out, "--content", ROOT / "content"
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.glob("*.pdf")) == ["ivan-petrov.pdf", "jurgen-strasse.pdf"]
