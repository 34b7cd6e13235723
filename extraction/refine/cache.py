"""A content-addressed SQLite cache of model responses (``--llm-cache PATH``).

The key is the sha256 of the prompt id and version, the rendered messages, the model name and
the request parameters (temperature, token limit, the response schema). The same note, records,
prompt and model therefore always hit; anything that changes the request misses. A hit never
touches the network. Each row keeps the request as sent (the note text — redacted when
``--llm-redact`` is on) and the raw response, for audit and replay: the file holds note text and
must be protected like the notes themselves.

A released prompt version is never edited. The cache records the sha256 of each prompt file it
has served and refuses (:class:`~extraction.refine.errors.CacheMismatchError`) to mix entries
made with another text under the same id and version.

The cache is safe to share between threads (one connection per thread) and between worker
processes (SQLite WAL mode and a busy timeout; a pickled cache reopens its file in the child).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extraction.refine.errors import CacheMismatchError, LLMConfigError

SCHEMA_VERSION = 1

_DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS prompts (
    prompt_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    template_sha256 TEXT NOT NULL,
    PRIMARY KEY (prompt_id, version)
);
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY,
    prompt_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    model TEXT NOT NULL,
    created REAL NOT NULL,
    request TEXT NOT NULL,
    content TEXT NOT NULL,
    mode TEXT NOT NULL,
    finish_reason TEXT,
    usage TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class CachedResponse:
    """A stored model answer."""

    content: str  # the raw message content (JSON text)
    mode: str  # the structured-output mode the server accepted
    finish_reason: str | None
    usage: dict[str, int]


def cache_key(
    prompt_id: str, version: int, messages: Any, model: str, params: dict[str, Any]
) -> str:
    """sha256 over everything that determines the answer (canonical JSON)."""
    payload = {
        "prompt_id": prompt_id,
        "version": version,
        "messages": messages,
        "model": model,
        "params": params,
    }
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class ResponseCache:
    """SQLite response cache at ``path`` (created with its folder when missing).

    Raises:
        LLMConfigError: the file cannot be opened or is not a cache of this format.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._checked: set[tuple[str, int]] = set()
        self._lock = threading.Lock()
        self._connect()  # fail at start-up, not on the first note

    def __getstate__(self) -> dict[str, Any]:
        return {"path": self.path}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.path = state["path"]
        self._local = threading.local()
        self._checked = set()
        self._lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            return conn
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA busy_timeout=30000")
            conn.executescript(_DDL)
            row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            if row is None:
                conn.execute(
                    "INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)",
                    (str(SCHEMA_VERSION),),
                )
            elif row[0] != str(SCHEMA_VERSION):
                raise LLMConfigError(
                    f"{self.path}: cache format {row[0]}, this program reads {SCHEMA_VERSION}"
                )
        except sqlite3.DatabaseError as exc:
            raise LLMConfigError(f"{self.path}: cannot open the LLM cache ({exc})") from None
        self._local.conn = conn
        return conn

    def check_prompt(self, prompt_id: str, version: int, template_sha256: str) -> None:
        """Record the prompt's text hash, or refuse a cache made with another text of it.

        Raises:
            CacheMismatchError: the same id and version was cached with a different file.
        """
        if (prompt_id, version) in self._checked:
            return
        conn = self._connect()
        with self._lock:
            conn.execute(
                "INSERT OR IGNORE INTO prompts VALUES (?, ?, ?)",
                (prompt_id, version, template_sha256),
            )
            (stored,) = conn.execute(
                "SELECT template_sha256 FROM prompts WHERE prompt_id=? AND version=?",
                (prompt_id, version),
            ).fetchone()
        if stored != template_sha256:
            raise CacheMismatchError(
                f"{self.path}: prompt {prompt_id}@v{version} was cached with another text "
                f"(sha256 {stored[:12]}…, now {template_sha256[:12]}…); a released prompt is "
                "never edited — make a new version, or use another cache file"
            )
        self._checked.add((prompt_id, version))

    def get(self, key: str) -> CachedResponse | None:
        """The stored answer for ``key``, or None."""
        row = (
            self._connect()
            .execute(
                "SELECT content, mode, finish_reason, usage FROM responses WHERE key=?", (key,)
            )
            .fetchone()
        )
        if row is None:
            return None
        return CachedResponse(
            content=row[0], mode=row[1], finish_reason=row[2], usage=json.loads(row[3])
        )

    def put(
        self,
        key: str,
        response: CachedResponse,
        *,
        prompt_id: str,
        version: int,
        model: str,
        request: dict[str, Any],
    ) -> None:
        """Store an answer (a second writer of the same key keeps the first row)."""
        self._connect().execute(
            "INSERT OR IGNORE INTO responses VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                key,
                prompt_id,
                version,
                model,
                time.time(),
                json.dumps(request, ensure_ascii=False, sort_keys=True),
                response.content,
                response.mode,
                response.finish_reason,
                json.dumps(response.usage, sort_keys=True),
            ),
        )

    def __len__(self) -> int:
        (n,) = self._connect().execute("SELECT COUNT(*) FROM responses").fetchone()
        return int(n)

    def close(self) -> None:
        """Close this thread's connection (others close when their thread ends)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
