"""Mutation testing of a lesson's numba kernels, which mutmut 3 leaves alone.

    python tools/numba_mutation.py m09                 # every numba kernel of lessons/m09_*/
    python tools/numba_mutation.py m09 --summary-only  # print the last run's summary again
    python tools/numba_mutation.py m09 '*packed*'      # only the kernels whose name matches

mutmut 3 mutates a function by renaming it and calling it through a wrapper, which a function
compiled by numba cannot be (numba compiles the body it is given, and the wrapper is Python).
Yet in lessons such as m08 and m09 the fast techniques *are* numba kernels. This script makes
the same kind of mutants with mutmut's own operators (``mutmut.mutation.mutators``: a ``+``
turned into ``-``, ``<`` into ``<=``, a number plus one, ``+=`` into ``=``, an argument dropped),
one at a time in the body of each kernel, writes the mutated module into a work folder
(``mutants/<lesson>-numba/``, the rest of the book linked), and runs the tests of the techniques
that call the kernel, with the tests of its topic that are not parametrized over techniques (its
edge cases), in a fresh process with a fresh numba cache. The tests fail:
*killed* (a mutant numba refuses to compile is killed too, and counted apart). They pass:
*survived*. They run past ten times the unmutated tests' time: *timeout*.

Results go to ``mutants/<lesson>-numba/results.json`` as each mutant is decided, so a stopped run
resumes where it stopped.
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
import time
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider
from mutmut.mutation.mutators import mutation_operators

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mutation import JIT_DECORATORS, LINKED, ROOT, lesson_dir, module_functions, reachable, topic_modules

OPERATORS = [(kind, op) for kind, op in mutation_operators if kind is not cst.BaseString]
TIMEOUT_FACTOR, TIMEOUT_EXTRA = 10.0, 30.0  # a mutant's tests may take 10x the unmutated ones' time + 30 s
COMPILE_ERRORS = ("TypingError", "UnsupportedError", "LoweringError", "NumbaError")


@dataclass(frozen=True)
class Mutant:
    """One change in one kernel: its name, where it is, and the module's whole mutated source."""

    name: str  # <module>.<kernel>__<n>
    module: Path
    kernel: str
    line: int
    before: str
    after: str
    source: str


def is_jit(node: cst.FunctionDef) -> bool:
    for decorator in node.decorators:
        target = decorator.decorator.func if isinstance(decorator.decorator, cst.Call) else decorator.decorator
        name = target.attr.value if isinstance(target, cst.Attribute) else getattr(target, "value", "")
        if name in JIT_DECORATORS:
            return True
    return False


class _Collector(cst.CSTVisitor):
    """Every node in a numba kernel's body that a mutmut operator changes, with its mutations."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self) -> None:
        self.found: list[tuple[str, cst.CSTNode, cst.CSTNode]] = []  # (kernel, original, mutated)
        self.kernel: str | None = None

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        if self.kernel is None and is_jit(node):
            self.kernel = node.name.value
            for statement in node.body.body:
                if _is_docstring(statement):
                    continue
                for child in _walk(statement):
                    for kind, operator in OPERATORS:
                        if isinstance(child, kind):
                            self.found.extend((node.name.value, child, mutated) for mutated in operator(child))
            self.kernel = None
        return False  # kernels are top-level; nothing nested is mutated apart


def _is_docstring(statement: cst.CSTNode) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Expr)
        and isinstance(statement.body[0].value, cst.BaseString)
    )


def _walk(node: cst.CSTNode):
    yield node
    for child in node.children:
        yield from _walk(child)


def mutants_of(path: Path, patterns: list[str]) -> list[Mutant]:
    """The mutants of every numba kernel of a module (of those matching ``patterns``, if any)."""
    wrapper = MetadataWrapper(cst.parse_module(path.read_text()))
    collector = _Collector()
    wrapper.visit(collector)
    module = wrapper.module
    positions = wrapper.resolve(PositionProvider)
    result, counts = [], Counter()
    for kernel, original, mutated in collector.found:
        counts[kernel] += 1
        name = f"{path.stem}.{kernel}__{counts[kernel]}"
        if patterns and not any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(kernel, p) for p in patterns):
            continue
        source = module.deep_replace(original, mutated).code
        result.append(
            Mutant(
                name=name,
                module=path,
                kernel=kernel,
                line=positions[original].start.line,
                before=" ".join(module.code_for_node(original).split())[:60],
                after=" ".join(module.code_for_node(mutated).split())[:60],
                source=source,
            )
        )
    return result


def callers(path: Path, kernel: str) -> list[str]:
    """The public functions of the module that reach ``kernel``: the techniques whose tests check it."""
    top = module_functions(ast.parse(path.read_text()))
    found = [name for name in top if not name.startswith("_") and name != kernel and kernel in reachable(top, [name])]
    return found or ([kernel] if not kernel.startswith("_") else [])


def plain_tests(test_file: Path) -> list[str]:
    """The test functions of a test file that are not parametrized over ``technique``: tests of one
    technique's edge cases (``test_packed_across_block_edges``), which ``-k <technique>`` would miss."""
    if not test_file.is_file():
        return []
    names = []
    for node in ast.parse(test_file.read_text()).body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
            decorators = ast.unparse(node.decorator_list) if node.decorator_list else ""
            if '"technique"' not in decorators and "'technique'" not in decorators:
                names.append(node.name)
    return names


def selection(path: Path, kernel: str) -> list[str]:
    """``-k`` terms for a kernel's mutants: the techniques that call it (every test parametrized with
    them) and the tests of its topic that are not parametrized over techniques."""
    return callers(path, kernel) + plain_tests(path.with_name(f"test_{path.stem}.py"))


def prepare(lesson: Path, work: Path) -> None:
    """A work folder that is the book, linked, except this lesson's folder, whose files are linked one by
    one so that a module can be replaced by its mutant."""
    work.mkdir(parents=True, exist_ok=True)
    for name in LINKED:
        if name == "lessons":
            continue
        link = work / name
        if not link.is_symlink():
            link.symlink_to(ROOT / name)
    lessons = work / "lessons"
    lessons.mkdir(exist_ok=True)
    for entry in (ROOT / "lessons").iterdir():
        link = lessons / entry.name
        if entry != lesson and not link.is_symlink() and entry.name != "__pycache__":
            link.symlink_to(entry)
    mine = lessons / lesson.name
    mine.mkdir(exist_ok=True)
    for entry in lesson.iterdir():
        link = mine / entry.name
        if entry.name == "__pycache__":
            continue
        if link.is_symlink() or link.is_file():
            link.unlink()
        link.symlink_to(entry)


def cli_args() -> list[str]:
    conf = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]
    return list(conf["pytest_add_cli_args"])


def run_tests(work: Path, lesson: Path, terms: list[str], timeout: float | None) -> tuple[str, float, str]:
    """(passed, failed or timeout; seconds; the last lines of output) of the lesson's tests ``-k terms``."""
    cache = work / ".numba-cache"
    shutil.rmtree(cache, ignore_errors=True)
    env = {
        **os.environ,
        "OPTBOOK_SCALE": "tiny",
        "PYTHONPATH": str(work),
        "NUMBA_CACHE_DIR": str(cache),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    command = [sys.executable, "-m", "pytest", "-x", "-q", *cli_args(), f"lessons/{lesson.name}/"]
    command += ["-k", " or ".join(terms)]
    start = time.perf_counter()
    child = subprocess.Popen(
        ["nice", "-n", "19", *command],
        cwd=work,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, 9)
        child.communicate()
        return "timeout", time.perf_counter() - start, ""
    seconds = time.perf_counter() - start
    if child.returncode == 0:
        return "passed", seconds, output
    if child.returncode == 5:
        return "no tests", seconds, output
    return "failed", seconds, output


def _reason(output: str) -> str:
    """The first line of pytest's short summary (``FAILED test - Error: ...``), for reading a kill."""
    lines = [line for line in output.splitlines() if line.startswith(("FAILED", "ERROR"))]
    return lines[0][:200] if lines else ""


def load(results: Path) -> dict[str, dict]:
    return json.loads(results.read_text()) if results.exists() else {}


def save(results: Path, data: dict[str, dict]) -> None:
    partial = results.with_suffix(".json.partial")
    partial.write_text(json.dumps(data, indent=1, sort_keys=True))
    partial.replace(results)


def summary(lesson: Path, data: dict[str, dict]) -> str:
    rows: dict[str, Counter] = {}
    for entry in data.values():
        row = rows.setdefault(entry["module"], Counter())
        row.update(["total", entry["status"]])
        if entry.get("compile_error"):
            row.update(["compile_error"])
    total = sum(rows.values(), Counter())
    head = f"{'module':<24}{'total':>7}{'killed':>8}{'(compile)':>10}{'survived':>9}{'timeout':>8}{'no tests':>9}"
    out = [f"{lesson.name}: mutants of the numba kernels", head]
    for name, c in [*sorted(rows.items()), ("all", total)]:
        out.append(
            f"{name:<24}{c['total']:>7}{c['killed']:>8}{c['compile_error']:>10}{c['survived']:>9}{c['timeout']:>8}"
            f"{c['no tests']:>9}"
        )
    left = sorted((k, v) for k, v in data.items() if v["status"] != "killed")
    out.append("not killed:" + ("" if left else " none"))
    out += [f"  {k} ({v['status']}), line {v['line']}: {v['before']!r} -> {v['after']!r}" for k, v in left]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lesson", help="lesson folder prefix, e.g. m09")
    parser.add_argument("--summary-only", action="store_true", help="print the last run's summary")
    parser.add_argument("--fresh", action="store_true", help="forget the previous run's results")
    parser.add_argument("--survivors", action="store_true", help="run again the mutants not killed")
    parser.add_argument("kernels", nargs="*", help="only these kernels or mutants (globs), e.g. '*packed*'")
    args = parser.parse_args(argv)
    lesson = lesson_dir(args.lesson)
    work = ROOT / "mutants" / f"{lesson.name}-numba"
    results = work / "results.json"
    if args.fresh and work.exists():
        shutil.rmtree(work)
    data = load(results)
    if args.summary_only:
        print(summary(lesson, data))
        return 0
    prepare(lesson, work)
    todo = [m for path in topic_modules(lesson) for m in mutants_of(path, args.kernels)]
    if args.survivors:
        data = {k: v for k, v in data.items() if v["status"] == "killed"}
    todo = [m for m in todo if m.name not in data]
    print(f"{len(todo)} mutants of numba kernels to run ({len(data)} decided before)", flush=True)
    baselines: dict[tuple[Path, str], float] = {}
    for number, mutant in enumerate(todo, 1):
        terms = selection(mutant.module, mutant.kernel)
        key = (mutant.module, mutant.kernel)
        if key not in baselines:
            outcome, seconds, output = run_tests(work, lesson, terms, timeout=None)
            if outcome != "passed":
                tail = output.strip().splitlines()[-1:] or [outcome]
                sys.exit(f"the unmutated tests of {mutant.kernel} do not pass ({outcome}): {tail[0]}")
            baselines[key] = seconds
        target = work / "lessons" / lesson.name / mutant.module.name
        target.unlink()
        target.write_text(mutant.source)
        try:
            limit = baselines[key] * TIMEOUT_FACTOR + TIMEOUT_EXTRA
            outcome, seconds, output = run_tests(work, lesson, terms, timeout=limit)
        finally:
            target.unlink()
            target.symlink_to(mutant.module)
        status = {"failed": "killed", "passed": "survived"}.get(outcome, outcome)
        data[mutant.name] = {
            "module": mutant.module.name,
            "kernel": mutant.kernel,
            "line": mutant.line,
            "before": mutant.before,
            "after": mutant.after,
            "status": status,
            "compile_error": status == "killed" and any(e in output for e in COMPILE_ERRORS),
            "tests": terms,
            "reason": _reason(output) if status == "killed" else "",
        }
        save(results, data)
        print(f"[{number}/{len(todo)}] {mutant.name} line {mutant.line}: {status} ({seconds:.0f} s)", flush=True)
    print(summary(lesson, data))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
