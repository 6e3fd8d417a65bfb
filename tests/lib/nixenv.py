"""Running real Nix builds on a machine without nixpkgs: the ONE place that holds the Nix
options of the tests, the example and the benchmarks.

DANGER (merged /usr): binding /bin, /lib or /lib64 themselves, or a file below them, into
the sandbox made Nix create mount points through the symlinks and truncate host files. Only
real directories and a static /bin/sh are bound here."""
import functools
import http.server
import os
import shutil
import subprocess
import threading

import harness


def sandbox_paths():
    # /usr: the C toolchain (cc as linker) and the driver's shared libraries; the rustup
    # toolchain where it lives; busybox-static as /bin/sh for build scripts that want a shell.
    return " ".join(["/usr", "/lib64=/usr/lib64", "/lib=/usr/lib", "/etc/alternatives", harness.sysroot(),
                     "/bin/sh=/bin/busybox"])


def options(restricted=None):
    opts = ["--option", "sandbox", "true", "--option", "substituters", "",
            "--option", "sandbox-paths", sandbox_paths(),
            "--option", "allow-import-from-derivation", "false"]
    if restricted:  # Hydra-style evaluation: only these paths and URIs
        opts += ["--option", "restrict-eval", "true"]
        for i, path in enumerate(restricted["paths"]):
            opts += ["-I", f"p{i}={path}"]
        opts += ["--option", "allowed-uris", " ".join(restricted["uris"])]
    return opts


def run(tool, *args, check=True, restricted=None, capture=True):
    result = subprocess.run([tool, *options(restricted), *args], capture_output=capture, text=True)
    if check and result.returncode != 0:
        detail = result.stderr[-6000:] if capture else ""
        raise AssertionError(f"{tool} {' '.join(args)} failed ({result.returncode}):\n{detail}")
    return result


def driver_package(directory):
    """The host-built driver laid out as a package (bin/cratebox); Nix copies it into the store."""
    os.makedirs(os.path.join(directory, "bin"), exist_ok=True)
    shutil.copy(harness.DRIVER, os.path.join(directory, "bin", "cratebox"))
    return directory


def expression(body, driver_dir, port):
    """A Nix expression using cratebox without nixpkgs: host toolchain, the loopback mirror."""
    return f"""
let
  cratebox = import {harness.SOURCE}/nix {{
    cratebox = {driver_dir};
    rustc = "{harness.sysroot()}";
    cc = "/usr";
    system = "x86_64-linux";
    cratesDownloadUrl = "http://127.0.0.1:{port}/crates";
  }};
in
{body}
"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    requests = []

    def log_message(self, format, *args):
        _QuietHandler.requests.append(self.path)


class Mirror:
    """A loopback HTTP server over a mirror tree (crates/<name>/<version>/download)."""

    def __init__(self, directory):
        handler = functools.partial(_QuietHandler, directory=directory)
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def shutdown(self):
        self.server.shutdown()
