"""Every fixture vendored and built offline by `cratebox build` with real cargo, in two
stages (deps, then main); the installed binary must run and print its line, and the main
stage must compile no registry or git crate again."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
import harness  # noqa: E402


class FixtureBuilds(harness.TempDirTest):
    def build_two_stages(self, project, root, lockfile, extra_job=None):
        crates = harness.pack_crates(self.path("crates"), [lockfile])
        base = {
            "src": project,
            "root": root,
            "lockFiles": [lockfile],
            "cratesDir": crates,
            "inputs": [harness.sysroot()],
        }
        base.update(extra_job or {})
        env = {"CRATEBOX_BUILD_DIR": self.path("work")}  # both stages at the same paths
        deps_job = harness.write_json(self.path("deps.json"), dict(base, stage="deps", outputs={"out": self.path("deps")}))
        deps = harness.run_driver(["build", "--attrs", deps_job], env=env)
        self.assertTrue(os.path.isfile(self.path("deps", "target.tar.zst")))
        main_job = harness.write_json(self.path("main.json"), dict(
            base, stage="main", depsArtifacts=self.path("deps"), outputs={"out": self.path("out")}))
        main = harness.run_driver(["build", "--attrs", main_job], env=env)
        return deps, main

    def check_fixture(self, key):
        fixture, root, binary, expected = harness.FIXTURE_BINARIES[key]
        project = os.path.join(harness.FIXTURES, fixture)
        lockfile = os.path.join(project, root, "Cargo.lock")
        deps, main = self.build_two_stages(project, root, lockfile)
        output = subprocess.run([self.path("out", "bin", binary)], capture_output=True, text=True, check=True).stdout
        self.assertEqual(output.strip(), expected)
        self.assertEqual(harness.registry_crates_compiled(main.stderr), [],
                         f"the main stage recompiled dependencies:\n{main.stderr}")
        self.assertIn("0 dependency crates compiled", main.stderr)
        return deps, main

    def test_one_dep(self):
        deps, _ = self.check_fixture("one-dep")
        self.assertIn("itoa", harness.registry_crates_compiled(deps.stderr))

    def test_build_script_and_proc_macro(self):
        deps, _ = self.check_fixture("build-script")
        self.assertIn("paste", harness.registry_crates_compiled(deps.stderr))

    def test_workspace_with_inheritance(self):
        self.check_fixture("workspace")

    def test_bins_in_src_bin(self):
        self.check_fixture("bins")
        beta = subprocess.run([self.path("out", "bin", "beta")], capture_output=True, text=True, check=True).stdout
        self.assertEqual(beta.strip(), "bins: beta on unix")

    def test_patch_to_a_path(self):
        self.check_fixture("patched")

    def test_path_dependency_outside_root(self):
        self.check_fixture("outside-root")

    def test_realistic_application(self):
        with open(os.path.join(harness.FIXTURES, "app", "Cargo.lock")) as f:
            self.assertGreaterEqual(f.read().count('source = "registry+'), 80)
        deps, _ = self.check_fixture("app")
        # Some locked crates serve other platforms only (cargo compiles what Linux needs).
        self.assertGreaterEqual(len(harness.registry_crates_compiled(deps.stderr)), 70)

    def test_git_dependency_in_a_workspace(self):
        project = harness.make_git_fixture(self.path("git"))
        lockfile = os.path.join(project, "Cargo.lock")
        source = harness.git_source(lockfile)
        _, main = self.build_two_stages(project, "", lockfile, {
            "gitCheckouts": [{"source": source, "path": self.path("git", "upstream.git")}]})
        output = subprocess.run([self.path("out", "bin", "git-dep")], capture_output=True, text=True, check=True).stdout
        self.assertEqual(output.strip(), harness.GIT_EXPECTED)
        self.assertEqual(harness.registry_crates_compiled(main.stderr), [])

    def test_copy_bins_filter(self):
        fixture, root, _, _ = harness.FIXTURE_BINARIES["bins"]
        project = os.path.join(harness.FIXTURES, fixture)
        lockfile = os.path.join(project, "Cargo.lock")
        crates = harness.pack_crates(self.path("crates"), [lockfile])
        job = harness.write_json(self.path("job.json"), {
            "src": project, "lockFiles": [lockfile], "cratesDir": crates, "inputs": [harness.sysroot()],
            "copyBinsFilter": ["beta"], "outputs": {"out": self.path("out")}})
        harness.run_driver(["build", "--attrs", job], env={"CRATEBOX_BUILD_DIR": self.path("work")})
        self.assertEqual(sorted(os.listdir(self.path("out", "bin"))), ["beta"])

    def test_cargo_failure_leaves_no_output(self):
        project = self.path("broken")
        subprocess.run(["cp", "-r", os.path.join(harness.FIXTURES, "one-dep"), project], check=True)
        with open(os.path.join(project, "src", "main.rs"), "a") as f:
            f.write("\nfn broken() -> u32 { \"not a number\" }\n")
        lockfile = os.path.join(project, "Cargo.lock")
        crates = harness.pack_crates(self.path("crates"), [lockfile])
        job = harness.write_json(self.path("job.json"), {
            "src": project, "lockFiles": [lockfile], "cratesDir": crates, "inputs": [harness.sysroot()],
            "outputs": {"out": self.path("out")}})
        result = harness.run_driver(["build", "--attrs", job], env={"CRATEBOX_BUILD_DIR": self.path("work")}, check=False)
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn("mismatched types", result.stderr)
        self.assertFalse(os.path.exists(self.path("out")))
        self.assertEqual([n for n in os.listdir(self.tmp) if n.startswith(".out")], [])


if __name__ == "__main__":
    harness.main()
