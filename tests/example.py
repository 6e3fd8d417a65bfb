"""The main job: builds an example Rust project with buildPackage through the Nix sandbox
(real nix-build, sandbox on, crates fetched as fixed-output derivations from a loopback
mirror of packed Debian crate sources) and runs the binary it installed.

    CRATEBOX=<driver> python3 tests/example.py [FIXTURE [BINARY]]
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import harness  # noqa: E402
import nixenv  # noqa: E402


def main():
    harness.require_driver()
    fixture = sys.argv[1] if len(sys.argv) > 1 else "build-script"
    binary = sys.argv[2] if len(sys.argv) > 2 else fixture
    src = os.path.join(harness.FIXTURES, fixture)
    with tempfile.TemporaryDirectory(prefix="cratebox-example-") as tmp:
        print(f"example: packing the crates of {fixture}/Cargo.lock and serving them on loopback", flush=True)
        harness.pack_crates(os.path.join(tmp, "crates"), [os.path.join(src, "Cargo.lock")], mirror=True)
        mirror = nixenv.Mirror(os.path.join(tmp, "crates", "mirror"))
        expr = os.path.join(tmp, "example.nix")
        with open(expr, "w") as f:
            f.write(nixenv.expression(f"cratebox.buildPackage {{ src = {src}; }}",
                                      nixenv.driver_package(os.path.join(tmp, "driver")), mirror.port))
        print("example: nix-build (sandbox on, no substituters)", flush=True)
        result = nixenv.run("nix-build", expr, "--out-link", os.path.join(tmp, "result"), capture=False,
                            check=False)
        mirror.shutdown()
        if result.returncode != 0:
            sys.exit(f"example: nix-build failed with exit status {result.returncode}")
        out = os.path.realpath(os.path.join(tmp, "result"))
        print(f"example: built {out}", flush=True)
        output = subprocess.run([os.path.join(out, "bin", binary)], capture_output=True, text=True, check=True).stdout
        print(f"example: {binary} says: {output.strip()}")


if __name__ == "__main__":
    main()
