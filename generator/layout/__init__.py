"""Layout with reportlab. Importing this package sets reportlab's global output options once.

Binary (not ASCII85) streams: smaller files and no pure-Python encoding pass per stream.

reportlab imports uharfbuzz at import time whenever it is installed, for a shaping of its own
that coachcards leaves off (paragraph styles keep ``shaping=0``): right-to-left and CJK text is
shaped by layout/shaping, which imports uharfbuzz itself when a text needs it. Refusing that one
import to reportlab keeps a Latin-only run from loading harfbuzz (about 80 ms of CPU per
process) and leaves reportlab's output exactly as with shaping off.
"""

import sys
from importlib.machinery import ModuleSpec
from types import FrameType


class _NoHarfbuzzForReportlab:
    """A finder that answers only ``import uharfbuzz`` made by reportlab's ttfonts module."""

    @staticmethod
    def find_spec(name: str, path: object = None, target: object = None) -> ModuleSpec | None:
        if name == "uharfbuzz":
            frame: FrameType | None = sys._getframe(1)
            while frame is not None:
                if frame.f_globals.get("__name__") == "reportlab.pdfbase.ttfonts":
                    raise ImportError("coachcards shapes with uharfbuzz itself (layout/shaping)")
                frame = frame.f_back
        return None


if not any(isinstance(f, _NoHarfbuzzForReportlab) for f in sys.meta_path):
    sys.meta_path.insert(0, _NoHarfbuzzForReportlab())

from reportlab import rl_config  # noqa: E402  (after the finder, which must come first)

rl_config.useA85 = 0
