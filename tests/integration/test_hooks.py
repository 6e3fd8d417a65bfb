"""stdenv-named shell hooks (postPatch, preBuild, postBuild, postInstall) in `cratebox build`:
where and in which order they run, that preBuild's exports reach the compiler, that
postInstall edits the finished $out, and that a failing hook leaves no output."""
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
import harness  # noqa: E402

# The hooks record themselves in $TRACE (a job env variable) and look at their surroundings.
HOOKS = {
    "postPatch": 'echo "postPatch $out" >> "$TRACE"; test -f Cargo.toml; test -w src',
    "preBuild": 'echo preBuild >> "$TRACE"; export HOOK_WORD="exported by preBuild"; unset UNSET_ME',
    "postBuild": 'echo "postBuild $HOOK_WORD" >> "$TRACE"',
    "postInstall": 'echo postInstall >> "$TRACE"; mkdir -p "$out/share"; "$out/bin/one-dep" > "$out/share/said.txt"',
}


class Hooks(harness.TempDirTest):
    def project(self):
        """one-dep, printing a variable it was compiled with (proves exports reach rustc)."""
        project = self.path("project")
        shutil.copytree(os.path.join(harness.FIXTURES, "one-dep"), project)
        with open(os.path.join(project, "src", "main.rs"), "w") as f:
            f.write('fn main() {\n    let mut b = itoa::Buffer::new();\n'
                    '    println!("{} {} {}", b.format(7_u8), env!("HOOK_WORD"), option_env!("UNSET_ME").unwrap_or("unset"));\n}\n')
        return project

    def job(self, project, stage, hooks, **extra):
        lockfile = os.path.join(project, "Cargo.lock")
        doc = {"stage": stage, "src": project, "lockFiles": [lockfile],
               "cratesDir": harness.pack_crates(self.path("crates"), [lockfile]), "inputs": [harness.sysroot()],
               "env": {"TRACE": self.path("trace"), "UNSET_ME": "set"}, "hooks": hooks,
               "outputs": {"out": self.path(stage)}}
        doc.update(extra)
        return harness.write_json(self.path(f"{stage}.json"), doc)

    def trace(self):
        with open(self.path("trace")) as f:
            lines = f.read().splitlines()
        os.remove(self.path("trace"))
        return lines

    def test_hooks_run_in_order_and_carry_exports(self):
        project = self.project()
        env = {"CRATEBOX_BUILD_DIR": self.path("work")}
        harness.run_driver(["build", "--attrs", self.job(project, "deps", HOOKS)], env=env)
        # The dependency stage runs the same hooks except postInstall (naersk: main only).
        self.assertEqual(self.trace(), [f"postPatch {self.path('deps')}", "preBuild", "postBuild exported by preBuild"])
        main = harness.run_driver(["build", "--attrs", self.job(project, "main", HOOKS, depsArtifacts=self.path("deps"))],
                                  env=env)
        self.assertEqual(self.trace(), [f"postPatch {self.path('main')}", "preBuild", "postBuild exported by preBuild",
                                        "postInstall"])
        self.assertIn("hook postInstall: done", main.stderr)
        ran = subprocess.run([self.path("main", "bin", "one-dep")], capture_output=True, text=True, check=True).stdout
        self.assertEqual(ran.strip(), "7 exported by preBuild unset")
        with open(self.path("main", "share", "said.txt")) as f:
            self.assertEqual(f.read().strip(), "7 exported by preBuild unset")

    def test_dry_run_shows_the_hooks_and_runs_none(self):
        project = self.project()
        result = harness.run_driver(["build", "--dry-run", "--attrs", self.job(project, "main", HOOKS)],
                                    env={"CRATEBOX_BUILD_DIR": self.path("work")})
        self.assertIn("hook preBuild (sh -e -c, in ", result.stdout)
        self.assertIn('export HOOK_WORD="exported by preBuild"', result.stdout)
        self.assertFalse(os.path.exists(self.path("trace")))
        self.assertFalse(os.path.exists(self.path("main")))

    def test_a_failing_hook_fails_the_build_and_leaves_no_output(self):
        project = self.project()
        for name, snippet in [("preBuild", "echo about to fail; false; echo not reached"),
                              ("postInstall", 'touch "$out/partial"; exit 3')]:
            hooks = dict(HOOKS, **{name: snippet})
            result = harness.run_driver(["build", "--attrs", self.job(project, "main", hooks)],
                                        env={"CRATEBOX_BUILD_DIR": self.path("work")}, check=False)
            self.assertEqual(result.returncode, 1, result.stderr)
            self.assertIn(f"the {name} hook failed with exit status", result.stderr)
            self.assertNotIn("not reached", result.stderr)
            self.assertFalse(os.path.exists(self.path("main")), f"{name}: output left behind")

    def test_unknown_hook_names_are_rejected(self):
        result = harness.run_driver(["build", "--attrs", self.job(self.project(), "main", {"installPhase": "true"})],
                                    check=False)
        self.assertEqual(result.returncode, 3)
        self.assertIn('unknown hook "installPhase"', result.stderr)


if __name__ == "__main__":
    harness.main()
