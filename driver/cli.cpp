#include "cli.hpp"

#include <charconv>

namespace cratebox {
namespace {

constexpr const char* kGeneralHelp = R"(cratebox - build Cargo projects offline, as the builder of Nix derivations

Usage:
  cratebox vendor [--attrs FILE] [--dry-run] [-j N] [-v | --quiet]
  cratebox vendor --lockfile Cargo.lock --crates-dir DIR --out OUT [--dry-run] [-j N]
  cratebox build  [--attrs FILE] [--dry-run] [-v | --quiet]
  cratebox capture-env FILE
  cratebox --help | --version
  cratebox SUBCOMMAND --help

Subcommands:
  vendor   unpack every crate of Cargo.lock into a vendor tree with a cargo config
  build    run a build job: vendor, dependency-only or main cargo build, install
  capture-env  write this process's environment to FILE (NUL-separated KEY=VALUE; used
           by build hooks, so that variables a hook exports reach the later steps)

The job is read from --attrs FILE, else from $NIX_ATTRS_JSON_FILE (Nix structured
attributes). Its schema is in README.md, "The job file".

Options:
  --attrs FILE   the job file (JSON)
  --dry-run      print the plan (crates, config text, environment, commands); write nothing
  -j, --jobs N   parallel unpackers for vendor (default: number of cores)
  -v, --verbose  more log lines
  --quiet        only warnings and errors
  -h, --help     this text
  --version      the version

Exit codes:
  0  success
  1  cargo or another command failed
  2  bad command line
  3  invalid input: job file, Cargo.lock or Cargo.toml
  4  crate source problem: missing tarball, checksum mismatch, corrupt or unsafe archive,
     git crate not found
  5  filesystem error
)";

constexpr const char* kVendorHelp = R"(cratebox vendor - unpack the crates of Cargo.lock into a vendor tree

Usage:
  cratebox vendor [--attrs FILE] [--dry-run] [-j N]
  cratebox vendor --lockfile Cargo.lock --crates-dir DIR --out OUT [--dry-run] [-j N]

Every registry crate is unpacked from its .crate tarball after its SHA-256 is checked
against Cargo.lock; git crates are copied from their checkouts with workspace inheritance
resolved; OUT/config.toml replaces each source of the lockfile with its vendored copy.
The job keys are lockFiles, crates, gitCheckouts, cratesDir and outputs.out; the second
form finds <name>-<version>.crate in DIR. OUT is created atomically and must not exist.
)";

constexpr const char* kBuildHelp = R"(cratebox build - run a build job (the builder of buildPackage derivations)

Usage:
  cratebox build [--attrs FILE] [--dry-run] [-v | --quiet]

Stage "deps" builds a dummy workspace made from the manifests and archives target/ into
$out/target.tar.zst; stage "main" restores that archive, copies the sources, runs cargo
with --frozen (no network) and installs executables from cargo's JSON messages into
$out/bin. Shell hooks (postPatch, preBuild, postBuild, postInstall) run with bash or sh
from the inputs; variables exported by postPatch and preBuild reach cargo. --dry-run
prints the plan (vendoring, cargo config, environment, every command line, the hooks)
and writes nothing. Locally, CRATEBOX_BUILD_DIR sets the work directory (the deps
and main stages must share it).
)";

Error usage(const std::string& message) {
  return Error(ErrorKind::Usage, message, "see `cratebox --help`");
}

}  // namespace

std::string helpText(const std::optional<std::string>& subcommand) {
  if (subcommand == "vendor") return kVendorHelp;
  if (subcommand == "build") return kBuildHelp;
  return kGeneralHelp;
}

Result<CliOptions> parseCli(const std::vector<std::string>& args) {
  CliOptions options;
  if (args.empty()) return options;  // help
  std::size_t i = 0;
  const std::string& first = args[0];
  if (first == "-h" || first == "--help" || first == "help") return options;
  if (first == "--version") {
    options.subcommand = Subcommand::Version;
    return options;
  }
  if (first == "vendor") options.subcommand = Subcommand::Vendor;
  else if (first == "build") options.subcommand = Subcommand::Build;
  else if (first == "capture-env") {
    if (args.size() != 2) return usage("capture-env takes exactly one FILE");
    options.subcommand = Subcommand::CaptureEnv;
    options.captureFile = args[1];
    return options;
  }
  else return usage("unknown subcommand \"" + first + "\"");
  for (i = 1; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value = [&](const std::string& name) -> Result<std::string> {
      if (i + 1 >= args.size()) return usage(name + " needs a value");
      return args[++i];
    };
    if (arg == "-h" || arg == "--help") {
      options.helpFor = first;
      options.subcommand = Subcommand::Help;
      return options;
    } else if (arg == "--dry-run") {
      options.dryRun = true;
    } else if (arg == "-v" || arg == "--verbose") {
      options.verbosity = Verbosity::Verbose;
    } else if (arg == "--quiet" || arg == "-q") {
      options.verbosity = Verbosity::Quiet;
    } else if (arg == "--attrs" || arg == "--lockfile" || arg == "--crates-dir" || arg == "--out" || arg == "-j" ||
               arg == "--jobs") {
      auto v = value(arg);
      if (!v) return v.error();
      if (arg == "--attrs") options.attrs = *v;
      else if (arg == "--lockfile") options.lockfile = *v;
      else if (arg == "--crates-dir") options.cratesDir = *v;
      else if (arg == "--out") options.out = *v;
      else {
        unsigned n = 0;
        auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
        if (ec != std::errc() || ptr != v->data() + v->size() || n == 0) return usage(arg + " needs a positive number");
        options.jobs = n;
      }
    } else {
      return usage("unknown option \"" + arg + "\" for " + first);
    }
  }
  const bool convenience = options.lockfile || options.cratesDir || options.out;
  if (convenience && options.subcommand != Subcommand::Vendor)
    return usage("--lockfile/--crates-dir/--out belong to `cratebox vendor`");
  if (convenience && !(options.lockfile && options.cratesDir && options.out))
    return usage("--lockfile, --crates-dir and --out go together");
  if (convenience && options.attrs) return usage("give either --attrs or --lockfile/--crates-dir/--out");
  return options;
}

}  // namespace cratebox
