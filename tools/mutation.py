"""Mutation testing of one lesson's techniques with mutmut 3 (https://mutmut.readthedocs.io).

    python tools/mutation.py m01                 # mutate lessons/m01_*/<topic>.py, run m01's tests
    python tools/mutation.py m01 --survivors     # after sharpening a test: the survivors again
    python tools/mutation.py m01 --summary-only  # print the summary of the last run again

mutmut rewrites every function of the topic modules into many small variants ("mutants": a `<`
turned into `<=`, a `+` into `-`, a constant changed, an argument dropped) and runs the lesson's
tests against each one. A mutant the tests fail on is *killed*; one they pass on *survived*: either
the tests miss a real bug there, or the change makes no difference to the result (an equivalent
mutant, or code that only affects speed or a message).

The settings shared by every lesson are in pyproject.toml's [tool.mutmut]. This script narrows them
to one lesson in a work folder mutants/<lesson>/ (links to the book, a pyproject.toml of its own),
so that a run collects and runs only that lesson's tests; mutmut writes its copies and results in
mutants/<lesson>/mutants/. Functions with a decorator (the numba kernels) are left alone by mutmut
3: they are counted apart in the summary.
"""

from __future__ import annotations

import argparse
import ast
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_TOPICS = {"__init__.py", "conftest.py", "exercises.py", "solutions.py"}
LINKED = ("lessons", "optbook", "conftest.py", "pytest.ini", "docs")
JIT_DECORATORS = {"njit", "jit", "vectorize", "guvectorize", "stencil", "cfunc"}
# mutmut's exit codes (mutmut/stats.py, status_by_exit_code), grouped as the summary reports them
STATUS = {1: "killed", 3: "killed", 0: "survived", 36: "timeout", -24: "timeout", 24: "timeout", 152: "timeout"}
STATUS.update({255: "timeout", 5: "no tests", 33: "no tests", 34: "skipped", -11: "segfault", -9: "segfault"})
STATUS.update({2: "interrupted"})  # pytest's exit status 2: the run was interrupted, nothing decided


def lesson_dir(name: str) -> Path:
    found = sorted((ROOT / "lessons").glob(f"{name}*"))
    if len(found) != 1 or not found[0].is_dir():
        sys.exit(f"no single lesson folder matches {name!r}: {[p.name for p in found]}")
    return found[0]


def topic_modules(lesson: Path) -> list[Path]:
    """The files whose functions are techniques: not tests, helpers (_*.py), exercises or solutions."""
    return [
        p for p in sorted(lesson.glob("*.py")) if p.name not in NOT_TOPICS and not p.name.startswith(("_", "test_"))
    ]


def decorated_functions(path: Path) -> tuple[list[str], list[str]]:
    """(numba-compiled, other decorated) function names of a module: mutmut 3 does not mutate either."""
    jit, other = [], []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.decorator_list:
            names = set()
            for dec in node.decorator_list:
                target = dec.func if isinstance(dec, ast.Call) else dec
                names.add(target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", ""))
            (jit if names & JIT_DECORATORS else other).append(node.name)
    return jit, other


def module_functions(tree: ast.Module) -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
    """A module's top-level functions by name."""
    return {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}


def reachable(top: dict[str, ast.FunctionDef | ast.AsyncFunctionDef], seeds: list[str]) -> set[str]:
    """The functions of ``top`` that ``seeds`` name, and every one of ``top`` they call, directly or not."""
    reached, stack = set(seeds), list(seeds)
    while stack:
        for node in ast.walk(top[stack.pop()]):
            if isinstance(node, ast.Name) and node.id in top and node.id not in reached:
                reached.add(node.id)
                stack.append(node.id)
    return reached


def mutation_targets(path: Path) -> tuple[list[str], list[str]]:
    """(mutated, input generators) among a module's functions without decorators. A private function
    that no technique reaches (``_readings``, ``_weather``) only makes the tests' inputs: a mutant there
    changes the data, not a technique, so it is left out (and listed) rather than run."""
    tree = ast.parse(path.read_text())
    top = module_functions(tree)
    plain = [name for name, node in top.items() if not node.decorator_list]
    rest = [n for n in tree.body if not isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    seeds = [name for name in top if not name.startswith("_")]
    seeds += [n.id for stmt in rest for n in ast.walk(stmt) if isinstance(n, ast.Name) and n.id in top]
    reached = reachable(top, seeds)
    generators = [name for name in plain if name not in reached]
    return [name for name in plain if name in reached], generators


def mutant_globs(lesson: Path) -> list[str]:
    """mutmut name patterns of every mutated function (and method) of the lesson's topic modules."""
    globs = []
    for path in topic_modules(lesson):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        globs += [f"{module}.x_{name}__mutmut_*" for name in mutation_targets(path)[0]]
        tree = ast.parse(path.read_text())
        globs += [f"{module}.x\u01c1{n.name}\u01c1*" for n in tree.body if isinstance(n, ast.ClassDef)]
    return globs


def undecided(lesson: Path, work: Path) -> list[str] | None:
    """The mutants of a started run still to be run (not checked yet, or interrupted), of the functions
    that mutmut saw a test reach; None before a first run. mutmut itself would run again every
    mutant a pattern names, so a run that was stopped resumes with these names instead."""
    stats = work / "mutants" / "mutmut-stats.json"
    if not stats.exists():
        return None
    tested = set(json.loads(stats.read_text())["tests_by_mangled_function_name"])
    names = []
    for path in topic_modules(lesson):
        meta = work / "mutants" / (path.relative_to(ROOT).as_posix() + ".meta")
        targets = set(mutation_targets(path)[0])
        if not meta.exists():
            return None
        for key, code in json.loads(meta.read_text())["exit_code_by_key"].items():
            if code in (None, 2) and _function(key) in targets and key.partition("__mutmut_")[0] in tested:
                names.append(key)
    return names


def toml_list(items: list[str]) -> str:
    return "[" + ", ".join(json.dumps(i) for i in items) + "]"


def prepare(lesson: Path, work: Path, timeout_multiplier: float | None = None) -> None:
    """A work folder whose pyproject.toml is the book's [tool.mutmut] narrowed to this lesson."""
    conf = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]
    if timeout_multiplier is not None:
        conf["timeout_multiplier"] = timeout_multiplier
    rel = lesson.relative_to(ROOT).as_posix()
    conf["source_paths"] = [rel + "/"]
    conf["only_mutate"] = [p.relative_to(ROOT).as_posix() for p in topic_modules(lesson)]
    conf["pytest_add_cli_args_test_selection"] = [rel + "/"]
    # the other lessons come along unmutated: a lesson's tests may import another's helpers
    # (m05's scaling test checks its Amdahl figures with m01's function)
    others = [p.relative_to(ROOT).as_posix() + "/" for p in sorted((ROOT / "lessons").glob("m[0-9][0-9]_*"))]
    conf["also_copy"] = [*conf.get("also_copy", []), *(o for o in others if o != rel + "/")]
    work.mkdir(parents=True, exist_ok=True)
    for name in LINKED:
        link = work / name
        if not link.is_symlink():
            link.symlink_to(ROOT / name)
    lines = ["[tool.mutmut]"]
    for key, value in conf.items():
        lines.append(f"{key} = {toml_list(value) if isinstance(value, list) else json.dumps(value)}")
    (work / "pyproject.toml").write_text("\n".join(lines) + "\n")


def refresh_tests(lesson: Path, work: Path) -> None:
    """Copy the lesson's tests and helpers again: mutmut copies a file only once, so a sharpened
    test would otherwise not reach a second run."""
    copied = work / "mutants" / lesson.relative_to(ROOT)
    if not copied.is_dir():
        return
    topics = set(topic_modules(lesson))
    for path in lesson.rglob("*.py"):
        if path not in topics:
            target = copied / path.relative_to(lesson)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)


def survivors(lesson: Path, work: Path, kinds: tuple[str, ...] = ("survived", "interrupted")) -> list[str]:
    """The mutants of the last run that the tests did not kill, or whose run was interrupted (or
    whichever statuses ``kinds`` names)."""
    names = []
    for path in topic_modules(lesson):
        meta = work / "mutants" / (path.relative_to(ROOT).as_posix() + ".meta")
        if meta.exists():
            codes = json.loads(meta.read_text())["exit_code_by_key"]
            generators = set(mutation_targets(path)[1])
            names += sorted(k for k, c in codes.items() if STATUS.get(c) in kinds and _function(k) not in generators)
    return names


def _function(mutant: str) -> str:
    """The function a mutant (``pkg.module.x_<function>__mutmut_<n>``) belongs to."""
    return mutant.rpartition(".")[2][2:].rpartition("__mutmut_")[0]


def _in_helper(mutant: str) -> bool:
    """Whether a mutant (``pkg.module.x_<function>__mutmut_<n>``) is in a private helper, not a technique."""
    return mutant.rpartition(".")[2].startswith("x__")


def summary(lesson: Path, work: Path) -> str:
    """Mutants per topic module and in all (total, killed, survived, timeout, other), those of the
    techniques (public functions) apart from those of private helpers, and the survivors by name."""
    rows, survivors, totals, parts = [], [], Counter(), {True: Counter(), False: Counter()}
    for path in topic_modules(lesson):
        rel = path.relative_to(ROOT).as_posix()
        meta = work / "mutants" / (rel + ".meta")
        codes = json.loads(meta.read_text())["exit_code_by_key"] if meta.exists() else {}
        generators = set(mutation_targets(path)[1])
        left_out = [k for k in codes if _function(k) in generators]
        codes = {k: c for k, c in codes.items() if k not in left_out}
        status = {k: STATUS.get(c, "suspicious" if c is not None else "not checked") for k, c in codes.items()}
        count = Counter(status.values())
        for k, v in status.items():
            parts[_in_helper(k)].update([v, "total"])
        jit, other = decorated_functions(path)
        count["total"] = len(codes)
        count["numba"] = len(jit)
        count["decorated"] = len(other)
        count["generator"] = len(left_out)
        totals.update(count)
        rows.append((path.name, count))
        survivors += sorted(k for k, v in status.items() if v in ("survived", "no tests", "not checked", "interrupted"))
    head = f"{'module':<24}{'total':>7}{'killed':>8}{'survived':>9}{'timeout':>8}{'other':>6}  not mutated"
    out = [f"{lesson.name}: mutmut mutants of the topic modules", head]
    for name, c in [*rows, ("all", totals)]:
        other = c["total"] - c["killed"] - c["survived"] - c["timeout"]
        skipped = f"{c['numba']} numba kernel(s)" + (f", {c['decorated']} other decorated" if c["decorated"] else "")
        skipped += f"; {c['generator']} mutants of input makers not run" if c["generator"] else ""
        out.append(f"{name:<24}{c['total']:>7}{c['killed']:>8}{c['survived']:>9}{c['timeout']:>8}{other:>6}  {skipped}")
    for helper, label in ((False, "in techniques (public functions)"), (True, "in private helpers")):
        c = parts[helper]
        out.append(
            f"{label}: {c['total']} mutants, {c['killed']} killed, {c['survived']} survived, {c['timeout']} timeout"
        )
    kinds = ", ".join(
        f"{k} {v}" for k, v in sorted(totals.items()) if k not in ("total", "numba", "decorated", "generator")
    )
    out.append(f"statuses: {kinds}")
    out.append(
        "not killed (survived, interrupted, no test or not checked): " + (", ".join(survivors) if survivors else "none")
    )
    return "\n".join(out)


def run_each_in_a_fresh_process(work: Path, names: list[str], env: dict[str, str], multiplier: float) -> None:
    """Run each named mutant's tests in a pytest process of its own and record the outcome in mutmut's
    files, as mutmut would. For mutants whose tests start processes of their own (memory_profiler's
    monitor): mutmut's forking runner can reap one of those and stop with a KeyError."""
    stats = json.loads((work / "mutants" / "mutmut-stats.json").read_text())
    cli = tomllib.loads((work / "pyproject.toml").read_text())["tool"]["mutmut"]["pytest_add_cli_args"]
    for name in names:
        module, _, mutant = name.rpartition(".")
        tests = sorted(stats["tests_by_mangled_function_name"].get(f"{module}.{mutant.partition('__mutmut_')[0]}", []))
        # and the whole test file of the mutant's topic: mutmut's record is of the tests it saw call the
        # function in its first run, which misses tests added since and code run at import (a decorator)
        topic_tests = Path(*module.split(".")[:-1], f"test_{module.split('.')[-1]}.py")
        if (work / "mutants" / topic_tests).is_file():
            tests = [t for t in tests if not t.startswith(topic_tests.as_posix() + "::")] + [topic_tests.as_posix()]
        code = 33  # no tests
        if tests:
            durations = stats["duration_by_test"]
            seconds = sum(d for t, d in durations.items() if any(t == x or t.startswith(x + "::") for x in tests))
            limit = (seconds + 1.0) * multiplier * 2
            command = ["nice", "-n", "19", sys.executable, "-m", "pytest", "-x", "-q", *cli, *tests]
            child = subprocess.Popen(
                command,
                cwd=work / "mutants",
                env={**env, "MUTANT_UNDER_TEST": name, "PYTHONPATH": str(work / "mutants")},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # its own process group: a timeout stops the processes it started too
            )
            try:
                code = child.wait(timeout=limit)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, 9)
                child.wait()
                code = 36
        meta_path = work / "mutants" / (module.replace(".", "/") + ".py.meta")
        meta = json.loads(meta_path.read_text())
        meta["exit_code_by_key"][name] = code
        meta_path.write_text(json.dumps(meta, indent=4))
        print(f"{name}: {STATUS.get(code, code)}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lesson", help="lesson folder prefix, e.g. m01 or m09_matmul")
    parser.add_argument("--max-children", type=int, default=1, help="parallel mutant runs (default 1)")
    parser.add_argument("--fresh", action="store_true", help="forget the previous run's results")
    parser.add_argument("--summary-only", action="store_true", help="print the last run's summary")
    parser.add_argument("--survivors", action="store_true", help="run again the survived or interrupted mutants")
    parser.add_argument("--timeouts", action="store_true", help="run again the mutants that timed out")
    parser.add_argument(
        "--timeout-multiplier", type=float, help="mutmut's timeout_multiplier for this run (pyproject.toml's otherwise)"
    )
    parser.add_argument(
        "--each-in-a-fresh-process",
        action="store_true",
        help="run the undecided mutants (or those named) one by one, each in a pytest process of its own, "
        "instead of mutmut's forking runner",
    )
    parser.add_argument("mutants", nargs="*", help="only these mutant names (globs), e.g. '*nbody*'")
    args = parser.parse_args(argv)
    lesson = lesson_dir(args.lesson)
    work = ROOT / "mutants" / lesson.name
    if not args.summary_only:
        if args.fresh and work.exists():
            shutil.rmtree(work)
        prepare(lesson, work, args.timeout_multiplier)
        refresh_tests(lesson, work)
        if args.survivors:
            args.mutants += survivors(lesson, work)
        if args.timeouts:
            args.mutants += survivors(lesson, work, kinds=("timeout",))
        if (args.survivors or args.timeouts) and not args.mutants:
            print(summary(lesson, work))
            return 0
        if not args.mutants:
            todo = undecided(lesson, work)
            if todo == []:
                print(summary(lesson, work))
                return 0
            args.mutants = mutant_globs(lesson) if todo is None else todo
        # mutmut forks a worker per mutant from a process that has run the tests: GNU OpenMP, numba's
        # default threading layer here, ends a forked child that uses it with SIGTERM ("fork() called
        # from a process already using GNU OpenMP, this is unsafe"); numba's workqueue layer survives it
        env = {**os.environ, "OPTBOOK_SCALE": "tiny", "NUMBA_THREADING_LAYER": "workqueue"}
        if args.each_in_a_fresh_process:
            metas = (work / "mutants").rglob("*.py.meta")
            known = [key for meta in metas for key in json.loads(meta.read_text())["exit_code_by_key"]]
            names = [n for n in known if any(fnmatch.fnmatch(n, pattern) for pattern in args.mutants)]
            run_each_in_a_fresh_process(work, names, env, args.timeout_multiplier or 5.0)
            print(summary(lesson, work))
            return 0
        cmd = ["nice", "-n", "19", sys.executable, "-m", "mutmut", "run", "--max-children", str(args.max_children)]
        subprocess.run([*cmd, *args.mutants], cwd=work, env=env, check=False)
    print(summary(lesson, work))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
