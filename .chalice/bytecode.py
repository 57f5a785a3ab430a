"""Add compiled bytecode to the Lambda zip: `python .chalice/bytecode.py build/prod/deployment.zip`.

Lambda's disk is read-only, so Python cannot cache bytecode there: without .pyc files in the zip, every cold
start compiles every module it imports (here: 0.7 s to import the app instead of 0.2 s). This rewrites the zip
with one .pyc per .py, compiled by this Python (Chalice makes the Lambda runtime this Python's version) in
unchecked-hash mode, so the files' times in the zip do not matter. Stray __pycache__ folders from the
working tree are left out.
"""

from __future__ import annotations

import compileall
import sys
import tempfile
import zipfile
from pathlib import Path


def add_bytecode(archive: Path) -> int:
    """Rewrite `archive` with bytecode for each module; return how many .pyc files it now holds."""
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        with zipfile.ZipFile(archive) as source:
            kept = [i for i in source.infolist() if "__pycache__/" not in i.filename]
            for info in kept:
                source.extract(info, root)
        ok = compileall.compile_dir(
            root, quiet=1, workers=0, invalidation_mode=compileall.py_compile.PycInvalidationMode.UNCHECKED_HASH
        )
        if not ok:
            raise SystemExit("some modules in the package do not compile (see above)")
        written = 0
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as target:
            for info in kept:
                target.writestr(info, (root / info.filename).read_bytes() if not info.is_dir() else b"")
            for pyc in sorted(root.rglob("__pycache__/*.pyc")):
                target.write(pyc, pyc.relative_to(root).as_posix())
                written += 1
    return written


if __name__ == "__main__":
    count = add_bytecode(Path(sys.argv[1]))
    print(f"added bytecode: {count} .pyc files in {sys.argv[1]}")
