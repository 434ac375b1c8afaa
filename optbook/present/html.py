"""``optbook report RUN --html FILE [--vs RUN ...]``: one self-contained HTML page of saved runs.

The page holds the run's facts (machine, measured peaks, how busy the machine was), every
lesson's speedup tables, its own tables (its PAGE, see optbook.present.extras) and its
figures, and, given more runs, the machine-against-machine comparison. Figures are inlined
as base64 PNG; the page asks for nothing over the network (no script, no font, no style sheet).
"""

from __future__ import annotations

import base64
import html
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from optbook import analysis, report
from optbook.present import extras, figures, roofline_plot
from optbook.present.extras import Source
from optbook.results import ResultsError

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 72rem; margin: 1rem auto; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.85rem; }
th, td { padding: 0.15rem 0.6rem; border-bottom: 1px solid #ddd; text-align: right; }
th:first-child, td:first-child { text-align: left; }
figure { margin: 1rem 0; } figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption, .note { font-size: 0.85rem; color: #555; }
dt { font-weight: bold; } dd { margin: 0 0 0.4rem 1rem; }
"""


def markdown_to_html(lines: list[str]) -> str:
    """The report's Markdown lines as HTML: ``|`` rows become tables, other lines paragraphs."""
    out: list[str] = []
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            head, *body = rows
            out.append("<table><thead><tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in head) + "</tr></thead>")
            cells = ("".join(f"<td>{html.escape(c)}</td>" for c in r) for r in body)
            out.append("<tbody>" + "".join(f"<tr>{c}</tr>" for c in cells) + "</tbody></table>")
            rows.clear()

    for line in lines:
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not all(set(c) <= set(":-") for c in cells):
                rows.append(cells)
            continue
        flush()
        if line.strip():
            out.append(f'<p class="note">{html.escape(line)}</p>')
    flush()
    return "\n".join(out)


def figure_html(fig: Figure, caption: str) -> str:
    """A figure inlined as a base64 PNG with its caption."""
    data = base64.b64encode(figures.png(fig)).decode("ascii")
    text = html.escape(caption)
    return f'<figure><img alt="{text}" src="data:image/png;base64,{data}"><figcaption>{text}</figcaption></figure>'


def facts_html(source: Source, runs_named: str) -> str:
    """The machine, its measured peaks and the busy-machine notes, as a definition list."""
    info = source.machine
    items = [
        ("runs", runs_named),
        (
            "machine",
            f"{info.get('cpu_model', '?')}, {info.get('logical_cores', '?')} logical cores, "
            f"{info.get('memory_gib', '?')} GiB; Python {info.get('python', '?')}",
        ),
        ("peaks", report.describe_peaks(source.peaks)),
    ]
    spread = report.describe_peak_spread(source.peaks)
    if spread:
        items.append(("machine's speed", spread))
    items += [("busy machine", note) for note in busy_notes(source.busy)]
    if source.skipped:
        items.append(("skipped", "; ".join(report.skip_summary([str(s.get("reason", "")) for s in source.skipped]))))
    return "<dl>" + "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in items) + "</dl>"


def busy_notes(busy: dict[str, Any]) -> list[str]:
    """One line per lesson (and one overall) on what else ran while it was timed."""
    if not busy:
        return ["not recorded in this run (saved before optbook tracked it)"]
    notes = [
        f"overall: other programs used {busy.get('other_cores', 0):.2f} cores, steal {busy.get('steal_cores', 0):.2f} "
        f"cores, over {busy.get('seconds', 0):.0f} s of timing on {busy.get('logical_cores', '?')} logical cores"
    ]
    for lesson, part in sorted((busy.get("per_lesson") or {}).items()):
        notes.append(f"{lesson}: {part.get('other_cores', 0):.2f} other cores, {part.get('steal_cores', 0):.2f} steal")
    return notes


def lesson_html(source: Source, lesson: str) -> str:
    """One lesson's section: speedup tables, its own tables, its figures."""
    benches = source.lesson(lesson)
    parts = [f'<section id="{html.escape(lesson)}"><h2>{html.escape(lesson)}</h2>']
    parts.append(markdown_to_html(report.speedup_report(benches, source.peaks, markdown=True, skipped=source.skipped)))
    mine = Source(source.name, benches, source.machine, source.peaks, source.skipped, source.busy)
    declared = extras.declared(lesson)
    parts.append(markdown_to_html(extras.table_lines(declared, mine, markdown=True, titles=True)))
    groups = analysis.by_group(benches)
    for group in _last_group_per_test(benches):
        parts.append(figure_html(figures.speedup_bars(groups[group], [group]), f"speedups, {group}"))
    for test in figures.tests_with_sizes(benches):
        chosen = [b for b in benches if b["fullname"].startswith(test + "[")]
        parts.append(figure_html(figures.scaling(chosen, test, source.skipped), f"scaling, {test.split('::')[-1]}"))
    found = roofline_plot_points(benches, source.peaks)
    if found and source.peaks.get("gflops_float64") and source.peaks.get("memory_gbytes"):
        parts.append(
            figure_html(roofline_plot.draw(found, source.peaks, f"Roofline of {lesson}"), f"roofline, {lesson}")
        )
    for extra in declared:
        if isinstance(extra, extras.Plot):
            parts.append(figure_html(extra.draw(mine), extra.title))
    return "\n".join(parts) + "</section>"


def roofline_plot_points(benches: list[Any], peaks: dict[str, float]) -> list[roofline_plot.Point]:
    from optbook.roofline import points

    return points(benches, peaks)


def _last_group_per_test(benches: list[Any]) -> list[str]:
    from optbook.present.pages import _last_group_per_test as last

    return last(benches)


def comparison_html(a: Source, b: Source, lesson: str | None) -> str:
    """Machine B against machine A: the gains figure and its table."""
    pick = (lambda x: x.lesson(lesson)) if lesson else (lambda x: x.benches)
    one, two = {x["fullname"]: x for x in pick(a)}, {x["fullname"]: x for x in pick(b)}
    rows = figures.machine_gains(one, two)
    title = f"<h2>{html.escape(b.name)} against {html.escape(a.name)}</h2>"
    if not rows:
        return title + '<p class="note">no benchmark in common</p>'
    fig = figures.machines(one, two, {**a.machine, "peaks": a.peaks}, {**b.machine, "peaks": b.peaks}, (a.name, b.name))
    lines = report.table(
        ["group", "technique", "gain", "significant"],
        [[g, t, report.format_factor(v), {True: "yes", False: "no ~"}.get(d, "?")] for g, t, v, d in rows],
        markdown=True,
    )
    note = f"geometric mean gain {report.format_factor(figures.geometric_gain(rows))} over {len(rows)} benchmarks"
    return title + figure_html(fig, f"gain of {b.name} over {a.name}") + markdown_to_html([note, "", *lines])


def page(specs: list[str], root: Path, lesson: str | None = None) -> str:
    """The whole HTML page of the first run named, compared with the others."""
    sources = [Source.load([spec], root) for spec in specs]
    main = sources[0]
    lessons = [lesson] if lesson else sorted({analysis.lesson_of(b) for b in main.benches})
    if lesson and not main.lesson(lesson):
        raise ResultsError(f"{main.name} has no benchmarks of lesson {lesson!r}")
    body = [f"<h1>optbook report: {html.escape(main.name)}</h1>", facts_html(main, ", ".join(specs))]
    body += ['<nav><p class="note">' + " · ".join(f'<a href="#{x}">{x}</a>' for x in lessons) + "</p></nav>"]
    body += [lesson_html(main, x) for x in lessons]
    if len(sources) > 1:
        body.append('<section id="comparison"><h2>Comparison</h2>')
        body += [comparison_html(main, other, lesson) for other in sources[1:]]
        body.append("</section>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<link rel="icon" href="data:,">'  # no request for a favicon
        f"<title>optbook report {html.escape(main.name)}</title><style>{STYLE}</style></head>"
        "<body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def write_report(specs: list[str], root: Path, path: Path, lesson: str | None = None) -> str:
    """Write the page to ``path``; a line saying so."""
    text = page(specs, root, lesson)
    path.write_text(text, encoding="utf-8")
    return f"wrote {path} ({len(text) / 1024:.0f} KiB, self-contained)"
