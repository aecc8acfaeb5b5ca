"""The query UI's third-party assets: YASGUI (npm ``@zazuko/yasgui``), installed, never committed.

``kg install-ui`` calls :func:`install_yasgui`: it downloads the pinned tarball from the npm
registry with Python alone (no node or npm needed), checks it against the registry's
``dist.integrity`` (SHA-512) pinned below, and extracts the two built files the page needs into
``kg/web/static/vendor/yasgui/`` (git-ignored), where Flask serves them as
``/static/vendor/yasgui/…``. Nothing here runs while serving: once installed, the UI works
offline. :func:`yasgui_installed` tells the home page whether to show YASGUI or the plain form.

To upgrade: change ``YASGUI_VERSION`` and ``YASGUI_INTEGRITY`` together (the registry's
``https://registry.npmjs.org/@zazuko/yasgui/<version>`` gives ``dist.integrity``).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import tarfile
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

YASGUI_PACKAGE = "@zazuko/yasgui"
YASGUI_VERSION = "4.6.2"
YASGUI_INTEGRITY = "sha512-Zw45KdPoAE1KRaAoxIHdQqeJxvaVG1oQdntw0hy0ktX35Zu8ZccuOLrXCLwR+GU+0xMzLw8Mjw6BkSZV2vUuQw=="
DEFAULT_REGISTRY = "https://registry.npmjs.org"

# tarball member -> file name in the vendor folder
YASGUI_FILES = {
    "package/build/yasgui.min.js": "yasgui.min.js",
    "package/build/yasgui.min.css": "yasgui.min.css",
}
STAMP = "INSTALLED.json"  # written last: its presence with the right version means "installed"
VENDOR_DIR = Path(__file__).resolve().parent / "static" / "vendor" / "yasgui"
INSTALL_COMMAND = "kg install-ui"
MAX_TARBALL_BYTES = 32 << 20  # the 4.6.2 tarball is 2.3 MB


class AssetError(RuntimeError):
    """The assets could not be downloaded, verified or written; the message says what to do."""


def registry() -> str:
    """The npm registry to download from: ``$KG_NPM_REGISTRY``, ``$npm_config_registry`` or npmjs.org.

    A mirror is safe to use: the tarball must still match the pinned SHA-512.
    """
    value = os.environ.get("KG_NPM_REGISTRY") or os.environ.get("npm_config_registry") or DEFAULT_REGISTRY
    return value.rstrip("/")


def tarball_url(version: str = YASGUI_VERSION) -> str:
    scope, name = YASGUI_PACKAGE.split("/")
    return f"{registry()}/{scope}/{name}/-/{name}-{version}.tgz"


def _read_stamp(directory: Path) -> dict | None:
    try:
        stamp = json.loads((directory / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stamp if isinstance(stamp, dict) else None


def yasgui_installed(directory: Path | None = None) -> bool:
    """True when the pinned YASGUI version's files are in ``directory`` (default: the vendor folder).

    Cheap (one small JSON file and two ``stat`` calls): the home page asks on every request.
    """
    directory = Path(directory) if directory is not None else VENDOR_DIR
    stamp = _read_stamp(directory)
    if not stamp or stamp.get("version") != YASGUI_VERSION or stamp.get("integrity") != YASGUI_INTEGRITY:
        return False
    return all((directory / name).is_file() for name in YASGUI_FILES.values())


def _files_intact(directory: Path) -> bool:
    """The installed files still have the SHA-256 recorded when they were extracted."""
    stamp = _read_stamp(directory) or {}
    recorded = stamp.get("sha256") or {}
    for name in YASGUI_FILES.values():
        try:
            digest = hashlib.sha256((directory / name).read_bytes()).hexdigest()
        except OSError:
            return False
        if recorded.get(name) != digest:
            return False
    return True


def verify_integrity(data: bytes, integrity: str | None = None) -> None:
    """Raise :class:`AssetError` unless ``data`` matches a Subresource-Integrity string (``sha512-…``).

    ``integrity`` defaults to the pinned ``YASGUI_INTEGRITY``.
    """
    integrity = integrity or YASGUI_INTEGRITY
    algorithm, _, expected = integrity.partition("-")
    if algorithm not in ("sha512", "sha384", "sha256") or not expected:
        raise AssetError(f"unsupported integrity string {integrity!r}")
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode("ascii")
    if actual != expected:
        raise AssetError(
            f"the downloaded {YASGUI_PACKAGE} {YASGUI_VERSION} tarball does not match its pinned "
            f"{algorithm} ({integrity}); got {algorithm}-{actual}. Refusing to install it."
        )


def download(url: str, timeout: float = 60.0) -> bytes:
    """The bytes at ``url`` (at most MAX_TARBALL_BYTES); AssetError, saying so, when offline."""
    request = urllib.request.Request(url, headers={"User-Agent": "newskg (kg install-ui)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(MAX_TARBALL_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise AssetError(f"could not download {url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise AssetError(
            f"could not download {url}: {reason}. Installing the query UI needs network access to "
            f"the npm registry once (set $KG_NPM_REGISTRY for a mirror); the server itself works "
            f"without it and shows a plain query form meanwhile."
        ) from None
    if len(data) > MAX_TARBALL_BYTES:
        raise AssetError(f"{url} is larger than {MAX_TARBALL_BYTES} bytes; refusing it")
    return data


def extract(data: bytes, directory: Path) -> dict[str, str]:
    """Write YASGUI_FILES from the tarball ``data`` into ``directory``; their SHA-256 by name.

    Only the named members are read (by exact name, as regular files), so nothing in the
    archive can write anywhere else. Each file is written under a temporary name and renamed,
    so a reader never sees half a file.
    """
    directory.mkdir(parents=True, exist_ok=True)
    digests = {}
    try:
        archive = tarfile.open(fileobj=io.BytesIO(data), mode="r:gz")
    except tarfile.TarError as exc:
        raise AssetError(f"the {YASGUI_PACKAGE} tarball is not a gzip tar archive: {exc}") from None
    with archive:
        for member_name, file_name in YASGUI_FILES.items():
            try:
                member = archive.getmember(member_name)
            except KeyError:
                raise AssetError(f"{member_name} is missing from the {YASGUI_PACKAGE} {YASGUI_VERSION} tarball") from None
            source = archive.extractfile(member) if member.isfile() else None
            if source is None:
                raise AssetError(f"{member_name} in the {YASGUI_PACKAGE} tarball is not a regular file")
            content = source.read()
            _write_atomically(directory / file_name, content)
            digests[file_name] = hashlib.sha256(content).hexdigest()
    return digests


def _write_atomically(path: Path, content: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix="." + path.name + ".", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def install_yasgui(directory: Path | None = None, *, force: bool = False, timeout: float = 60.0) -> str:
    """Install the pinned YASGUI into ``directory`` (default: the vendor folder); a one-line report.

    Idempotent: when that version is already there with its files intact it downloads nothing
    (``force`` downloads anyway). Raises :class:`AssetError` when the download fails (offline),
    the tarball does not match the pinned integrity, or the folder cannot be written.
    """
    directory = Path(directory) if directory is not None else VENDOR_DIR
    if not force and yasgui_installed(directory) and _files_intact(directory):
        return f"{YASGUI_PACKAGE} {YASGUI_VERSION} is already installed in {directory}"
    url = tarball_url()
    data = download(url, timeout=timeout)
    verify_integrity(data)
    try:
        (directory / STAMP).unlink(missing_ok=True)  # "not installed" until every file is in place
        digests = extract(data, directory)
        stamp = {
            "package": YASGUI_PACKAGE,
            "version": YASGUI_VERSION,
            "integrity": YASGUI_INTEGRITY,
            "source": url,
            "license": "MIT",
            "sha256": digests,
        }
        _write_atomically(directory / STAMP, (json.dumps(stamp, indent=2) + "\n").encode("utf-8"))
    except OSError as exc:
        raise AssetError(f"could not write the query UI into {directory}: {exc}") from None
    return f"installed {YASGUI_PACKAGE} {YASGUI_VERSION} ({len(data)} bytes, integrity verified) into {directory}"


__all__ = ["AssetError", "INSTALL_COMMAND", "VENDOR_DIR", "install_yasgui", "yasgui_installed"]
