"""Fault injection: faults and bad input never lose or change a saved run, and say what happened in one line.

Every test checks the sha256 of every file saved before it ran (the ``guard``
fixture). The end-to-end cases run the plugin in a separate pytest on a demo
lesson; the full disk and the read-only folder are small tmpfs mounts where the
tests run as root (skipped with a reason elsewhere, or a chmod where that works).
"""

from __future__ import annotations

import errno
import hashlib
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from optbook import cli, results, saving
from tests.helpers import bench, write_run
from tests.test_plugin import DEMO_TEST, DEMO_TOPIC

ROOT = Path(__file__).resolve().parents[1]

WAIT_TEST = """
import os, pathlib, time

def test_wait():
    pathlib.Path(os.environ["OPTBOOK_TEST_MARKER"]).write_text("waiting")
    time.sleep(120)
"""


def sha256s(root: Path) -> dict[str, str]:
    """The checksum of every file under ``root``."""
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


class Guard:
    """Checksums of the files under some folders, taken now and compared later."""

    def __init__(self) -> None:
        self.before: dict[str, str] = {}

    def keep(self, *roots: Path) -> None:
        for root in roots:
            self.before |= sha256s(root)

    def check(self) -> None:
        now = {
            name: hashlib.sha256(Path(name).read_bytes()).hexdigest() if Path(name).exists() else "removed"
            for name in self.before
        }
        assert now == self.before, "a saved file was changed or removed"


@pytest.fixture
def guard() -> Iterator[Guard]:
    kept = Guard()
    yield kept
    kept.check()


@pytest.fixture
def demo(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> pytest.Pytester:
    """The demo lesson of test_plugin, importing this checkout's optbook, with its own temporary folder."""
    pytester.makeconftest('pytest_plugins = ["optbook.plugin"]')
    pytester.makeini(
        "[pytest]\naddopts = --benchmark-autosave --benchmark-min-rounds=3 --benchmark-max-time=0.005"
        " -p no:cacheprovider"
    )
    lesson = pytester.mkpydir("lessons").joinpath("m99_demo")
    lesson.mkdir()
    lesson.joinpath("__init__.py").write_text('"""A demo lesson."""\n')
    lesson.joinpath("demo.py").write_text(DEMO_TOPIC)
    lesson.joinpath("test_demo.py").write_text(DEMO_TEST)
    pytester.path.joinpath("test_wait.py").write_text(WAIT_TEST)
    for var in ("OPTBOOK_MACHINE", "OPTBOOK_SCALE", "OPTBOOK_RESULTS", "CI"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("OPTBOOK_PEAKS", "0")
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # this checkout's optbook, not the installed one
    monkeypatch.setenv("TMPDIR", str(tmp_path_factory.mktemp("tmpdir")))  # where a run falls back to
    return pytester


def optbook_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("optbook: ") and "saved" in line]


def assert_valid_run(path: Path, benchmarks: int) -> dict:
    data = json.loads(path.read_text())
    assert len(data["benchmarks"]) == benchmarks and "optbook" in data
    return data


# -- mounts (root only) ----------------------------------------------------------------------------


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 256 KiB tmpfs, unmounted at the end; skipped where the tests cannot mount (not root)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("needs root to mount a small tmpfs (a full or read-only disk); run as root, e.g. in a container")
    point = tmp_path / "mnt"
    point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(point)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode().strip()}); needs CAP_SYS_ADMIN")
    yield point
    subprocess.run(["umount", "-l", str(point)], check=False)


def fill(folder: Path) -> None:
    """Fill the file system of ``folder`` to the last byte."""
    with (folder / "filler").open("wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"x" * 4096)
        except OSError as err:
            assert err.errno == errno.ENOSPC
    with pytest.raises(OSError), (folder / "one-more").open("wb", buffering=0) as fh:
        fh.write(b"x")


def read_only(folder: Path, mount: Path | None) -> None:
    if mount is not None:
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
    else:
        folder.chmod(0o555)


# -- saving: faults at the end of a pytest run --------------------------------------------------------


def test_a_read_only_results_folder_saves_under_the_temporary_folder(
    demo: pytest.Pytester, tmpfs: Path, guard: Guard
) -> None:
    root = tmpfs / "results"
    old = write_run(root / "laptop", "0001_old.json", [bench("slow", 1.0)])
    guard.keep(root)
    read_only(root, tmpfs)
    result = demo.runpytest_subprocess(
        "lessons", "--scale", "tiny", "--machine", "laptop", f"--benchmark-storage=file://{root}"
    )
    assert result.ret == 0
    result.stdout.fnmatch_lines(["*optbook: speedups (machine laptop, scale tiny)*", "sum_loop*1.00x*"])
    [line] = optbook_lines(result.stdout.str())
    assert "Read-only file system" in line and "instead" in line
    [saved] = (Path(os.environ["TMPDIR"])).glob("optbook-results-*/laptop/0001_*.json")
    assert str(saved) in line
    assert_valid_run(saved, 4)
    assert sorted(p.name for p in (root / "laptop").iterdir()) == [old.name]


def test_a_full_disk_leaves_no_partial_file(demo: pytest.Pytester, tmpfs: Path, guard: Guard) -> None:
    root = tmpfs / "results"
    write_run(root / "laptop", "0001_old.json", [bench("slow", 1.0)])
    guard.keep(root)
    fill(tmpfs)
    result = demo.runpytest_subprocess(
        "lessons", "--scale", "tiny", "--machine", "laptop", f"--benchmark-storage=file://{root}"
    )
    assert result.ret == 0
    result.stdout.fnmatch_lines(["*optbook: speedups (machine laptop, scale tiny)*"])
    [line] = optbook_lines(result.stdout.str())
    assert "No space left on device" in line and "instead" in line
    assert sorted(p.name for p in (root / "laptop").iterdir()) == ["0001_old.json"]  # no half-written file


def _interrupt(demo: pytest.Pytester, kind: signal.Signals) -> tuple[int, str]:
    marker = Path(os.environ["OPTBOOK_TEST_MARKER"])  # pytester.popen passes os.environ on
    proc = demo.popen(
        [sys.executable, "-m", "pytest", "lessons", "test_wait.py", "--scale", "tiny", "--machine", "laptop"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # a shell's background job ignores it
    )
    deadline = time.monotonic() + 300
    while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    proc.send_signal(kind)
    out, _ = proc.communicate(timeout=300)
    return proc.returncode, out.decode()


@pytest.mark.parametrize("kind", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_run_prints_its_table_and_saves_what_ran(
    demo: pytest.Pytester, kind: signal.Signals, tmp_path: Path, guard: Guard, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = demo.path / "results"
    write_run(root / "laptop", "0001_old.json", [bench("slow", 1.0)])
    guard.keep(root)
    monkeypatch.setenv("OPTBOOK_TEST_MARKER", str(tmp_path / "waiting"))
    code, out = _interrupt(demo, kind)
    assert code == pytest.ExitCode.INTERRUPTED, out[-3000:]
    assert "optbook: speedups (machine laptop, scale tiny)" in out
    [line] = optbook_lines(out)
    [saved] = (root / "laptop").glob("0002_*.json")
    assert line == f"optbook: run saved in {saved}"
    assert assert_valid_run(saved, 4)["optbook"]["interrupted"] is True
    assert not list((root / "laptop").glob(".saving-*"))


def test_two_runs_saving_under_one_label_at_once_both_keep_their_file(demo: pytest.Pytester, guard: Guard) -> None:
    root = demo.path / "results"
    write_run(root / "laptop", "0001_old.json", [bench("slow", 1.0)])
    guard.keep(root)
    args = [sys.executable, "-m", "pytest", "lessons", "--scale", "tiny", "--machine", "laptop"]
    procs = [
        demo.popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL) for _ in range(2)
    ]
    outs = [proc.communicate(timeout=300)[0].decode() for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], outs
    saved = sorted((root / "laptop").glob("000[23]_*.json"))
    assert [p.name[:4] for p in saved] == ["0002", "0003"]
    lines = [optbook_lines(out)[0] for out in outs]
    assert sorted(lines) == sorted(f"optbook: run saved in {p}" for p in saved)
    for path in saved:
        assert_valid_run(path, 4)


def test_a_failure_while_saving_still_prints_the_table(demo: pytest.Pytester, guard: Guard) -> None:
    root = demo.path / "results"
    write_run(root / "laptop", "0001_old.json", [bench("slow", 1.0)])
    guard.keep(root)
    conftest = demo.path / "conftest.py"
    conftest.write_text(
        conftest.read_text() + "\n\ndef pytest_benchmark_update_json(config, benchmarks, output_json):\n"
        "    raise RuntimeError('a plugin failed')\n"
    )
    result = demo.runpytest_subprocess("lessons", "--scale", "tiny", "--machine", "laptop")
    assert result.ret == pytest.ExitCode.INTERNAL_ERROR  # the tests passed, but nothing was saved
    result.stdout.fnmatch_lines(["*optbook: speedups (machine laptop, scale tiny)*", "sum_loop*1.00x*"])
    [line] = optbook_lines(result.stdout.str())
    assert line == "optbook: nothing saved: RuntimeError: a plugin failed"
    assert sorted(p.name for p in (root / "laptop").iterdir()) == ["0001_old.json"]


def test_an_empty_machine_label_is_a_usage_error(demo: pytest.Pytester) -> None:
    result = demo.runpytest_subprocess("lessons", "--machine", "")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    [line] = [line for line in result.stderr.lines if line.strip()]
    assert line.startswith("ERROR: empty machine label")


# -- saving: the pieces, in this process ----------------------------------------------------------------


def test_a_taken_number_is_never_overwritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, guard: Guard) -> None:
    folder = tmp_path / "laptop"
    first = write_run(folder, "0001_tag.json", [bench("slow", 1.0)])
    guard.keep(folder)
    monkeypatch.setattr(saving, "next_number", lambda folder: 1)  # as a second run that counted too early
    path = saving.write_exclusive(b"{}", folder, "tag")
    assert path.name == "0002_tag.json" and first.read_text() != "{}"


def _save_one(folder: str) -> str:
    return str(saving.write_exclusive(json.dumps({"benchmarks": [], "pid": os.getpid()}).encode(), Path(folder), "x"))


def test_many_processes_saving_at_once_get_distinct_numbers(tmp_path: Path) -> None:
    with multiprocessing.get_context("fork").Pool(4) as pool:
        paths = pool.map(_save_one, [str(tmp_path)] * 8)
    assert len(set(paths)) == 8
    assert sorted(Path(p).name[:4] for p in paths) == [f"{i:04d}" for i in range(1, 9)]
    assert all(json.loads(Path(p).read_text())["benchmarks"] == [] for p in paths)


def test_a_failed_write_leaves_nothing_and_falls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder, other = tmp_path / "results" / "laptop", tmp_path / "fallback" / "laptop"
    monkeypatch.setattr(saving, "fallback_folder", lambda label: other)
    real_fsync = os.fsync

    def full(fd: int) -> None:
        if Path(os.readlink(f"/proc/self/fd/{fd}")).parent == folder:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(saving.os, "fsync", full)
    saved = saving.save_run(b'{"benchmarks": []}', folder, "tag", "laptop")
    assert list(folder.iterdir()) == []  # neither the temporary file nor a partial run
    assert saved.path == other / "0001_tag.json"
    assert saved.message.startswith(f"cannot save in {folder}/ (No space left on device): run saved in")


def test_nothing_saved_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setattr(saving, "fallback_folder", lambda label: blocker / "laptop")
    saved = saving.save_run(b"{}", blocker / "results", "tag", "laptop")
    assert saved.path is None and saved.message.endswith("nothing saved") and "Not a directory" in saved.message


def test_an_interrupt_while_saving_waits_for_the_file() -> None:
    with saving.signals_deferred() as arrived:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)
    assert arrived == [signal.SIGINT]


# -- reading saved runs: bad files and bad requests -------------------------------------------------------------


@pytest.fixture
def root(tmp_path: Path, guard: Guard) -> Path:
    """A laptop with two small-scale runs and one tiny-scale run, a reference, all guarded."""
    root = tmp_path / "results"
    write_run(root / "laptop", "0001_a.json", [bench("slow", 1.0), bench("fast", 0.1)], scale="small")
    write_run(root / "laptop", "0002_b.json", [bench("slow", 1.0, size=20), bench("fast", 0.2, size=20)], scale="small")
    write_run(root / "laptop", "0003_c.json", [bench("slow", 9.0), bench("fast", 9.0)], scale="tiny")
    write_run(root / "reference", "0001_r.json", [bench("slow", 0.5), bench("fast", 0.05)], scale="tiny")
    guard.keep(root)
    return root


def run_cli(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, list[str]]:
    code = cli.main(["--results", str(root), *args])
    out, err = capsys.readouterr()
    return code, out, [line for line in err.splitlines() if line.strip()]


BAD_FILES = {
    "truncated": b'{"benchmarks": [{"fullname": "x", "stats": {"median": 1',
    "empty": b"",
    "foreign": json.dumps({"benchmarks": [bench("slow", 5.0)]}).encode(),  # pytest-benchmark's, no optbook section
    "missing-field": json.dumps({"benchmarks": [{"fullname": "x"}], "optbook": {"scale": "tiny"}}).encode(),
    "binary": bytes(range(256)) * 8,
    "unterminated": b'{"benchmarks": [{"fullname": "x',
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
@pytest.mark.parametrize("command", ["report", "compare"])
def test_a_bad_file_among_good_ones_is_skipped_with_one_note(
    kind: str, command: str, root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = root / "laptop" / f"0004_{kind}.json"
    bad.write_bytes(BAD_FILES[kind])
    args = ["report", "laptop", "--scale", "tiny"] if command == "report" else ["compare", "laptop", "reference"]
    code, out, err = run_cli(capsys, root, *args)
    assert code == 0 and "fast" in out
    [note] = err
    assert note.startswith(f"optbook {command}: note: laptop: using ") and f"0004_{kind}.json" in note
    assert bad.read_bytes() == BAD_FILES[kind]


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_a_bad_file_named_alone_is_a_one_line_error(kind: str, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = root / "laptop" / f"0004_{kind}.json"
    bad.write_bytes(BAD_FILES[kind])
    code, out, err = run_cli(capsys, root, "report", str(bad))
    assert code == 2 and out == ""
    [line] = err
    assert line.startswith("optbook report: error: ") and str(bad) in line and "at at" not in line


def test_a_huge_file_is_skipped_unread(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    huge = root / "laptop" / "0004_huge.json"
    with huge.open("wb") as fh:
        fh.truncate(results.MAX_BYTES + 1)  # sparse: no disk used
    code, _, err = run_cli(capsys, root, "report", "laptop", "--scale", "tiny")
    assert code == 0
    [note] = err
    assert "0004_huge.json (" in note and "MiB, too big to be a saved run)" in note


def test_runs_of_different_scales_are_never_merged(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, root, "report", "laptop")
    assert code == 0
    assert "scale tiny" in out.splitlines()[0] and "9 s" in out  # the newest run's scale: 0003 alone
    [note] = err
    assert note.endswith("left out 2 run(s) at scale small (0001, 0002; --scale small shows them)")
    code, out, err = run_cli(capsys, root, "report", "laptop", "--scale", "small")
    assert code == 0 and "demo n=10" in out and "demo n=20" in out and "9 s" not in out
    assert "left out 1 run(s) at scale tiny (0003" in err[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "laptop", "--scale", "huge"], "unknown scale 'huge': choose one of tiny, small, medium, large"),
        (
            ["report", "laptop", "--scale", "large"],
            "laptop has no run at scale 'large' (its runs' scales: small, tiny)",
        ),
        (["report", "nobody"], "no saved runs for 'nobody'"),
        (["compare", "laptop", "nobody"], "no saved runs for 'nobody'"),
        (["report", "../laptop"], "'../laptop' is not a label"),
        (["report", "results/laptop"], "'results/laptop' is not a label"),
        (["compare", "laptop", "/etc"], "'/etc' is not a label"),
        (
            ["report", "laptop", "--scale", "tiny", "--lesson", "m09"],
            "no benchmarks of lesson 'm09': its lessons are m99_demo",
        ),
        (["compare", "reference", "laptop", "--scale", "small"], "reference has no run at scale 'small'"),
        (["machine", "--machine", "", "--no-peaks"], "empty machine label"),
    ],
)
def test_bad_requests_are_one_line_errors(
    args: list[str], message: str, root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(capsys, root, *args)
    assert code == 2 and out == ""
    [line] = err
    assert message in line and "Traceback" not in line


def test_runs_with_no_benchmark_in_common(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_run(root / "other", "0001_o.json", [bench("slow", 1.0, size=99)], scale="tiny")
    code, out, err = run_cli(capsys, root, "compare", "laptop", "other")
    assert code == 2 and out == ""
    [line] = err
    assert line.endswith("laptop and other have no benchmark in common (compare runs of the same lessons)")


def test_compare_uses_one_reference_technique_on_both_sides(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the node skipped the baseline at n=10: both sides' speedups are then against 'medium'
    write_run(root / "laptop", "0004_m.json", [bench("medium", 0.5), bench("fast", 0.1)], scale="tiny")
    write_run(root / "node", "0001_m.json", [bench("medium", 0.2), bench("fast", 0.05)], scale="tiny")
    code, out, _ = run_cli(capsys, root, "compare", "laptop", "node")
    assert code == 0
    assert "demo n=10: the baseline slow is missing on node: speedups on every side are against medium" in out
    fast = next(line for line in out.splitlines() if line.startswith("fast"))
    assert fast.split()[-2:] == ["5.00x", "4.00x"]  # 0.5/0.1 on the laptop, 0.2/0.05 on the node
    assert "m99_demo: laptop vs node: geometric mean gain" in out  # in the order given


def test_the_run_to_compare_shares_the_most_benchmarks(tmp_path: Path) -> None:
    names = {bench(t, 1.0, size=s)["fullname"] for t in ("slow", "fast") for s in (10, 20)}
    all4 = [bench(t, 1.0, size=s) for t in ("slow", "fast") for s in (10, 20)]
    write_run(tmp_path / "laptop", "0001_full.json", all4, scale="tiny")
    write_run(tmp_path / "laptop", "0002_k.json", all4[:1], scale="tiny")  # a later -k run
    write_run(tmp_path / "laptop", "0003_small.json", all4, scale="small")  # another scale
    (tmp_path / "laptop" / "0004_bad.json").write_text("{")
    choice = results.run_to_compare(tmp_path, "laptop", "tiny", names)
    assert choice.path == tmp_path / "laptop" / "0001_full.json"
    assert choice.reason == (
        "comparing with laptop/0001_full: it shares 4 of this session's 4 benchmarks, "
        "the most of 2 run(s) of laptop at scale tiny"
    )
    assert len(choice.skipped) == 1 and "0004_bad.json" in choice.skipped[0]


def test_list_from_a_lesson_folder_finds_the_projects_results(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "optbook"\n')
    write_run(tmp_path / "results" / "laptop", "0001_a.json", [bench("slow", 1.0)])
    (tmp_path / "lessons" / "m09_matmul").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "lessons" / "m09_matmul")
    monkeypatch.delenv("OPTBOOK_RESULTS", raising=False)
    assert results.results_dir() == tmp_path / "results"


def test_a_closed_pipe_ends_quietly(root: Path) -> None:
    for i in range(1, 1000):  # more lines than a pipe holds
        write_run(root / "many", f"{i:04d}_x.json", [bench("slow", 1.0)])
    proc = subprocess.Popen(
        [sys.executable, "-m", "optbook.cli", "--results", str(root), "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # as `| head -1` does
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "Traceback" not in err and "BrokenPipeError" not in err


def test_a_missing_optional_package_is_one_line(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    write_run(root / "gpu", "0001_g.json", [bench("slow", 1.0, flops=1e9, bytes=1e8)], scale="tiny")
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if not installed
    code = cli.main(["--results", str(root), "roofline", "gpu", "-o", str(tmp_path / "r.png")])
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert code == 2
    assert (
        err[-1]
        == "optbook roofline: error: this needs the package matplotlib, which is not installed (pip install matplotlib)"
    )


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    for command in ("compare", "list", "report", "refresh-docs", "machine", "checklist", "monitor", "roofline"):
        assert f"    {command} " in out, command


def test_list_marks_foreign_and_interrupted_runs(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (root / "laptop" / "0004_foreign.json").write_bytes(BAD_FILES["foreign"])
    write_run(root / "laptop", "0005_stopped.json", [bench("slow", 1.0)], interrupted=True)
    code, out, err = run_cli(capsys, root, "list")
    assert code == 0 and err == []
    assert "0004_foreign.json  skipped: not an optbook run (no 'optbook' section)" in out
    assert next(line for line in out.splitlines() if "0005_stopped" in line).endswith("(interrupted)")
