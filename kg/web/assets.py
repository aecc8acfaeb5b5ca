"""The UI's third-party assets from npm, installed, never committed: YASGUI (``@zazuko/yasgui``)
for the query editor; ``vega`` and ``vega-lite`` for the charts and maps of the exploration pages
(kg/web/views), and ``world-atlas`` for the world outline of the maps (Natural Earth countries as
TopoJSON, keyed by ISO 3166-1 numeric codes). Each package is pinned to a version and its
registry ``dist.integrity`` below, fetched and checked the same way.

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
from dataclasses import dataclass
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
VENDOR_ROOT = Path(__file__).resolve().parent / "static" / "vendor"
VENDOR_DIR = VENDOR_ROOT / "yasgui"
INSTALL_COMMAND = "kg install-ui"
MAX_TARBALL_BYTES = 32 << 20  # the 4.6.2 tarball is 2.3 MB


@dataclass(frozen=True)
class Package:
    """An npm package pinned by version and integrity, and the files of it the pages use."""

    name: str
    version: str
    integrity: str
    files: dict  # tarball member -> file name in the package's vendor folder
    folder: str  # under static/vendor/
    license: str

    def tarball_url(self) -> str:
        short = self.name.rsplit("/", 1)[-1]
        return f"{registry()}/{self.name}/-/{short}-{self.version}.tgz"


# The chart and map packages (kg/web/views): pinned like YASGUI; to upgrade, change a version and its
# integrity together (the registry's https://registry.npmjs.org/<name>/<version> gives dist.integrity).
CHART_PACKAGES = (
    Package("vega", "6.4.0", "sha512-rHXCq2LpEWCLMjXBEj7hocY9G0/i5TGYRayGGSj06VTF4+l2IG2Z7oeZKCjWbUh/7hTE/mVhbaOPB72wCElh6g==",
            {"package/build/vega.min.js": "vega.min.js"}, "vega", "BSD-3-Clause"),
    Package("vega-lite", "6.5.0", "sha512-fMXF6s0MrIg0UTWnLIfeFtgSLzVhyzSKobzGrh5rhS+mL6FOYFG3m7ouJ4U23gj65EK+gl9FIIT5w7wLNaAzkA==",
            {"package/build/vega-lite.min.js": "vega-lite.min.js"}, "vega-lite", "BSD-3-Clause"),
    Package("world-atlas", "2.0.2", "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ==",
            {"package/countries-50m.json": "countries-50m.json"}, "world-atlas", "ISC (data: Natural Earth, public domain)"),
)


def _yasgui() -> Package:
    # read from the module's names on each call: tests pin other versions by setting them
    return Package(YASGUI_PACKAGE, YASGUI_VERSION, YASGUI_INTEGRITY, YASGUI_FILES, "yasgui", "MIT")


class AssetError(RuntimeError):
    """The assets could not be downloaded, verified or written; the message says what to do."""


def registry() -> str:
    """The npm registry to download from: ``$KG_NPM_REGISTRY``, ``$npm_config_registry`` or npmjs.org.

    A mirror is safe to use: the tarball must still match the pinned SHA-512.
    """
    value = os.environ.get("KG_NPM_REGISTRY") or os.environ.get("npm_config_registry") or DEFAULT_REGISTRY
    return value.rstrip("/")


def tarball_url(version: str | None = None) -> str:
    """The URL of the pinned YASGUI tarball (or of another ``version`` of it)."""
    scope, name = YASGUI_PACKAGE.split("/")
    return f"{registry()}/{scope}/{name}/-/{name}-{version or YASGUI_VERSION}.tgz"


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
    return package_installed(_yasgui(), Path(directory) if directory is not None else VENDOR_DIR)


def package_installed(package: Package, directory: Path | None = None) -> bool:
    directory = Path(directory) if directory is not None else VENDOR_ROOT / package.folder
    stamp = _read_stamp(directory)
    if not stamp or stamp.get("version") != package.version or stamp.get("integrity") != package.integrity:
        return False
    return all((directory / name).is_file() for name in package.files.values())


def charts_installed() -> bool:
    """Vega and Vega-Lite are installed: the exploration pages draw their charts."""
    return all(package_installed(p) for p in CHART_PACKAGES if p.name in ("vega", "vega-lite"))


def atlas_installed() -> bool:
    """The world outline (npm ``world-atlas``) is installed: maps have countries."""
    return all(package_installed(p) for p in CHART_PACKAGES if p.name == "world-atlas")


def installed() -> bool:
    """Every asset ``kg install-ui`` installs is there."""
    return yasgui_installed() and all(package_installed(p) for p in CHART_PACKAGES)


def _files_intact(directory: Path, package: Package | None = None) -> bool:
    """The installed files still have the SHA-256 recorded when they were extracted."""
    package = package or _yasgui()
    stamp = _read_stamp(directory) or {}
    recorded = stamp.get("sha256") or {}
    for name in package.files.values():
        try:
            digest = hashlib.sha256((directory / name).read_bytes()).hexdigest()
        except OSError:
            return False
        if recorded.get(name) != digest:
            return False
    return True


def verify_integrity(data: bytes, integrity: str | None = None, package: Package | None = None) -> None:
    """Raise :class:`AssetError` unless ``data`` matches a Subresource-Integrity string (``sha512-…``).

    ``integrity`` defaults to the pinned ``YASGUI_INTEGRITY``.
    """
    package = package or _yasgui()
    integrity = integrity or package.integrity
    algorithm, _, expected = integrity.partition("-")
    if algorithm not in ("sha512", "sha384", "sha256") or not expected:
        raise AssetError(f"unsupported integrity string {integrity!r}")
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode("ascii")
    if actual != expected:
        raise AssetError(
            f"the downloaded {package.name} {package.version} tarball does not match its pinned "
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


def extract(data: bytes, directory: Path, package: Package | None = None) -> dict[str, str]:
    """Write the package's files (YASGUI_FILES) from the tarball ``data`` into ``directory``; their SHA-256 by name.

    Only the named members are read (by exact name, as regular files), so nothing in the
    archive can write anywhere else. Each file is written under a temporary name and renamed,
    so a reader never sees half a file.
    """
    package = package or _yasgui()
    directory.mkdir(parents=True, exist_ok=True)
    digests = {}
    try:
        archive = tarfile.open(fileobj=io.BytesIO(data), mode="r:gz")
    except tarfile.TarError as exc:
        raise AssetError(f"the {package.name} tarball is not a gzip tar archive: {exc}") from None
    with archive:
        for member_name, file_name in package.files.items():
            try:
                member = archive.getmember(member_name)
            except KeyError:
                raise AssetError(f"{member_name} is missing from the {package.name} {package.version} tarball") from None
            source = archive.extractfile(member) if member.isfile() else None
            if source is None:
                raise AssetError(f"{member_name} in the {package.name} tarball is not a regular file")
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
    return install_package(_yasgui(), Path(directory) if directory is not None else VENDOR_DIR, force=force, timeout=timeout,
                           url=tarball_url())


def install_package(package: Package, directory: Path | None = None, *, force: bool = False, timeout: float = 60.0,
                    url: str | None = None) -> str:
    """Install ``package`` (pinned) into ``directory`` (default: its vendor folder), as :func:`install_yasgui`."""
    directory = Path(directory) if directory is not None else VENDOR_ROOT / package.folder
    if not force and package_installed(package, directory) and _files_intact(directory, package):
        return f"{package.name} {package.version} is already installed in {directory}"
    url = url or package.tarball_url()
    data = download(url, timeout=timeout)
    verify_integrity(data, package.integrity, package)
    try:
        (directory / STAMP).unlink(missing_ok=True)  # "not installed" until every file is in place
        digests = extract(data, directory, package)
        stamp = {
            "package": package.name,
            "version": package.version,
            "integrity": package.integrity,
            "source": url,
            "license": package.license,
            "sha256": digests,
        }
        _write_atomically(directory / STAMP, (json.dumps(stamp, indent=2) + "\n").encode("utf-8"))
    except OSError as exc:
        raise AssetError(f"could not write the UI assets into {directory}: {exc}") from None
    return f"installed {package.name} {package.version} ({len(data)} bytes, integrity verified) into {directory}"


def install_all(*, force: bool = False, timeout: float = 60.0) -> list[str]:
    """``kg install-ui``: YASGUI, then the chart and map packages; one report line each."""
    return [install_yasgui(force=force, timeout=timeout)] + [
        install_package(p, force=force, timeout=timeout) for p in CHART_PACKAGES
    ]


__all__ = ["AssetError", "CHART_PACKAGES", "INSTALL_COMMAND", "VENDOR_DIR", "atlas_installed", "charts_installed",
           "install_all", "install_yasgui", "installed", "yasgui_installed"]
