#!/usr/bin/env python3
"""Packs crate source directories (Debian's /usr/share/cargo/registry/<name>-<version>/) into
deterministic .crate files, as a registry would serve them.

Outputs, under --out:
  <name>-<version>.crate       gzip'd tar, single top dir <name>-<version>/, sorted entries,
                               mtime 0, uid/gid 0, normalized modes, gzip header mtime 0
  checksums.json               {"<name>-<version>": "<sha256 of the .crate>"}
  mirror/crates/<name>/<version>/download   (--mirror) crates.io's download URL layout
  <dir>/<name>-<version>/      (--directory-source DIR) unpacked, with .cargo-checksum.json
                               carrying OUR tarball's sha256: cargo generates lockfiles from it
"""
import argparse
import gzip
import hashlib
import io
import json
import os
import shutil
import sys
import tarfile
import tomllib

SKIP = {".cargo-checksum.json"}


def crate_identity(crate_dir):
    with open(os.path.join(crate_dir, "Cargo.toml"), "rb") as f:
        package = tomllib.load(f)["package"]
    return package["name"], package["version"]


def pack(crate_dir, top, out_path):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        entries = []
        for root, dirs, files in os.walk(crate_dir):
            dirs.sort()
            for name in sorted(files):
                if name in SKIP and root == crate_dir:
                    continue
                if not os.path.exists(os.path.join(root, name)):
                    continue  # a dangling symlink (Debian links some licenses away); cargo would drop it too
                entries.append(os.path.join(root, name))
        for path in sorted(entries, key=lambda p: os.path.relpath(p, crate_dir)):
            rel = os.path.relpath(path, crate_dir)
            info = tarfile.TarInfo(f"{top}/{rel}")
            info.mtime = 0
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            if os.path.islink(path):
                # cargo package resolves symlinks into files; so do we.
                path = os.path.realpath(path)
            st = os.stat(path)
            info.mode = 0o755 if st.st_mode & 0o111 else 0o644
            info.size = st.st_size
            with open(path, "rb") as f:
                tar.addfile(info, f)
    data = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=data, mtime=0, compresslevel=9) as gz:
        gz.write(buffer.getvalue())
    with open(out_path, "wb") as f:
        f.write(data.getvalue())
    return hashlib.sha256(data.getvalue()).hexdigest()


def lockfile_crates(lockfile):
    with open(lockfile, "rb") as f:
        lock = tomllib.load(f)
    return {f"{p['name']}-{p['version']}" for p in lock.get("package", []) if p.get("source", "").startswith("registry+")}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    parser.add_argument("--registry", default="/usr/share/cargo/registry")
    parser.add_argument("--only", nargs="*", help="NAME-VERSION of the crates to pack")
    parser.add_argument("--lockfile", action="append", default=[], help="pack the registry crates this lockfile lists")
    parser.add_argument("--mirror", action="store_true")
    parser.add_argument("--directory-source")
    args = parser.parse_args()

    wanted = set(args.only or [])
    for lockfile in args.lockfile:
        wanted |= lockfile_crates(lockfile)
    os.makedirs(args.out, exist_ok=True)
    checksums_path = os.path.join(args.out, "checksums.json")
    checksums = {}
    if os.path.exists(checksums_path):
        with open(checksums_path) as f:
            checksums = json.load(f)

    found = set()
    for entry in sorted(os.listdir(args.registry)):
        crate_dir = os.path.join(args.registry, entry)
        if not os.path.isfile(os.path.join(crate_dir, "Cargo.toml")):
            continue
        name, version = crate_identity(crate_dir)
        key = f"{name}-{version}"
        if (wanted and key not in wanted) or key in found:
            continue
        found.add(key)
        crate_path = os.path.join(args.out, f"{key}.crate")
        if key not in checksums or not os.path.exists(crate_path):
            checksums[key] = pack(crate_dir, key, crate_path)
        if args.mirror:
            target = os.path.join(args.out, "mirror", "crates", name, version)
            os.makedirs(target, exist_ok=True)
            if not os.path.exists(os.path.join(target, "download")):
                os.link(crate_path, os.path.join(target, "download"))
        if args.directory_source:
            dest = os.path.join(args.directory_source, key)
            if not os.path.exists(dest):
                shutil.copytree(crate_dir, dest, symlinks=False, ignore=shutil.ignore_patterns(*SKIP))
                with open(os.path.join(dest, ".cargo-checksum.json"), "w") as f:
                    json.dump({"files": {}, "package": checksums[key]}, f)
    missing = wanted - found
    if missing:
        sys.exit(f"pack_crates: not in {args.registry}: {', '.join(sorted(missing))} "
                 "(install the matching librust-*-dev packages: tests/setup.sh)")
    with open(checksums_path, "w") as f:
        json.dump(checksums, f, indent=1, sort_keys=True)
    print(f"pack_crates: {len(found)} crates in {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
