"""The figures of optbook.present, drawn from the shipped reference runs and from small made-up runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from matplotlib.patches import Rectangle

from optbook.present import figures, roofline_plot
from optbook.present.extras import Source
from optbook.results import resolve
from optbook.roofline import placed_points
from tests.helpers import bench

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "results"


@pytest.fixture(scope="module")
def m09() -> Source:
    return Source.load(["reference/0013"], RESULTS)


def bars(ax) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle) and p.get_width() > 0]


def test_speedup_bars_one_per_technique_baseline_first_on_a_log_axis(m09: Source) -> None:
    groups = ["matmul n=256", "matmul n=1024"]
    fig = figures.speedup_bars(m09.benches, groups)
    axes = fig.get_axes()
    assert len(axes) == 2
    counts = {g: sum(1 for b in m09.benches if b["group"] == g) for g in groups}
    for ax, group in zip(axes, groups):
        assert ax.get_xscale() == "log"
        assert len(bars(ax)) == counts[group]
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert ax.get_yticks()[0] == 0 and ax.yaxis_inverted()  # the first tick is at the top
        assert group.startswith("matmul") and ax.get_title(loc="left").startswith(group)
    assert labels[0] == "matmul_numpy_einsum"  # the slowest that ran at n=1024 stands in for the baseline


def test_speedup_bars_draw_the_interval_where_the_run_has_one() -> None:
    benches = [bench("slow", 1.0), bench("fast", 0.01, speedup_ci=[90.0, 110.0])]
    ax = figures.speedup_bars(benches).get_axes()[0]
    assert len(bars(ax)) == 2
    assert any(c.get_segments() for c in ax.collections)  # the error bars
    assert "95% interval" in ax.get_xlabel()


def test_scaling_plots_a_line_per_technique_with_its_exponent_and_marks_skipped_sizes(m09: Source) -> None:
    test = figures.tests_with_sizes(m09.benches)[0]
    chosen = [b for b in m09.benches if b["fullname"].startswith(test + "[")]
    fig = figures.scaling(chosen, test)
    ax = fig.get_axes()[0]
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    techniques = {b["extra_info"]["technique"] for b in chosen}
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(legend) == len(techniques) and all("k = " in t for t in legend)
    skipped = [line for line in ax.get_lines() if line.get_marker() == "x"]
    # the three pure-Python loops, not run at n=512 and n=1024, and the naive numba loop, not at n=1024
    assert sorted(len(line.get_xdata()) for line in skipped) == [1, 2, 2, 2]


def test_scaling_takes_skipped_sizes_from_the_runs_list() -> None:
    benches = [bench("slow", 1.0, size=10), bench("slow", 4.0, size=20), bench("fast", 0.1, size=10)]
    benches += [bench("fast", 0.4, size=20)]
    listed = [
        {"fullname": "lessons/m99_demo/test_demo.py::test_demo[slow-40]", "params": {"technique": "slow", "n": 40}}
    ]
    data = figures.scaling_data(benches, "lessons/m99_demo/test_demo.py::test_demo", listed)
    assert data["missing"] == {"slow": [40.0], "fast": []}
    assert data["fits"]["slow"] == pytest.approx(2.0)


def test_the_roofline_numbers_every_point_and_no_two_numbers_overlap() -> None:
    runs = resolve("reference", RESULTS)
    found, _ = placed_points(runs)
    fig = roofline_plot.draw(found, runs[-1].peaks, "all the reference runs")
    ax = fig.get_axes()[0]
    renderer = fig.canvas.get_renderer()
    numbers = [t for t in ax.texts if t.get_text().isdigit()]
    boxes = [t.get_window_extent(renderer) for t in numbers]
    for i, one in enumerate(boxes):
        for other in boxes[i + 1 :]:
            assert not one.overlaps(other)
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert sum(len(c.get_offsets()) for c in ax.collections) == len(found)  # every point drawn
    key = fig.get_axes()[1]
    assert len(key.texts) == len(found)  # every point in the numbered key
    roofs = [line.get_label() for line in ax.get_lines() if "roof" in line.get_label()]
    assert len(roofs) == 2 and any("float32" in r for r in roofs)  # a roof per dtype


def test_machines_shows_a_gain_per_common_benchmark_beside_the_ratios() -> None:
    a, b = Source.load(["reference/0012"], RESULTS), Source.load(["reference/0013"], RESULTS)
    one = {x["fullname"]: x for x in a.benches}
    two = {x["fullname"]: x for x in b.benches}
    rows = figures.machine_gains(one, two)
    assert len(rows) == len(set(one) & set(two))
    fig = figures.machines(one, two, {**a.machine, "peaks": a.peaks}, {**b.machine, "peaks": b.peaks}, ("a", "b"))
    gains, ratios = fig.get_axes()
    assert gains.get_xscale() == "log" and len(bars(gains)) == len(rows)
    assert [t.get_text() for t in ratios.get_xticklabels()] == ["cores", "float64 peak", "float32 peak", "bandwidth"]
    greys = [p for p in bars(gains) if p.get_facecolor()[:3] == pytest.approx((0.65, 0.65, 0.65))]
    assert len(greys) == sum(1 for r in rows if r[3] is False)


def test_png_is_small_and_carries_its_metadata(m09: Source) -> None:
    from io import BytesIO

    from PIL import Image

    data = figures.png(figures.speedup_bars(m09.benches, ["matmul n=256"]), {"optbook-source": "abc"})
    assert len(data) < 60_000
    with Image.open(BytesIO(data)) as image:
        assert image.info["optbook-source"] == "abc"


def test_a_run_held_to_fewer_cores_is_compared_by_the_cores_it_could_use() -> None:
    one_core = {"logical_cores": 2, "usable_cores": 1, "peaks": {"gflops_float64": 34.0}}
    two_cores = {"logical_cores": 2, "usable_cores": 2, "peaks": {"gflops_float64": 69.0}}
    assert figures.machine_ratios(one_core, two_cores)["cores"] == 2.0
    assert figures.machine_ratios({"logical_cores": 4}, {"logical_cores": 8})["cores"] == 2.0  # older runs
