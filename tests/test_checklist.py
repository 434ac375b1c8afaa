"""The checklists: the data file, its rendering into the book, and `optbook checklist [layer]`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from optbook import checklist

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "docs" / "lessons"
# a rendered checklist on a page sits between these two lines; "all" means every layer
SECTION = re.compile(r"<!-- checklist: ([\w, ]+) -->\n(.*?)<!-- checklist end -->", re.DOTALL)


def test_every_layer_has_a_title_a_summary_and_questions() -> None:
    layers = checklist.load()
    names = [layer.name for layer in layers]
    assert {"data", "algorithm", "hardware", "libraries"} <= set(names)
    assert len(names) == len(set(names)), f"layer names repeat: {names}"
    for layer in layers:
        assert layer.title and layer.summary and layer.questions, layer.name
        assert all(q.strip() for q in layer.questions), layer.name


def test_the_layers_page_shows_every_checklist() -> None:
    page = (PAGES / "m02-layers.md").read_text(encoding="utf-8")
    assert any(m.group(1) == "all" for m in SECTION.finditer(page)), "m02-layers.md has no '<!-- checklist: all -->'"


@pytest.mark.parametrize("page", sorted(PAGES.glob("*.md")), ids=lambda p: p.name)
def test_checklists_on_the_pages_match_the_data(page: Path) -> None:
    """Every rendered checklist on a page equals render_markdown() of its layers: they never drift."""
    layers = {layer.name: layer for layer in checklist.load()}
    for match in SECTION.finditer(page.read_text(encoding="utf-8")):
        wanted = [n.strip() for n in match.group(1).split(",")]
        chosen = list(layers.values()) if wanted == ["all"] else [layers[n] for n in wanted]
        assert match.group(2) == checklist.render_markdown(chosen), (
            f"{page.name}: the checklist ({match.group(1)}) differs from lessons/m02_layers/checklists.toml; "
            "paste the output of optbook.checklist.render_markdown() again"
        )


def test_render_markdown_defaults_to_every_layer() -> None:
    text = checklist.render_markdown()
    for layer in checklist.load():
        assert f"### {layer.title}" in text
        assert all(f"- {q}" in text for q in layer.questions)


def test_command_prints_every_layer(capsys: pytest.CaptureFixture[str]) -> None:
    assert checklist.main([]) == 0
    out = capsys.readouterr().out
    for layer in checklist.load():
        assert layer.title in out and layer.questions[0] in out


def test_command_prints_one_layer(capsys: pytest.CaptureFixture[str]) -> None:
    assert checklist.main(["data"]) == 0
    out = capsys.readouterr().out
    data = next(layer for layer in checklist.load() if layer.name == "data")
    assert out.startswith(data.title)
    assert "Hardware layer" not in out
    assert f" 1. {data.questions[0]}" in out


@pytest.mark.parametrize("argv", [["network"], ["data", "hardware"]])
def test_command_rejects_a_bad_request(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert checklist.main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.strip()
    assert "\n" not in err and err.startswith("optbook checklist: error:")
    assert all(layer.name in err for layer in checklist.load())


@pytest.mark.parametrize("content", [None, "layer = [ {name = 'data' ", "[[layer]]\nname = 'data'\n"])
def test_command_reports_a_missing_or_broken_file(
    content: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "checklists.toml"
    if content is not None:
        path.write_text(content)
    monkeypatch.setattr(checklist, "CHECKLISTS", path)
    assert checklist.main(["data"]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "cannot read" in err
