"""Publishing commands: build the fallback bundle, publish to S3, list published bundles, roll back."""

from __future__ import annotations

import argparse
import functools
import os
from pathlib import Path

from botocore.exceptions import EndpointConnectionError

from chalicelib.authoring.build import build as build_generated
from chalicelib.authoring.cli.editing import faults
from chalicelib.authoring.localrun import local_environment, running
from chalicelib.authoring.publishing import GatesFailed, Outcome, build, publish, rollback
from chalicelib.authoring.source import REPO_CONTENT, ContentError
from chalicelib.authoring.store_writers import PointerMoved, S3Writer, UnknownVersion
from chalicelib.core.content import Bundle
from chalicelib.runtime import provider
from chalicelib.runtime import settings as settings_module

LOCAL_S3_PORT = 8001  # `make run`'s moto S3 (PORT + 1) when it was started without PORT


def add_commands(commands: argparse._SubParsersAction) -> None:
    built = commands.add_parser(
        "build", help="run every gate, then write the generated files (widget copies, catalogs, fallback bundle)"
    )
    built.add_argument("--content", type=Path, default=REPO_CONTENT, help="the content folder")
    built.add_argument("--out", type=Path, default=provider.FALLBACK_BUNDLE, help="the folder to bake the bundle into")
    built.set_defaults(run=run_build)

    published = commands.add_parser("publish", help="check content, upload it to S3 and make it current")
    published.add_argument("--content", type=Path, default=REPO_CONTENT, help="the content folder")
    published.add_argument("--dry-run", action="store_true", help="check and report, upload nothing")
    _s3_arguments(published)
    published.set_defaults(run=_reaching_s3(run_publish))

    listed = commands.add_parser("list", help="list published bundles, oldest first; * marks the current one")
    _s3_arguments(listed)
    listed.set_defaults(run=_reaching_s3(run_list))

    rolled = commands.add_parser("rollback", help="make an earlier published bundle current again")
    rolled.add_argument("version", metavar="VERSION", help="a version shown by `list`")
    rolled.add_argument("--dry-run", action="store_true", help="check and report, change nothing")
    _s3_arguments(rolled)
    rolled.set_defaults(run=_reaching_s3(run_rollback))


def _s3_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--bucket", help="S3 bucket (default: $CONTENT_BUCKET)")
    parser.add_argument("--prefix", help="key prefix in the bucket (default: $CONTENT_PREFIX or 'content')")
    parser.add_argument(
        "--local",
        action="store_true",
        help="use the moto S3 of the `make run` going in this checkout, whatever its PORT "
        f"(port {LOCAL_S3_PORT} when none is going)",
    )
    parser.add_argument(
        "--local-port",
        type=int,
        metavar="S3_PORT",
        help="use the moto S3 on this port instead (a `make run` of another checkout: its PORT+1)",
    )


def _reaching_s3(command):
    """A command that talks to S3; an S3 it cannot connect to is one line saying what to do, not a traceback."""

    @functools.wraps(command)
    def run(args: argparse.Namespace) -> int:
        try:
            return command(args)
        except EndpointConnectionError as error:
            port = _local_port(args)
            if port is None:
                print(f"could not reach S3 at {error.kwargs.get('endpoint_url')}: check the network and AWS settings")
            else:
                print(f"no local S3 on port {port}: start it with `make run` in another terminal, then try again")
            return 1

    return run


def _local_port(args: argparse.Namespace) -> int | None:
    if args.local_port is not None:
        return args.local_port
    if not args.local:
        return None
    server = running()
    return server["s3_port"] if server else LOCAL_S3_PORT


def run_build(args: argparse.Namespace) -> int:
    bundle = _built(args.content)
    if bundle is None:
        return 1
    build_generated(bundle, args.out)
    print(f"built content version {bundle.version} -> {args.out}")
    return 0


def run_publish(args: argparse.Namespace) -> int:
    bundle = _built(args.content)
    if bundle is None:
        print("nothing was uploaded")
        return 1
    return _moved(args, lambda store: publish(store, bundle, dry_run=args.dry_run))


def run_rollback(args: argparse.Namespace) -> int:
    return _moved(args, lambda store: rollback(store, args.version, dry_run=args.dry_run))


def run_list(args: argparse.Namespace) -> int:
    store = _store(args)
    current = store.pointer()
    bundles = store.published()
    if not bundles:
        print(f"nothing published in s3://{store.bucket}/{store.key('')}")
    for item in bundles:
        mark = "*" if current and current.version == item.version else " "
        print(f"{mark} {item.version}  {item.published_at:%Y-%m-%d %H:%M:%S %Z}")
    return 0


def _built(folder: Path) -> Bundle | None:
    """The checked bundle, or None after printing every fault (file:line: field: message [gate])."""
    try:
        return build(folder)
    except ContentError as error:
        print(error)
    except GatesFailed as failed:
        problems = faults(folder, failed.findings)
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem(s) found")
    return None


def _moved(args: argparse.Namespace, change) -> int:
    store = _store(args)
    try:
        outcome: Outcome = change(store)
    except PointerMoved:
        print("someone else published while you did: nothing was changed. Run the command again to retry.")
        return 2
    except UnknownVersion as error:
        print(f"version {error} was never published here; `list` shows the published versions")
        return 1
    where = f"s3://{store.bucket}/{store.key('current.json')}"
    if not outcome.changed:
        verb = "would point" if args.dry_run and outcome.previous != outcome.version else "already points"
        print(f"{where} {verb} at {outcome.version} (now {outcome.previous or 'nothing'}); nothing was changed")
    else:
        print(f"{where} now points at {outcome.version} (was {outcome.previous or 'nothing'})")
    return 0


def _store(args: argparse.Namespace) -> S3Writer:
    port = _local_port(args)
    if port is not None:
        os.environ.update(local_environment(port))
        provider.reset()
    settings = settings_module.current()
    bucket = args.bucket or settings.content_bucket
    if not bucket:
        raise SystemExit("no bucket: pass --bucket, set CONTENT_BUCKET, or use --local with `make run`")
    return S3Writer(provider.s3_client, bucket, args.prefix if args.prefix is not None else settings.content_prefix)
