"""A lesson's own tables and figures, declared once (PAGE) and read by report, --html and refresh-docs."""

from __future__ import annotations

from pathlib import Path

import pytest

from optbook import cli
from optbook.present import extras

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "results"


@pytest.mark.parametrize(
    ("lesson", "count"),
    [("m01_motivation", 2), ("m02_layers", 1), ("m03_data", 3), ("m05_hardware", 1), ("m06_data_access", 2),
     ("m07_basics", 1), ("m10_storage", 3), ("m09_matmul", 0)],
)  # fmt: skip
def test_every_lesson_declares_its_page_tables(lesson: str, count: int) -> None:
    declared = extras.declared(lesson)
    assert len([e for e in declared if isinstance(e, extras.Table)]) == count


def test_a_lesson_figure_is_drawn_from_its_declaration() -> None:
    (plot,) = [e for e in extras.declared("m05_hardware") if isinstance(e, extras.Plot)]
    fig = plot.draw(extras.Source.load(["reference/0010"], RESULTS))
    assert [ax.get_title() for ax in fig.get_axes()] == ["workers", "compute_bound", "memory_bound"]
    assert all(line.get_label() == "ideal" for line in [ax.get_lines()[0] for ax in fig.get_axes()])


def test_the_module_command_prints_what_the_page_shows(capsys: pytest.CaptureFixture[str]) -> None:
    from lessons.m03_data import _facts

    run = next((RESULTS / "reference").glob("0015_*.json"))  # the run the m03 page quotes
    assert extras.main(_facts.PAGE, [str(run), "--markdown"]) == 0
    out = capsys.readouterr().out
    assert "| density | dense | CSR |" in out
    page = (ROOT / "docs" / "lessons" / "m03-data.md").read_text()
    assert next(line for line in out.splitlines() if line.startswith("| 0.7 |")) in page


def test_a_label_spec_works_and_a_missing_run_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    from lessons.m05_hardware import _figures

    page = _figures.PAGE
    assert extras.main(page, ["--results", str(RESULTS), "reference/0010"]) == 0
    assert capsys.readouterr().out.startswith("reference/0010: AMD EPYC")
    assert extras.main(page, ["--results", str(RESULTS), "reference/9999"]) == 2
    assert "no run numbered '9999'" in capsys.readouterr().err


def test_optbook_report_of_a_lesson_adds_its_tables(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--results", str(RESULTS), "report", "reference/0002", "--lesson", "m02_layers"]) == 0
    out = capsys.readouterr().out
    assert "The case study step by step" in out and "Algorithm layer" in out


def test_a_block_with_bad_arguments_is_an_error() -> None:
    with pytest.raises(ValueError, match="cannot read the extras arguments"):
        extras.render_block(["reference/0001"], RESULTS)  # no --lesson
