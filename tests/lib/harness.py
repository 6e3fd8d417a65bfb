"""Shared helpers of cratebox's integration and Nix tests (Python 3 stdlib only).

Environment (set by tests/CMakeLists.txt): CRATEBOX = the driver executable,
CRATEBOX_SOURCE = the project's source tree.
"""
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest

DRIVER = os.environ.get("CRATEBOX", "")
SOURCE = os.environ.get("CRATEBOX_SOURCE", os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
FIXTURES = os.path.join(SOURCE, "fixtures")
TOOLS = os.path.join(SOURCE, "tests", "tools")

# Every fixture that builds a binary: (fixture dir, root inside it, binary, expected line).
FIXTURE_BINARIES = {
    "one-dep": ("one-dep", "", "one-dep", "one-dep: 12345 formatted by itoa"),
    "build-script": ("build-script", "", "build-script", "build-script: generated=42 pasted=ok"),
    "workspace": ("workspace", "", "ws-app", "workspace: hello workspace from greeter 0.3.0 (app 0.3.0), 42"),
    "bins": ("bins", "", "alpha", "bins: alpha on unix"),
    "patched": ("patched", "", "patched", "patched: patched-itoa-7"),
    "outside-root": ("outside-root", "app", "outside-app", "outside-root: shared 3"),
    "app": ("app", "", "wordstat",
            'wordstat: {"pattern":"^[a-z]{3,}$","counts":{"brown":1,"dog":2,"fox":2,"jumps":1,"lazy":1,"over":1,'
            '"quick":1,"runs":1,"sleeps":1,"the":4},"digest":"ToDFD+qG","compressed_ok":true,"pick":"the"}'),
}
GIT_EXPECTED = "git-dep: gitlib 0.2.0 with other on unix"


def require_driver():
    if not DRIVER or not os.access(DRIVER, os.X_OK):
        sys.exit(f"CRATEBOX must name the driver executable (got {DRIVER!r})")


def sysroot():
    return subprocess.run(["rustc", "--print", "sysroot"], check=True, capture_output=True, text=True).stdout.strip()


def pack_crates(out_dir, lockfiles, mirror=False):
    """Packs the registry crates the lockfiles list into out_dir (<name>-<version>.crate)."""
    cmd = [sys.executable, os.path.join(TOOLS, "pack_crates.py"), "--out", out_dir]
    for lockfile in lockfiles:
        cmd += ["--lockfile", lockfile]
    if mirror:
        cmd.append("--mirror")
    subprocess.run(cmd, check=True, capture_output=True)
    return out_dir


def make_git_fixture(work):
    """Creates the git-dep fixture's repository and project; returns the project dir."""
    out = subprocess.run([os.path.join(FIXTURES, "git-dep", "make-repo.sh"), work], check=True,
                         capture_output=True, text=True).stdout.strip().splitlines()[-1]
    return out


def git_source(lockfile):
    """The first git source string of a lockfile."""
    with open(lockfile) as f:
        return next(line.split('"')[1] for line in f if line.startswith('source = "git+'))


def tree_hash(root):
    """SHA-256 over every entry's relative path, type, mode and content (or link target)."""
    digest = hashlib.sha256()
    if not os.path.exists(root):
        return "absent"
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(dirnames + filenames):
            path = os.path.join(dirpath, name)
            st = os.lstat(path)
            rel = os.path.relpath(path, root)
            digest.update(f"{rel}\0{stat.S_IFMT(st.st_mode)}\0{stat.S_IMODE(st.st_mode)}\0".encode())
            if stat.S_ISLNK(st.st_mode):
                digest.update(os.readlink(path).encode())
            elif stat.S_ISREG(st.st_mode):
                with open(path, "rb") as f:
                    digest.update(hashlib.sha256(f.read()).digest())
    return digest.hexdigest()


def write_json(path, doc):
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)
    return path


def run_driver(args, env=None, check=True):
    full_env = dict(os.environ)
    full_env.update(env or {})
    result = subprocess.run([DRIVER] + args, capture_output=True, text=True, env=full_env)
    if check and result.returncode != 0:
        raise AssertionError(f"cratebox {' '.join(args)} exited {result.returncode}\n"
                             f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}")
    return result


def registry_crates_compiled(stderr):
    """Names of non-workspace crates cargo reported compiling (registry and git ones)."""
    compiled = []
    for line in stderr.splitlines():
        line = line.strip()
        if line.startswith("Compiling ") and "(/" not in line:
            compiled.append(line.split()[1])
    return compiled


class TempDirTest(unittest.TestCase):
    def setUp(self):
        require_driver()
        self.tmp = tempfile.mkdtemp(prefix="cratebox-test-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)


def main():
    """Runs the calling module's tests; exits non-zero on failure or if nothing ran."""
    program = unittest.main(exit=False, verbosity=2)
    result = program.result
    if result.testsRun == 0 or result.skipped:
        print("no test may be skipped or missing", file=sys.stderr)
        sys.exit(1)
    sys.exit(0 if result.wasSuccessful() else 1)
