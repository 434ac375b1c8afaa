"""``optbook slurm`` and Dask on SLURM: the batch script (unit tests, sbatch faked), then the real
thing on a one-node SLURM started on this machine for the session (optbook.cluster.local).

The SLURM tests need slurmctld, slurmd and munge (Debian: apt-get install slurm-wlm munge) and
root; with CI=true or OPTBOOK_INSTALL_SLURM=1 the fixture installs the packages itself (as root).
Elsewhere they are skipped, saying what to install. The daemons are stopped by the pids the
fixture started, whatever the tests did.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from optbook import cli, results
from optbook.cluster import dask_cluster, local, slurm

BOOK = Path(__file__).resolve().parent.parent
# a few quick techniques of the matrix-multiplication lesson: its baseline and NumPy's
QUICK = "-k '(python_ijk or numpy_einsum or numpy_one_thread) and not agrees' --benchmark-max-time=0.02"


# --- the batch script, with sbatch faked --------------------------------------------------------


@pytest.fixture
def fake_sbatch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An sbatch on PATH that records its arguments in ``calls`` and answers like sbatch --parsable."""
    folder = tmp_path / "bin"
    folder.mkdir()
    calls = tmp_path / "calls"
    script = folder / "sbatch"
    script.write_text(f'#!/bin/sh\necho "$@" >> {calls}\necho "4242;cluster"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.chdir(BOOK)
    return calls


def run_slurm(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["slurm", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_dry_run_prints_every_option_and_submits_nothing(
    fake_sbatch: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "activate").write_text("")
    logs = tmp_path / "logs"
    code, script, err = run_slurm(
        capsys, "--dry-run", "--machine", "node-1core", "--scale", "tiny", "--lessons", "m09_matmul", "m02_layers",
        "--partition", "short", "--account", "proj42", "--time", "0:30:00", "--venv", str(venv),
        "--module", "Python/3.11.5", "--cpus", "1", "--sbatch=--qos=quick", "--pytest-args", "-k 'not agrees'",
        "--logs", str(logs), "--results", str(tmp_path / "shared"),
    )  # fmt: skip
    assert (code, err) == (0, "")
    for line in (
        "#SBATCH --array=0-1",
        "#SBATCH --exclusive",
        "#SBATCH --cpus-per-task=1",
        "#SBATCH --time=0:30:00",
        "#SBATCH --partition=short",
        "#SBATCH --account=proj42",
        "#SBATCH --qos=quick",
        f"#SBATCH --output={logs}/optbook-%A_%a.out",
        "LESSONS=(m09_matmul m02_layers)",
        f"export OPTBOOK_RESULTS={tmp_path / 'shared'}",
        "export OPTBOOK_SCALE=tiny",
        "export OPTBOOK_MACHINE=node-1core",
        "module load Python/3.11.5",
        f". {venv}/bin/activate",
        'BIND="taskset -c $CORES"',
    ):
        assert line in script, line
    assert "-k 'not agrees'" in script
    assert script.index("module load") < script.index(f". {venv}") < script.index("python -m pytest")
    assert subprocess.run(["bash", "-n"], input=script, text=True, check=False).returncode == 0
    assert not fake_sbatch.exists()  # sbatch never called
    assert not logs.exists()  # nothing written


def test_default_script_runs_every_lesson_on_whole_nodes(
    fake_sbatch: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in [k for k in os.environ if k.startswith("OPTBOOK_DASK")]:
        monkeypatch.delenv(name)
    code, script, _ = run_slurm(capsys, "--dry-run", "--no-venv")
    lessons = slurm.all_lessons(BOOK)
    assert code == 0 and len(lessons) >= 10
    assert f"#SBATCH --array=0-{len(lessons) - 1}" in script
    assert "LESSONS=(" + " ".join(lessons) + ")" in script
    assert "#SBATCH --exclusive" in script and "--cpus-per-task" not in script and "--partition" not in script
    assert "unset OPTBOOK_MACHINE" in script  # each node's own name
    assert "export OPTBOOK_SCALE=small" in script and "activate" not in script
    assert 'BIND=""' in script
    assert "OPTBOOK_DASK" not in script


def test_dask_settings_travel_in_the_script(
    fake_sbatch: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPTBOOK_DASK", "slurm")
    monkeypatch.setenv("OPTBOOK_DASK_INTERFACE", "ib0")
    code, script, _ = run_slurm(capsys, "--dry-run", "--lessons", "m07_basics")
    assert code == 0
    assert "export OPTBOOK_DASK=slurm\nexport OPTBOOK_DASK_INTERFACE=ib0\n" in script


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lessons", "m99_nothing"], "no lesson 'm99_nothing'"),
        (["--lessons", "../etc"], "no lesson '../etc'"),
        (["--lessons", "m09_matmul", "m09_matmul"], "named twice"),
        (["--machine", "a b"], "bad machine label"),
        (["--scale", "huge"], "huge"),
        (["--time", "1 hour"], "bad --time"),
        (["--partition", "a;rm -rf /"], "bad --partition"),
        (["--account", "x y"], "bad --account"),
        (["--module", "Python 3"], "bad --module"),
        (["--cpus", "0"], "bad --cpus"),
        (["--cpus", "two"], "invalid int value"),
        (["--venv", "/no/such/venv"], "bad --venv"),
        (["--sbatch", "qos=short"], "bad --sbatch"),
        (["--pytest-args", "-k 'unclosed"], "bad --pytest-args"),
        (["--no-such-option"], "unrecognized arguments"),
    ],
)
def test_bad_options_give_one_line_and_status_2(
    fake_sbatch: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run_slurm(capsys, *args)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("optbook slurm: error: ") and message in err
    assert not fake_sbatch.exists()


def test_submit_writes_the_script_and_prints_the_compare_command(
    fake_sbatch: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logs = tmp_path / "logs"
    code, out, err = run_slurm(
        capsys, "--machine", "node-a", "--lessons", "m09_matmul", "--logs", str(logs), "--laptop", "my-laptop"
    )
    assert (code, err) == (0, "")
    assert "submitted job array 4242: 1 task(s) (m09_matmul) at scale small" in out
    assert out.strip().splitlines()[-1] == "    optbook compare my-laptop node-a"
    (script,) = logs.glob("optbook-*-node-a.sbatch")
    assert "export OPTBOOK_MACHINE=node-a" in script.read_text()
    assert fake_sbatch.read_text().split() == ["--parsable", str(script)]


def test_results_option_before_the_command_reaches_the_script(
    fake_sbatch: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["--results", str(tmp_path / "elsewhere"), "slurm", "--dry-run", "--lessons", "m09_matmul"])
    assert code == 0
    assert f"export OPTBOOK_RESULTS={tmp_path / 'elsewhere'}" in capsys.readouterr().out


def test_sbatch_refusal_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "sbatch").write_text("#!/bin/sh\necho 'sbatch: error: invalid partition specified: nope' >&2\nexit 1\n")
    (folder / "sbatch").chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.chdir(BOOK)
    code, out, err = run_slurm(capsys, "--lessons", "m09_matmul", "--logs", str(tmp_path / "logs"))
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [
        f"optbook slurm: error: sbatch refused {next((tmp_path / 'logs').glob('*.sbatch'))}: "
        "sbatch: error: invalid partition specified: nope"
    ]


def test_one_node_configuration_keeps_its_files_in_its_folder(tmp_path: Path) -> None:
    text = local.slurm_conf(tmp_path, "node0", "NodeName=node0 CPUs=2 RealMemory=1000", (7001, 7002))
    for line in ("SlurmUser=root", "AuthType=auth/munge", "ProctrackType=proctrack/linuxproc", "TaskPlugin=task/none"):
        assert line in text.splitlines()
    assert f"AuthInfo=socket={tmp_path}/munge.socket" in text
    assert "SelectType=select/cons_tres" in text and "SelectTypeParameters=CR_Core" in text
    paths = [v for k, _, v in (line.partition("=") for line in text.splitlines()) if k.endswith(("Location", "Dir"))]
    assert paths and all(p.startswith(str(tmp_path)) for p in paths)


def test_unknown_dask_kind_is_a_reason_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(dask_cluster.ENV_VAR, "kubernetes")
    with dask_cluster.dask_client(1) as client:
        assert isinstance(client, str) and "OPTBOOK_DASK='kubernetes'" in client


def test_without_slurm_the_reason_names_the_packages(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(local, "_SEARCH_PATH", str(tmp_path))
    reason = local.why_unavailable(install=False)
    assert reason is not None and "apt-get install slurm-wlm munge" in reason and "slurmctld" in reason
    with pytest.raises(local.SlurmUnavailable, match="slurm-wlm munge"), local.one_node_slurm(tmp_path):
        pass


# --- a real one-node SLURM --------------------------------------------------------------------


@pytest.fixture(scope="session")
def slurm_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[local.OneNodeSlurm]:
    """A one-node SLURM on this machine for the session, SLURM_CONF set while it runs; its jobs are
    cancelled and its daemons stopped (by their pids) at the end, even when a test failed."""
    reason = local.why_unavailable(install=local.install_allowed())
    if reason:
        pytest.skip(reason)
    before = os.environ.get("SLURM_CONF")
    try:
        with local.one_node_slurm(tmp_path_factory.mktemp("slurm")) as cluster:
            os.environ["SLURM_CONF"] = str(cluster.conf)
            yield cluster
    finally:
        if before is None:
            os.environ.pop("SLURM_CONF", None)
        else:
            os.environ["SLURM_CONF"] = before


def test_daemons_are_stopped_even_when_the_body_fails(slurm_cluster: local.OneNodeSlurm, tmp_path: Path) -> None:
    """A second one-node cluster beside the session's: its own folder, ports and munge socket."""
    started: list[int] = []
    with pytest.raises(RuntimeError, match="a failing test"), local.one_node_slurm(tmp_path) as cluster:
        started = [p.pid for p in cluster.processes]
        assert cluster.node_state() == "idle"
        raise RuntimeError("a failing test")
    assert len(started) == 3
    assert not [pid for pid in started if psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie"]
    assert slurm_cluster.node_state() in ("idle", "mixed", "allocated")  # the session's cluster is untouched


def optbook(*args: str, env: dict[str, str] | None = None, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run the optbook command of this checkout, as a user would."""
    env = dict(os.environ, OPTBOOK_PEAKS="0", **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "optbook.cli", *args],
        cwd=BOOK, env=env, capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip


def test_job_array_saves_each_task_under_its_label_and_compares(
    slurm_cluster: local.OneNodeSlurm, tmp_path: Path
) -> None:
    root, logs = tmp_path / "results", tmp_path / "logs"
    common = ["--scale", "tiny", "--results", str(root), "--logs", str(logs), "--pytest-args", QUICK, "--wait"]
    # two tasks at once (one core each, sharing the node), saving under one label at about the same moment
    both = optbook(
        "slurm", "--machine", "node-a", "--lessons", "m09_matmul", "m09_matmul/test_matmul.py",
        "--cpus", "1", "--no-exclusive", "--laptop", "node-b", *common,
    )  # fmt: skip
    logged = "\n".join(p.read_text() for p in sorted(logs.glob("*.out")))
    assert both.returncode == 0, both.stdout + both.stderr + logged
    assert "optbook compare node-b node-a" in both.stdout
    # a second "machine": the whole node, one task
    whole = optbook("slurm", "--machine", "node-b", "--lessons", "m09_matmul", *common)
    assert whole.returncode == 0, whole.stdout + whole.stderr
    assert "#SBATCH --exclusive" in next(logs.glob("*-node-b.sbatch")).read_text()

    saved = results.run_files(root, "node-a")
    assert len(saved) == 2 and saved[0].name != saved[1].name, saved
    runs = [results.load_run(p) for p in saved]
    assert all(run.benchmarks for run in runs)
    assert [run.data["machine_info"]["optbook"]["usable_cores"] for run in runs] == [1, 1]  # taskset to one core
    assert f"saved under node-a: {saved[0].name}, {saved[1].name}" in both.stdout
    (node_b,) = results.run_files(root, "node-b")
    assert results.load_run(node_b).data["machine_info"]["optbook"]["label"] == "node-b"

    compared = optbook("--results", str(root), "compare", "node-b", "node-a")
    assert compared.returncode == 0, compared.stderr
    assert "benchmarks in common" in compared.stdout and "geometric mean gain" in compared.stdout


def test_failed_task_makes_the_command_fail(slurm_cluster: local.OneNodeSlurm, tmp_path: Path) -> None:
    done = optbook(
        "slurm", "--machine", "broken", "--lessons", "m09_matmul", "--scale", "tiny", "--no-exclusive",
        "--results", str(tmp_path), "--logs", str(tmp_path / "logs"), "--pytest-args=--no-such-pytest-option",
        "--wait",
    )  # fmt: skip
    assert done.returncode == 1
    assert "some tasks failed" in done.stdout


def _dask_jobs(cluster: local.OneNodeSlurm) -> list[str]:
    return [line for line in cluster.run("squeue", "-h", "-o", "%j %T").stdout.splitlines() if "optbook-dask" in line]


def test_dask_workers_run_as_slurm_jobs_and_end_with_the_client(
    slurm_cluster: local.OneNodeSlurm, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from lessons.m07_basics import cpu_bound

    monkeypatch.setenv(dask_cluster.ENV_VAR, "slurm")
    monkeypatch.setenv("OPTBOOK_DASK_WORKERS", "2")
    monkeypatch.setenv("OPTBOOK_DASK_LOGS", str(tmp_path))
    jobs = [(0, 1000), (1000, 5000), (7, 7), (5, 2)]
    with dask_cluster.dask_client(2) as client:
        assert not isinstance(client, str), client
        assert len(client.scheduler_info()["workers"]) == 2
        assert _dask_jobs(slurm_cluster) == ["optbook-dask RUNNING"] * 2  # two one-core workers, two jobs
        assert cpu_bound.primes_dask(jobs, 2) == cpu_bound.primes_serial(jobs, 1)
    deadline = time.monotonic() + 30
    while [j for j in _dask_jobs(slurm_cluster) if "COMPLETING" not in j] and time.monotonic() < deadline:
        time.sleep(0.5)
    assert [j for j in _dask_jobs(slurm_cluster) if "COMPLETING" not in j] == []
    assert len(list(tmp_path.glob("*.out"))) == 2  # each worker job's log


def test_lessons_dask_techniques_on_slurm(slurm_cluster: local.OneNodeSlurm, tmp_path: Path) -> None:
    """m06's and m07's Dask techniques, their benchmarks and equivalence tests, on two one-core SLURM workers."""
    env = dict(os.environ, OPTBOOK_DASK="slurm", OPTBOOK_DASK_WORKERS="2", OPTBOOK_PEAKS="0")
    env["OPTBOOK_DASK_LOGS"] = str(tmp_path)
    done = subprocess.run(
        [
            sys.executable, "-m", "pytest", "lessons/m07_basics/test_cpu_bound.py",
            "lessons/m06_data_access/test_parallel.py", "-k", "dask", "--scale", "tiny", "--benchmark-disable",
            "-p", "no:cacheprovider", "-q", "-rs",
        ],
        cwd=BOOK, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    summary = done.stdout.strip().splitlines()[-1]
    assert done.returncode == 0 and "skipped" not in summary, done.stdout[-3000:] + done.stderr[-2000:]
    assert "passed" in summary
    assert _dask_jobs(slurm_cluster) == [] or all("COMPLETING" in j for j in _dask_jobs(slurm_cluster))
