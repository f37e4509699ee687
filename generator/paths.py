"""Where the built-in templates and content live, from a checkout or an installed wheel.

The wheel carries them under ``generator/_data`` (see pyproject's force-include); a checkout or
an editable install finds them beside the package. Looking in the package first keeps an
installed copy from picking up some unrelated ``templates/`` folder.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def builtin_dir(name: str) -> Path:
    bundled = _PACKAGE / "_data" / name
    if bundled.is_dir():
        return bundled
    return _PACKAGE.parent / name


def builtin_templates() -> Path:
    return builtin_dir("templates")


def builtin_content() -> Path:
    return builtin_dir("content")


def default_content() -> Path:
    """A coach's own ``content/`` folder in the working directory wins over the built-in one."""
    local = Path("content")
    if (local / "exercises").is_dir():
        return local
    return builtin_content()
