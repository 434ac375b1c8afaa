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


FIGURE_PAGE = """# A lesson

<!-- optbook figure speedups laptop/0001 --lesson m99_demo --group "demo n=10" --name demo-speedups -->
<!-- end optbook figure -->
"""


def test_a_missing_or_stale_figure_fails_the_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = tmp_path / "results"
    run = write_run(results / "laptop", "0001_a.json", [bench("slow", 1.0), bench("fast", 0.1)])
    page = tmp_path / "docs" / "page.md"
    page.parent.mkdir()
    page.write_text(FIGURE_PAGE)
    check = ["--results", str(results), "refresh-docs", "--check", str(page)]
    assert cli.main(check) == 1  # no image line, no PNG
    assert cli.main(["--results", str(results), "refresh-docs", str(page)]) == 0
    png = tmp_path / "docs" / "img" / "demo-speedups.png"
    assert png.read_bytes().startswith(b"\x89PNG") and "![speedups of demo n=10" in page.read_text()
    assert "(img/demo-speedups.png)" in page.read_text()
    assert cli.main(check) == 0
    png.unlink()
    assert cli.main(check) == 1  # missing
    assert cli.main(["--results", str(results), "refresh-docs", str(page)]) == 0
    run.unlink()  # the run changes (a test's own folder; the book's runs are never rewritten)
    write_run(results / "laptop", "0001_a.json", [bench("slow", 1.0), bench("fast", 0.2)])
    assert cli.main(check) == 1  # stale: drawn from other data
    assert "figures differ" in capsys.readouterr().out


def test_an_unknown_figure_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = tmp_path / "results"
    write_run(results / "laptop", "0001_a.json", [bench("slow", 1.0)])
    page = tmp_path / "page.md"
    page.write_text(FIGURE_PAGE.replace("speedups", "pie"))
    assert cli.main(["--results", str(results), "refresh-docs", str(page)]) == 2
    assert "unknown figure 'pie'" in capsys.readouterr().err


@pytest.mark.parametrize("page", [p for p in PAGES if docs_tables.figure_blocks(p.read_text())], ids=lambda p: p.name)
def test_the_books_figures_match_the_saved_runs(page: Path) -> None:
    from optbook.present import pages

    stale = docs_tables.stale_figures(page.read_text(), lambda argv: pages.figure_for(argv, ROOT / "results", page))
    assert not stale, f"missing or stale {stale[0].path.name}: run optbook refresh-docs {page.relative_to(ROOT)}"
    text = page.read_text()
    fresh = docs_tables.refresh_figures(text, lambda argv: pages.figure_for(argv, ROOT / "results", page))
    assert fresh == text, f"image lines out of step: run optbook refresh-docs {page.relative_to(ROOT)}"


@pytest.mark.parametrize("page", [p for p in PAGES if docs_tables.EXTRAS.search(p.read_text())], ids=lambda p: p.name)
def test_the_lessons_own_tables_match_the_saved_runs(page: Path) -> None:
    from optbook.present import extras

    text = page.read_text()
    fresh = docs_tables.refresh_extras(text, lambda argv: extras.render_block(argv, ROOT / "results"))
    assert fresh == text, f"run: optbook refresh-docs {page.relative_to(ROOT)}"


def test_the_optbook_command_finds_the_lessons_of_the_project_it_runs_in(tmp_path: Path) -> None:
    """The ``optbook`` command runs with its own folder on the import path, not the project's:
    refresh-docs must still read the lessons' page declarations from the working folder's project."""
    import subprocess
    import sys

    code = "from optbook.present import extras; print(len(extras.declared('m01_motivation')))"
    inside = subprocess.run([sys.executable, "-I", "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert inside.returncode == 0, inside.stderr
    assert int(inside.stdout) > 0
    outside = subprocess.run([sys.executable, "-I", "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert "No module named 'lessons'" in outside.stderr  # no project here: the CLI turns this into one line
