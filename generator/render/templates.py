"""jinja2 templates decide what text goes on a page; they write block markup, never layout.

Every template, built-in or the coach's own, runs in jinja2's sandbox with StrictUndefined, and
every value a template prints passes through :func:`generator.render.blocks.escape`, so content is
always data: ``{{ 7*7 }}`` in an exercise prints as typed, and ``**`` or ``:::`` in it are
literal. The search path puts the coach's folder first, as MkDocs does with ``custom_dir``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from generator import safepath
from generator.checkpoint import Checkpoint, Sourced
from generator.content import yamlstrict
from generator.errors import CoachcardsError, Problem
from generator.limits import TimeLimitExceeded, time_limit
from generator.paths import builtin_templates
from generator.render import blocks

MAX_OUTPUT_CHARS = 400_000
TEMPLATE_SECONDS = 10.0


class Templates:
    def __init__(self, user_dir: Path | None = None) -> None:
        import jinja2

        from generator.render.sandbox import BoundedSandbox, ConfinedLoader

        if user_dir is not None and not user_dir.is_dir():
            raise CoachcardsError.single(user_dir, "templates folder not found")
        self.search_path = [p for p in (user_dir, builtin_templates()) if p is not None]
        self.env = BoundedSandbox(
            loader=ConfinedLoader([str(p) for p in self.search_path]),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            finalize=blocks.escape,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self._labels: dict[str, dict[str, str]] = {}
        self.label_files: dict[str, tuple[Path, ...]] = {}  # language -> its files, top first
        self.label_texts: dict[str, list[Sourced]] = {}  # language -> each label with its line
        self.fallbacks: set[str] = set()  # languages printed with English labels (a warning)

    def labels(self, language: str) -> dict[str, str]:
        """Fixed words for one language, from the first ``labels/<lang>.yaml`` on the path."""
        if language not in self._labels:
            self._labels[language] = self._read_labels(language)
        return self._labels[language]

    def _read_labels(self, language: str) -> dict[str, str]:
        """Every labels file that applies, merged: English under the language's base under the
        language itself, and at each step the coach's folder over the built-in one. A coach's
        file may change one word; a language with no labels at all prints English labels, with
        a warning (``fallbacks``), never a refusal."""
        try:
            safepath.language(language)
        except safepath.Refused as why:
            raise CoachcardsError.single(self.search_path[-1] / "labels", str(why)) from None
        merged: dict[str, Sourced] = {}
        files: list[Path] = []
        own = False  # found a file for this language (not only the English beneath)
        for name in dict.fromkeys(("en", language.split("-")[0], language)):
            for folder in reversed(self.search_path):  # built-in first, the coach's over it
                try:
                    path = safepath.inside(folder, f"labels/{name}.yaml", "labels", str(folder))
                except safepath.Missing:
                    continue
                except safepath.Refused as why:
                    raise CoachcardsError.single(
                        folder / "labels" / f"{name}.yaml", str(why)
                    ) from None
                merged.update(_read_label_file(path))
                files.insert(0, path)
                own = own or name != "en" or language == "en"
        if not own:
            self.fallbacks.add(language)
        self.label_files[language] = tuple(files)
        self.label_texts[language] = list(merged.values())
        return {key: text.value for key, text in merged.items()}

    def render(
        self,
        name: str,
        context: dict[str, Any],
        checkpoint: Checkpoint,
        blame: tuple[Path, ...] = (),
    ) -> list[blocks.Block]:
        """Render a template and parse its output into blocks; any failure names the template.

        Every span passes ``checkpoint``; text that fails there is blamed on the template, or on
        the first of ``blame`` (labels file, theme files) that holds it.
        """
        import jinja2

        try:
            template = self.env.get_template(name)
        except jinja2.TemplateNotFound:
            where = ", ".join(str(p) for p in self.search_path)
            raise CoachcardsError.single(name, f"template not found in {where}") from None
        except jinja2.TemplateSyntaxError as exc:
            raise CoachcardsError.single(
                exc.filename or name, exc.message or "syntax error", exc.lineno
            ) from None
        except UnicodeDecodeError as exc:
            found = [f / name for f in self.search_path if (f / name).is_file()]
            raise CoachcardsError.single(
                found[0] if found else name,
                f"template is not UTF-8 text (byte 0x{exc.object[exc.start]:02X})",
            ) from None
        filename = template.filename or name
        limit = None
        try:
            with time_limit(TEMPLATE_SECONDS) as limit:
                text = _bounded_render(template, context, filename)
        except TimeLimitExceeded as exc:
            if exc.limit is not limit:
                raise  # an outer limit (the document's, the build's) ran out: theirs to report
            raise CoachcardsError.single(
                filename, f"template stopped: still running after {TEMPLATE_SECONDS:g} s"
            ) from None
        except jinja2.TemplateError as exc:
            raise _template_error(template.filename or name, exc) from None
        except (
            RecursionError,
            MemoryError,
            ArithmeticError,
            LookupError,  # '{a}'.format(), a missing key or index
            AttributeError,
            TypeError,
            ValueError,
        ) as exc:
            raise _template_error(template.filename or name, exc) from None
        if not text.strip():
            raise CoachcardsError.single(filename, "template printed nothing: is it empty?")
        try:
            suspects = (Path(filename), *blame)
            return blocks.parse(text, lambda span: checkpoint.seal(span, suspects))
        except blocks.MarkupError as exc:
            raise CoachcardsError.single(
                template.filename or name, f"output line {exc.line}: {exc}"
            ) from None


def _bounded_render(template: Any, context: dict[str, Any], filename: str) -> str:
    """Render piece by piece so that a runaway loop is stopped by its output size."""
    parts: list[str] = []
    size = 0
    for part in template.generate(context):
        size += len(part)
        if size > MAX_OUTPUT_CHARS:
            raise CoachcardsError.single(
                filename, f"template stopped: output is over {MAX_OUTPUT_CHARS:,} characters"
            )
        parts.append(part)
    return "".join(parts)


def _template_error(filename: str, exc: BaseException) -> CoachcardsError:
    """Point at the template line that failed: jinja2 puts it in the traceback frames."""
    line = None
    tb = sys.exc_info()[2]
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    if type(exc).__name__ == "TemplateNotFound":  # an include or extends
        message = f"'{message}' not found in the templates folders (nor may a link lead out)"
    return CoachcardsError([Problem(filename, line, f"template error: {message}")])


def _read_label_file(path: Path) -> dict[str, Sourced]:
    """One labels file: each word with its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CoachcardsError.single(path, f"cannot read: {exc}") from None
    data, problems = yamlstrict.parse(text, str(path))
    if not isinstance(data, yamlstrict.YMap):
        problems.append(Problem(str(path), 1, "labels must be 'key: text' lines"))
    else:
        for key, value in data.items():
            if not isinstance(value, str):
                problems.append(Problem(str(path), data.key_lines[key], f"'{key}' must be text"))
    if problems:
        raise CoachcardsError(problems)
    return {k: Sourced(v, str(path), data.key_lines[k], f"'{k}'") for k, v in data.items()}


def fallback_warning(language: str) -> str:
    """The one line a run prints for a language that has no labels."""
    return (
        f"warning: no labels for language '{language}': English labels are printed "
        f"(add labels/{language}.yaml to a --templates folder to translate them)"
    )
