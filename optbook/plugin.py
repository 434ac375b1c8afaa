"""The pytest plugin: scale and machine options, results filed per machine label,
comparison with this machine's last run (or the shipped reference), measured
peaks and the fingerprint in the saved JSON, and the speedup table at the end.

It is loaded from the project's root conftest.py and only uses pytest's and
pytest-benchmark's hooks.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import threading
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from optbook import analysis, busy, machine, measure, report, results, saving
from optbook.lesson import STATE, record_timings
from optbook.lesson import _group as lesson_group
from optbook.scale import ENV_VAR as SCALE_ENV_VAR
from optbook.scale import ScaleError, check_scale, current_scale
from optbook.timing import Timer

DEFAULT_STORAGE = "file://./.benchmarks"  # pytest-benchmark's own default, replaced by results/
_LABEL = pytest.StashKey[str]()
_COMPARE = pytest.StashKey[Any]()
_INTERRUPTED = pytest.StashKey[bool]()
_SAVE_PROBLEM = pytest.StashKey[str]()
_SIGTERM = pytest.StashKey[Any]()
_HYPOTHESIS_PROFILE = pytest.StashKey[str]()  # the profile in force before this run: put back at its end


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("optbook", "optbook lesson book")
    group.addoption(
        "--scale",
        default=None,
        help="problem sizes of every lesson: tiny (tests, CI), small (laptop demo, the default), medium, large "
        f"(cluster node). Default: ${SCALE_ENV_VAR} or small.",
    )
    group.addoption(
        "--optbook-inventory",
        default=None,
        metavar="PATH",
        help="write the collected tests (technique, parameters, benchmark or hypothesis) as JSON to PATH; "
        "used by the book's contract test",
    )
    group.addoption(
        "--machine",
        default=None,
        metavar="LABEL",
        help="label the results are saved under, results/<LABEL>/. Default: $OPTBOOK_MACHINE or the short host name.",
    )
    group.addoption(
        "--benchmark-tables",
        action="store_true",
        help="also print pytest-benchmark's own wide tables and every skip reason (off for lesson runs: "
        "the speedup table is the last thing on screen)",
    )


def pytest_configure(config: pytest.Config) -> None:
    try:
        if config.getoption("scale"):
            os.environ[SCALE_ENV_VAR] = check_scale(config.getoption("scale"))
        STATE.scale = current_scale()
        label = machine.machine_label(config.getoption("machine"))
    except (ScaleError, machine.LabelError) as err:
        raise pytest.UsageError(str(err)) from None
    config.stash[_LABEL] = label
    STATE.peaks, STATE.timings, STATE.readings = None, {}, []  # a fresh run (pytest can run twice in one process)
    STATE.announce = _announcer(config)
    STATE.timer = Timer(announce=STATE.announce)
    STATE.timer.on_timed = _after_group
    config.pluginmanager.register(STATE.timer, "optbook-timing")
    STATE.skipped = []
    # save every benchmark's rounds (pytest-benchmark's "data"): comparisons test them for significance
    config.option.benchmark_save_data = True
    # OPTBOOK_PEAKS=0 skips the few seconds of peak measurement (no percent of peak then)
    STATE.measure_peaks = machine.measure_peaks if os.environ.get("OPTBOOK_PEAKS", "1") != "0" else None
    if config.getoption("benchmark_storage") == DEFAULT_STORAGE:
        root = results.results_dir(default=config.rootpath / "results")
        config.option.benchmark_storage = f"file://{root.resolve()}"
    # pytest-benchmark would load the run to compare with now, from a folder named
    # after the interpreter; take the request over and resolve it once the tests
    # are collected, in this machine's folder (see pytest_collection_finish).
    config.stash[_COMPARE] = config.getoption("benchmark_compare")
    config.option.benchmark_compare = []
    config.stash[_HYPOTHESIS_PROFILE] = _hypothesis_profiles(
        benchmarking=not config.getoption("benchmark_disable") and not config.getoption("benchmark_skip"),
        chosen=config.getoption("hypothesis_profile", None) is not None,
    )
    _stop_cleanly_on_sigterm(config)


class Terminated(KeyboardInterrupt):
    """SIGTERM (a cluster job's time limit, kill): the run ends as after Ctrl-C, and what ran is saved."""


def _stop_cleanly_on_sigterm(config: pytest.Config) -> None:
    """Turn SIGTERM into an interrupt pytest handles: the speedup table is printed and the run saved."""
    if not hasattr(signal, "SIGTERM") or threading.current_thread() is not threading.main_thread():
        return

    owner = os.getpid()

    def terminate(signum: int, frame: Any) -> None:
        if os.getpid() != owner:  # a forked child that has not yet reset the handler: end as SIGTERM does
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTERM)
            return
        raise Terminated("SIGTERM: the run was stopped; what finished is saved")

    _fork_children_with_default_sigterm()
    config.stash[_SIGTERM] = signal.signal(signal.SIGTERM, terminate)
    _FORK_GUARD["active"] = True


_FORK_GUARD = {"registered": False, "active": False}  # active while the handler above is installed


def _fork_children_with_default_sigterm() -> None:
    """A child forked from the run (a multiprocessing pool worker) must die on SIGTERM as usual.

    It inherits the Python-level handler above, and CPython forgets a signal that arrives in the
    child before its interpreter is set up after fork: ``Pool.terminate()`` sent SIGTERM to a worker
    forked a moment before, the worker lived on, and the test run hung in ``join``. So SIGTERM is
    blocked across ``os.fork()``; the child sets the default action and then unblocks it, which
    delivers (and dies of) any SIGTERM sent in between.
    """
    if _FORK_GUARD["registered"] or not hasattr(os, "register_at_fork"):
        return
    _FORK_GUARD["registered"] = True
    term = {signal.SIGTERM}

    def block() -> None:
        if _FORK_GUARD["active"]:
            signal.pthread_sigmask(signal.SIG_BLOCK, term)

    def unblock_in_parent() -> None:
        if _FORK_GUARD["active"]:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, term)

    def default_in_child() -> None:
        if _FORK_GUARD["active"]:
            _FORK_GUARD["active"] = False
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, term)

    os.register_at_fork(before=block, after_in_parent=unblock_in_parent, after_in_child=default_in_child)


def pytest_unconfigure(config: pytest.Config) -> None:
    STATE.timer = None
    profile = config.stash.get(_HYPOTHESIS_PROFILE, None)
    if profile is not None:
        from hypothesis import settings

        settings.load_profile(profile)
    previous = config.stash.get(_SIGTERM, None)
    if previous is not None and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, previous)
        _FORK_GUARD["active"] = False


def _announcer(config: pytest.Config) -> Callable[[str], None]:
    """Print a line to the terminal from inside a test, past pytest's output capture."""

    def announce(message: str) -> None:
        reporter = config.pluginmanager.getplugin("terminalreporter")
        capture = config.pluginmanager.getplugin("capturemanager")
        if reporter is None:
            return
        with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
            reporter.write_line(f"\noptbook: {message}")

    return announce


def _hypothesis_profiles(benchmarking: bool, chosen: bool) -> str:
    """A repeatable, quicker hypothesis profile for CI, loaded when $CI is set; a short one for
    benchmark runs, whose equivalence tests are a quick check beside the timings (the README's test
    command, with benchmarks disabled, explores inputs fully); else hypothesis's defaults without a
    deadline. ``--hypothesis-profile`` wins. Returns the profile to put back at the end."""
    from hypothesis import settings

    # no deadline in any of them: a deadline asserts on elapsed time, and one example of a test that
    # takes 3 ms took 0.9 s on a busy machine (a failure that passed when hypothesis tried it again)
    settings.register_profile("optbook", deadline=None)
    settings.register_profile("ci", max_examples=25, derandomize=True, deadline=None)
    settings.register_profile("benchmarking", max_examples=BENCHMARKING_EXAMPLES, deadline=None)
    previous = settings.get_current_profile_name()
    if previous != "default" or chosen:
        return previous
    if os.environ.get("CI"):
        settings.load_profile("ci")
    elif benchmarking:
        settings.load_profile("benchmarking")
    else:
        settings.load_profile("optbook")
    return previous


BENCHMARKING_EXAMPLES = 20


def _session(config: pytest.Config) -> Any:
    return getattr(config, "_benchmarksession", None)


def pytest_collection_finish(session: pytest.Session) -> None:
    inventory = session.config.getoption("optbook_inventory")
    if inventory:
        _write_inventory(session.items, Path(inventory))
    bs = _session(session.config)
    if bs is None:
        return
    label = session.config.stash[_LABEL]
    bs.machine_id = label  # saved runs go to results/<label>/, not results/<interpreter>/
    bs.storage.default_machine_id = label
    saving.wrap_storage(bs, label)  # exclusive, atomic saves that fall back to a temporary folder
    _guard_saving(bs, session.config)
    if not any("benchmark" in getattr(item, "fixturenames", ()) for item in session.items):
        bs.autosave = None  # nothing will be timed: nothing to save, and no warning about it
    wanted = session.config.stash[_COMPARE]
    if not wanted or bs.disabled:
        return
    if wanted is True:
        timed = {item.nodeid for item in session.items if "benchmark" in getattr(item, "fixturenames", ())}
        wanted = _run_to_compare(Path(str(bs.storage)), label, timed)
        if wanted is None:
            return
    bs.compare = wanted
    with warnings.catch_warnings():
        # pytest-benchmark warns on any difference in machine_info, even the CPU's
        # current clock; the terminal summary says what really differs.
        warnings.filterwarnings("ignore", message="Benchmark machine_info is different")
        bs.handle_loading()


def _guard_saving(bs: Any, config: pytest.Config) -> None:
    """Let an error while pytest-benchmark makes the JSON to save (a plugin's hook) end in one line,
    not in a traceback that also hides the speedup table."""
    handle_saving = bs.handle_saving

    def guarded() -> None:
        try:
            handle_saving()
        except Exception as err:
            config.stash[_SAVE_PROBLEM] = f"{err.__class__.__name__}: {err}"

    bs.handle_saving = guarded


def _write_inventory(items: list[pytest.Item], path: Path) -> None:
    """What the contract test needs to know of every collected test."""
    rows = []
    for item in items:
        callspec = getattr(item, "callspec", None)
        params = {k: v for k, v in callspec.params.items()} if callspec else {}
        rows.append(
            {
                "nodeid": item.nodeid,
                "file": str(item.path),
                "function": getattr(item, "originalname", item.name),
                "params": {k: v if isinstance(v, (str, int, float, bool)) else repr(v) for k, v in params.items()},
                "benchmark": "benchmark" in getattr(item, "fixturenames", ()),
                "hypothesis": hasattr(getattr(item, "obj", None), "hypothesis"),
            }
        )
    path.write_text(json.dumps(rows, indent=1))


def _run_to_compare(root: Path, label: str, nodeids: set[str]) -> str | None:
    """The run of this label (else the reference) at this scale sharing the most benchmarks with this session."""
    choice = results.run_to_compare(root, label, STATE.scale, nodeids)
    for problem in choice.skipped:
        print(f"\noptbook: skipped an unreadable saved run: {problem}")
    print(f"\noptbook: {choice.reason}")
    return None if choice.path is None else str(choice.path)


def _after_group(members: list[Any]) -> None:
    record_timings(members)
    STATE.peaks_between_groups()


@pytest.hookimpl(hookwrapper=True, tryfirst=True)  # around pytest-benchmark's own, which saves the run
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> Any:
    if STATE.timer is not None and exitstatus != pytest.ExitCode.INTERRUPTED:
        failed = STATE.timer.flush()  # a group whose last test did not reach its teardown
        for message in failed:
            session.config.get_terminal_writer().line(message, red=True)
        if failed and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
    bs = _session(session.config)
    session.config.stash[_INTERRUPTED] = exitstatus == pytest.ExitCode.INTERRUPTED
    if bs is not None and not bs.disabled and bs.benchmarks and exitstatus != pytest.ExitCode.INTERRUPTED:
        STATE.remeasure_peaks()
    yield
    saved = getattr(bs.storage, "saved", None) if bs is not None else None
    lost = (saved is not None and saved.path is None) or (saved is None and _SAVE_PROBLEM in session.config.stash)
    if lost and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.INTERNAL_ERROR  # the tests passed, but the run is lost: say so


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Remember the skipped benchmarks and why, for the saved run (scaling plots mark them)."""
    entry = getattr(report, "optbook_skipped", None)
    if report.skipped and entry is not None:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        STATE.skipped.append({**entry, "reason": str(reason)})


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    callspec = getattr(item, "callspec", None)
    if report.skipped and callspec is not None and "technique" in callspec.params:
        params = {k: v if isinstance(v, (str, int, float, bool)) else repr(v) for k, v in callspec.params.items()}
        topic = Path(str(item.path)).stem.removeprefix("test_")
        report.optbook_skipped = {
            "fullname": item.nodeid,
            "group": lesson_group(topic, params),
            "technique": params["technique"],
            "params": params,
        }
    return report


@pytest.hookimpl(wrapper=True)
def pytest_benchmark_compare_machine_info(
    config: pytest.Config, benchmarksession: Any, machine_info: dict[str, Any], compared_benchmark: dict[str, Any]
) -> Any:
    # pytest-benchmark's own check names the storage relative to the working directory in its
    # warning, and fails with ValueError when the results live elsewhere ($OPTBOOK_RESULTS);
    # the warning is silenced anyway, and the terminal summary says what differs.
    try:
        return (yield)
    except ValueError:
        return []


def _live_benchmarks(bs: Any) -> list[dict[str, Any]]:
    # with their rounds: the "vs" column tests the difference with the saved run on them
    return [b.as_dict(include_data=True) for b in bs.benchmarks if b and not b.has_error]


def pytest_benchmark_update_machine_info(config: pytest.Config, machine_info: dict[str, Any]) -> None:
    info = machine.fingerprint(config.stash[_LABEL])
    info["numba"]["threading_layer_used"] = _numba_layer_used()
    if STATE.peaks:
        info["peaks"] = STATE.peaks
    machine_info["optbook"] = info


def _numba_layer_used() -> str | None:
    """The threading layer numba actually started, if a parallel function has run."""
    try:
        import numba

        return str(numba.threading_layer())
    except (ImportError, ValueError):
        return None


def _check_interval_and_marks(info: dict[str, Any], r: analysis.Rate | None) -> None:
    """Keep a speedup interval only when it is against the same reference as the speedup;
    mark a percent of peak above 105%: the peak was read while the machine was slower."""
    if info.get("speedup_ci_reference") != info.get("speedup_reference"):
        info.pop("speedup_ci", None)
    marks = info.setdefault("marks", [])
    if r is not None and r.percent_of_peak is not None and r.percent_of_peak > 105 and "above-peak" not in marks:
        marks.append("above-peak")


def pytest_benchmark_update_json(config: pytest.Config, benchmarks: Any, output_json: dict[str, Any]) -> None:
    saved = output_json["benchmarks"]
    speed = analysis.speedups(saved)
    problems = _cores_problems(saved)
    for bench in saved:
        info = bench.setdefault("extra_info", {})
        if bench["fullname"] in speed:
            s = speed[bench["fullname"]]
            info.update(speedup=s.factor, speedup_reference=s.reference)
        if bench["fullname"] in problems:
            info["cores_check"] = problems[bench["fullname"]]
        r = analysis.rate(bench, STATE.peaks)
        if r:
            info.update(r.as_extra_info())
        _check_interval_and_marks(info, r)
        if "data" in bench.get("stats", {}):  # six significant digits are plenty, and keep files small
            bench["stats"]["data"] = [float(f"{x:.6g}") for x in bench["stats"]["data"]]
    output_json["optbook"] = {
        "format": 2,
        "label": config.stash[_LABEL],
        "interrupted": config.stash.get(_INTERRUPTED, False),
        "scale": STATE.scale,
        "peaks": STATE.peaks or {},
        "busy": STATE.timer.tally.summary() if STATE.timer is not None else {},
        "skipped": list(STATE.skipped),
        "scaling": [
            {"test": f.test, "technique": f.technique, "exponent": f.exponent, "sizes": list(f.sizes)}
            for f in analysis.scaling(saved)
        ],
    }


def _cores_problems(benches: list[dict[str, Any]]) -> dict[str, str]:
    """By fullname, the benchmarks whose speedup the cores measured cannot explain (see measure.cores_check)."""
    problems = {}
    for fullname, s in analysis.speedups(benches).items():
        bench = next(b for b in benches if b["fullname"] == fullname)
        reference = next(
            (b for b in benches if b.get("group") == bench.get("group") and analysis.technique_of(b) == s.reference),
            {},
        )
        mine, theirs = bench.get("extra_info") or {}, reference.get("extra_info") or {}
        problem = measure.cores_check(
            s.factor,
            mine.get("cores"),
            theirs.get("cores"),
            mine.get("cores_waiting", 0.0),
            theirs.get("cores_waiting", 0.0),
        )
        if problem:
            problems[fullname] = problem
    return problems


@pytest.hookimpl(wrapper=True, tryfirst=True)  # around pytest's own summary: the speedup table comes last
def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> Any:
    bs = _session(config)
    benches = _live_benchmarks(bs) if bs is not None and not bs.disabled else []
    tr = terminalreporter
    if benches and not config.getoption("benchmark_tables"):
        bs.quiet = True  # pytest-benchmark's own tables, 130 to 210 columns wide
        tr.reportchars = tr.reportchars.replace("s", "")  # skip reasons: summarised below the table
    try:
        return (yield)
    finally:
        if bs is not None and not bs.disabled:
            _where_saved(tr, config, bs)  # before the table: on a projector the table comes last
        if benches:
            _speedup_summary(tr, config, bs, benches)


def _where_saved(tr: Any, config: pytest.Config, bs: Any) -> None:
    """One line: where the run was saved, or that nothing was saved and why."""
    saved = getattr(bs.storage, "saved", None)
    problem = config.stash.get(_SAVE_PROBLEM, None)
    if saved:
        tr.write_line(f"optbook: {saved.message}")
    if problem:
        tr.write_line(f"optbook: {'error after saving' if saved else 'nothing saved'}: {problem}")


def _speedup_summary(tr: Any, config: pytest.Config, bs: Any, benches: list[dict[str, Any]]) -> None:
    """The speedup table, then the skip reasons in a few lines."""
    label = config.stash[_LABEL]
    tr.section(f"optbook: speedups (machine {label}, scale {STATE.scale})", sep="=", bold=True)
    tr.write_line(report.describe_peaks(STATE.peaks))
    spread = report.describe_peak_spread(STATE.peaks)
    for line in report.fit_lines([spread] if spread else []):
        tr.write_line(line)
    difference = _machine_difference(bs, label)
    if difference:
        tr.write_line(difference)
    for line in report.fit_lines(report.speedup_report(benches, STATE.peaks, _compared(bs), skipped=STATE.skipped)):
        tr.write_line(line)
    by_name = {b["fullname"]: b for b in benches}
    checks = [
        f"check {analysis.technique_of(by_name[fullname])} ({by_name[fullname].get('group')}): {problem}"
        for fullname, problem in _cores_problems(benches).items()
    ]
    for line in report.fit_lines(checks):  # a projector's 100 columns, as the table
        tr.write_line(line)
    if STATE.timer is not None:
        line = busy.describe(STATE.timer.tally.summary())
        if line:
            tr.write_line("")
            for part in report.fit_lines([line]):
                tr.write_line(part)
    reasons = [str(r.longrepr[2]) for r in tr.stats.get("skipped", []) if isinstance(r.longrepr, tuple)]
    if reasons and not config.getoption("benchmark_tables"):
        tr.write_line("")
        for line in report.skip_summary(reasons):
            tr.write_line(line)


def _compared(bs: Any) -> dict[str, tuple[str, dict[str, Any]]]:
    compared: dict[str, tuple[str, dict[str, Any]]] = {}
    for path, mapping in (bs.compared_mapping or {}).items():
        source = f"{Path(path).parent.name}/{Path(path).name[:4]}"
        for fullname, bench in mapping.items():
            compared.setdefault(fullname, (source, bench))
    return compared


def _machine_difference(bs: Any, label: str) -> str | None:
    """One line on what differs between this machine and the one of the compared run."""
    if not bs.compared_mapping:
        return None
    path = Path(str(bs.storage)) / next(iter(bs.compared_mapping))  # relative to the storage, or absolute
    try:
        saved = results.load_run(path).data.get("machine_info", {}).get("optbook", {})
    except results.ResultsError:
        return None
    now = machine.fingerprint(label)
    keys = ("label", "cpu_model", "logical_cores", "memory_gib", "python")
    diffs = [f"{k} {saved.get(k)} -> {now.get(k)}" for k in keys if saved.get(k) != now.get(k)]
    old_np, new_np = saved.get("versions", {}).get("numpy"), now["versions"].get("numpy")
    if old_np != new_np:
        diffs.append(f"numpy {old_np} -> {new_np}")
    where = f"compared with {path.parent.name}/{path.name}"
    return f"{where}: " + ("; ".join(diffs) if diffs else "same machine, same versions")
