"""A PEP 517 build backend in plain standard-library Python (zipfile, hashlib).

pip builds podium-client with it without downloading anything: pyproject.toml declares no build
requirements. It writes a pure-Python wheel (py3-none-any) of the podium_client package and, for
completeness, an sdist of this folder.
"""
import base64
import hashlib
import io
import os
import re
import tarfile
import zipfile

NAME = "podium-client"
DIST = "podium_client"
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Fixed timestamps: the same sources always give the same wheel, byte for byte.
EPOCH = (2020, 1, 1, 0, 0, 0)


def _version():
    with open(os.path.join(HERE, DIST, "__init__.py"), encoding="utf-8") as f:
        return re.search(r'^__version__ = "([^"]+)"', f.read(), re.M).group(1)


def _metadata():
    with open(os.path.join(HERE, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    return (
        "Metadata-Version: 2.1\n"
        f"Name: {NAME}\n"
        f"Version: {_version()}\n"
        "Summary: Python client of podium: download task data, load it into pandas, submit predictions, read leaderboards\n"
        "Requires-Python: >=3.8\n"
        "Provides-Extra: pandas\n"
        "Requires-Dist: pandas; extra == 'pandas'\n"
        "Requires-Dist: pyarrow; extra == 'pandas'\n"
        "Description-Content-Type: text/markdown\n"
        "\n" + readme
    )


def _package_files():
    root = os.path.join(HERE, DIST)
    for name in sorted(os.listdir(root)):
        if name.endswith(".py"):
            yield f"{DIST}/{name}", os.path.join(root, name)


def _record_line(path, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{path},sha256={digest},{len(data)}"


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def _dist_info_files():
    info = f"{DIST}-{_version()}.dist-info"
    return info, {
        f"{info}/METADATA": _metadata().encode(),
        f"{info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: podium_build\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        f"{info}/entry_points.txt": b"[console_scripts]\npodium-py = podium_client.cli:main\n",
        f"{info}/top_level.txt": f"{DIST}\n".encode(),
    }


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    info, files = _dist_info_files()
    for path, data in files.items():
        target = os.path.join(metadata_directory, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as f:
            f.write(data)
    return info


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    name = f"{DIST}-{_version()}-py3-none-any.whl"
    info, extra = _dist_info_files()
    entries = []
    for arc, path in _package_files():
        with open(path, "rb") as f:
            entries.append((arc, f.read()))
    entries.extend(extra.items())
    record = [_record_line(arc, data) for arc, data in entries] + [f"{info}/RECORD,,"]
    entries.append((f"{info}/RECORD", ("\n".join(record) + "\n").encode()))
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w", zipfile.ZIP_DEFLATED) as z:
        for arc, data in entries:
            zi = zipfile.ZipInfo(arc, EPOCH)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, data)
    return name


def build_sdist(sdist_directory, config_settings=None):
    base = f"{DIST}-{_version()}"
    name = f"{base}.tar.gz"
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz") as tar:
        files = ["pyproject.toml", "README.md", "_build/podium_build.py"] + [arc for arc, _ in _package_files()]
        for rel in files:
            with open(os.path.join(HERE, rel), "rb") as f:
                data = f.read()
            ti = tarfile.TarInfo(f"{base}/{rel}")
            ti.size = len(data)
            ti.mtime = 1577836800
            ti.mode = 0o644
            tar.addfile(ti, io.BytesIO(data))
        pkg_info = _metadata().encode()
        ti = tarfile.TarInfo(f"{base}/PKG-INFO")
        ti.size = len(pkg_info)
        ti.mtime = 1577836800
        tar.addfile(ti, io.BytesIO(pkg_info))
    return name
