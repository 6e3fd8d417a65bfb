"""cratebox benchmarks: every comparison measured side by side in the same run, several
repetitions, median and ratio. Not part of the test suite; run with tests/bench/run.sh.

Environment: CRATEBOX (driver), CORPUS (output dir of corpus.sh), BENCH_REPS (default 3),
BENCH_BUILD_REPS (default 5, the minute-long app builds), BENCH_ONLY (a part of a bench_* name).
Vendoring output goes to tmpfs (/dev/shm) so the comparison measures the unpackers, not
ext4's inode allocator (file creation slows down after many deletions in the same run)."""
import hashlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
import harness  # noqa: E402
import nixenv  # noqa: E402

REPS = int(os.environ.get("BENCH_REPS", "3"))
# Minute-long builds vary most on a shared machine: more repetitions for them.
BUILD_REPS = int(os.environ.get("BENCH_BUILD_REPS", "5"))
CORPUS = os.environ["CORPUS"]
CRATES = os.path.join(CORPUS, "crates")
SCRATCH = tempfile.mkdtemp(prefix="cratebox-bench-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
DISK = tempfile.mkdtemp(prefix="cratebox-bench-")
APP = os.path.join(harness.FIXTURES, "app")
ROWS = []
SAMPLES = []  # (name, [seconds...]) of every measurement, for the results file


def log(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure(name, fn, reps=REPS, prepare=None):
    return compare([(name, fn, prepare)], reps)[0]


def compare(contenders, reps=REPS):
    """Medians of (name, fn, prepare) contenders run in turn within each repetition, so a
    drift of the machine's speed during the run weighs on all of them alike."""
    samples = [[] for _ in contenders]
    for i in range(reps):
        for (name, fn, prepare), times in zip(contenders, samples):
            if prepare:
                prepare(i)
            times.append(timed(lambda: fn(i)))
    medians = []
    for (name, _, _), times in zip(contenders, samples):
        medians.append(statistics.median(times))
        SAMPLES.append((name, times))
        log(f"{name}: median {medians[-1]:.3f}s over {reps} ({', '.join(f'{t:.3f}' for t in times)})")
    return medians


def faster(at_least):
    """Target: the comparison takes at least this many times cratebox's time."""
    return (f"≥ {at_least:g}× faster", lambda ours, theirs: theirs / ours >= at_least)


def at_most(times):
    """Target: cratebox takes at most this many times the comparison's time."""
    return (f"≤ {times:g}× the time", lambda ours, theirs: ours / theirs <= times)


def row(benchmark, ours, theirs, ours_label, theirs_label, target=None):
    if target and target[0].startswith("≤"):
        result = f"{ours / theirs:.2f}× the time"
    else:
        result = f"{theirs / ours:.2f}× faster"
    met = "—" if target is None else ("yes" if target[1](ours, theirs) else "**no**")
    ROWS.append((benchmark, f"{ours_label}: {ours:.3f}s", f"{theirs_label}: {theirs:.3f}s", result,
                 target[0] if target else "—", met))


def run(cmd, **kw):
    result = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return result


def fresh(path):
    shutil.rmtree(path, ignore_errors=True)
    return path


def subset_lockfile(count):
    with open(os.path.join(CORPUS, "Cargo.lock"), "rb") as f:
        packages = tomllib.load(f)["package"][:count]
    path = os.path.join(DISK, f"Cargo-{count}.lock")
    with open(path, "w") as f:
        f.write("version = 3\n\n")
        for p in packages:
            f.write(f'[[package]]\nname = "{p["name"]}"\nversion = "{p["version"]}"\nsource = "{p["source"]}"\n'
                    f'checksum = "{p["checksum"]}"\n\n')
    return path, packages


def cratebox_vendor(lockfile, crates_dir, out):
    run([harness.DRIVER, "vendor", "--lockfile", lockfile, "--crates-dir", crates_dir, "--out", out, "--quiet"])


def tar_loop(packages, out):
    os.makedirs(out)
    for p in packages:
        run(["tar", "-xzf", os.path.join(CRATES, f"{p['name']}-{p['version']}.crate"), "-C", out])


# --- 1. vendoring ---------------------------------------------------------------------------

CARGO_VENDOR = ["cargo", "vendor", "--offline", "--locked", "--respect-source-config"]


def cargo_home(registry):
    """A CARGO_HOME on tmpfs (like our output) whose crates-io is the local registry. cargo
    unpacks every crate there before copying it into the vendor dir."""
    home = fresh(os.path.join(SCRATCH, "cargo-home"))
    os.makedirs(home)
    with open(os.path.join(home, "config.toml"), "w") as f:
        f.write(f'[source.crates-io]\nreplace-with = "local"\n[source.local]\nlocal-registry = "{registry}"\n')
    return home


def corpus_project():
    """The whole corpus as one Cargo project (a pinned, renamed dependency on every crate)
    with the lockfile cargo resolves for it, so `cargo vendor` runs on the same crates."""
    project = fresh(os.path.join(DISK, "corpus-project"))
    os.makedirs(os.path.join(project, "src"))
    registry = os.path.join(DISK, "corpus-registry")
    local_registry(os.path.join(CORPUS, "Cargo.lock"), fresh(registry))
    with open(os.path.join(CORPUS, "Cargo.lock"), "rb") as f:
        packages = tomllib.load(f)["package"]
    with open(os.path.join(project, "Cargo.toml"), "w") as f:
        f.write('[package]\nname = "corpus"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n')
        for i, p in enumerate(packages):
            f.write(f'dep{i} = {{ package = "{p["name"]}", version = "={p["version"]}" }}\n')
    with open(os.path.join(project, "src", "lib.rs"), "w") as f:
        f.write("")
    home = cargo_home(registry)
    run(["cargo", "generate-lockfile", "--offline"], cwd=project, env=dict(os.environ, CARGO_HOME=home))
    return project, home, packages


def vendor_with_cargo(project, home, out):
    run(CARGO_VENDOR + [out], cwd=project, env=dict(os.environ, CARGO_HOME=home))


def bench_vendor_corpus():
    project, home, packages = corpus_project()
    lockfile = os.path.join(project, "Cargo.lock")
    out = os.path.join(SCRATCH, "vendor")
    # Deleting the previous output (and cargo's unpack cache: a Nix build starts with an
    # empty CARGO_HOME) is preparation, not part of the timing.
    clear = lambda i: fresh(out)  # noqa: E731
    ours, cargo, tar = compare([
        ("cratebox vendor, corpus", lambda i: cratebox_vendor(lockfile, CRATES, out), clear),
        ("cargo vendor, corpus", lambda i: vendor_with_cargo(project, home, out),
         lambda i: (fresh(out), fresh(os.path.join(home, "registry")))),
        ("tar -xzf loop, corpus", lambda i: tar_loop(packages, out), clear)])
    row(f"vendor corpus ({len(packages)} crates)", ours, cargo, "cratebox vendor", "cargo vendor", faster(3))
    row(f"vendor corpus ({len(packages)} crates)", ours, tar, "cratebox vendor", "sequential tar -xzf")


def local_registry(lockfile, root):
    """A cargo local registry (index + .crate files) for the crates of a lockfile: what
    `cargo vendor` needs to start from the same tarballs."""
    with open(lockfile, "rb") as f:
        packages = [p for p in tomllib.load(f)["package"] if p.get("source", "").startswith("registry+")]
    os.makedirs(os.path.join(root, "index"), exist_ok=True)
    for p in packages:
        name, version = p["name"], p["version"]
        shutil.copy(os.path.join(CRATES, f"{name}-{version}.crate"), root)
        src = os.path.join(SCRATCH, "unpacked")
        fresh(src)
        os.makedirs(src)
        run(["tar", "-xzf", os.path.join(CRATES, f"{name}-{version}.crate"), "-C", src])
        with open(os.path.join(src, f"{name}-{version}", "Cargo.toml"), "rb") as f:
            manifest = tomllib.load(f)
        deps = []

        def add(table, kind, target=None):
            for dep_name, spec in (table or {}).items():
                spec = {"version": spec} if isinstance(spec, str) else spec
                deps.append({"name": dep_name,
                             "req": spec.get("version", "*"), "features": spec.get("features", []),
                             "optional": spec.get("optional", False),
                             "default_features": spec.get("default-features", spec.get("default_features", True)),
                             "target": target, "kind": kind, "package": spec.get("package")})
        for kind, key in (("normal", "dependencies"), ("dev", "dev-dependencies"), ("build", "build-dependencies")):
            add(manifest.get(key), kind)
            for target, tables in manifest.get("target", {}).items():
                add(tables.get(key), kind, target)
        entry = {"name": name, "vers": version, "deps": [{k: v for k, v in d.items() if v is not None} for d in deps],
                 "cksum": p["checksum"], "features": manifest.get("features", {}), "yanked": False}
        lower = name.lower()
        prefix = {1: "1", 2: "2", 3: f"3/{lower[0]}"}.get(len(lower), f"{lower[:2]}/{lower[2:4]}")
        index_file = os.path.join(root, "index", prefix, lower)
        os.makedirs(os.path.dirname(index_file), exist_ok=True)
        with open(index_file, "a") as f:
            f.write(json.dumps(entry) + "\n")
    return len(packages)


def bench_vendor_against_cargo():
    lockfile = os.path.join(APP, "Cargo.lock")
    registry = fresh(os.path.join(DISK, "local-registry"))
    count = local_registry(lockfile, registry)
    home = cargo_home(registry)
    project = fresh(os.path.join(DISK, "app"))
    shutil.copytree(APP, project)
    out = os.path.join(SCRATCH, "vendor")
    ours, theirs = compare([
        ("cratebox vendor, app", lambda i: cratebox_vendor(lockfile, CRATES, out), lambda i: fresh(out)),
        ("cargo vendor, app", lambda i: vendor_with_cargo(project, home, out),
         lambda i: (fresh(out), fresh(os.path.join(home, "registry"))))])
    row(f"vendor app ({count} crates)", ours, theirs, "cratebox vendor", "cargo vendor", faster(3))


def per_crate_expression(lockfile, nonce):
    return f"""
let
  lock = builtins.fromTOML (builtins.readFile {lockfile});
  fetch = p: import <nix/fetchurl.nix> {{
    name = "${{p.name}}-${{p.version}}.crate";
    url = "http://127.0.0.1:PORT/crates/${{p.name}}/${{p.version}}/download";
    sha256 = p.checksum;
  }};
  # One derivation per crate, the structure naersk and crane use (here with busybox, no stdenv).
  unpack = p: derivation {{
    name = "unpack-${{p.name}}-${{p.version}}-{nonce}";
    system = "x86_64-linux";
    builder = "/bin/sh";
    src = fetch p;
    args = [ "-c" "mkdir $out && tar -xzf $src -C $out && echo '{{\\"files\\":{{}},\\"package\\":\\"${{p.checksum}}\\"}}' > $out/${{p.name}}-${{p.version}}/.cargo-checksum.json" ];
  }};
  crates = map (p: {{ dir = "${{unpack p}}/${{p.name}}-${{p.version}}"; n = "${{p.name}}-${{p.version}}"; }}) lock.package;
in
derivation {{
  name = "joined-{nonce}";
  system = "x86_64-linux";
  builder = "/bin/sh";
  args = [ "-c" ("mkdir $out && cd $out" + builtins.concatStringsSep "" (map (c: " && ln -s ${{c.dir}} ${{c.n}}") crates)) ];
}}
"""


def copy_expression(tree, nonce):
    return f"""
derivation {{
  name = "copy-{nonce}";
  system = "x86_64-linux";
  builder = "/bin/sh";
  args = [ "-c" "cp -r ${{builtins.storePath {tree}}} $out" ];
}}
"""


def bench_vendor_in_nix():
    lockfile, packages = subset_lockfile(10**9)
    mirror = nixenv.Mirror(os.path.join(CRATES, "mirror"))
    driver = nixenv.driver_package(os.path.join(DISK, "driver"))

    def ours_expr(nonce):
        return nixenv.expression(f'cratebox.vendorCargoDeps {{ cargoLock = {lockfile}; name = "corpus-{nonce}"; }}',
                                 driver, mirror.port)

    def write(name, text):
        path = os.path.join(DISK, name)
        with open(path, "w") as f:
            f.write(text.replace("PORT", str(mirror.port)))
        return path

    # Fetch every tarball once (shared by both): only unpacking is compared.
    vendored = nixenv.run("nix-build", write("warm.nix", ours_expr("warm")), "--no-out-link").stdout.strip()
    base = os.path.basename(SCRATCH)
    # The floor any single derivation pays for this output: copying the finished tree into
    # $out, then Nix's own work on it (NAR hash, reference scan, registration).
    ours, theirs, floor = compare([
        ("nix: one vendor derivation", lambda i: nixenv.run(
            "nix-build", write(f"ours{i}.nix", ours_expr(f"{base}-{i}")), "--no-out-link"), None),
        ("nix: one derivation per crate", lambda i: nixenv.run(
            "nix-build", write(f"theirs{i}.nix", per_crate_expression(lockfile, f"{base}-{i}")), "--no-out-link",
            "--max-jobs", str(os.cpu_count())), None),
        ("nix: cp -r of the finished tree (floor)", lambda i: nixenv.run(
            "nix-build", write(f"floor{i}.nix", copy_expression(vendored, f"{base}-{i}")), "--no-out-link"), None)])
    mirror.shutdown()
    row(f"vendor in Nix ({len(packages)} crates)", ours, theirs, "one vendor derivation", "a derivation per crate",
        faster(10))
    row("  same, against Nix's floor", ours, floor, "one vendor derivation", "one derivation copying the tree")


# --- 2, 3. builds ---------------------------------------------------------------------------

def bench_builds():
    mirror_root = os.path.join(CRATES, "mirror")
    mirror = nixenv.Mirror(mirror_root)
    driver = nixenv.driver_package(os.path.join(DISK, "driver"))
    project = fresh(os.path.join(DISK, "app-build"))
    shutil.copytree(APP, project)
    main_rs = os.path.join(project, "src", "main.rs")
    with open(main_rs) as f:
        original = f.read()
    base = os.path.basename(SCRATCH)

    def edit(word):
        with open(main_rs, "w") as f:
            f.write(original.replace('"wordstat: {}"', f'"wordstat {word}: {{}}"'))

    def build_package(name):
        path = os.path.join(DISK, f"{name}.nix")
        with open(path, "w") as f:
            f.write(nixenv.expression(f'cratebox.buildPackage {{ src = {project}; name = "{name}"; }}', driver,
                                      mirror.port))
        nixenv.run("nix-build", path, "--no-out-link")

    # Plain cargo on the same sources: crates.io replaced by the same crates, unpacked.
    vendor = os.path.join(DISK, "plain-vendor")
    cratebox_vendor(os.path.join(APP, "Cargo.lock"), CRATES, fresh(vendor))
    home = fresh(os.path.join(DISK, "plain-home"))
    os.makedirs(home)
    shutil.copy(os.path.join(vendor, "config.toml"), os.path.join(home, "config.toml"))
    env = dict(os.environ, CARGO_HOME=home, CARGO_TARGET_DIR=os.path.join(DISK, "plain-target"))

    def cargo_build():
        run(["cargo", "build", "--release", "--offline"], cwd=project, env=env)

    edit("cold")
    nixenv.run("nix-build", "-E", "true", check=False)  # nothing: keeps the first timing free of Nix start-up
    ours, theirs = compare([
        ("buildPackage cold (vendor+deps+main)", lambda i: build_package(f"wordstat-{base}-cold{i}"), None),
        ("cargo build --release cold", lambda i: cargo_build(), lambda i: fresh(env["CARGO_TARGET_DIR"]))],
        BUILD_REPS)
    row("cold build of the app", ours, theirs, "buildPackage", "cargo build --release", at_most(1.05))

    # Rebuild after a one-line change: the dependency derivation is reused.
    build_package(f"wordstat-{base}-warm")
    cargo_build()
    ours, theirs = compare([
        ("buildPackage after a main.rs edit", lambda i: build_package(f"wordstat-{base}-warm"),
         lambda i: edit(f"edit{i}")),
        ("cargo build after a main.rs edit", lambda i: cargo_build(), lambda i: edit(f"cargo{i}"))],
        BUILD_REPS)
    row("rebuild after a .rs edit", ours, theirs, "buildPackage", "cargo build", at_most(1.5))
    mirror.shutdown()


# --- 4. evaluation --------------------------------------------------------------------------

def bench_eval():
    project = fresh(os.path.join(DISK, "synthetic"))
    os.makedirs(os.path.join(project, "src"))
    with open(os.path.join(project, "Cargo.toml"), "w") as f:
        f.write('[package]\nname = "synthetic"\nversion = "0.1.0"\nedition = "2021"\n')
    with open(os.path.join(project, "src", "main.rs"), "w") as f:
        f.write("fn main() {}\n")
    with open(os.path.join(project, "Cargo.lock"), "w") as f:
        f.write("version = 3\n\n")
        for i in range(2000):
            checksum = hashlib.sha256(str(i).encode()).hexdigest()
            f.write(f'[[package]]\nname = "crate-{i}"\nversion = "1.{i % 7}.{i}"\n'
                    f'source = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "{checksum}"\n\n')
        f.write('[[package]]\nname = "synthetic"\nversion = "0.1.0"\n')
    driver = nixenv.driver_package(os.path.join(DISK, "driver"))
    expr = os.path.join(DISK, "eval.nix")
    with open(expr, "w") as f:
        f.write(nixenv.expression(f"cratebox.buildPackage {{ src = {project}; }}", driver, 1))
    toml_only = f"builtins.length (builtins.fromTOML (builtins.readFile {project}/Cargo.lock)).package"
    ours, theirs = compare([
        ("nix-instantiate buildPackage, 2,000 crates", lambda i: nixenv.run("nix-instantiate", expr), None),
        ("builtins.fromTOML alone", lambda i: nixenv.run("nix-instantiate", "--eval", "-E", toml_only), None)])
    row("evaluation, 2,000-crate lockfile", ours, theirs, "buildPackage", "fromTOML alone", at_most(3))


# --- 5, 6. memory and scaling ----------------------------------------------------------------

def peak_memory_mib(cmd):
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise RuntimeError(f"{cmd} failed")
    return usage.ru_maxrss / 1024


def bench_memory_and_scaling():
    out = os.path.join(SCRATCH, "vendor")
    lockfile, packages = subset_lockfile(10**9)
    peaks = []
    for _ in range(REPS):
        fresh(out)
        peaks.append(peak_memory_mib([harness.DRIVER, "vendor", "--lockfile", lockfile, "--crates-dir", CRATES,
                                      "--out", out, "--quiet"]))
    peak = statistics.median(peaks)
    log(f"peak RSS while vendoring the corpus: {peak:.1f} MiB")
    ROWS.append((f"driver peak memory, vendoring {len(packages)} crates", f"peak RSS: {peak:.1f} MiB", "—",
                 f"{peak / 64:.2f}× the limit", "≤ 64 MiB", "yes" if peak <= 64 else "**no**"))
    scaling = []
    for count in (100, 300, len(packages)):
        sub, subpackages = subset_lockfile(count)
        seconds = measure(f"cratebox vendor, {len(subpackages)} crates", lambda i: cratebox_vendor(sub, CRATES, out),
                          prepare=lambda i: fresh(out))
        scaling.append((len(subpackages), seconds))
    return scaling


def machine():
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cargo = run(["cargo", "--version"]).stdout.strip()
    nix = run(["nix", "--version"]).stdout.strip()
    return (f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, {platform.system()} {platform.release()}, "
            f"{cargo}, {nix}; medians of {REPS} repetitions ({BUILD_REPS} for the app builds), "
            "contenders interleaved within each repetition")


def main():
    harness.require_driver()
    benches = [bench_vendor_corpus, bench_vendor_against_cargo, bench_vendor_in_nix, bench_builds, bench_eval]
    only = os.environ.get("BENCH_ONLY")
    for bench in benches:
        if not only or only in bench.__name__:
            bench()
    scaling = bench_memory_and_scaling() if not only or only in "bench_memory_and_scaling" else []
    lines = ["# Benchmark results", "", f"Machine: {machine()}.", "",
             "| benchmark | cratebox | comparison | result | target | met |", "|---|---|---|---|---|---|"]
    lines += ["| " + " | ".join(cells) + " |" for cells in ROWS]
    if scaling:
        lines += ["", "Vendoring time by crate count (cratebox vendor, tmpfs):", "", "| crates | seconds | per crate |",
                  "|---|---|---|"]
        lines += [f"| {n} | {s:.3f} | {1000 * s / n:.2f} ms |" for n, s in scaling]
    lines += ["", "Every sample, in run order (seconds):", ""]
    lines += [f"- {name}: {', '.join(f'{t:.3f}' for t in times)}" for name, times in SAMPLES]
    text = "\n".join(lines) + "\n"
    print(text)
    with open(os.path.join(os.path.dirname(__file__), "results.md"), "w") as f:
        f.write(text)
    shutil.rmtree(SCRATCH, ignore_errors=True)
    shutil.rmtree(DISK, ignore_errors=True)


if __name__ == "__main__":
    main()
