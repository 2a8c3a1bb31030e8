"""python -m explainer.deploy: what a Space gets, the checks, and the upload.

The upload runs huggingface_hub's own client against a fake Hub on 127.0.0.1 that answers its HTTP
calls the way the Hub does and refuses what the Hub refuses: a binary file, or one over 10 MB,
offered as a plain git blob. It stores with LFS only what the Space's committed .gitattributes
names, so the test fails if the upload stops sending that file first. Never the real Hub; no
network. Xet is switched off for the test: its transfers speak a protocol of their own, while the
decision LFS/Xet-or-git is the same preupload call either way.
"""
from __future__ import annotations

import base64
import fnmatch
import hashlib
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from explainer.deploy.__main__ import main
from explainer.deploy.checks import check_front_matter, installable_wheels
from explainer.deploy.space import (SPACE_PINS, SPACE_PYTHON, shipped_files, space_readme,
                                    space_requirements, written_files)

ROOT = Path(__file__).resolve().parents[2]
SPACE = "alice/rnn-explainer"


def test_the_space_gets_the_app_and_its_weights_and_nothing_else():
    shipped = shipped_files(ROOT)
    assert {"app.py", "LICENSE", "assets/pos-best.safetensors", "assets/pos-best.md"} <= {
        *shipped}
    assert [p for p in shipped if p.startswith(("tests/", ".")) or "__pycache__" in p
            or p.endswith(".pyc") or "screenshot" in p] == []


def test_the_checks_pass_on_this_tree(capsys):
    assert main(["--check", "--offline"]) == 0
    out = capsys.readouterr().out
    assert "FAIL" not in out
    assert "assets/translate-attention.safetensors" in out and "binary, over 10 MB" in out


def test_the_space_readme_has_its_python_and_no_missing_picture():
    text = (ROOT / "README.md").read_text()
    readme = space_readme(text, shipped_files(ROOT))
    assert f'python_version: "{SPACE_PYTHON}"' in readme and 'python_version: "3.11"' not in readme
    assert "screenshot-" in text and "screenshot-" not in readme
    assert readme.split("---\n", 2)[2].startswith("\n# RNN Explainer")


def test_the_space_requirements_differ_only_in_the_table():
    here = (ROOT / "requirements.txt").read_text()
    space = space_requirements(here)
    pins = dict(line.split("==") for line in space.splitlines() if "==" in line)
    assert {name: pins[name] for name in SPACE_PINS} == SPACE_PINS
    assert {n: v for n, v in pins.items() if n not in SPACE_PINS} == {
        n: v for n, v in (line.split("==") for line in here.splitlines() if "==" in line)
        if n not in SPACE_PINS}


@pytest.mark.parametrize("line, wanted", [
    ("short_description: " + "x" * 61, "short_description: 61 characters"),
    ('python_version: "3.11"', "python_version '3.11' on the Space"),
    ("sdk_version: 6.30.0", "sdk_version 6.30.0 != the gradio pin"),
    ("colorFrom: teal", "colorFrom 'teal' is none of"),
])
def test_the_front_matter_checks_fail_what_the_hub_refuses(line, wanted):
    written = written_files(ROOT)
    readme = written["README.md"].decode()
    key = line.split(":")[0]
    readme = re.sub(rf"(?m)^{key}:.*$", line, readme)
    lines = check_front_matter(readme, written["requirements.txt"].decode(),
                               (ROOT / "README.md").read_text(), shipped_files(ROOT))
    assert [x.text for x in lines if x.status == "FAIL"] == [
        next(x.text for x in lines if wanted in x.text)]


def _index_page(monkeypatch, files: list[dict]):
    """PyPI's index page for a project (PEP 691 JSON), served without the network."""
    import io
    import urllib.request
    asked = []

    def urlopen(request, timeout):
        asked.append((request.full_url, request.headers))
        return io.BytesIO(json.dumps({"files": files}).encode())
    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    return asked


def test_a_wheel_counts_only_for_the_space_python_and_platform(monkeypatch):
    def wheel(name, requires=None, yanked=False):
        return {"filename": name, "requires-python": requires, "yanked": yanked}
    asked = _index_page(monkeypatch, [
        wheel("orjson-3.8.3-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"),
        {"filename": "orjson-3.8.3.tar.gz", "requires-python": ">=3.7"},
        wheel("orjson-3.11.5-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"),
        wheel("orjson-3.11.5-cp312-cp312-musllinux_1_2_x86_64.whl"),
        wheel("orjson-3.11.5-cp312-cp312-manylinux_2_34_x86_64.whl"),   # newer glibc than 2.28
        wheel("tqdm-4.70.1-py3-none-any.whl", requires=">=3.7"),
        wheel("old-1.0-py3-none-any.whl", requires="<3.12"),
        wheel("gone-1.0-py3-none-any.whl", yanked="broken"),
        wheel("safetensors-0.8.0-cp310-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"),
    ])
    assert installable_wheels("orjson", "3.8.3", "3.12.12") == []
    assert installable_wheels("orjson", "3.11.5", "3.12.12") == [
        "orjson-3.11.5-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"]
    assert installable_wheels("tqdm", "4.70.1", "3.12.12") == ["tqdm-4.70.1-py3-none-any.whl"]
    assert installable_wheels("old", "1.0", "3.12.12") == []
    assert installable_wheels("gone", "1.0", "3.12.12") == []
    assert len(installable_wheels("safetensors", "0.8.0", "3.12.12")) == 1
    assert asked[0][0] == "https://pypi.org/simple/orjson/"
    assert asked[0][1]["Accept"] == "application/vnd.pypi.simple.v1+json"


# --- a fake Hub ---------------------------------------------------------------------------------

class FakeHub(ThreadingHTTPServer):
    """The Hub's endpoints huggingface_hub calls for create_repo, request_space_hardware,
    upload_file, list_repo_files and create_commit, with one Space in memory."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), HubHandler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        self.files: dict[str, bytes] = {}          # the Space's tree
        self.exists = False
        self.created, self.hardware, self.commits = [], [], []
        self.lfs: dict[str, bytes] = {}            # oid -> content received by PUT

    def upload_mode(self, path: str) -> str:
        rules = self.files.get(".gitattributes", b"").decode().splitlines()
        patterns = [r.split()[0] for r in rules if "filter=lfs" in r and not r.startswith("#")]
        return "lfs" if any(fnmatch.fnmatchcase(path, p) for p in patterns) else "regular"


def _refused_as_git(content: bytes) -> bool:
    return b"\0" in content[:8000] or len(content) > 10_000_000


class HubHandler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while size := int(self.rfile.readline().split(b";")[0], 16):
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            self.rfile.readline()
            return b"".join(chunks)
        return self.rfile.read(int(self.headers.get("Content-Length", 0)))

    def _send(self, status: int, payload) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        hub = self.server
        if self.path.startswith(f"/api/spaces/{SPACE}/tree/main"):
            return self._send(200, [{"type": "file", "path": p, "size": len(c),
                                     "oid": hashlib.sha1(c).hexdigest()}
                                    for p, c in sorted(hub.files.items())])
        self._send(404, {"error": f"fake Hub: no GET {self.path}"})

    def do_PUT(self):
        hub, oid = self.server, self.path.rsplit("/", 1)[-1]
        body = self._body()
        if not self.path.startswith("/lfs/") or hashlib.sha256(body).hexdigest() != oid:
            return self._send(400, {"error": "fake Hub: bad LFS upload"})
        hub.lfs[oid] = body
        self._send(200, {})

    def do_POST(self):
        hub, body = self.server, self._body()
        if self.path == "/api/repos/create":
            payload = json.loads(body)
            hub.created.append(payload)
            url = {"url": f"{hub.url}/spaces/{SPACE}"}
            if hub.exists:
                return self._send(409, {"error": "You already created this space repo", **url})
            hub.exists = True
            hub.files[".gitattributes"] = b"*.bin filter=lfs diff=lfs merge=lfs -text\n"
            return self._send(200, url)
        if self.path == f"/api/spaces/{SPACE}/hardware":
            hub.hardware.append(json.loads(body)["flavor"])
            return self._send(200, {"stage": "BUILDING", "hardware": {
                "current": None, "requested": hub.hardware[-1]}})
        if self.path == "/api/validate-yaml":
            found = re.search(r"(?m)^short_description: (.*)$", json.loads(body)["content"])
            if found and len(found.group(1)) > 60:
                return self._send(400, {"errors": [{"message": '"short_description" length must '
                                                   'be less than or equal to 60 characters long'}]})
            return self._send(200, {})
        if self.path == f"/api/spaces/{SPACE}/preupload/main":
            return self._send(200, {"files": [
                {"path": f["path"], "uploadMode": hub.upload_mode(f["path"]), "shouldIgnore": False,
                 "oid": None} for f in json.loads(body)["files"]]})
        if self.path == f"/spaces/{SPACE}.git/info/lfs/objects/batch":
            return self._send(200, {"transfer": "basic", "objects": [
                {"oid": o["oid"], "size": o["size"], "authenticated": True,
                 "actions": {"upload": {"href": f"{hub.url}/lfs/{o['oid']}"}}}
                for o in json.loads(body)["objects"]]})
        if self.path == f"/api/spaces/{SPACE}/commit/main":
            return self._commit([json.loads(line) for line in body.splitlines()])
        self._send(404, {"error": f"fake Hub: no POST {self.path}"})

    def _commit(self, items: list[dict]):
        hub, changes = self.server, {}
        for item in items[1:]:
            value = item["value"]
            if item["key"] == "file":
                content = base64.b64decode(value["content"])
                if _refused_as_git(content):
                    return self._send(400, {"error": "Your push was rejected because it contains "
                                                     f"binary files: {value['path']}"})
                changes[value["path"]] = ("git", content)
            elif item["key"] == "lfsFile":
                if value["oid"] not in hub.lfs:
                    return self._send(400, {"error": f"LFS object missing: {value['path']}"})
                changes[value["path"]] = ("lfs", hub.lfs[value["oid"]])
            elif item["key"] == "deletedFile":
                changes[value["path"]] = ("deleted", None)
        hub.commits.append({p: how for p, (how, _) in changes.items()})
        for path, (how, content) in changes.items():
            if how == "deleted":
                hub.files.pop(path)
            else:
                hub.files[path] = content
        self._send(200, {"commitUrl": f"{hub.url}/spaces/{SPACE}/commit/{len(hub.commits)}",
                         "commitOid": hashlib.sha1(str(hub.commits).encode()).hexdigest()})


@pytest.fixture
def hub(monkeypatch):
    import huggingface_hub.constants
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_DISABLE_XET", True)
    # the app's package sets HF_HUB_OFFLINE=1 for itself (nothing from a hub at run time); when a
    # test imported it before huggingface_hub, the client is offline in this process: the deploy
    # command imports no app code, so its client is online, as here
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    server = FakeHub()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def tree(tmp_path):
    """A small copy of the repository's layout, with every kind of file an upload meets."""
    for name in ("app.py", "README.md", "requirements.txt", "LICENSE"):
        (tmp_path / name).write_bytes((ROOT / name).read_bytes())
    files = {
        "explainer/__init__.py": b"",
        "explainer/ui/static/player.js": b"// the player\n",
        "explainer/ui/__pycache__/app.cpython-311.pyc": b"\xa7\r\r\n\0\0\0\0",
        "assets/tiny.safetensors": b"\x08\0\0\0\0\0\0\0{}      " + bytes(range(256)) * 8,
        "assets/huge.vocab.json": b'{"words": [' + b'"w", ' * 2_100_000 + b'"w"]}\n',
        "assets/tiny.md": b"# A model card\n",
        "assets/screenshot-gates.png": b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
        "tests/test_something.py": b"def test(): pass\n",
        ".ci/run": b"#!/usr/bin/env bash\n",
    }
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(content)
    return tmp_path


def _api(hub):
    from huggingface_hub import HfApi
    return HfApi(endpoint=hub.url, token="hf_fake_token_for_the_fake_hub")


def test_upload_sends_the_app_with_its_weights_through_lfs(hub, tree, capsys):
    hub.exists, hub.files = True, {"explainer/traces.py": b"# moved since\n",
                                   ".gitattributes": b"*.bin filter=lfs diff=lfs merge=lfs -text\n"}
    code = main(["--space", SPACE, "--hardware", "cpu-basic", "--offline"], root=tree,
                api=_api(hub))
    assert code == 0, capsys.readouterr().out
    assert capsys.readouterr().out.endswith(f"uploaded: {hub.url}/spaces/{SPACE}\n")

    assert hub.created[0] == {"name": "rnn-explainer", "organization": "alice", "type": "space",
                              "sdk": "gradio", "hardware": "cpu-basic"}
    assert hub.hardware == ["cpu-basic"]
    weights = {"assets/tiny.safetensors", "assets/huge.vocab.json"}
    assert hub.commits[0] == {".gitattributes": "git"}          # the storage rules go first
    assert {p for p, how in hub.commits[1].items() if how == "lfs"} == weights
    assert hub.commits[1]["explainer/traces.py"] == "deleted"   # left by an earlier upload
    assert set(hub.files) == {".gitattributes", "README.md", "requirements.txt", "app.py",
                              "LICENSE", "explainer/__init__.py", "explainer/ui/static/player.js",
                              "assets/tiny.md", *weights}
    assert all(hub.files[p] == (tree / p).read_bytes() for p in weights)
    assert f'python_version: "{SPACE_PYTHON}"' in hub.files["README.md"].decode()
    assert f"torch=={SPACE_PINS['torch']}\n" in hub.files["requirements.txt"].decode()


def test_the_fake_hub_refuses_weights_offered_as_git(hub, tree):
    """The fake Hub is as strict as the Hub: without the .gitattributes commit the upload fails."""
    from huggingface_hub import CommitOperationAdd
    from huggingface_hub.errors import HfHubHTTPError
    api = _api(hub)
    api.create_repo(SPACE, repo_type="space", space_sdk="gradio")
    with pytest.raises(HfHubHTTPError, match="binary files"):
        api.create_commit(SPACE, repo_type="space", commit_message="weights as git", operations=[
            CommitOperationAdd("assets/tiny.safetensors", str(tree / "assets/tiny.safetensors"))])


def test_nothing_is_uploaded_when_a_check_fails(hub, tree, capsys):
    readme = (tree / "README.md").read_text()
    (tree / "README.md").write_text(re.sub(r"(?m)^short_description:.*$",
                                           "short_description: " + "x" * 61, readme))
    assert main(["--space", SPACE, "--offline"], root=tree, api=_api(hub)) == 1
    assert "FAIL  short_description: 61 characters" in capsys.readouterr().out
    assert hub.created == [] and hub.commits == []


def test_zerogpu_is_refused_without_a_gpu_handler(hub, tree, capsys):
    with pytest.raises(SystemExit):
        main(["--space", SPACE, "--hardware", "zero-a10g", "--offline"], root=tree, api=_api(hub))
    assert "@spaces.GPU" in capsys.readouterr().err
    assert hub.created == []
