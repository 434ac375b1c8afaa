"""``optbook report --html``: one self-contained page, checked in a real headless Chromium."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from optbook import cli
from optbook.present import html
from tests import chromium
from tests.helpers import bench, write_run

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML report of the m09 reference run, compared with the earlier m09 run."""
    out = tmp_path_factory.mktemp("html") / "report.html"
    argv = [
        "--results",
        str(ROOT / "results"),
        "report",
        "reference/0013",
        "--html",
        str(out),
        "--vs",
        "reference/0012",
    ]
    assert cli.main(argv) == 0
    return out


def test_the_page_is_self_contained(page: Path) -> None:
    text = page.read_text()
    assert "<script" not in text and "@import" not in text and "@font-face" not in text
    assert not re.findall(r"""(?:src|href)=["'](?!data:|#)""", text)  # only inlined images and in-page links
    assert text.count("<img ") == 4  # speedups, scaling, roofline of m09; the comparison
    assert "matmul_numpy_float32" in text and "measured peaks" in text and "busy machine" in text
    assert "reference/0012 against reference/0013" in text  # the --vs run against the first


def test_busy_notes_and_skips_come_from_the_runs_optbook_section(tmp_path: Path) -> None:
    busy = {"other_cores": 0.5, "steal_cores": 0.0, "seconds": 12.0, "logical_cores": 4,
            "per_lesson": {"m99_demo": {"other_cores": 0.5, "steal_cores": 0.0, "seconds": 12.0}}}  # fmt: skip
    skipped = [{"fullname": "x", "group": "demo n=10", "technique": "gpu", "params": {}, "reason": "needs cupy"}]
    write_run(tmp_path / "m", "0001_a.json", [bench("slow", 1.0), bench("fast", 0.1)], busy=busy, skipped=skipped)
    text = html.page(["m"], tmp_path)
    assert "other programs used 0.50 cores" in text and "m99_demo: 0.50 other cores" in text
    assert "1 x needs cupy" in text


@pytest.mark.skipif(chromium.browser() is None, reason=f"no Chromium to load the page in: {chromium.INSTALL}")
def test_the_page_in_a_real_browser(page: Path, tmp_path: Path) -> None:
    pytest.importorskip("websocket", reason="pip install websocket-client (the dev extra) to drive Chromium")
    from PIL import Image

    seen = chromium.visit(page, tmp_path / "profile")
    assert not seen.errors, seen.errors
    assert [u for u in seen.requests if not u.startswith("data:")] == [page.resolve().as_uri()]
    assert len(seen.images) == 4
    for image in seen.images:
        assert image["complete"] and image["natural"] > 0, image["alt"]
        assert image["width"] > 100 and image["height"] > 100 and image["visible"], image["alt"]
    with Image.open(io.BytesIO(seen.screenshot)) as shot:
        low, high = shot.convert("L").getextrema()
        assert high - low > 100  # not a blank page
