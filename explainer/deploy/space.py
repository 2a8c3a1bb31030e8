"""What a Hugging Face Space gets from this repository, and the one place it differs from here.

The Space gets the app and what it loads, as files of this repository (an allow-list), plus three
files written for it at upload time from this repository's own: README.md (its front matter and
body), requirements.txt (the pins) and .gitattributes (which files the Hub stores with LFS/Xet).
Nothing here changes a file of this repository: the weights stay ordinary files in git.
"""
from __future__ import annotations

import fnmatch
import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]           # where app.py lives

# Shipped as they are; everything else (tests, screenshots, CI, benchmark output, caches) stays.
SHIPPED = ("app.py", "LICENSE", "explainer/*", "assets/*")
LEFT_OUT = ("*/__pycache__/*", "*.pyc", "assets/screenshot-*")

# ZeroGPU runs only these: https://huggingface.co/docs/hub/spaces-zerogpu, "Supported Versions",
# read 2026-11-27 in its source as of 2026-08-22 (github.com/huggingface/hub-docs at 242f4a1,
# docs/hub/spaces-zerogpu.md). This repository's Python 3.11 and torch 2.13.0 are on neither list.
ZEROGPU_PYTHON = ("3.12.12", "3.10.13")
ZEROGPU_TORCH = ("2.8.0", "2.9.1", "2.10.0", "2.11.0")

# What the Space runs and this repository does not: one Python and one torch from those lists, so
# that the same upload runs on CPU hardware and on ZeroGPU; orjson 3.8.3 has no wheel for
# Python 3.12 (3.11.5 writes the same bytes for the figures' numpy arrays, NaN as null).
# torch 2.11.0 was not run here: this machine has only the CPU build of 2.13.0 for Python 3.11.
SPACE_PYTHON = "3.12.12"
SPACE_PINS = {"torch": "2.11.0", "orjson": "3.11.5"}

# "For files larger than 10MB, Spaces requires Git-LFS" (hub-docs, spaces-github-actions.md);
# 10 MB read as 10^7 bytes, the stricter reading. Binary files are refused at any size ("Your
# push was rejected because it contains binary files", huggingface_hub issue 1404).
GIT_LIMIT = 10_000_000
LFS_RULE = "filter=lfs diff=lfs merge=lfs -text"


def matches(path: str, patterns) -> bool:
    return any(fnmatch.fnmatchcase(path, pattern) for pattern in patterns)


def repository_files(root: Path = ROOT) -> list[str]:
    """Every file of the working tree but .git's, as sorted POSIX paths relative to root."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".git"]
        base = Path(folder).relative_to(root)
        found += [(base / name).as_posix() for name in files]
    return sorted(found)


def shipped_files(root: Path = ROOT) -> list[str]:
    """The files the Space gets as they are in this tree."""
    return [p for p in repository_files(root) if matches(p, SHIPPED) and not matches(p, LEFT_OUT)]


def lfs_reason(path: Path) -> str | None:
    """Why the Hub refuses this file as a plain git blob ('binary', 'over 10 MB'), or None."""
    with path.open("rb") as f:
        head = f.read(8000)                 # git's own test: a NUL byte in the first 8000 bytes
    reasons = ["binary"] * (b"\0" in head) + ["over 10 MB"] * (path.stat().st_size > GIT_LIMIT)
    return ", ".join(reasons) or None


def gitattributes(lfs_paths) -> str:
    """The Space's .gitattributes: each file the Hub must store with LFS/Xet, by its path."""
    lines = ["# Written by `python -m explainer.deploy`: the files this Space stores with LFS/Xet."]
    return "\n".join(lines + [f"{p} {LFS_RULE}" for p in sorted(lfs_paths)]) + "\n"


def lfs_covered(path: str, attributes: str) -> bool:
    """Whether a .gitattributes line puts `path` in LFS (a pattern without / matches a file name,
    as in git)."""
    for line in attributes.splitlines():
        pattern, *rules = line.split() or ["#"]
        if pattern.startswith("#") or "filter=lfs" not in rules:
            continue
        name = path if "/" in pattern else path.rsplit("/", 1)[-1]
        if fnmatch.fnmatchcase(name, pattern):
            return True
    return False


def split_front_matter(text: str) -> tuple[str, str]:
    """README text -> (the YAML block without its --- lines, the body after it)."""
    match = re.match(r"---\n(.*?\n)---\n", text, re.S)
    if not match:
        raise ValueError("README.md must start with a front matter block between --- lines")
    return match.group(1), text[match.end():]


def read_front_matter(block: str) -> dict[str, str]:
    """Flat `key: value` lines, values plain or quoted; anything else is refused by line number.

    The Space's front matter is flat; reading it with the standard library keeps `--check` free of
    installed packages, so CI runs it before installing anything."""
    meta = {}
    for number, line in enumerate(block.splitlines(), start=2):
        match = re.fullmatch(r"([A-Za-z_]+):\s*(\"[^\"]*\"|'[^']*'|[^\"'#\[{][^#]*?)?\s*", line)
        if not match:
            raise ValueError(f"README.md line {number}: expected a flat `key: value`, got {line!r}")
        value = (match.group(2) or "").strip()
        quoted = value[:1] in ("'", '"')
        if not quoted and ": " in value:
            raise ValueError(f"README.md line {number}: quote a value that holds ': ', {line!r}")
        meta[match.group(1)] = value[1:-1] if quoted else value
    return meta


def local_links(text: str) -> set[str]:
    """Paths of this repository that Markdown links or images in `text` point to."""
    targets = re.findall(r"\]\(([^)\s]+)\)", text)
    return {t.split("#")[0] for t in targets if not re.match(r"[a-z]+:|#", t)}


def space_readme(text: str, shipped) -> str:
    """The README with the Space's python_version, less the paragraphs showing files left out."""
    block, body = split_front_matter(text)
    line = f'python_version: "{SPACE_PYTHON}"'
    block, count = re.subn(r"(?m)^python_version:.*$", line, block)
    block = block if count else block + line + "\n"
    kept = [p for p in body.split("\n\n") if local_links(p) <= set(shipped)]
    return f"---\n{block}---\n" + "\n\n".join(kept)


def read_pins(text: str) -> dict[str, str]:
    """requirements.txt -> {name: version}; every line must be a `name==version` pin."""
    pins = {}
    for line in text.splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([A-Za-z0-9_.+\-]+)", line)
        if not match:
            raise ValueError(f"requirements.txt: {line!r} is not pinned as name==version")
        pins[match.group(1).lower()] = match.group(2)
    return pins


def space_requirements(text: str) -> str:
    """The Space's requirements.txt: this repository's pins with SPACE_PINS in place."""
    pins = read_pins(text)
    changed = ", ".join(f"{n} {pins[n]} -> {v}" for n, v in SPACE_PINS.items() if pins.get(n) != v)
    head = ["# Written by `python -m explainer.deploy` from the repository's requirements.txt for",
            f"# Python {SPACE_PYTHON} on a Space (explainer/deploy/space.py says why): {changed}."]
    return "\n".join(head + [f"{n}=={SPACE_PINS.get(n, v)}" for n, v in pins.items()]) + "\n"


def written_files(root: Path = ROOT, shipped=None) -> dict[str, bytes]:
    """The three files written for the Space, by path."""
    shipped = shipped_files(root) if shipped is None else shipped
    readme = space_readme((root / "README.md").read_text(encoding="utf-8"), shipped)
    requirements = space_requirements((root / "requirements.txt").read_text(encoding="utf-8"))
    lfs = [p for p in shipped if lfs_reason(root / p)]
    return {".gitattributes": gitattributes(lfs).encode(), "README.md": readme.encode(),
            "requirements.txt": requirements.encode()}
