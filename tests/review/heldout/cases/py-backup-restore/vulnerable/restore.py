"""Restore a user's project from an uploaded backup archive.

Called by the web app once the upload has been stored in a temp file:
    restore_project(upload_path, project_id)
"""
import os
import shutil
import tarfile
import tempfile

PROJECTS_ROOT = "/srv/app/projects"
MAX_MEMBERS = 10_000


def _project_dir(project_id: int) -> str:
    return os.path.join(PROJECTS_ROOT, str(int(project_id)))


def restore_project(upload_path: str, project_id: int) -> int:
    target = _project_dir(project_id)
    staging = tempfile.mkdtemp(prefix="restore-", dir=PROJECTS_ROOT)
    try:
        with tarfile.open(upload_path, mode="r:*") as tar:
            members = tar.getmembers()
            if len(members) > MAX_MEMBERS:
                raise ValueError("archive has too many entries")
            tar.extractall(staging)
        if os.path.exists(target):
            shutil.rmtree(target)
        os.replace(staging, target)
        staging = None
        return len(members)
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
