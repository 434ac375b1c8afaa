"""A one-node SLURM cluster on this machine: started in a folder, always stopped.

    python -m optbook.cluster.local [--folder DIR] -- COMMAND ...

starts ``munged``, ``slurmctld`` and ``slurmd`` (as root: the cluster's ``SlurmUser`` is root),
runs COMMAND with ``SLURM_CONF`` pointing at the cluster (so ``sbatch``, ``squeue`` and
``optbook slurm`` use it), then cancels the cluster's jobs and stops the three daemons by the pids
it started, whatever COMMAND did. The tests use :func:`one_node_slurm` the same way.

Everything lives in one folder: the munge key and socket, ``slurm.conf``, the daemons' logs,
state and spool. The system's own munge and SLURM configuration are not touched.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

PACKAGES = "slurm-wlm munge"  # Debian and Ubuntu package names
DAEMONS = ("munged", "slurmctld", "slurmd")
CLIENTS = ("munge", "sbatch", "squeue", "sinfo", "scontrol", "scancel")
INSTALL_ENV_VAR = "OPTBOOK_INSTALL_SLURM"  # "1": the tests may apt-get install the packages (as root)
PARTITION = "optbook"
_SEARCH_PATH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin", "/usr/local/sbin"])


class SlurmUnavailable(RuntimeError):
    """SLURM cannot run here; the message says what to install or change."""


def missing_programs() -> list[str]:
    """The SLURM and munge programs this machine lacks."""
    return [name for name in DAEMONS + CLIENTS if shutil.which(name, path=_SEARCH_PATH) is None]


def install_allowed() -> bool:
    """Installing packages is allowed in CI ($CI) or when $OPTBOOK_INSTALL_SLURM is 1, and only as root."""
    wanted = bool(os.environ.get("CI")) or os.environ.get(INSTALL_ENV_VAR) == "1"
    return wanted and os.geteuid() == 0


def why_unavailable(install: bool = False) -> str | None:
    """Why a one-node SLURM cannot start here (None when it can); installs the packages first if ``install``."""
    if missing_programs() and install:
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "install", "-y", *PACKAGES.split()], env=env, capture_output=True, check=False)
    missing = missing_programs()
    if missing:
        return (
            f"SLURM is not installed (no {', '.join(missing)}): apt-get install {PACKAGES} "
            f"(as root; the tests do it themselves with CI=true or {INSTALL_ENV_VAR}=1)"
        )
    if os.geteuid() != 0:
        return "a one-node SLURM runs its daemons as root (SlurmUser=root): run as root"
    return None


def _program(name: str) -> str:
    found = shutil.which(name, path=_SEARCH_PATH)
    if found is None:
        raise SlurmUnavailable(f"{name} not found: apt-get install {PACKAGES}")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def node_line(node: str) -> str:
    """This machine as a SLURM node, from ``slurmd -C`` (CPUs, sockets, cores, threads), with a
    tenth of its memory left to the system."""
    out = subprocess.run([_program("slurmd"), "-C"], capture_output=True, text=True, check=False).stdout
    words = [w for w in out.split() if "=" in w and not w.startswith(("NodeName=", "UpTime="))]
    fields = dict(w.split("=", 1) for w in words)
    if "CPUs" not in fields:
        fields["CPUs"] = str(os.cpu_count() or 1)
    mib = int(fields.get("RealMemory", "1024"))
    fields["RealMemory"] = str(max(256, mib * 9 // 10))
    return f"NodeName={node} NodeAddr=127.0.0.1 " + " ".join(f"{k}={v}" for k, v in fields.items()) + " State=UNKNOWN"


def slurm_conf(folder: Path, node: str, node_spec: str, ports: tuple[int, int]) -> str:
    """The text of a one-node slurm.conf whose files all live in ``folder``."""
    return f"""\
# A one-node SLURM cluster for optbook's tests (optbook.cluster.local); every file in {folder}
ClusterName=optbook
SlurmctldHost={node}(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort={ports[0]}
SlurmdPort={ports[1]}
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket={folder / "munge.socket"}
StateSaveLocation={folder / "state"}
SlurmdSpoolDir={folder / "spool"}
SlurmctldPidFile={folder / "slurmctld.pid"}
SlurmdPidFile={folder / "slurmd.pid"}
SlurmctldLogFile={folder / "slurmctld.log"}
SlurmdLogFile={folder / "slurmd.log"}
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmdParameters=config_overrides
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
{node_spec}
PartitionName={PARTITION} Nodes={node} Default=YES MaxTime=INFINITE State=UP
"""


@dataclass
class OneNodeSlurm:
    """A running one-node cluster: its folder, node, partition, configuration and daemons."""

    folder: Path
    node: str
    conf: Path
    partition: str = PARTITION
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def env(self) -> dict[str, str]:
        """This process's environment with SLURM_CONF set to the cluster's configuration."""
        return dict(os.environ, SLURM_CONF=str(self.conf))

    def run(self, *command: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
        """Run a SLURM client command (sinfo, squeue, ...) against this cluster."""
        return subprocess.run(command, env=self.env, capture_output=True, text=True, timeout=timeout, check=False)

    def node_state(self) -> str:
        return self.run("sinfo", "-h", "-n", self.node, "-o", "%T").stdout.strip()

    def jobs(self) -> list[str]:
        """The ids of the jobs still queued or running."""
        return self.run("squeue", "-h", "-o", "%i").stdout.split()

    def log_tail(self, lines: int = 15) -> str:
        """The last lines of the daemons' logs, to explain a failure."""
        parts = []
        for name in ("munged.log", "slurmctld.log", "slurmd.log"):
            path = self.folder / name
            if path.exists():
                parts.append(f"--- {name}\n" + "\n".join(path.read_text(errors="replace").splitlines()[-lines:]))
        return "\n".join(parts)


def _wait_for(condition: Callable[[], bool], seconds: float, what: str, cluster: OneNodeSlurm) -> None:
    """Wait until ``condition()`` holds; raise SlurmUnavailable (with the logs) if a daemon stops or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        for process in cluster.processes:
            if process.poll() is not None:
                raise SlurmUnavailable(f"{Path(str(process.args[0])).name} stopped: {what}\n{cluster.log_tail()}")
        time.sleep(0.2)
    raise SlurmUnavailable(f"timed out after {seconds:.0f} s: {what}\n{cluster.log_tail()}")


def _start(cluster: OneNodeSlurm, *command: str) -> None:
    log = open(cluster.folder / f"{Path(command[0]).name}.out", "wb")  # noqa: SIM115 (kept open while it runs)
    cluster.processes.append(subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=cluster.env))
    log.close()


def _stop(cluster: OneNodeSlurm) -> None:
    """Cancel the cluster's jobs, then stop the daemons this module started (newest first), by pid."""
    if cluster.processes and all(p.poll() is None for p in cluster.processes):
        try:
            cluster.run("scancel", "--partition", cluster.partition, timeout=10)
            deadline = time.monotonic() + 20
            while cluster.jobs() and time.monotonic() < deadline:
                time.sleep(0.3)
        except (OSError, subprocess.SubprocessError):
            pass
    for process in reversed(cluster.processes):
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
    cluster.processes.clear()


@contextmanager
def one_node_slurm(folder: Path) -> Iterator[OneNodeSlurm]:
    """Start munged, slurmctld and slurmd with their files in ``folder``; yield the cluster once its
    node is idle; cancel its jobs and stop the daemons on the way out, even after an error."""
    reason = why_unavailable()
    if reason:
        raise SlurmUnavailable(reason)
    folder = folder.resolve()
    for sub in ("state", "spool"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    node = socket.gethostname().split(".")[0]
    conf = folder / "slurm.conf"
    conf.write_text(slurm_conf(folder, node, node_line(node), (_free_port(), _free_port())))
    key = folder / "munge.key"
    key.write_bytes(secrets.token_bytes(1024))
    key.chmod(0o400)
    cluster = OneNodeSlurm(folder=folder, node=node, conf=conf)
    try:
        socket_path = folder / "munge.socket"
        _start(
            cluster, _program("munged"), "--foreground", "--force", f"--socket={socket_path}", f"--key-file={key}",
            f"--pid-file={folder / 'munged.pid'}", f"--log-file={folder / 'munged.log'}",
            f"--seed-file={folder / 'munged.seed'}",
        )  # fmt: skip
        _wait_for(socket_path.exists, 15, "munged did not create its socket", cluster)
        _start(cluster, _program("slurmctld"), "-D", "-f", str(conf))
        _wait_for(lambda: cluster.run("scontrol", "ping").returncode == 0, 30, "slurmctld did not answer", cluster)
        _start(cluster, _program("slurmd"), "-D", "-f", str(conf), "-N", node)
        _wait_for(lambda: cluster.node_state() in ("idle", "mixed", "allocated"), 30, "node not idle", cluster)
        yield cluster
    finally:
        _stop(cluster)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise SlurmUnavailable(message)


def _raise_exit(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command against a one-node SLURM started for it; its exit status, or 2 and one line."""
    parser = _Parser(prog="python -m optbook.cluster.local", description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, help="where the cluster's files go (default: a new temporary folder)")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command to run, after --")
    # a kill (SIGTERM, SIGHUP) unwinds like Ctrl-C, so that the daemons are still stopped
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _raise_exit)
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
        command = args.command[1:] if args.command[:1] == ["--"] else args.command
        if not command:
            raise SlurmUnavailable("give the command to run after --, e.g. -- optbook slurm --wait")
        folder = args.folder or Path(tempfile.mkdtemp(prefix="optbook-slurm-"))
        with one_node_slurm(folder) as cluster:
            print(f"one-node SLURM up: node {cluster.node}, partition {cluster.partition}, SLURM_CONF={cluster.conf}")
            sys.stdout.flush()
            status = subprocess.run(command, env=cluster.env, check=False).returncode
        print(f"one-node SLURM stopped (its files: {folder})")
        return status
    except SlurmUnavailable as err:
        print(f"optbook.cluster.local: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
