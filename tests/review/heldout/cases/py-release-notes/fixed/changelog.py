"""Release-notes helper: look up commits by id and list the log of a path.

The repository location comes from the server configuration; the ids and
the path filter come from the request.
"""
import hashlib
import sqlite3
import subprocess

REPO = "/srv/git/product.git"


def etag_for(payload: bytes) -> str:
    # HTTP cache validator only.
    return hashlib.md5(payload, usedforsecurity=False).hexdigest()


def commits_by_id(conn: sqlite3.Connection, ids):
    ids = [int(i) for i in ids][:100]
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    sql = f"SELECT id, sha, title FROM commits WHERE id IN ({marks}) ORDER BY id"
    return conn.execute(sql, ids).fetchall()


def log_for_path(path: str, limit: int = 20) -> list:
    limit = max(1, min(int(limit), 200))
    out = subprocess.run(
        ["git", "--git-dir", REPO, "log", f"-n{limit}", "--format=%h %s", "--", path],
        capture_output=True, text=True, timeout=10, check=False,
    )
    return out.stdout.splitlines()


def release_notes(conn, ids, path):
    rows = commits_by_id(conn, ids)
    lines = [f"{sha[:10]} {title}" for _id, sha, title in rows]
    lines += log_for_path(path)
    body = "\n".join(lines).encode()
    return body, etag_for(body)
