"""`cratebox vendor` as a user runs it: the tree it makes, determinism, dry runs, and
bad input that must fail clearly with the documented exit code and leave nothing behind."""
import gzip
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
import harness  # noqa: E402

ONE_DEP_LOCK = os.path.join(harness.FIXTURES, "one-dep", "Cargo.lock")
BUILD_SCRIPT_LOCK = os.path.join(harness.FIXTURES, "build-script", "Cargo.lock")


class Vendor(harness.TempDirTest):
    def setUp(self):
        super().setUp()
        self.crates = harness.pack_crates(self.path("crates"), [ONE_DEP_LOCK, BUILD_SCRIPT_LOCK])

    def vendor(self, lockfile, out, *extra, check=True, crates=None):
        return harness.run_driver(["vendor", "--lockfile", lockfile, "--crates-dir", crates or self.crates,
                                   "--out", out, *extra], check=check)

    def assert_no_output(self, out):
        self.assertFalse(os.path.exists(out), f"{out} was left behind")
        parent = os.path.dirname(out)
        leftovers = [n for n in os.listdir(parent) if ".cratebox-partial" in n]
        self.assertEqual(leftovers, [], "a partial output was left behind")

    def test_layout_checksum_file_and_config(self):
        out = self.path("vendor")
        self.vendor(BUILD_SCRIPT_LOCK, out)
        crate = os.path.join(out, "crates-io", "paste-1.0.7")
        self.assertTrue(os.path.isfile(os.path.join(crate, "Cargo.toml")))
        with open(os.path.join(crate, ".cargo-checksum.json")) as f:
            checksum = json.load(f)
        with open(os.path.join(self.crates, "checksums.json")) as f:
            self.assertEqual(checksum, {"files": {}, "package": json.load(f)["paste-1.0.7"]})
        with open(os.path.join(out, "config.toml")) as f:
            config = f.read()
        self.assertIn('[source.crates-io]\nreplace-with = "cratebox-crates-io"', config)
        self.assertIn(f'directory = "{out}/crates-io"', config)

    def test_same_inputs_give_identical_trees(self):
        first, second = self.path("a", "vendor"), self.path("b", "vendor")
        self.vendor(BUILD_SCRIPT_LOCK, first)
        self.vendor(BUILD_SCRIPT_LOCK, second, "-j", "1")
        # The config names its own directory; everything else must be byte-identical.
        os.remove(os.path.join(first, "config.toml"))
        os.remove(os.path.join(second, "config.toml"))
        self.assertEqual(harness.tree_hash(first), harness.tree_hash(second))

    def test_dry_run_prints_the_plan_and_writes_nothing(self):
        before = harness.tree_hash(self.tmp)
        result = self.vendor(BUILD_SCRIPT_LOCK, self.path("vendor"), "--dry-run")
        self.assertEqual(harness.tree_hash(self.tmp), before)
        self.assertIn("paste 1.0.7", result.stdout)
        self.assertIn(os.path.join(self.crates, "paste-1.0.7.crate"), result.stdout)
        self.assertIn("replace-with", result.stdout)

    def test_checksum_mismatch(self):
        bad = self.path("bad-crates")
        shutil.copytree(self.crates, bad)
        shutil.copy(os.path.join(bad, "paste-1.0.7.crate"), os.path.join(bad, "itoa-1.0.1.crate"))
        out = self.path("vendor")
        result = self.vendor(ONE_DEP_LOCK, out, check=False, crates=bad)
        self.assertEqual(result.returncode, 4, result.stderr)
        self.assertIn("itoa 1.0.1: checksum mismatch", result.stderr)
        self.assertIn("4d02200450dcb563e56db583f1708837c6ae59530cf4daa2ba0ddf3a8b56edd4", result.stderr)
        self.assert_no_output(out)

    def test_missing_tarball(self):
        empty = self.path("empty")
        os.makedirs(empty)
        out = self.path("vendor")
        result = self.vendor(ONE_DEP_LOCK, out, check=False, crates=empty)
        self.assertEqual(result.returncode, 4, result.stderr)
        self.assertIn("no tarball for itoa 1.0.1", result.stderr)
        self.assertIn(os.path.join(empty, "itoa-1.0.1.crate"), result.stderr)
        self.assert_no_output(out)

    def test_truncated_gzip(self):
        bad = self.path("bad-crates")
        shutil.copytree(self.crates, bad)
        path = os.path.join(bad, "paste-1.0.7.crate")
        with open(path, "rb") as f:
            data = f.read()
        with open(path, "wb") as f:
            f.write(data[: len(data) // 2])
        out = self.path("vendor")
        result = self.vendor(BUILD_SCRIPT_LOCK, out, check=False, crates=bad)
        self.assertEqual(result.returncode, 4, result.stderr)
        self.assertIn("paste-1.0.7.crate", result.stderr)
        self.assert_no_output(out)

    def test_not_gzip_at_all(self):
        bad = self.path("bad-crates")
        shutil.copytree(self.crates, bad)
        with open(os.path.join(bad, "itoa-1.0.1.crate"), "wb") as f:
            f.write(gzip.compress(b"this is not a tar archive" * 10))
        out = self.path("vendor")
        result = self.vendor(ONE_DEP_LOCK, out, check=False, crates=bad)
        self.assertEqual(result.returncode, 4, result.stderr)
        self.assert_no_output(out)

    def test_malformed_lockfile_names_line_and_column(self):
        lockfile = self.path("Cargo.lock")
        with open(lockfile, "w") as f:
            f.write('version = 3\n\n[[package]]\nname = "itoa"\nversion = = "1"\n')
        out = self.path("vendor")
        result = self.vendor(lockfile, out, check=False)
        self.assertEqual(result.returncode, 3, result.stderr)
        self.assertIn(f"{lockfile}:5:", result.stderr)
        self.assert_no_output(out)

    def test_existing_output_is_not_mixed_with_new_content(self):
        out = self.path("vendor")
        os.makedirs(out)
        result = self.vendor(ONE_DEP_LOCK, out, check=False)
        self.assertEqual(result.returncode, 5, result.stderr)
        self.assertIn("already exists", result.stderr)

    def test_job_file_form(self):
        job = harness.write_json(self.path("job.json"), {
            "lockFiles": [ONE_DEP_LOCK],
            "crates": [{"name": "itoa", "version": "1.0.1",
                        "source": "registry+https://github.com/rust-lang/crates.io-index",
                        "tarball": os.path.join(self.crates, "itoa-1.0.1.crate")}],
            "outputs": {"out": self.path("vendor")}})
        harness.run_driver(["vendor", "--attrs", job])
        self.assertTrue(os.path.isdir(self.path("vendor", "crates-io", "itoa-1.0.1")))

    def test_job_file_with_a_wrong_type(self):
        job = harness.write_json(self.path("job.json"), {"lockFiles": "not-a-list", "outputs": {"out": self.path("v")}})
        result = harness.run_driver(["vendor", "--attrs", job], check=False)
        self.assertEqual(result.returncode, 3)
        self.assertIn('key "lockFiles" must be a list of strings', result.stderr)


class CommandLine(harness.TempDirTest):
    def test_help_and_version(self):
        self.assertIn("Exit codes", harness.run_driver(["--help"]).stdout)
        self.assertIn("--crates-dir", harness.run_driver(["vendor", "--help"]).stdout)
        self.assertIn("--dry-run", harness.run_driver(["build", "--help"]).stdout)
        self.assertRegex(harness.run_driver(["--version"]).stdout, r"^cratebox \d+\.\d+\.\d+")

    def test_usage_errors_exit_2(self):
        for args in (["frobnicate"], ["vendor", "--lockfile", "x"], ["build", "--bogus"], ["vendor", "-j", "zero"]):
            result = harness.run_driver(args, check=False)
            self.assertEqual(result.returncode, 2, args)
            self.assertIn("cratebox: error:", result.stderr)

    def test_build_without_a_job(self):
        env = {"NIX_ATTRS_JSON_FILE": ""}
        result = harness.run_driver(["build"], env=env, check=False)
        self.assertEqual(result.returncode, 2)
        self.assertIn("--attrs", result.stderr)


class BuildDryRun(harness.TempDirTest):
    def test_dry_run_changes_nothing_and_shows_everything(self):
        project = os.path.join(harness.FIXTURES, "build-script")
        lockfile = os.path.join(project, "Cargo.lock")
        crates = harness.pack_crates(self.path("crates"), [lockfile])
        job = harness.write_json(self.path("job.json"), {
            "src": project, "lockFiles": [lockfile], "cratesDir": crates, "inputs": [harness.sysroot()],
            "outputs": {"out": self.path("out")}})
        work = self.path("work")
        before = (harness.tree_hash(self.tmp), harness.tree_hash(project))
        result = harness.run_driver(["build", "--attrs", job, "--dry-run"], env={"CRATEBOX_BUILD_DIR": work})
        self.assertEqual((harness.tree_hash(self.tmp), harness.tree_hash(project)), before)
        self.assertFalse(os.path.exists(work))
        for expected in ("paste 1.0.7", "replace-with", "--remap-path-prefix", "CARGO_HOME=",
                         "cargo build --frozen --message-format=json-render-diagnostics", "install: executables"):
            self.assertIn(expected, result.stdout)


if __name__ == "__main__":
    harness.main()
