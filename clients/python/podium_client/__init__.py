"""Python client of a podium site (standard library; pandas and pyarrow only for DataFrames).

    from podium_client import Podium
    p = Podium()                      # PODIUM_URL and PODIUM_TOKEN from the environment
    train = p.load("demo", "product-type", "train")
    result = p.submit("demo", "product-type", predictions, description="first try")
    print(result["public"])
"""
import gzip
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

__version__ = "0.1.0"
__all__ = ["Podium", "PodiumError", "SubmissionFailed", "__version__"]

# Files at least this large are gzip-compressed before upload (the site unpacks them; CSV shrinks 4-10x).
COMPRESS_ABOVE_BYTES = 4 * 1024 * 1024
_CHUNK = 1 << 20


class PodiumError(Exception):
    """What the site refused, with its message. `code` is the site's error code (e.g.
    "bad_file:duplicate_id"); `rule`, `row` and `value` are set when the message names them."""

    def __init__(self, message, status=None, code=None, rule=None, details=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.details = details or {}
        self.rule = rule or self.details.get("rule") or (code.split(":", 1)[1] if code and ":" in code else None)
        m = re.search(r"\brow (\d+)", message)
        self.row = int(m.group(1)) if m else None
        m = re.search(r"'((?:[^'\\]|\\.)*)'", message)
        self.value = m.group(1) if m else None


class SubmissionFailed(PodiumError):
    """The site took the file but could not score it (a bad file: wrong ids, labels, columns…)."""

    def __init__(self, submission):
        super().__init__(submission.get("error") or "The submission failed.", code=submission.get("errorCode") or "bad_file")
        self.submission = submission


def _parse_task(ref, task=None):
    if task is not None:
        return ref, task
    if "/" not in ref:
        raise PodiumError(f'Name the task as "<challenge>/<task>" (got "{ref}").')
    challenge, _, name = ref.partition("/")
    return challenge, name


def _sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(_CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


def _head(path, n=4):
    with open(path, "rb") as f:
        return f.read(n)


class Podium:
    """A connection to one podium site. `url` and `token` default to PODIUM_URL and PODIUM_TOKEN."""

    def __init__(self, url=None, token=None, timeout=120):
        url = url or os.environ.get("PODIUM_URL")
        if not url:
            raise PodiumError("Give the site's address: Podium(url, token), or set PODIUM_URL.")
        self.url = url.rstrip("/")
        self.token = token if token is not None else os.environ.get("PODIUM_TOKEN")
        self.timeout = timeout

    def __repr__(self):
        return f"Podium({self.url!r}, token={'…' if self.token else None})"

    # -- HTTP -----------------------------------------------------------------------------------

    def _open(self, method, path, data=None, headers=None):
        url = path if path.startswith("http") else self.url + path
        h = {"Accept": "application/json", "User-Agent": f"podium-client/{__version__}"}
        if self.token:
            h["Authorization"] = f"Bearer {self.token}"
        h.update(headers or {})
        req = urllib.request.Request(url, data=data, headers=h, method=method)
        try:
            return urllib.request.urlopen(req, timeout=self.timeout)
        except urllib.error.HTTPError as e:
            raise self._error(e) from None
        except urllib.error.URLError as e:
            raise PodiumError(f"Cannot reach {self.url}: {e.reason}") from None

    @staticmethod
    def _error(e):
        body = e.read()
        try:
            err = json.loads(body)["error"]
            message, code = err.get("message") or str(e), err.get("code")
            details = {k: v for k, v in err.items() if k not in ("message", "code")}
        except (ValueError, KeyError, TypeError):
            message, code, details = f"HTTP {e.code}: {body[:200].decode('utf-8', 'replace')}", None, {}
        return PodiumError(message, status=e.code, code=code, details=details)

    def _json(self, method, path, data=None, headers=None):
        with self._open(method, path, data, headers) as r:
            return json.loads(r.read())

    # -- data -----------------------------------------------------------------------------------

    def task(self, challenge, task=None):
        """The task's metadata: title, type, metric, columns and its files with sizes and SHA-256."""
        challenge, task = _parse_task(challenge, task)
        return self._json("GET", f"/api/v1/challenges/{_q(challenge)}/tasks/{_q(task)}")

    def download(self, challenge, task, name=None, format="parquet", dest="."):
        """Downloads one published file ("train" in `format`, or a full name such as "images.zip")
        into `dest`, checks its SHA-256 against the site's, and returns its path. A file already
        there with the right SHA-256 is not downloaded again. Without `name`, every file of the
        task in `format` (plus images.zip and sample_submission.csv) is downloaded; a list is returned."""
        meta = self.task(challenge, task)
        files = {f["name"]: f for f in meta["files"]}
        if format not in ("parquet", "csv"):
            raise PodiumError(f'format is "parquet" or "csv" (got "{format}").')
        if name is None:
            wanted = [n for n in files if n.endswith(f".{format}") or not n.endswith((".csv", ".parquet")) or n == "sample_submission.csv"]
            return [self._download_file(meta, files[n], dest) for n in wanted]
        full = name if "." in name else f"{name}.{format}"
        if full not in files:
            raise PodiumError(f'The task "{meta["slug"]}" has no file "{full}"; it has {", ".join(sorted(files))}.', code="not_found:file")
        return self._download_file(meta, files[full], dest)

    def _download_file(self, meta, f, dest):
        dest = Path(dest)
        dest.mkdir(parents=True, exist_ok=True)
        target = dest / f["name"]
        if target.exists() and target.stat().st_size == f["size"] and _sha256(target) == f["sha256"]:
            return target
        part = target.with_name(target.name + ".part")
        h = hashlib.sha256()
        # The file route under this client's URL (not the site's idea of its own host, which a proxy may hide).
        url = f"/api/v1/challenges/{_q(meta['challenge'])}/tasks/{_q(meta['slug'])}/files/{_q(f['name'])}"
        with self._open("GET", url) as r, open(part, "wb") as out:
            for chunk in iter(lambda: r.read(_CHUNK), b""):
                h.update(chunk)
                out.write(chunk)
        if h.hexdigest() != f["sha256"]:
            part.unlink()
            raise PodiumError(f"{f['name']}: the downloaded bytes have SHA-256 {h.hexdigest()}, the site lists {f['sha256']}; download again.")
        os.replace(part, target)
        return target

    def load(self, challenge, task, name="train", format="parquet", dest=None):
        """One published table as a pandas DataFrame (ids and text as strings, numbers as float64).
        Files are kept in `dest` (default ~/.cache/podium/<site>/<challenge>/<task>) and reused."""
        pd = _pandas()
        if dest is None:
            site = re.sub(r"[^A-Za-z0-9.-]+", "_", urllib.parse.urlsplit(self.url).netloc)
            dest = Path(os.environ.get("PODIUM_CACHE", Path.home() / ".cache" / "podium")) / site / challenge / task
        path = self.download(challenge, task, name, format=format, dest=dest)
        if path.suffix == ".parquet":
            return pd.read_parquet(path)
        # CSV: every column the site publishes as a string stays a string (ids such as "007").
        meta = self.task(challenge, task)
        table = path.name.rsplit(".", 1)[0]
        sheet = next((t for t in (meta.get("datasheet") or {}).get("tables", []) if t["name"] == table), None)
        dtype = {c["name"]: "string" for c in sheet["columns"] if c["type"] == "string"} if sheet else str
        return pd.read_csv(path, dtype=dtype, keep_default_na=False, na_values=[""])

    # -- submissions ----------------------------------------------------------------------------

    def submit(self, challenge, task, predictions, description="", wait=True, compress=None, poll_seconds=1.0, timeout=900):
        """Uploads predictions (a CSV or Parquet path, or a pandas DataFrame written as CSV) and, with
        `wait`, returns the scored submission: {"id", "status": "scored", "public": {metric: value}, …}.
        A file the site refuses raises PodiumError (or SubmissionFailed when scoring finds the problem)
        with the site's message, which names the rule, the row and the value. Files of 4 MB and more are
        sent gzip-compressed unless `compress=False`."""
        with tempfile.TemporaryDirectory(prefix="podium-") as tmp:
            path, name = self._prepare_upload(predictions, Path(tmp), compress)
            created = self._upload(challenge, task, path, name, description)
        if not wait:
            return created
        return self.wait(created["id"], poll_seconds=poll_seconds, timeout=timeout)

    def _prepare_upload(self, predictions, tmp, compress):
        if hasattr(predictions, "to_csv"):
            path = tmp / "predictions.csv"
            predictions.to_csv(path, index=False)
            name = "predictions.csv"
        else:
            path = Path(predictions)
            if not path.is_file():
                raise PodiumError(f"{predictions}: no such file.")
            name = path.name
        size = path.stat().st_size
        head = _head(path, 65536)
        # Only CSV text gains: Parquet, gzip and ZIP are compressed already (and hold NUL bytes, as binaries do).
        already = head[:2] in (b"\x1f\x8b", b"PK") or head[:4] == b"PAR1" or b"\x00" in head
        if compress is None:
            compress = size >= COMPRESS_ABOVE_BYTES and not already
        if compress and not already:
            gz = tmp / (name + ".gz")
            with open(path, "rb") as src, gzip.GzipFile(gz, "wb", compresslevel=6, mtime=0) as out:
                shutil.copyfileobj(src, out, _CHUNK)
            return gz, name + ".gz"
        return path, name

    def _upload(self, challenge, task, path, name, description):
        boundary = f"podium-{uuid.uuid4().hex}"
        safe = name.replace('"', "_").replace("\r", "_").replace("\n", "_")
        pre = (
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\n{description}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{safe}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        post = f"\r\n--{boundary}--\r\n".encode()
        size = path.stat().st_size

        def body():
            yield pre
            with open(path, "rb") as f:
                for chunk in iter(lambda: f.read(_CHUNK), b""):
                    yield chunk
            yield post

        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Content-Length": str(len(pre) + size + len(post))}
        return self._json("POST", f"/api/v1/challenges/{_q(challenge)}/tasks/{_q(task)}/submissions", body(), headers)

    def submission(self, id):
        """One submission: status, error, public scores (private ones once revealed)."""
        return self._json("GET", f"/api/v1/submissions/{_q(id)}")

    def wait(self, id, poll_seconds=1.0, timeout=900):
        """Polls a submission until it is scored (returned) or failed (SubmissionFailed raised)."""
        deadline = time.monotonic() + timeout
        while True:
            s = self.submission(id)
            if s["status"] == "scored":
                return s
            if s["status"] == "failed":
                raise SubmissionFailed(s)
            if time.monotonic() > deadline:
                raise PodiumError(f"Submission {id} is still {s['status']} after {timeout} s; look again with Podium.submission({id!r}).")
            time.sleep(poll_seconds)

    def submissions(self, challenge, task):
        """Your team's submissions to a task, newest first."""
        return self._json("GET", f"/api/v1/challenges/{_q(challenge)}/tasks/{_q(task)}/submissions")["submissions"]

    # -- leaderboards ---------------------------------------------------------------------------

    def leaderboard(self, challenge, task=None, track=None, board="public", as_frame=False):
        """A task's leaderboard (or a track's, with `track=`): {"metric", "rows": [{"rank", "team", "score", …}]}.
        With `as_frame=True`, the rows as a pandas DataFrame."""
        if (task is None) == (track is None):
            raise PodiumError("Give either a task or a track.")
        path = f"/api/v1/challenges/{_q(challenge)}/" + (f"tasks/{_q(task)}" if task else f"tracks/{_q(track)}") + "/leaderboard"
        data = self._json("GET", path + "?" + urllib.parse.urlencode({"board": board}))
        if as_frame:
            return _pandas().DataFrame(data["rows"])
        return data


def _q(s):
    return urllib.parse.quote(str(s), safe="")


def _pandas():
    try:
        import pandas
    except ImportError:
        raise PodiumError('This needs pandas: pip install pandas pyarrow (or pip install "podium-client[pandas]").') from None
    return pandas
