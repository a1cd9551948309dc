"""``haven translations update|check``: keep the message catalogues complete.

``update`` extracts messages into every language's ``django.po`` and compiles them;
``check`` fails when a catalogue is stale (a message in the code is missing from it, or it
holds one the code no longer has), when a message is untranslated or fuzzy, or when the
compiled ``.mo`` does not match its ``.po``. ``make lint`` runs ``check``.
"""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

IGNORE = [
    ".venv",
    "venv",
    "var",
    "frontend",
    "node_modules",
    "e2e",
    "bench",
    "build",
    "dist",
    "*/tests/*",
    "*/migrations/*",
    "docs",
]


def _entries(po_path: Path) -> dict[str, dict[str, Any]]:
    """msgid (with context and plural) -> {translated: bool, fuzzy: bool}; a small .po reader."""
    entries: dict[str, dict[str, Any]] = {}
    block: list[str] = []
    for line in [*po_path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.strip():
            block.append(line)
            continue
        if block:
            _add_block(block, entries)
        block = []
    return entries


def _unquote(lines: list[str]) -> str:
    return "".join(line[line.index('"') + 1 : line.rindex('"')] for line in lines)


def _add_block(block: list[str], entries: dict[str, dict[str, Any]]) -> None:
    if any(line.startswith("#~") for line in block):
        return
    fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in block)
    fields: dict[str, list[str]] = {}
    current = None
    for line in block:
        if line.startswith("#"):
            continue
        if line.startswith('"') and current:
            fields[current].append(line)
            continue
        key, _space, rest = line.partition(" ")
        current = key
        fields[current] = [rest]
    if "msgid" not in fields:
        return
    msgid = _unquote(fields["msgid"])
    if not msgid:
        return
    context = _unquote(fields["msgctxt"]) if "msgctxt" in fields else ""
    plural = _unquote(fields["msgid_plural"]) if "msgid_plural" in fields else ""
    translations = [_unquote(v) for k, v in fields.items() if k.startswith("msgstr")]
    key = f"{context}\x04{msgid}\x00{plural}"
    entries[key] = {
        "translated": bool(translations) and all(translations),
        "fuzzy": fuzzy,
        "msgid": msgid,
    }


def _msgfmt(po: Path, mo: Path) -> None:
    subprocess.run(["msgfmt", "--check", "-o", str(mo), str(po)], check=True)  # noqa: S603,S607


class Command(BaseCommand):
    help = "Extract and compile translations (update), or verify they are complete (check)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["update", "check"])

    def _languages(self) -> list[str]:
        return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]

    def _locale_names(self) -> list[str]:
        from django.utils.translation import to_locale

        return [to_locale(code) for code in self._languages()]

    def handle(self, *args: Any, **options: Any) -> None:
        if shutil.which("xgettext") is None or shutil.which("msgfmt") is None:
            raise CommandError("GNU gettext is needed (apt-get install gettext).")
        root = Path(settings.BASE_DIR).parent
        locale_dir = Path(settings.LOCALE_PATHS[0])
        if options["action"] == "update":
            self._extract(root, self._locale_names())
            for name in self._locale_names():
                po = locale_dir / name / "LC_MESSAGES" / "django.po"
                _msgfmt(po, po.with_suffix(".mo"))
            self.stdout.write(self.style.SUCCESS("Catalogues updated and compiled."))
            return
        self._check(root, locale_dir)

    def _extract(self, root: Path, locales: list[str]) -> None:
        import os

        previous = Path.cwd()
        os.chdir(root)
        try:
            call_command(
                "makemessages",
                locale=locales,
                ignore_patterns=IGNORE,
                no_location=True,
                no_obsolete=True,
                extensions=["html", "txt", "py"],
                verbosity=0,
            )
        finally:
            os.chdir(previous)

    def _check(self, root: Path, locale_dir: Path) -> None:
        problems: list[str] = []
        with tempfile.TemporaryDirectory() as tmp:
            scratch = Path(tmp) / "repo"
            shutil.copytree(
                root / "haven",
                scratch / "haven",
                ignore=shutil.ignore_patterns("__pycache__", "static"),
            )
            scratch_locale = scratch / "haven" / "locale"
            with self.settings_override(scratch):
                self._extract(scratch, self._locale_names())
            for name in self._locale_names():
                committed_po = locale_dir / name / "LC_MESSAGES" / "django.po"
                fresh_po = scratch_locale / name / "LC_MESSAGES" / "django.po"
                if not committed_po.exists():
                    problems.append(f"{committed_po} is missing")
                    continue
                committed, fresh = _entries(committed_po), _entries(fresh_po)
                missing = [fresh[k]["msgid"] for k in fresh.keys() - committed.keys()]
                stale = [committed[k]["msgid"] for k in committed.keys() - fresh.keys()]
                untranslated = [e["msgid"] for e in committed.values() if not e["translated"]]
                fuzzy = [e["msgid"] for e in committed.values() if e["fuzzy"]]
                for label, items in (
                    ("not in the catalogue", missing),
                    ("no longer in the code", stale),
                    ("untranslated", untranslated),
                    ("fuzzy", fuzzy),
                ):
                    for msgid in sorted(items)[:20]:
                        problems.append(f"{name}: {label}: {msgid!r}")
                    if len(items) > 20:
                        problems.append(f"{name}: ... and {len(items) - 20} more {label}")
                compiled = Path(tmp) / f"{name}.mo"
                _msgfmt(committed_po, compiled)
                committed_mo = committed_po.with_suffix(".mo")
                if not committed_mo.exists() or not filecmp.cmp(
                    compiled, committed_mo, shallow=False
                ):
                    problems.append(
                        f"{name}: django.mo is not compiled from django.po "
                        "(run `haven translations update`)"
                    )
        if problems:
            raise CommandError("Translations are not complete:\n  " + "\n  ".join(problems))
        self.stdout.write(self.style.SUCCESS("Translations are complete."))

    def settings_override(self, scratch: Path) -> Any:
        from django.test.utils import override_settings

        return override_settings(LOCALE_PATHS=[scratch / "haven" / "locale"])
