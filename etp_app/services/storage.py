"""Where the bytes of exported documents live, behind one small interface.

``Storage`` is the contract the export service uses: ``put`` (atomic: a reader sees the whole object or
nothing), ``open`` (a binary file object to stream, never the bytes loaded whole), ``delete``
(idempotent), ``iter_objects`` (for the orphan sweep) and ``discard_incomplete`` (leftovers of writes
interrupted by a crash). Keys are relative, slash-separated names such as
``exports/<organization id>/<export id>.pdf``.

Backends are picked by ``STORAGE_BACKEND`` through ``BACKENDS``. The one shipped is ``local``: a
directory (``STORAGE_DIR``) that the API and the workers must both see — the same disk on one machine,
or one shared volume mounted at the same path in every container. Object storage (S3, MinIO, GCS) is
added by writing a class with these five methods (``put`` with a single PUT, or a multipart upload
completed at the end; ``open`` returning the streaming body; ``discard_incomplete`` aborting stale
multipart uploads), registering it in ``BACKENDS`` and in ``config.settings.STORAGE_BACKENDS`` with
its settings.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO, Protocol

log = logging.getLogger(__name__)

_SEGMENT = r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}"
_KEY_RE = re.compile(rf"^{_SEGMENT}(/{_SEGMENT}){{0,9}}$")
TEMP_PREFIX = ".part-"


class StorageError(Exception):
    """The storage could not do what was asked (disk full, permissions, backend down)."""


class ObjectMissing(StorageError):
    """No object under that key (never written, deleted, or lost)."""


@dataclass(frozen=True)
class StoredObject:
    key: str
    size: int
    sha256: str


@dataclass(frozen=True)
class ObjectInfo:
    key: str
    modified_at: datetime  # timezone-aware


class Storage(Protocol):
    def put(self, key: str, data: bytes) -> StoredObject:
        """Store ``data`` under ``key`` atomically, replacing what was there."""

    def open(self, key: str) -> BinaryIO:
        """A binary file object positioned at the start; the caller closes it. ``ObjectMissing``."""

    def delete(self, key: str) -> bool:
        """Remove the object; True when something was removed, False when it was not there."""

    def iter_objects(self, prefix: str) -> Iterator[ObjectInfo]:
        """Every complete object whose key starts with ``prefix`` + "/"."""

    def discard_incomplete(self, older_than: datetime) -> int:
        """Remove leftovers of interrupted writes started before ``older_than``; how many."""


def validate_key(key: str) -> str:
    """Keys are relative paths of plain segments: no "..", no absolute paths, no hidden names."""
    if not isinstance(key, str) or not _KEY_RE.match(key) or ".." in key:
        raise ValueError(f"invalid storage key: {key!r}")
    return key


class LocalStorage:
    """A directory on a local or shared filesystem. Writes go to a temporary file in the target's
    directory, are flushed to disk and then renamed over the target (``os.replace`` is atomic)."""

    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root).resolve()

    def __repr__(self) -> str:
        return f"LocalStorage({str(self.root)!r})"

    def _path(self, key: str) -> Path:
        path = (self.root / validate_key(key)).resolve()
        if self.root not in path.parents:
            raise ValueError(f"invalid storage key: {key!r}")
        return path

    def put(self, key: str, data: bytes) -> StoredObject:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o750)
            fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
        except OSError as exc:
            raise StorageError(f"cannot write under {path.parent}: {exc.strerror or exc}") from exc
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException as exc:
            with suppress(OSError):
                os.unlink(tmp)
            if isinstance(exc, OSError):
                raise StorageError(f"cannot write {key}: {exc.strerror or exc}") from exc
            raise
        self._fsync_dir(path.parent)
        return StoredObject(key=key, size=len(data), sha256=hashlib.sha256(data).hexdigest())

    @staticmethod
    def _fsync_dir(directory: Path) -> None:
        """Make the rename itself durable (best effort: not every filesystem allows it)."""
        try:
            fd = os.open(directory, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)

    def open(self, key: str) -> BinaryIO:
        try:
            return open(self._path(key), "rb")
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
            raise ObjectMissing(key) from exc
        except OSError as exc:
            raise StorageError(f"cannot read {key}: {exc.strerror or exc}") from exc

    def delete(self, key: str) -> bool:
        try:
            self._path(key).unlink()
        except FileNotFoundError:
            return False
        except OSError as exc:
            raise StorageError(f"cannot delete {key}: {exc.strerror or exc}") from exc
        return True

    def iter_objects(self, prefix: str) -> Iterator[ObjectInfo]:
        base = self._path(prefix)
        if not base.is_dir():
            return
        for dirpath, _dirnames, filenames in os.walk(base):
            for name in filenames:
                if name.startswith("."):
                    continue
                path = Path(dirpath, name)
                try:
                    mtime = path.stat().st_mtime
                except FileNotFoundError:
                    continue
                yield ObjectInfo(
                    key=path.relative_to(self.root).as_posix(), modified_at=datetime.fromtimestamp(mtime, UTC)
                )

    def discard_incomplete(self, older_than: datetime) -> int:
        if not self.root.is_dir():
            return 0
        limit = older_than.timestamp()
        removed = 0
        for dirpath, _dirnames, filenames in os.walk(self.root):
            for name in filenames:
                if not name.startswith(TEMP_PREFIX):
                    continue
                path = Path(dirpath, name)
                with suppress(FileNotFoundError):
                    if path.stat().st_mtime < limit:
                        path.unlink()
                        removed += 1
        return removed


BACKENDS: dict[str, Callable[[Mapping[str, Any]], Storage]] = {
    "local": lambda config: LocalStorage(config["STORAGE_DIR"]),
}


def storage_from_config(config: Mapping[str, Any]) -> Storage:
    backend = config.get("STORAGE_BACKEND") or "local"
    try:
        factory = BACKENDS[backend]
    except KeyError:
        raise StorageError(f"unknown STORAGE_BACKEND {backend!r}") from None
    return factory(config)


def get_storage() -> Storage:
    """The storage of the current app, from its configuration (read at call time)."""
    from flask import current_app

    return storage_from_config(current_app.config)
