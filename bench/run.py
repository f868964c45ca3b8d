"""Time `scorecard check` as a whole process on generated monorepos.

Usage::

    python bench/run.py                 # N = 1, 100, 1000, 10000; writes bench/RESULTS.md
    python bench/run.py --sizes 1,100 --runs 3
    python bench/run.py --smoke         # CI: N = 100, one run, no targets, no RESULTS.md
    python bench/run.py --formats       # sarif, github... vs json at N = 10,000
    python bench/run.py --sizes 10000,30000 --phases   # + the time of each phase

Exit codes: 0 all measured targets met (or none checked), 1 a target not met,
2 a benchmark failure (a command failed, timed out or gave an unusable report).
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import gen

BENCH_DIR = Path(__file__).resolve().parent
SCORECARD_FILE = BENCH_DIR / "scorecard.yaml"
DEFAULT_RESULTS = BENCH_DIR / "RESULTS.md"
DEFAULT_SIZES = (1, 100, 1000, 10_000)
FLOOR_CODE = "import typer, yaml, git"
OK_EXIT_CODES = {0, 1}  # 1: an entity is below a level, a normal outcome
# Targets (issues 4 and 11).
MAX_STARTUP_RATIO = 1.15  # N=1 built-ins vs the bare interpreter with the dependencies
MAX_BIG_SECONDS = 1.2  # N=10,000, JSON cold, median (stretch: 1.0)
MAX_WARM_SECONDS = 0.5  # N=10,000, JSON warm
MAX_WARM1_SECONDS = 0.6  # N=10,000, JSON warm after one catalog file changed
MAX_BIG_MB = 200  # N=10,000, JSON, peak RSS
MAX_SCALING = 11  # t(10,000) / t(1,000)
MAX_HUGE_RATIO = 3.3  # t(30,000) / t(10,000)
MAX_HUGE_MB = 500  # N=30,000, JSON, peak RSS
MAX_REF_RATIO = 1.15  # --ref HEAD vs working tree, N=10,000
MAX_TABLE_RATIO = 1.5  # table vs JSON, N=10,000
MAX_VALIDATE_RATIO = 2.0  # validate vs check (cold), N=10,000
BIG = 10_000  # modes with min_n=BIG run only for N >= 10,000


class BenchFailure(Exception):
    """A command failed or produced an unusable report: the numbers would mean nothing."""


@dataclass(frozen=True)
class Mode:
    """One way of running a command; ``n1_only`` modes run for N=1 only, ``min_n`` ones
    from that N up."""

    key: str
    label: str
    n1_only: bool = False
    min_n: int = 0

    def runs_for(self, n: int) -> bool:
        """True when this mode is measured at size ``n``."""
        return (n == 1 or not self.n1_only) and n >= self.min_n


MODES = (
    Mode("json", "JSON, cold (--no-cache)"),
    Mode("ref", "JSON, --ref HEAD, cold"),
    Mode("table", "table to a pipe, cold"),
    Mode("first", "JSON, first run with the cache (empty cache folder)", min_n=BIG),
    Mode("warm", "JSON, warm (cache filled, nothing changed)", min_n=BIG),
    Mode("warm1", "JSON, warm after one catalog file changed", min_n=BIG),
    Mode("shard", "JSON, --shard 1/2, cold", min_n=BIG),
    Mode("validate", "validate (full schemas)", min_n=BIG),
    Mode("builtin", "built-in scorecards, JSON (the result cache on, as users run it)",
         n1_only=True),
    Mode("floor", "floor: python -c 'import typer, yaml, git'", n1_only=True),
)
CACHED = ("first", "warm", "warm1", "builtin")  # modes that use the result cache


@dataclass
class Measurement:
    """The timed runs of one (N, mode)."""

    n: int
    mode: Mode
    seconds: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        """Median wall time in seconds."""
        return statistics.median(self.seconds)

    @property
    def peak_mb(self) -> float | None:
        """Highest peak RSS over the runs, in MiB (None where it cannot be measured)."""
        return max(self.rss_kib) / 1024 if self.rss_kib else None


@dataclass(frozen=True)
class Outcome:
    """What one process run gave."""

    seconds: float
    rss_kib: int | None
    exit_code: int
    stdout_bytes: int
    stderr: str


def scorecard_command() -> list[str]:
    """Return the `scorecard` executable of this interpreter's environment, or `-m`."""
    bindir = Path(sys.executable).parent
    for name in ("scorecard", "scorecard.exe"):
        candidate = bindir / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return [str(candidate)]
    return [sys.executable, "-m", "scorecard_cli"]


def command(mode: str, exe: Sequence[str], *, python: str, repo: str, scorecard: str,
            out: str) -> list[str]:
    """Return the argv of ``mode``; also used with placeholders to document the commands."""
    if mode == "floor":
        return [python, "-c", FLOOR_CODE]
    if mode == "validate":
        return [*exe, "validate", repo]
    check = [*exe, "check", repo]
    if mode == "builtin":
        return [*check, "--format", "json", "--output", out]
    check += ["-s", scorecard]
    cold = [] if mode in CACHED else ["--no-cache"]
    if mode == "table":
        return [*check, "--format", "table", *cold]
    extra = {"ref": ["--ref", "HEAD"], "shard": ["--shard", "1/2"]}.get(mode, [])
    return [*check, "--format", "json", "--output", out, *extra, *cold]


def _reap(proc: subprocess.Popen[bytes]) -> tuple[int, int | None]:
    """Wait for ``proc``; return its exit code and peak RSS in KiB (None if unknown)."""
    if not hasattr(os, "wait4"):  # Windows: time only
        return proc.wait(), None
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is KiB on Linux and bytes on macOS.
    rss = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
    return proc.returncode, rss


def run_once(argv: Sequence[str], *, cwd: Path, env: dict[str, str], read_stdout: bool,
             timeout: float) -> Outcome:
    """Run ``argv`` once; time it from start to exit and measure its peak RSS."""
    timed_out = threading.Event()
    with tempfile.TemporaryFile() as errors:
        stdout = subprocess.PIPE if read_stdout else subprocess.DEVNULL
        started = time.perf_counter()
        try:
            proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                    stdout=stdout, stderr=errors)
        except OSError as exc:
            raise BenchFailure(f"cannot run {shlex.join(argv)}: {exc}") from exc

        def kill() -> None:
            timed_out.set()
            proc.kill()

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            received = 0
            if proc.stdout is not None:
                with proc.stdout:
                    while chunk := proc.stdout.read(1 << 16):
                        received += len(chunk)
            exit_code, rss = _reap(proc)
            seconds = time.perf_counter() - started
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        finally:
            timer.cancel()
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    if timed_out.is_set():
        raise BenchFailure(f"timed out after {timeout:g}s: {shlex.join(argv)}")
    return Outcome(seconds, rss, exit_code, received, stderr)


_SUMMARY_CODE = """
import hashlib, json, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
results = report.get("results") if isinstance(report, dict) else None
if not isinstance(results, list):
    sys.exit("the report has no 'results' list")
digest = hashlib.sha256(json.dumps(results, sort_keys=True).encode()).hexdigest()
print(len(results), digest)
"""


def _summarise_report(path: Path) -> tuple[int, str]:
    """(number of results, digest of the results) of a JSON report written with --output.

    Read in a short-lived subprocess: a 10,000-entity report takes hundreds of MB as Python
    objects, and a harness that big inflates the peak RSS measured for the next child.
    """
    done = subprocess.run([sys.executable, "-c", _SUMMARY_CODE, str(path)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["unreadable"])[-1]
        raise BenchFailure(f"no usable JSON report in {path}: {reason}")
    count, digest = done.stdout.split()
    return int(count), digest


class Bench:
    """Runs the commands of every mode for every N and collects the measurements."""

    def __init__(self, exe: list[str], workdir: Path, timeout: float) -> None:
        self.exe = exe
        self.workdir = workdir
        self.timeout = timeout
        self.warnings: list[str] = []

    def argv(self, mode: Mode, repo: Path) -> list[str]:
        """Return the real argv of ``mode`` for ``repo``."""
        out = str(self.workdir / f"{mode.key}.json")
        return command(mode.key, self.exe, python=sys.executable, repo=str(repo),
                       scorecard=str(SCORECARD_FILE), out=out)

    def env(self, mode: Mode, n: int) -> dict[str, str]:
        """The environment of a run: each cached mode its own cache folder (``first`` an
        empty one every time)."""
        env = dict(os.environ)
        env.pop("SCORECARD_PROFILE", None)
        if mode.key == "table":
            env["COLUMNS"] = "120"
        if mode.key in CACHED:
            folder = self.workdir / f"cache-{mode.key}-{n}"
            if mode.key == "first":
                shutil.rmtree(folder, ignore_errors=True)
            env["SCORECARD_CACHE_DIR"] = str(folder)
        return env

    def run(self, mode: Mode, n: int, repo: Path, *, check: bool) -> Outcome:
        """Run ``mode`` once; with ``check``, also make sure its report is usable."""
        env = self.env(mode, n)
        if mode.key == "warm1":
            self.edit.next()
        try:
            return self._run(mode, n, repo, env, check)
        finally:
            if mode.key == "warm1":
                self.edit.restore()

    def _run(self, mode: Mode, n: int, repo: Path, env: dict[str, str],
             check: bool) -> Outcome:
        argv = self.argv(mode, repo)
        (self.workdir / f"{mode.key}.json").unlink(missing_ok=True)  # no stale report
        outcome = run_once(argv, cwd=repo, env=env, read_stdout=mode.key == "table",
                           timeout=self.timeout)
        allowed = {0} if mode.key == "floor" else OK_EXIT_CODES
        if mode.key == "validate" and "scorecard: " not in outcome.stderr:
            allowed = {0, 1, 2}  # problems found in the generated files: a normal outcome
        if outcome.exit_code not in allowed:
            raise BenchFailure(
                f"exit code {outcome.exit_code} (N={n}, {mode.label}): {shlex.join(argv)}\n"
                f"--- stderr ---\n{outcome.stderr[-8000:]}"
            )
        if check:
            self._check(mode, n)
            if mode.key == "table" and outcome.stdout_bytes == 0:
                raise BenchFailure(f"N={n}: the table report is empty")
        return outcome

    def _check(self, mode: Mode, n: int) -> None:
        """Check the report of a first run: one result per entity (about half of them in
        a shard), --ref agreeing, and every cached run equal to a cold run."""
        if mode.key not in ("json", "ref", "builtin", "first", "warm", "warm1", "shard"):
            return
        count, digest = _summarise_report(self.workdir / f"{mode.key}.json")
        if mode.key == "shard":
            if not 0.4 * n <= count <= 0.6 * n:
                raise BenchFailure(f"N={n}, {mode.label}: {count} results, expected about "
                                   f"{n // 2}")
            return
        if mode.key != "builtin" and count != n:
            raise BenchFailure(f"N={n}, {mode.label}: {count} results, expected {n}")
        if mode.key in ("ref", "first", "warm"):
            _, base = _summarise_report(self.workdir / "json.json")
            if base != digest:
                self.warnings.append(f"N={n}: {mode.label}: results differ from the cold "
                                     "run's")
        if mode.key == "warm1":  # the same edited tree, computed cold
            cold = Mode("cold1", "cold")
            run_once(self.argv(cold, self.edit.repo), cwd=self.edit.repo,
                     env=self.env(cold, n), read_stdout=False, timeout=self.timeout)
            if _summarise_report(self.workdir / "cold1.json")[1] != digest:
                raise BenchFailure(f"N={n}: {mode.label}: results differ from a cold run")

    def measure(self, n: int, repo: Path, runs: int, warmup: bool) -> list[Measurement]:
        """Time every mode for ``n``: a warm-up round, then ``runs`` alternating rounds."""
        modes = [m for m in MODES if m.runs_for(n)]
        found = {m.key: Measurement(n, m) for m in modes}
        self.edit = OneFileEdit(repo)
        try:
            if warmup:
                for mode in modes:
                    self.run(mode, n, repo, check=True)
            for round_no in range(runs):
                for mode in modes:
                    outcome = self.run(mode, n, repo, check=not warmup and round_no == 0)
                    found[mode.key].seconds.append(outcome.seconds)
                    if outcome.rss_kib is not None:
                        found[mode.key].rss_kib.append(outcome.rss_kib)
        finally:
            self.edit.restore()
        return list(found.values())


class OneFileEdit:
    """Edits one catalog file of a generated repository between warm runs (a comment
    line that alternates, so every run sees a change), and puts it back afterwards."""

    def __init__(self, repo: Path):
        self.repo = repo
        self.path = min(repo.glob("services/*/catalog-info.y*ml"))
        self.original = self.path.read_bytes()
        self.count = 0

    def next(self) -> None:
        """Change the file to a text no run has seen."""
        self.count += 1
        self.path.write_bytes(self.original + b"\n# bench edit %d\n" % self.count)

    def restore(self) -> None:
        """Put the file back as generated."""
        self.path.write_bytes(self.original)


@dataclass(frozen=True)
class Target:
    """A performance target: the measured value, its limit, and whether it holds."""

    name: str
    measured: str
    limit: str
    met: bool | None  # None: not measured


def _ratio(name: str, num: Measurement | None, den: Measurement | None,
           limit: float) -> Target:
    """Target on the ratio of two medians."""
    if num is None or den is None:
        return Target(name, "not measured", f"≤ {limit}×", None)
    value = num.median / den.median
    measured = f"{num.median:.3f} s / {den.median:.3f} s = {value:.2f}×"
    return Target(name, measured, f"≤ {limit}×", value <= limit)


def targets(results: list[Measurement]) -> list[Target]:
    """Evaluate the performance targets on whatever sizes were measured."""
    get = {(m.n, m.mode.key): m for m in results}.get
    big = get((10_000, "json"))
    found = [
        _ratio("N=1 built-ins, working tree vs interpreter floor",
               get((1, "builtin")), get((1, "floor")), MAX_STARTUP_RATIO),
    ]
    time_name, rss_name = "N=10,000 JSON wall time (median)", "N=10,000 JSON peak RSS"
    time_limit, rss_limit = f"≤ {MAX_BIG_SECONDS} s", f"≤ {MAX_BIG_MB} MB"
    peak = big.peak_mb if big else None
    if big is None:
        found.append(Target(time_name, "not measured", time_limit, None))
        found.append(Target(rss_name, "not measured", rss_limit, None))
    else:
        found.append(Target(time_name, f"{big.median:.3f} s", time_limit,
                            big.median <= MAX_BIG_SECONDS))
        found.append(Target(rss_name, "unknown" if peak is None else f"{peak:.1f} MB",
                            rss_limit, None if peak is None else peak <= MAX_BIG_MB))
    found += [
        _seconds("N=10,000 JSON warm (median)", get((BIG, "warm")), MAX_WARM_SECONDS),
        _seconds("N=10,000 JSON warm after one catalog file changed (median)",
                 get((BIG, "warm1")), MAX_WARM1_SECONDS),
        _ratio("Scaling: t(10,000) / t(1,000), JSON", big, get((1000, "json")), MAX_SCALING),
        _ratio("Scaling: t(30,000) / t(10,000), JSON", get((30_000, "json")), big,
               MAX_HUGE_RATIO),
        _peak("N=30,000 JSON peak RSS", get((30_000, "json")), MAX_HUGE_MB),
        _ratio("N=10,000 --ref HEAD vs working tree", get((10_000, "ref")), big,
               MAX_REF_RATIO),
        _ratio("N=10,000 table vs JSON", get((10_000, "table")), big, MAX_TABLE_RATIO),
        _ratio("N=10,000 validate vs check", get((BIG, "validate")), big, MAX_VALIDATE_RATIO),
    ]
    return found


def _seconds(name: str, found: Measurement | None, limit: float) -> Target:
    """Target on a median wall time."""
    if found is None:
        return Target(name, "not measured", f"≤ {limit} s", None)
    return Target(name, f"{found.median:.3f} s", f"≤ {limit} s", found.median <= limit)


def _peak(name: str, found: Measurement | None, limit: float) -> Target:
    """Target on a peak RSS."""
    peak = found.peak_mb if found else None
    if peak is None:
        return Target(name, "not measured", f"≤ {limit} MB", None)
    return Target(name, f"{peak:.1f} MB", f"≤ {limit} MB", peak <= limit)


def _git_line(*args: str, cwd: Path) -> str:
    """Run a read-only git command; return its first output line, or '' on failure."""
    try:
        done = subprocess.run(["git", "--no-optional-locks", *args], cwd=cwd, check=False,
                              capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip().splitlines()[0] if done.returncode == 0 and done.stdout else ""


def machine(exe: list[str], load: str) -> list[tuple[str, str]]:
    """Describe the machine and the software under test."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        version = subprocess.run([*exe, "--version"], check=False, capture_output=True,
                                 text=True, timeout=60).stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        version = "unknown"
    commit = _git_line("rev-parse", "--short", "HEAD", cwd=BENCH_DIR) or "none"
    if _git_line("status", "--porcelain", "--untracked-files=no", cwd=BENCH_DIR):
        commit += " + uncommitted changes"
    return [
        ("Date", time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())),
        ("CPUs (nproc)", str(cpus)),
        ("CPU", model),
        ("Load average (1, 5, 15 min; `uptime`) before and after timing", load),
        ("OS", platform.platform()),
        ("Python", f"{platform.python_version()} ({platform.python_implementation()})"),
        ("git", _git_line("--version", cwd=BENCH_DIR) or "unknown"),
        ("scorecard", f"{version}, project commit {commit}"),
        ("Generator", f"bench/gen.py v{gen.GENERATOR_VERSION}"),
    ]


def _fmt_mb(value: float | None) -> str:
    """Format MiB, or a dash when unknown."""
    return "–" if value is None else f"{value:.1f}"


def _display(argv: Sequence[str]) -> str:
    """Join argv for a shell, leaving ``<placeholders>`` unquoted for readability."""
    return " ".join(arg if arg.startswith("<") else shlex.quote(arg) for arg in argv)


def results_table(results: list[Measurement]) -> list[str]:
    """Return the Markdown table of measurements."""
    lines = ["| N | command | runs | median s | min s | max s | peak RSS MB |",
             "|---:|---|---:|---:|---:|---:|---:|"]
    for m in results:
        lines.append(f"| {m.n:,} | {m.mode.label} | {len(m.seconds)} | {m.median:.3f} | "
                     f"{min(m.seconds):.3f} | {max(m.seconds):.3f} | {_fmt_mb(m.peak_mb)} |")
    return lines


def report(results: list[Measurement], found: list[Target], *, info: list[tuple[str, str]],
           exe: list[str], invocation: str, runs: int, warmup: bool,
           warnings: list[str], phase_rows: list[str] | None = None) -> str:
    """Render RESULTS.md."""
    shown_exe = exe
    if exe == scorecard_command():  # this venv's: show it the way a user types it
        shown_exe = ["scorecard"] if len(exe) == 1 else ["python", "-m", "scorecard_cli"]
    lines = ["# Benchmark results", "", f"Written by `{invocation}`.", "", "## Machine", ""]
    lines += [f"- **{key}**: {value}" for key, value in info]
    method = (
        "Each size N is a repository generated by `python bench/gen.py --services N` "
        "(`<repo>`, also the current folder of every command). "
        f"{'One warm-up round, then ' if warmup else ''}{runs} timed round(s); "
        "each round runs the commands below one after the other. Wall time is "
        "measured from process start to exit; peak RSS is `ru_maxrss` from "
        "`wait4` (the largest of the process and the children it waited for). "
        "MB = 2^20 bytes. `<out>` is a temporary file."
    )
    lines += ["", "## Commands", "", method, "", "| command | argv |", "|---|---|"]
    for mode in MODES:
        argv = command(mode.key, shown_exe, python="python", repo="<repo>",
                       scorecard="bench/scorecard.yaml", out="<out>")
        suffix = " (stdout read from a pipe and discarded, COLUMNS=120)" \
            if mode.key == "table" else ""
        scope = " — N=1 only" if mode.n1_only else (
            f" — N ≥ {mode.min_n:,}" if mode.min_n else "")
        lines.append(f"| {mode.label}{scope} | `{_display(argv)}`{suffix} |")
    lines += ["", "## Results", "", *results_table(results), "", "## Targets", "",
              "| target | measured | limit | result |", "|---|---|---|---|"]
    verdicts = {True: "met", False: "**not met**", None: "not measured"}
    lines += [f"| {t.name} | {t.measured} | {t.limit} | {verdicts[t.met]} |" for t in found]
    if phase_rows:
        about = ("`python bench/run.py ... --phases`: the JSON command with "
                 "`SCORECARD_PROFILE=1`, cold (`--no-cache`) and warm alternately; each phase "
                 "is charged only its own time (see bench/phases.py).")
        lines += ["", "## Phases", "", about, "", *phase_rows]
    if warnings:
        lines += ["", "## Warnings", "", *[f"- {w}" for w in warnings]]
    return "\n".join(lines) + "\n"


def _sizes(text: str) -> list[int]:
    """Parse ``1,100,1000``."""
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of integers: {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes must be integers >= 1")
    return list(dict.fromkeys(sizes))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=_sizes, help="comma-separated N (default 1,100,1000,10000)")
    parser.add_argument("--runs", type=int, help="timed runs per command (default 5)")
    parser.add_argument("--smoke", action="store_true",
                        help="N=100, one run, no warm-up, no targets, no RESULTS.md")
    parser.add_argument("--write", action="store_true", help="write RESULTS.md even with --smoke")
    parser.add_argument("--formats", action="store_true", help="instead: the cost of each "
                        "report format against json (bench/formats.py; N=10000 unless --sizes)")
    parser.add_argument("--results", type=Path, default=DEFAULT_RESULTS, help="RESULTS.md path")
    parser.add_argument("--cache", type=Path, help="cache of generated repositories "
                        f"(default: ${gen.CACHE_ENV}, else {gen.default_cache_dir()})")
    parser.add_argument("--exe", help="scorecard command to run instead of this venv's, "
                        "e.g. '/path/to/scorecard' (shell-quoted)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per run")
    parser.add_argument("--phases", action="store_true", help="also time each phase of the "
                        "JSON command (SCORECARD_PROFILE=1), cold and warm, for N >= 10,000")
    args = parser.parse_args(argv)
    args.sizes = args.sizes or ([100] if args.smoke else list(DEFAULT_SIZES))
    if args.runs is None:
        args.runs = 1 if args.smoke else 5
    if args.runs < 1:
        parser.error("--runs must be >= 1")
    return args


def _load() -> str:
    """The load averages (1, 5, 15 min), as ``uptime`` shows them."""
    return ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"


def main(argv: list[str] | None = None) -> int:
    """Generate, time, check the targets and write the report."""
    raw = sys.argv[1:] if argv is None else argv
    if "--formats" in raw:  # each report format against json (bench/formats.py)
        import formats
        return formats.main([arg for arg in raw if arg != "--formats"])
    args = parse_args(argv)
    exe = shlex.split(args.exe) if args.exe else scorecard_command()
    warmup = not args.smoke
    repos = {}
    for n in args.sizes:
        started = time.perf_counter()
        try:
            repos[n] = gen.cached_repo(n, args.cache)
        except (OSError, subprocess.CalledProcessError) as exc:
            detail = getattr(exc, "stderr", None) or exc
            print(f"benchmark failure: cannot generate N={n}: {detail}", file=sys.stderr)
            return 2
        print(f"repo N={n}: {repos[n]} ({time.perf_counter() - started:.1f}s)", file=sys.stderr)
    if hasattr(os, "sync"):
        os.sync()  # do not let the generator's disk writes overlap the timings
    load = _load()
    results: list[Measurement] = []
    phase_rows: list[str] = []
    with tempfile.TemporaryDirectory(prefix="scorecard-bench-out-") as workdir:
        bench = Bench(exe, Path(workdir), args.timeout)
        try:
            for n in args.sizes:
                print(f"timing N={n} ...", file=sys.stderr)
                results += bench.measure(n, repos[n], args.runs, warmup)
            for n in (n for n in args.sizes if args.phases and n >= BIG):
                import phases

                print(f"phases N={n} ...", file=sys.stderr)
                profiles = phases.measure(exe, repos[n], args.runs, Path(workdir), args.timeout)
                phase_rows += [*phases.table(n, profiles), ""]
        except BenchFailure as exc:
            print(f"benchmark failure: {exc}", file=sys.stderr)
            return 2
    load = f"{load} before, {_load()} after"
    print("\n".join(results_table(results)))
    if phase_rows:
        print("\n".join(phase_rows))
    for warning in bench.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    found = [] if args.smoke else targets(results)
    for t in found:
        print(f"{'met' if t.met else 'NOT MET' if t.met is False else 'not measured':>12}  "
              f"{t.name}: {t.measured} (limit {t.limit})")
    if not args.smoke or args.write:
        invocation = shlex.join(["python", "bench/run.py", *(sys.argv[1:] if argv is None
                                                              else argv)])
        text = report(results, found, info=machine(exe, load), exe=exe, invocation=invocation,
                      runs=args.runs, warmup=warmup, warnings=bench.warnings,
                      phase_rows=phase_rows)
        args.results.write_text(text, encoding="utf-8")
        print(f"wrote {args.results}", file=sys.stderr)
    return 1 if any(t.met is False for t in found) else 0


if __name__ == "__main__":
    sys.exit(main())
