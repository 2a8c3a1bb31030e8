"""`--check`: what an upload would send, checked against what the Hub accepts, line by line.

The standard library and pip only, so CI runs it before installing anything.
"""
from __future__ import annotations

import json
import re
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from explainer.deploy.space import (GIT_LIMIT, LEFT_OUT, SPACE_PINS, SPACE_PYTHON, ZEROGPU_PYTHON,
                                    ZEROGPU_TORCH, lfs_covered, lfs_reason, matches,
                                    read_front_matter, read_pins, repository_files,
                                    split_front_matter)

# Never on the Space, whatever SHIPPED says one day.
NEVER = ("tests/*", ".git*", ".ci/*", ".benchmarks/*", "bench-out/*", *LEFT_OUT)
COLORS = ("red", "yellow", "green", "blue", "indigo", "purple", "pink", "gray")   # config reference
SHORT_DESCRIPTION_MAX = 60     # the Hub refused 61 characters (issue 13); the reference names none
CONFIG_REFERENCE = "https://huggingface.co/docs/hub/spaces-config-reference"

INDEX = "https://pypi.org/simple"      # where a Space's pip installs from
# A Space is Linux on x86-64: manylinux tags up to glibc 2.28, torch's own floor (a Space that can
# install torch has at least that), and every older one.
PLATFORMS = [f"manylinux_2_{minor}_x86_64" for minor in range(28, 4, -1)] + [
    "manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64"]
GPU_HANDLER = re.compile(r"^\s*@(?:spaces\.GPU|(?:device\.)?gpu)\b", re.M)


@dataclass(frozen=True)
class Line:
    status: str        # "ok", "FAIL" or "note"
    text: str


def _mb(paths, root: Path) -> str:
    return f"{sum((root / p).stat().st_size for p in paths) / 1e6:.1f} MB"


def _by_folder(paths) -> str:
    """'LICENSE, app.py, assets/ (37), explainer/ (113)': files at the top, folders counted."""
    counts: dict[str, int] = {}
    for p in paths:
        top = p.split("/")[0] + ("/" if "/" in p else "")
        counts[top] = counts.get(top, 0) + 1
    return ", ".join(f"{top} ({n})" if top.endswith("/") else top for top, n in counts.items())


def check_files(root: Path, shipped: list[str], written: dict[str, bytes]) -> list[Line]:
    lines = [Line("ok", f"files: {len(shipped)} as they are, {_mb(shipped, root)}: "
                        f"{_by_folder(shipped)}; written for the Space: {', '.join(written)}")]
    if wrong := [p for p in shipped if matches(p, NEVER)]:
        return lines + [Line("FAIL", f"would upload what a Space never needs: {', '.join(wrong)}")]
    left = sorted(set(repository_files(root)) - set(shipped) - set(written))
    screenshots = [p for p in left if matches(p, ("assets/screenshot-*",))]
    caches = [p for p in left if matches(p, ("*/__pycache__/*", "*.pyc"))]
    others = [p for p in left if p not in screenshots and p not in caches]
    return lines + [Line("ok", f"left out: {len(left)} files: screenshots ({len(screenshots)}), "
                               f"caches ({len(caches)}), {_by_folder(others)}")]


def check_lfs(root: Path, shipped: list[str], attributes: str) -> list[Line]:
    """Every file the Hub refuses as a plain git blob is named in the .gitattributes sent first."""
    refused = {p: reason for p in shipped if (reason := lfs_reason(root / p))}
    uncovered = [p for p in refused if not lfs_covered(p, attributes)]
    if uncovered:
        return [Line("FAIL", f"not in the Space's .gitattributes, refused as plain git: {p} "
                             f"({refused[p]})") for p in uncovered]
    head = (f"LFS/Xet: the {len(refused)} files the Hub refuses as plain git (binary, or over "
            f"{GIT_LIMIT / 1e6:.0f} MB) are named in the .gitattributes committed before them; "
            f"{len(shipped) - len(refused)} text files under {GIT_LIMIT / 1e6:.0f} MB go as git")
    width = max((len(p) for p in refused), default=0)
    return [Line("ok", head)] + [
        Line("", f"  {p:<{width}}  {(root / p).stat().st_size / 1e6:5.1f} MB  {refused[p]}")
        for p in sorted(refused)]


def _front_matter_problems(meta: dict[str, str], shipped: list[str]) -> list[str]:
    problems = []
    if not meta.get("title"):
        problems.append("title is empty")
    if not meta.get("emoji") or meta["emoji"].isascii():
        problems.append(f"emoji {meta.get('emoji')!r} is not an emoji")
    problems += [f"{key} {meta.get(key)!r} is none of {', '.join(COLORS)}"
                 for key in ("colorFrom", "colorTo") if meta.get(key) not in COLORS]
    if meta.get("sdk") != "gradio":
        problems.append(f"sdk is {meta.get('sdk')!r}, the app is a gradio app")
    if meta.get("app_file") not in shipped:
        problems.append(f"app_file {meta.get('app_file')!r} is not uploaded")
    return problems


def check_front_matter(readme: str, requirements: str, repo_readme: str,
                       shipped: list[str]) -> list[Line]:
    """The Space's README front matter, against the config reference and the Hub's refusals."""
    try:
        meta = read_front_matter(split_front_matter(readme)[0])
        pins = read_pins(requirements)
        here = read_front_matter(split_front_matter(repo_readme)[0])
    except ValueError as error:
        return [Line("FAIL", str(error))]
    problems = _front_matter_problems(meta, shipped)
    lines = [Line("FAIL", f"front matter: {p} (see {CONFIG_REFERENCE})") for p in problems] or [
        Line("ok", f"front matter: title {meta['title']!r}, emoji, colors {meta['colorFrom']}/"
                   f"{meta['colorTo']}, sdk gradio, app_file {meta['app_file']} uploaded")]
    length = len(meta.get("short_description", ""))
    lines.append(Line("ok" if length <= SHORT_DESCRIPTION_MAX else "FAIL",
                      f"short_description: {length} characters (the Hub takes "
                      f"{SHORT_DESCRIPTION_MAX} at most)"))
    sdk, gradio = meta.get("sdk_version"), pins.get("gradio")
    same = sdk == gradio
    lines.append(Line("ok" if same else "FAIL",
                      f"sdk_version {sdk} {'=' if same else '!='} the gradio pin {gradio}"))
    python = meta.get("python_version")
    lines.append(Line("ok" if python in ZEROGPU_PYTHON else "FAIL",
                      f"python_version {python!r} on the Space; ZeroGPU runs "
                      f"{', '.join(ZEROGPU_PYTHON)} (here: {here.get('python_version')!r})"))
    torch = pins.get("torch")
    lines.append(Line("ok" if torch in ZEROGPU_TORCH else "FAIL",
                      f"torch=={torch} on the Space; ZeroGPU runs {', '.join(ZEROGPU_TORCH)}"))
    return lines


def installable_wheels(name: str, version: str, python: str) -> list[str]:
    """The wheels of name==version at INDEX that pip installs on CPython `python` on manylinux
    x86-64, by file name.

    Reads the project's index page (PEP 691 JSON, what pip reads; no file is downloaded) and
    decides with the rules pip itself uses (its own copy of `packaging`): wheel tags, and
    Requires-Python. `pip install --dry-run` would download each wheel to read its metadata (torch:
    531 MB), and `pip index versions` ignores --only-binary, counting an sdist as installable."""
    from pip._vendor.packaging import specifiers, tags, utils
    from pip._vendor.packaging import version as versions
    major_minor = tuple(int(x) for x in python.split(".")[:2])
    interpreter = "cp" + "".join(map(str, major_minor))
    wanted = set(tags.cpython_tags(major_minor, abis=[interpreter], platforms=PLATFORMS))
    wanted |= set(tags.compatible_tags(major_minor, interpreter, PLATFORMS))
    request = urllib.request.Request(f"{INDEX}/{utils.canonicalize_name(name)}/",
                                     headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        files = json.load(response)["files"]
    found = []
    for file in files:
        if not file["filename"].endswith(".whl") or file.get("yanked"):
            continue
        try:
            _, wheel_version, _, wheel_tags = utils.parse_wheel_filename(file["filename"])
            needs = specifiers.SpecifierSet(file.get("requires-python") or "")
        except ValueError:              # a name or a Requires-Python pip would skip too
            continue
        if wheel_version == versions.Version(version) and wheel_tags & wanted and python in needs:
            found.append(file["filename"])
    return found


def _ask(name: str, version: str) -> list[str] | str:
    try:
        return installable_wheels(name, version, SPACE_PYTHON)
    except (OSError, ValueError, KeyError) as error:        # network, HTTP, JSON
        return f"{type(error).__name__}: {error}"


def check_wheels(requirements: str, offline: bool) -> list[Line]:
    torch_note = Line("note", "torch on PyPI is the CUDA build for Linux (a wheel of ~0.5 GB, "
                              "then NVIDIA's CUDA libraries, GBs more), installed on CPU hardware "
                              "too: the CPU-only wheel is on download.pytorch.org only, an index "
                              "this project does not add")
    if offline:
        return [Line("note", "--offline: PyPI was not asked whether every pin has a wheel"),
                torch_note]
    pins = read_pins(requirements)
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=max(1, len(pins))) as pool:
        answers = dict(zip(pins, pool.map(_ask, pins, pins.values())))
    target = f"CPython {SPACE_PYTHON}, manylinux x86-64, at {INDEX}"
    lines = [Line("FAIL", f"{name}=={pins[name]}: could not read the index ({answer}); "
                          "--offline skips this") if isinstance(answer, str) else
             Line("FAIL", f"{name}=={pins[name]}: no wheel for {target}")
             for name, answer in answers.items() if not answer or isinstance(answer, str)]
    return (lines or [Line("ok", f"wheels: all {len(pins)} pins have one for {target} "
                                 f"({time.perf_counter() - start:.1f} s)")]) + [torch_note]


def gpu_handlers(root: Path, shipped: list[str]) -> list[str]:
    """Files with a handler decorated for ZeroGPU (@spaces.GPU, or explainer.device's @gpu)."""
    return [p for p in shipped if p.endswith(".py")
            and GPU_HANDLER.search((root / p).read_text(encoding="utf-8"))]


def check_zerogpu(root: Path, shipped: list[str]) -> list[Line]:
    if found := gpu_handlers(root, shipped):
        return [Line("ok", f"ZeroGPU: handlers decorated for @spaces.GPU in {len(found)} files "
                           f"({', '.join(Path(p).name for p in found)})")]
    return [Line("note", "ZeroGPU stops a Space where no handler is decorated with @spaces.GPU, "
                         "and none is here: --hardware zero-a10g is refused; cpu-basic or "
                         "cpu-upgrade run it")]


def run_checks(root: Path, shipped: list[str], written: dict[str, bytes],
               offline: bool) -> list[Line]:
    readme, requirements = written["README.md"].decode(), written["requirements.txt"].decode()
    repo_readme = (root / "README.md").read_text(encoding="utf-8")
    here = read_pins((root / "requirements.txt").read_text(encoding="utf-8"))
    changed = ", ".join(f"{name} {version} (here {here.get(name)})"
                        for name, version in SPACE_PINS.items())
    return (check_files(root, shipped, written)
            + check_lfs(root, shipped, written[".gitattributes"].decode())
            + check_front_matter(readme, requirements, repo_readme, shipped)
            + [Line("note", f"the Space's requirements.txt differs in {changed}: one table, "
                            f"explainer/deploy/space.py")]
            + check_wheels(requirements, offline)
            + check_zerogpu(root, shipped))
