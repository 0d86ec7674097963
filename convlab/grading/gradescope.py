"""Gradescope's autograder bundle: build the zip here, grade one submission in its container.

    convlab gradescope conv1d -o autograder.zip      # upload it as the assignment's autograder

Gradescope builds one image from the zip (running setup.sh once), then for each submission
starts a fresh container with the student's files in /autograder/submission, runs
/autograder/run_autograder and reads /autograder/results/results.json. The zip holds:
- `setup.sh`: installs Python and convlab (the wheel in the zip, or a pinned requirement);
- `run_autograder`: runs `python3 -m convlab.grading.gradescope`, which is `grade_root`
  below: find the submission, grade it in the sandbox, write results.json;
- `settings.json`: the exercise, the function's and file's names, the limits (`Policy`);
- the convlab wheel, when the bundle installs one.
The root is a setting: `CONVLAB_AUTOGRADER_ROOT` (default /autograder) moves the whole
layout, and `CONVLAB_PYTHON` (default python3) picks the interpreter, so the same scripts
run unchanged in a test's temporary folder.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import convlab
from convlab.errors import ConvlabError, ParameterError
from convlab.exercises import EXERCISES, get_exercise
from convlab.grading.corpus import graded_tests
from convlab.grading.grader import GradeReport, grade_file, load_failure
from convlab.grading.policy import Policy
from convlab.grading.results import results_json, write_results

__all__ = ["ROOT_VARIABLE", "VISIBILITIES", "Settings", "build_bundle", "check_bundle_path",
           "find_submission", "grade_root", "source_checkout"]

ROOT_VARIABLE = "CONVLAB_AUTOGRADER_ROOT"
"""The environment variable naming the autograder root (Gradescope's is /autograder)."""
VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")

SETUP_SH = """\
#!/usr/bin/env bash
# Gradescope runs this once, while it builds the autograder image: Python, then convlab.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-pip >/dev/null
# newer images mark the system Python as externally managed; this image is convlab's own
export PIP_BREAK_SYSTEM_PACKAGES=1
python3 -m pip install --no-cache-dir {install}
"""

RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Gradescope runs this once per submission, in a fresh container where setup.sh has run.
# The layout under the root: source/ (this bundle), submission/ (the student's files),
# results/results.json (what Gradescope reads). CONVLAB_AUTOGRADER_ROOT moves the root.
set -u
ROOT="${CONVLAB_AUTOGRADER_ROOT:-/autograder}"
PYTHON="${CONVLAB_PYTHON:-python3}"
"$PYTHON" -m convlab.grading.gradescope --root "$ROOT"
status=$?
if [ ! -s "$ROOT/results/results.json" ]; then
    # convlab itself could not run: say so in the results rather than leave none
    mkdir -p "$ROOT/results"
    message="The autograder could not run convlab (exit status $status): tell your instructor."
    printf '{"score": 0, "output": "%s", "tests": []}\\n' "$message" > "$ROOT/results/results.json"
fi
exit 0
"""


@dataclasses.dataclass(frozen=True)
class Settings:
    """What run_autograder grades and how: settings.json in the bundle."""

    exercise: str = "conv1d"
    function: str = "conv1d"
    file: str = "conv1d.py"
    case_seconds: float = 2.0
    total_seconds: float = 60.0
    memory_mb: int = 512
    forbid_numpy: tuple[str, ...] = ()
    isolation: str = "auto"
    visibility: str = "visible"
    convlab_version: str = convlab.__version__

    def __post_init__(self) -> None:
        if self.exercise not in EXERCISES:
            raise ParameterError(f"'exercise' must be one of {', '.join(EXERCISES)} (got "
                                 f"{self.exercise!r})", "exercise")
        if not self.file.endswith(".py") or "/" in self.file or self.file.startswith("."):
            raise ParameterError(f"'file' must be a Python file name such as 'conv1d.py' (got "
                                 f"{self.file!r})", "file")
        if not self.function.isidentifier():
            raise ParameterError(f"'function' must be a Python name such as 'conv1d' (got "
                                 f"{self.function!r})", "function")
        if self.visibility not in VISIBILITIES:
            raise ParameterError(f"'visibility' must be one of {', '.join(VISIBILITIES)} (got "
                                 f"{self.visibility!r})", "visibility")
        self.policy()  # the limits are checked where they are defined

    def policy(self) -> Policy:
        return Policy(case_seconds=self.case_seconds, total_seconds=self.total_seconds,
                      memory_mb=self.memory_mb, forbid_numpy=tuple(self.forbid_numpy),
                      isolation=self.isolation)

    @classmethod
    def read(cls, path: Path) -> Settings:
        data = json.loads(path.read_text(encoding="utf-8"))
        data["forbid_numpy"] = tuple(data.get("forbid_numpy", ()))
        known = {field.name for field in dataclasses.fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in known})


# ---- building the zip (on the instructor's machine) -------------------------------------------

def source_checkout() -> Path | None:
    """The source tree this convlab was installed from (an editable install of a checkout),
    or None when it came from a wheel."""
    root = Path(convlab.__file__).resolve().parent.parent
    project = root / "pyproject.toml"
    if project.is_file() and 'name = "convlab"' in project.read_text(encoding="utf-8"):
        return root
    return None


def _build_wheel(checkout: Path, into: Path) -> Path:
    """`pip wheel --no-deps` of a copy of the checkout (the checkout gets no build files)."""
    with tempfile.TemporaryDirectory(prefix="convlab-wheel-") as scratch:
        copy = Path(scratch) / "src"
        copy.mkdir()
        for name in ("pyproject.toml", "README.md", "LICENSE"):
            if (checkout / name).is_file():
                shutil.copy2(checkout / name, copy / name)
        shutil.copytree(checkout / "convlab", copy / "convlab",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(into),
                   str(copy)]
        if _has_setuptools():
            # build with the setuptools already here: no download, so it works offline
            command[5:5] = ["--no-build-isolation", "--no-index"]
        done = subprocess.run(command, capture_output=True, text=True, timeout=600)
        wheels = sorted(into.glob("convlab-*.whl"))
        if done.returncode != 0 or not wheels:
            tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-5:])
            raise ConvlabError(f"building the convlab wheel from {checkout} failed:\n{tail}\n"
                               f"pass --requirement 'convlab==VERSION' to install convlab "
                               f"from a package index instead", "requirement")
        return wheels[-1]


def _has_setuptools() -> bool:
    return importlib.util.find_spec("setuptools") is not None


def _zip_text(archive: zipfile.ZipFile, name: str, text: str, executable: bool = False) -> None:
    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = (0o100755 if executable else 0o100644) << 16
    archive.writestr(info, text)


def check_bundle_path(output: str | Path, *, name: str = "output") -> Path:
    """`output` as a Path when the zip can be written there, else a ConvlabError naming
    `name` (the parameter, or the command line's option such as "-o")."""
    shown = f"'{name}'" if name.isidentifier() else name
    out = Path(output)
    if out.is_dir():
        raise ParameterError(f"{shown} {os.fsdecode(out)!r} is a folder: pass a file name "
                             f"such as {os.fsdecode(out / 'autograder.zip')!r}", name)
    if out.suffix.lower() != ".zip":
        raise ParameterError(f"{shown} must be a .zip file name such as 'autograder.zip' (got "
                             f"{os.fsdecode(out)!r})", name)
    if not out.parent.is_dir():
        raise ParameterError(f"{shown} is in a folder that does not exist: "
                             f"{os.fsdecode(out.parent)!r} (create it first)", name)
    return out


def build_bundle(output: str | Path, settings: Settings, *,
                 requirement: str | None = None) -> Path:
    """Write Gradescope's autograder zip to `output` (a path ending in .zip).

    `requirement`: what setup.sh installs with pip, e.g. "convlab==0.1.0"; by default the
    wheel built from this source checkout (`pip wheel --no-deps`), put in the zip, or, when
    convlab was installed from a wheel, "convlab==<this version>". Returns the path
    written. Raises ConvlabError naming `output` or `requirement` when either cannot be used.
    """
    out = check_bundle_path(output)
    if requirement is not None and (not requirement.strip() or "\n" in requirement):
        raise ParameterError(f"'requirement' must be one pip requirement such as "
                             f"'convlab==0.1.0' (got {requirement!r})", "requirement")
    with tempfile.TemporaryDirectory(prefix="convlab-bundle-") as scratch:
        wheel = None
        if requirement is None:
            checkout = source_checkout()
            if checkout is not None:
                wheel = _build_wheel(checkout, Path(scratch))
            else:
                requirement = f"convlab=={convlab.__version__}"
        install = ('"$HERE/' + wheel.name + '"') if wheel else _quoted(requirement)
        descriptor, temporary = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
        os.close(descriptor)
        try:
            with zipfile.ZipFile(temporary, "w") as archive:
                _zip_text(archive, "setup.sh", SETUP_SH.format(install=install), True)
                _zip_text(archive, "run_autograder", RUN_AUTOGRADER, True)
                data = dataclasses.asdict(settings)
                data["forbid_numpy"] = list(settings.forbid_numpy)
                data["install"] = wheel.name if wheel else requirement
                _zip_text(archive, "settings.json", json.dumps(data, indent=2) + "\n")
                if wheel is not None:
                    archive.write(wheel, wheel.name)
            os.chmod(temporary, 0o644)
            os.replace(temporary, out)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    return out


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


# ---- grading one submission (in Gradescope's container) ---------------------------------------

def find_submission(folder: Path, settings: Settings) -> tuple[Path | None, str | None]:
    """The file to grade in `folder` (Gradescope's submission/), or None and why not:
    the file named in the settings, anywhere below; else the only .py file there is."""
    if not folder.is_dir():
        return None, f"there is no submission folder ({folder})"
    files = sorted(path for path in folder.rglob("*.py")
                   if not any(part.startswith((".", "_")) for part in
                              path.relative_to(folder).parts))
    named = [path for path in files if path.name == settings.file]
    if len(named) == 1:
        return named[0], None
    if len(named) > 1 or len(files) > 1:
        listed = ", ".join(str(path.relative_to(folder)) for path in (named or files))
        return None, (f"several Python files were submitted ({listed}); submit one file "
                      f"named {settings.file}")
    if files:
        return files[0], None
    return None, (f"no Python file was submitted: upload {settings.file} with your "
                  f"{settings.function} function in it")


def grade_root(root: str | Path | None = None) -> GradeReport:
    """Grade the submission under `root` (default: $CONVLAB_AUTOGRADER_ROOT or /autograder)
    with root/source/settings.json, and write root/results/results.json. Always writes it:
    a missing file or a grader failure is a results.json with score 0 saying so."""
    root = Path(root or os.environ.get(ROOT_VARIABLE) or "/autograder")
    settings = Settings.read(root / "source" / "settings.json")
    exercise = get_exercise(settings.exercise)
    path, problem = find_submission(root / "submission", settings)
    if path is None:
        report = load_failure(exercise, settings.file, graded_tests(exercise.name), problem,
                              0.0)
    else:
        try:
            report = grade_file(path, exercise.name, function=settings.function,
                                policy=settings.policy(), folder=root / "submission")
        except Exception as error:  # noqa: BLE001 - the student still gets a results.json
            report = load_failure(exercise, str(path), graded_tests(exercise.name),
                                  f"the grader failed on this submission "
                                  f"({type(error).__name__}: {error})", 0.0)
    write_results(results_json(report, settings.visibility),
                  root / "results" / "results.json")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m convlab.grading.gradescope",
        description="Grade the submission of a Gradescope autograder root (run_autograder).")
    parser.add_argument("--root", default=None, help=f"the autograder root (default "
                                                     f"${ROOT_VARIABLE} or /autograder)")
    args = parser.parse_args(argv)
    report = grade_root(args.root)
    print(f"{report.exercise}: {report.score:g} / {report.max_score:g}"
          + (f"  [{', '.join(report.categories)}]" if report.categories else "")
          + (f"  ({report.load_error})" if report.load_error else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
