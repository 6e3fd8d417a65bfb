"""Real nix-build runs with the sandbox on: buildPackage on every fixture, restricted and
IFD-free evaluation, dependency reuse across .rs edits, reproducibility, store references,
no network for ordinary derivations, and the flake evaluated against a nixpkgs stand-in.

Every Nix call goes through tests/lib/nixenv.py, the one place that holds the sandbox options."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
import harness  # noqa: E402
import nixenv  # noqa: E402

STATE = {}


def nix(tool, *args, check=True, restricted=False):
    allow = dict(paths=[harness.SOURCE, STATE["tmp"]],
                 uris=[f"http://127.0.0.1:{STATE['port']}", f"file://{STATE['tmp']}"]) if restricted else None
    return nixenv.run(tool, *args, check=check, restricted=allow)


def setUpModule():
    harness.require_driver()
    tmp = tempfile.mkdtemp(prefix="cratebox-nix-test-")
    STATE["tmp"] = tmp
    STATE["nonce"] = os.path.basename(tmp)
    nixenv.driver_package(os.path.join(tmp, "driver"))
    # Every fixture's crates on a loopback mirror laid out like crates.io's download URLs.
    lockfiles = [os.path.join(harness.FIXTURES, f, r, "Cargo.lock") for f, r, _, _ in harness.FIXTURE_BINARIES.values()]
    harness.pack_crates(os.path.join(tmp, "crates"), lockfiles, mirror=True)
    server = nixenv.Mirror(os.path.join(tmp, "crates", "mirror"))
    STATE["server"] = server
    STATE["port"] = server.port
    STATE["git_project"] = harness.make_git_fixture(os.path.join(tmp, "git"))


def tearDownModule():
    STATE["server"].shutdown()
    shutil.rmtree(STATE["tmp"], ignore_errors=True)


def expression(body):
    return nixenv.expression(body, os.path.join(STATE["tmp"], "driver"), STATE["port"])


class NixTest(unittest.TestCase):
    counter = 0

    def write_expr(self, body):
        NixTest.counter += 1
        path = os.path.join(STATE["tmp"], f"expr{NixTest.counter}.nix")
        with open(path, "w") as f:
            f.write(expression(body))
        return path

    def build(self, body, attr=None, check=True, restricted_eval=True):
        path = self.write_expr(body)
        if restricted_eval:  # b. Hydra-style evaluation: restricted, no IFD
            nix("nix-instantiate", path, *(["-A", attr] if attr else []), restricted=True)
        result = nix("nix-build", path, "--no-out-link", *(["-A", attr] if attr else []), check=check)
        return result

    def out_path(self, result):
        return result.stdout.strip().splitlines()[-1]

    def run_bin(self, out, name):
        return subprocess.run([os.path.join(out, "bin", name)], capture_output=True, text=True, check=True).stdout.strip()

    def assert_no_references(self, out):
        refs = subprocess.run(["nix-store", "-q", "--references", out], capture_output=True, text=True, check=True)
        others = [r for r in refs.stdout.split() if r != out]
        self.assertEqual(others, [], f"{out} references other store paths")


class Fixtures(NixTest):
    def check_fixture(self, key, extra=""):
        fixture, root, binary, expected = harness.FIXTURE_BINARIES[key]
        src = os.path.join(harness.FIXTURES, fixture)
        root_attr = f"root = {src}/{root};" if root else ""
        result = self.build(f"cratebox.buildPackage {{ src = {src}; {root_attr} {extra} }}")
        out = self.out_path(result)
        self.assertEqual(self.run_bin(out, binary), expected)  # a.
        self.assert_no_references(out)  # e.
        return out, result

    def test_one_dep(self):
        self.check_fixture("one-dep")

    def test_build_script_and_proc_macro(self):
        self.check_fixture("build-script")

    def test_bins(self):
        out, _ = self.check_fixture("bins")
        self.assertEqual(self.run_bin(out, "beta"), "bins: beta on unix")

    def test_patch_to_a_path(self):
        self.check_fixture("patched")

    def test_path_dependency_outside_root(self):
        self.check_fixture("outside-root")

    def test_realistic_application(self):
        self.check_fixture("app")

    def test_workspace_whole(self):
        self.check_fixture("workspace")

    def test_workspace_member_alone_named_from_inherited_version(self):
        src = os.path.join(harness.FIXTURES, "workspace")
        body = f"cratebox.buildPackage {{ src = {src}; root = {src}/app; }}"
        name = nix("nix-instantiate", "--eval", self.write_expr(f"({body}).name")).stdout.strip()
        self.assertEqual(name, '"ws-app-0.3.0"')
        out = self.out_path(self.build(body))
        self.assertEqual(self.run_bin(out, "ws-app"), harness.FIXTURE_BINARIES["workspace"][3])

    def test_git_dependency_in_a_workspace(self):
        project = STATE["git_project"]
        out = self.out_path(self.build(f"cratebox.buildPackage {{ src = {project}; }}"))
        self.assertEqual(self.run_bin(out, "git-dep"), harness.GIT_EXPECTED)
        self.assert_no_references(out)

    def test_naersk_options(self):
        src = os.path.join(harness.FIXTURES, "bins")
        out = self.out_path(self.build(
            f'cratebox.buildPackage {{ src = {src}; release = false; cargoBuildOptions = x: x ++ [ "--bin" "beta" ]; }}'))
        self.assertEqual(sorted(os.listdir(os.path.join(out, "bin"))), ["beta"])
        out = self.out_path(self.build(f'cratebox.buildPackage {{ src = {src}; copyBinsFilter = [ "alpha" ]; }}'))
        self.assertEqual(sorted(os.listdir(os.path.join(out, "bin"))), ["alpha"])
        # overrideArgs goes through every argument again, the fetchers' too: a new download
        # URL makes new fetch derivations, so a new vendor derivation.
        same_vendor = nix("nix-instantiate", "--eval", "--strict", self.write_expr(
            f'let p = cratebox.buildPackage {{ src = {src}; }}; same = q: q.vendor.drvPath == p.vendor.drvPath; in '
            f'[ (same (p.overrideArgs {{ }})) (same (p.overrideArgs {{ cratesDownloadUrl = "http://elsewhere.invalid/c"; }})) ]'
        )).stdout.strip()
        self.assertEqual(same_vendor, "[ true false ]")
        filtered = self.out_path(self.build(
            f'(cratebox.buildPackage {{ src = {src}; }}).overrideAttrs (old: {{ copyBinsFilter = [ "beta" ]; }})'))
        self.assertEqual(sorted(os.listdir(os.path.join(filtered, "bin"))), ["beta"])
        documented = self.build(f'cratebox.buildPackage {{ src = {src}; doDoc = true; }}')
        doc_out = nix("nix-instantiate", "--eval", self.write_expr(f'(cratebox.buildPackage {{ src = {src}; doDoc = true; }}).doc.outPath')).stdout.strip().strip('"')
        self.assertTrue(os.path.isfile(os.path.join(doc_out, "bins", "index.html")), documented.stderr[-2000:])
        checked = self.out_path(self.build(f'cratebox.buildPackage {{ src = {src}; mode = "check"; }}'))
        self.assertFalse(os.path.exists(os.path.join(checked, "bin")))
        # A passed-through attribute with a per-run value: a fresh build, so its log can be read.
        tested = self.build(f'cratebox.buildPackage {{ src = {src}; mode = "test"; RUN = "{STATE["nonce"]}"; }}')
        self.assertIn("test result: ok", tested.stderr)

    def test_shell_hooks(self):
        src = os.path.join(harness.FIXTURES, "one-dep")
        expected = harness.FIXTURE_BINARIES["one-dep"][3]
        hooks = ('preBuild = "export ONE_DEP_NOTE=hooked"; '
                 f'postInstall = "mkdir -p $out/share; $out/bin/one-dep > $out/share/said.txt; echo {STATE["nonce"]} $ONE_DEP_NOTE > $out/share/note"; ')
        result = self.build(f"cratebox.buildPackage {{ src = {src}; {hooks} }}")
        out = self.out_path(result)
        with open(os.path.join(out, "share", "said.txt")) as f:
            self.assertEqual(f.read().strip(), expected)
        with open(os.path.join(out, "share", "note")) as f:  # as in stdenv, later hooks see the exports
            self.assertEqual(f.read().strip(), f"{STATE['nonce']} hooked")
        self.assert_no_references(out)
        # callPackage users pass nixpkgs' bash; it becomes an input only when hooks are given.
        lib = (f'(import {harness.SOURCE}/nix {{ cratebox = {STATE["tmp"]}/driver; rustc = "/r"; cc = "/c"; '
               f'bash = "/the-bash"; system = "x86_64-linux"; }})')
        inputs = f"(p: builtins.elem \"/the-bash\" p.inputs)"
        with_hooks = nix("nix-instantiate", "--eval", "-E", f'{inputs} ({lib}.buildPackage {{ src = {src}; {hooks} }})')
        without = nix("nix-instantiate", "--eval", "-E", f"{inputs} ({lib}.buildPackage {{ src = {src}; }})")
        self.assertEqual((with_hooks.stdout.strip(), without.stdout.strip()), ("true", "false"))


class Caching(NixTest):
    def test_rs_edit_keeps_the_deps_derivation(self):  # c.
        project = os.path.join(STATE["tmp"], "edit-me")
        shutil.copytree(os.path.join(harness.FIXTURES, "build-script"), project)
        body = f"cratebox.buildPackage {{ src = {project}; }}"
        deps_before = nix("nix-instantiate", self.write_expr(f"({body}).deps")).stdout.strip()
        first = self.out_path(self.build(body))
        self.assertEqual(self.run_bin(first, "build-script"), "build-script: generated=42 pasted=ok")

        main_rs = os.path.join(project, "src", "main.rs")
        with open(main_rs) as f:
            text = f.read()
        with open(main_rs, "w") as f:
            # A per-run word: the edited source must be new to the store, so the main stage really builds.
            f.write(text.replace('"build-script: generated', f'"build-script (edited {STATE["nonce"]}): generated'))
        deps_after = nix("nix-instantiate", self.write_expr(f"({body}).deps")).stdout.strip()
        self.assertEqual(deps_before, deps_after, "editing a .rs file changed the deps derivation")

        second = self.build(body)
        self.assertNotIn(f"building '{deps_after}'", second.stderr)
        self.assertIn("0 dependency crates compiled", second.stderr)
        self.assertEqual(harness.registry_crates_compiled(second.stderr), [])
        self.assertEqual(self.run_bin(self.out_path(second), "build-script"),
                         f"build-script (edited {STATE['nonce']}): generated=42 pasted=ok")

    def test_output_is_reproducible(self):  # d.
        src = os.path.join(harness.FIXTURES, "build-script")
        path = self.write_expr(f"cratebox.buildPackage {{ src = {src}; }}")
        nix("nix-build", path, "--no-out-link")
        nix("nix-build", path, "--no-out-link", "--check")
        deps = self.write_expr(f"(cratebox.buildPackage {{ src = {src}; }}).deps")
        nix("nix-build", deps, "--no-out-link", "--check")


class Network(NixTest):
    def test_build_script_cannot_reach_the_mirror(self):  # f.
        src = os.path.join(harness.FIXTURES, "net-probe")
        addr = f"127.0.0.1:{STATE['port']}"
        # Control: outside the sandbox the same build script reaches the mirror.
        job = harness.write_json(os.path.join(STATE["tmp"], "probe.json"), {
            "src": src, "lockFiles": [os.path.join(src, "Cargo.lock")], "inputs": [harness.sysroot()],
            "env": {"CRATEBOX_PROBE_ADDR": addr}, "outputs": {"out": os.path.join(STATE["tmp"], "probe-out")}})
        local = harness.run_driver(["build", "--attrs", job],
                                   env={"CRATEBOX_BUILD_DIR": os.path.join(STATE["tmp"], "probe-work")})
        self.assertIn(f"net-probe: reached {addr}", local.stderr)
        # Inside: the attribute passes through to the build's environment, and the connection fails.
        result = self.build(f'cratebox.buildPackage {{ src = {src}; CRATEBOX_PROBE_ADDR = "{addr}"; }}', check=False)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn(f"net-probe: cannot reach {addr}", result.stderr)


class Flake(NixTest):
    def flake_eval(self, attr, apply=None):
        result = subprocess.run(
            ["nix", "--extra-experimental-features", "nix-command flakes", "eval", "--raw",
             *(["--apply", apply] if apply else []),
             f"git+file://{harness.SOURCE}#{attr}", "--override-input", "nixpkgs",
             f"path:{harness.SOURCE}/tests/nix/nixpkgs-standin", "--no-write-lock-file",
             "--option", "substituters", ""],
            capture_output=True, text=True)
        if result.returncode != 0:
            raise AssertionError(f"nix eval {attr} failed:\n{result.stderr[-4000:]}")
        return result.stdout

    def test_flake_outputs_evaluate(self):
        self.assertTrue(self.flake_eval("checks.x86_64-linux.one-dep.drvPath").endswith("-one-dep-0.1.0.drv"))
        self.assertTrue(self.flake_eval("checks.x86_64-linux.outside-root.drvPath").endswith(".drv"))
        self.assertTrue(self.flake_eval("packages.x86_64-linux.default.drvPath").endswith("-cratebox-0.1.0.drv"))
        # A virtual workspace is named as naersk names it.
        self.assertTrue(self.flake_eval("hydraJobs.checks.x86_64-linux.workspace.drvPath").endswith("-rust-workspace-unknown.drv"))
        self.assertTrue(os.path.isfile(os.path.join(self.flake_eval("templates.default.path"), "flake.nix")))
        self.assertEqual(self.flake_eval("lib.x86_64-linux.buildPackage", apply="builtins.typeOf"), "lambda")
        self.assertEqual(self.flake_eval("lib.mkLib", apply="builtins.typeOf"), "lambda")
        self.assertEqual(self.flake_eval("overlays.default", apply="builtins.typeOf"), "lambda")


if __name__ == "__main__":
    harness.main()
