"""podium-py: download, submit and leaderboard from a terminal (PODIUM_URL and PODIUM_TOKEN)."""
import argparse
import json
import sys

from . import Podium, PodiumError, SubmissionFailed, _parse_task


def _download(p, args):
    challenge, task = _parse_task(args.task)
    paths = p.download(challenge, task, args.name, format=args.format, dest=args.dest)
    for path in paths if isinstance(paths, list) else [paths]:
        print(f"{path}  (SHA-256 checked)")


def _submit(p, args):
    challenge, task = _parse_task(args.task)
    result = p.submit(challenge, task, args.file, description=args.description, wait=not args.no_wait, compress=False if args.no_compress else None)
    print(json.dumps(result, indent=2))


def _leaderboard(p, args):
    if "/" in args.ref:
        challenge, task = _parse_task(args.ref)
        board = p.leaderboard(challenge, task, board=args.board)
    elif args.track:
        board = p.leaderboard(args.ref, track=args.track, board=args.board)
    else:
        raise PodiumError('Name a task as "<challenge>/<task>", or a challenge with --track <track>.')
    if args.json:
        print(json.dumps(board, indent=2))
        return
    print(f"{board.get('board', args.board)} board, ranked by {board.get('metric')}")
    for row in board["rows"]:
        score = row.get("score")
        print(f"{str(row.get('rank')):>5}  {row.get('team')}  {'' if score is None else f'{score:.6g}'}")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="podium-py", description="podium from Python: PODIUM_URL and PODIUM_TOKEN name the site and your API token.")
    parser.add_argument("--url", help="the site (default: PODIUM_URL)")
    parser.add_argument("--token", help="an API token (default: PODIUM_TOKEN)")
    sub = parser.add_subparsers(dest="command", required=True)

    d = sub.add_parser("download", help="download a task's files, checking each SHA-256")
    d.add_argument("task", help="<challenge>/<task>")
    d.add_argument("name", nargs="?", help='one file, e.g. "train" or "images.zip" (default: all)')
    d.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    d.add_argument("--dest", default=".", help="folder to write into (default: here)")
    d.set_defaults(run=_download)

    s = sub.add_parser("submit", help="upload predictions and wait for the scores")
    s.add_argument("task", help="<challenge>/<task>")
    s.add_argument("file", help="a CSV or Parquet file (or .csv.gz, or a .zip of one file)")
    s.add_argument("--description", default="")
    s.add_argument("--no-wait", action="store_true", help="return once queued")
    s.add_argument("--no-compress", action="store_true", help="send large CSV files as they are")
    s.set_defaults(run=_submit)

    lb = sub.add_parser("leaderboard", help="print a task's (or a track's) leaderboard")
    lb.add_argument("ref", help="<challenge>/<task>, or <challenge> with --track")
    lb.add_argument("--track")
    lb.add_argument("--board", choices=["public", "private"], default="public")
    lb.add_argument("--json", action="store_true")
    lb.set_defaults(run=_leaderboard)

    args = parser.parse_args(argv)
    try:
        args.run(Podium(args.url, args.token), args)
    except SubmissionFailed as e:
        print(f"podium-py: the submission failed: {e.message}", file=sys.stderr)
        return 1
    except PodiumError as e:
        print(f"podium-py: {e.message}", file=sys.stderr)
        return 1
    return 0
