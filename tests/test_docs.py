"""The book's pages: their result tables match the saved runs they quote."""

from __future__ import annotations

from pathlib import Path

import pytest

from optbook import cli, docs_tables
from tests.helpers import bench, write_run

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "docs").rglob("*.md"))

PAGE = """# A lesson

<!-- optbook report laptop/0001 --lesson m99_demo -->
old table
<!-- end optbook report -->

Prose stays.
"""


def test_refresh_replaces_only_the_marked_block() -> None:
    new = docs_tables.refresh(PAGE, lambda argv: ["| new |", " ".join(argv)])
    assert "old table" not in new
    assert "| new |\nlaptop/0001 --lesson m99_demo\n<!-- end optbook report -->" in new
    assert new.endswith("Prose stays.\n")
    assert docs_tables.blocks(PAGE) == ["laptop/0001 --lesson m99_demo"]


def test_refresh_docs_rewrites_then_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = tmp_path / "results"
    write_run(results / "laptop", "0001_a.json", [bench("slow", 1.0), bench("fast", 0.1)])
    page = tmp_path / "page.md"
    page.write_text(PAGE)
    assert cli.main(["--results", str(results), "refresh-docs", "--check", str(page)]) == 1
    assert page.read_text() == PAGE  # --check changes nothing
    assert cli.main(["--results", str(results), "refresh-docs", str(page)]) == 0
    assert "| fast | 100 ms | 10.0x |" in page.read_text()
    assert cli.main(["--results", str(results), "refresh-docs", "--check", str(page)]) == 0
    capsys.readouterr()


def test_a_block_naming_a_missing_run_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.md"
    page.write_text(PAGE)
    assert cli.main(["--results", str(tmp_path / "none"), "refresh-docs", str(page)]) == 2
    assert "no saved runs for 'laptop/0001'" in capsys.readouterr().err


@pytest.mark.parametrize("page", [p for p in PAGES if docs_tables.blocks(p.read_text())], ids=lambda p: p.name)
def test_the_books_tables_match_the_saved_runs(page: Path) -> None:
    stale = docs_tables.stale_pages([page], lambda argv: cli.report_lines(argv, ROOT / "results"))
    assert not stale, f"run: optbook refresh-docs {page.relative_to(ROOT)}"
