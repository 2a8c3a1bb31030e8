"""The upload, with the Hub's own client (huggingface_hub, installed with gradio).

Two commits. The Hub decides, file by file when a commit offers it, whether the file is stored as
a git blob or with LFS/Xet, reading the Space's .gitattributes among others; so that file goes
first, alone, naming every file the Hub would refuse as git (binary, or over 10 MB). Then one
commit with everything else, deleting what an earlier upload left that the Space no longer gets.
A .gitattributes already right is not committed again.
"""
from __future__ import annotations

from pathlib import Path

from explainer.deploy.space import ROOT


def upload(space: str, files: list[str], written: dict[str, bytes], *, root: Path = ROOT,
           hardware: str | None = None, api=None) -> str:
    """Create the Space if needed, set its hardware, upload; returns the Space's address.

    files: paths relative to root, sent as they are; written: path -> bytes made for the Space.
    api: an HfApi (its endpoint and token); the default reads the token `hf auth login` saved."""
    from huggingface_hub import CommitOperationAdd, CommitOperationDelete, HfApi

    api = api or HfApi()
    api.create_repo(space, repo_type="space", space_sdk="gradio", exist_ok=True,
                    space_hardware=hardware)
    if hardware:                    # create_repo leaves an existing Space's hardware as it was
        api.request_space_hardware(space, hardware)
    api.upload_file(path_or_fileobj=written[".gitattributes"], path_in_repo=".gitattributes",
                    repo_id=space, repo_type="space",
                    commit_message="Store the weights with LFS/Xet (.gitattributes)")
    sent = set(files) | set(written)
    stale = sorted(set(api.list_repo_files(space, repo_type="space")) - sent)
    operations = [CommitOperationDelete(path_in_repo=p) for p in stale]
    operations += [CommitOperationAdd(path_in_repo=p, path_or_fileobj=str(root / p)) for p in files]
    operations += [CommitOperationAdd(path_in_repo=p, path_or_fileobj=data)
                   for p, data in written.items() if p != ".gitattributes"]
    api.create_commit(space, operations=operations, repo_type="space",
                      commit_message=f"RNN Explainer: {len(files)} files, "
                                     f"with python -m explainer.deploy")
    return f"{api.endpoint}/spaces/{space}"
