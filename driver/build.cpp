#include "build.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <ostream>
#include <sstream>

#include <spdlog/spdlog.h>

#include "cargo_config.hpp"
#include "cargo_messages.hpp"
#include "dummy.hpp"
#include "environment.hpp"
#include "fs_tree.hpp"
#include "hooks.hpp"
#include "install.hpp"
#include "logging.hpp"
#include "process.hpp"
#include "sha256.hpp"
#include "staging.hpp"
#include "target_archive.hpp"
#include "vendor.hpp"

namespace cratebox {
namespace fs = std::filesystem;
namespace {

constexpr const char* kDepsArchive = "target.tar.zst";

// Both stages must build at the same absolute paths, or cargo's fingerprints would not match.
// Inside Nix that is $NIX_BUILD_TOP/cratebox; locally a directory derived from the job's
// vendor input, overridable with CRATEBOX_BUILD_DIR.
BuildDirs buildDirs(const BuildJob& job, const Environment& env) {
  fs::path work;
  if (auto it = env.find("CRATEBOX_BUILD_DIR"); it != env.end() && !it->second.empty()) {
    work = it->second;
  } else if (auto top = env.find("NIX_BUILD_TOP"); top != env.end() && !top->second.empty()) {
    work = fs::path(top->second) / "cratebox";
  } else {
    auto tmp = env.find("TMPDIR");
    const std::string key = (job.src ? job.src->string() : "") + "|" + job.out.string();
    work = fs::path(tmp != env.end() && !tmp->second.empty() ? tmp->second : "/tmp") /
           ("cratebox-build-" + sha256Hex(key).substr(0, 12));
  }
  return BuildDirs{work, work / "source", work / "cargo-home", work / "target"};
}

std::string configToml(const BuildJob& job, const fs::path& vendorDir, const std::string& vendorConfig,
                       const BuildDirs& dirs) {
  std::ostringstream out;
  out << vendorConfig;
  std::vector<std::string> rustflags;
  if (job.remapPathPrefix) {
    // Paths of the vendor tree and the build dir must not end up in binaries (store references).
    rustflags.push_back("--remap-path-prefix=" + vendorDir.string() + "=/cratebox/vendor");
    rustflags.push_back("--remap-path-prefix=" + dirs.source.string() + "=/cratebox/source");
  }
  for (const auto& lib : inputLibraryDirs(job.inputs)) rustflags.push_back("-Lnative=" + lib.string());
  if (!rustflags.empty()) {
    // Config-file rustflags are merged with the project's own .cargo/config.toml (RUSTFLAGS would replace them).
    out << "[build]\nrustflags = [";
    for (std::size_t i = 0; i < rustflags.size(); ++i) out << (i ? ", " : "") << tomlString(rustflags[i]);
    out << "]\n";
  }
  return out.str();
}

std::vector<std::string> expanded(const std::vector<std::string>& options, const Environment& env) {
  std::vector<std::string> out;
  for (const auto& option : options) {
    std::string value = expandVariables(option, env);
    if (!value.empty()) out.push_back(std::move(value));
  }
  return out;
}

// The cargo invocations of one stage, in order.
std::vector<std::vector<std::string>> cargoCommands(const BuildJob& job, const Environment& env) {
  const std::vector<std::string> common = {"--frozen", "--message-format=json-render-diagnostics", "-j",
                                           env.at("CARGO_BUILD_JOBS")};
  const bool deps = job.stage == Stage::Deps;
  auto command = [&](const std::string& sub, const std::vector<std::string>& options, bool withRelease = true,
                     const std::vector<std::string>& afterDashes = {}) {
    std::vector<std::string> argv = {"cargo"};
    for (auto& o : expanded(job.cargoOptions, env)) argv.push_back(o);
    argv.push_back(sub);
    argv.insert(argv.end(), common.begin(), common.end());
    if (job.release && withRelease) argv.push_back("--release");
    for (auto& o : expanded(options, env)) argv.push_back(o);
    if (!afterDashes.empty()) {
      argv.push_back("--");
      for (auto& o : expanded(afterDashes, env)) argv.push_back(o);
    }
    return argv;
  };
  std::vector<std::vector<std::string>> commands;
  switch (job.mode) {
    case Mode::Build:
      commands.push_back(command("build", job.cargoBuildOptions));
      if (job.doCheck) {
        auto testOptions = job.cargoTestOptions;
        if (deps) testOptions.push_back("--no-run");
        commands.push_back(command("test", testOptions));
      }
      if (job.doDoc && !deps) commands.push_back(command("doc", job.cargoDocOptions));
      break;
    case Mode::Check: commands.push_back(command("check", job.cargoBuildOptions)); break;
    case Mode::Test: {
      auto testOptions = job.cargoTestOptions;
      if (deps) testOptions.push_back("--no-run");  // never run the dummy's tests
      commands.push_back(command("test", testOptions));
      break;
    }
    case Mode::Clippy:
      if (deps) commands.push_back(command("check", job.cargoBuildOptions));
      else commands.push_back(command("clippy", job.cargoBuildOptions, true, job.cargoClippyOptions));
      break;
    case Mode::Doc:
      if (deps) commands.push_back(command("check", job.cargoBuildOptions));
      else commands.push_back(command("doc", job.cargoDocOptions));
      break;
    case Mode::Fmt:
      if (!deps) {
        std::vector<std::string> argv = {"cargo", "fmt", "--all", "--"};
        auto options = job.cargoFmtOptions.empty() ? std::vector<std::string>{"--check"} : job.cargoFmtOptions;
        for (auto& o : expanded(options, env)) argv.push_back(o);
        commands.push_back(argv);
      }
      break;
  }
  return commands;
}

std::string hookSnippet(const BuildJob& job, std::string_view name) {
  if (job.stage == Stage::Deps && name == "postInstall") return {};  // naersk: main derivation only
  auto it = job.hooks.find(std::string(name));
  return it == job.hooks.end() ? std::string() : it->second;
}

// What hooks see besides the build's environment: stdenv's names for the outputs and source.
Environment hookOnlyVariables(const BuildJob& job) {
  Environment vars = {{"out", fs::absolute(job.out).string()}};
  if (job.docOut) vars["doc"] = fs::absolute(*job.docOut).string();
  if (job.src) vars["src"] = fs::absolute(*job.src).string();
  return vars;
}

// Hooks before cargo hand their exports on to cargo, as in stdenv's one shell.
Status runHooks(const BuildJob& job, Environment& env, const fs::path& cwd,
                std::initializer_list<std::string_view> names, bool keepExports) {
  const Environment hookOnly = hookOnlyVariables(job);
  for (auto name : names) {
    const std::string snippet = hookSnippet(job, name);
    if (snippet.empty()) continue;
    Environment hookEnv = env;
    for (const auto& [key, value] : hookOnly) hookEnv[key] = value;
    auto after = runHook(name, snippet, hookEnv, cwd, keepExports);
    if (!after) return after.error();
    if (!keepExports) continue;
    Environment next = std::move(*after);
    for (const auto& [key, value] : hookOnly) {
      if (auto it = env.find(key); it != env.end()) next[key] = it->second;
      else next.erase(key);
    }
    env = std::move(next);
  }
  return ok();
}

// postInstall works on the committed $out; when it fails, $out goes too (no half-made output).
Status runPostInstall(const BuildJob& job, Environment env, const fs::path& cwd) {
  if (hookSnippet(job, "postInstall").empty()) return ok();
  auto status = runHooks(job, env, cwd, {"postInstall"}, false);
  std::error_code ec;
  if (!status) {
    fs::remove_all(job.out, ec);
    return status;
  }
  return normalizeMtimes(job.out);
}

void printPlan(std::ostream& out, const BuildJob& job, const BuildDirs& dirs, const fs::path& cargoDir,
               const std::string& config, const Environment& env, const Environment& inherited,
               const std::vector<std::vector<std::string>>& commands) {
  out << "stage: " << (job.stage == Stage::Deps ? "deps (dummy workspace from manifests)" : "main") << "\n";
  out << "work dir: " << dirs.work.string() << "\n";
  out << "sources: " << (job.stage == Stage::Deps ? "dummy workspace" : job.src->string()) << " -> "
      << dirs.source.string() << "\n";
  if (job.depsArtifacts) out << "restore: " << (*job.depsArtifacts / kDepsArchive).string() << " -> " << dirs.target.string() << "\n";
  out << "cargo config (" << (dirs.cargoHome / "config.toml").string() << "):\n" << config;
  out << "environment (changed from the caller's):\n";
  for (const auto& [key, value] : env) {
    auto it = inherited.find(key);
    if (it == inherited.end() || it->second != value) out << "  " << key << "=" << value << "\n";
  }
  out << "commands (in " << cargoDir.string() << "):\n";
  for (const auto& argv : commands) out << "  " << quoteCommand(argv) << "\n";
  for (auto name : kHookNames)
    if (auto snippet = hookSnippet(job, name); !snippet.empty())
      out << "hook " << name << " (sh -e -c, in " << cargoDir.string() << "):\n  "
          << snippet << (snippet.ends_with('\n') ? "" : "\n");
  if (job.stage == Stage::Deps) out << "output: " << (job.out / kDepsArchive).string() << "\n";
  else out << "install: " << (job.copyBins ? "executables to " + (job.out / "bin").string() : "no executables")
           << (job.copyLibs ? ", libraries to " + (job.out / "lib").string() : "") << "\n";
}

Status prepareSources(const BuildJob& job, const BuildDirs& dirs) {
  StepTimer timer(job.stage == Stage::Deps ? "writing the dummy workspace" : "copying the sources");
  if (job.stage == Stage::Main) {
    // Fresh mtimes on the copy make cargo rebuild the workspace crates over the restored deps.
    return copyTree(*job.src, dirs.source, [](const fs::path& relative, bool isDir) {
      return isDir && (relative == "target" || relative == ".git");
    });
  }
  WorkspaceFiles files;
  if (!job.manifests.empty()) {
    files.manifests = job.manifests;
    files.targetFiles = job.targetFiles;
  } else {
    auto collected = collectWorkspaceFiles(*job.src);
    if (!collected) return collected.error();
    files = std::move(*collected);
  }
  CRATEBOX_TRY(writeDummyWorkspace(dirs.source, files));
  // Cargo records the stubs' mtimes in the members' fingerprints: fixed times keep the deps
  // output reproducible (and older than any real source, which the main stage then rebuilds).
  return normalizeMtimes(dirs.source);
}

Status runCargo(const std::vector<std::string>& argv, const Environment& env, const fs::path& cwd,
                CargoMessages& messages) {
  auto status = runCommand(Command{argv, env, cwd}, [&](std::string_view line) {
    if (!messages.feed(line)) std::cerr << line << "\n";  // test output and the like: show it
  });
  if (!status) return status.error();
  if (*status != 0)
    return Error(ErrorKind::CommandFailed, "`" + quoteCommand(argv) + "` failed with exit status " + std::to_string(*status),
                 "the compiler's messages are above; reproduce locally with `cratebox build --attrs <job> --dry-run`");
  return ok();
}

void logCompileSummary(const CargoMessages& messages) {
  std::size_t fresh = 0;
  for (const auto& a : messages.artifacts) fresh += a.fresh;
  const auto compiledDeps = messages.compiledNonMembers();
  spdlog::info("cargo: {} artifacts, {} fresh, {} dependency crates compiled", messages.artifacts.size(), fresh,
               compiledDeps.size());
  for (const auto& label : compiledDeps) spdlog::debug("compiled dependency {}", label);
}

unsigned buildCores(const Environment& env) {
  auto it = env.find("CARGO_BUILD_JOBS");
  return it == env.end() ? 1u : static_cast<unsigned>(std::max(1, std::atoi(it->second.c_str())));
}

Status finishDeps(const BuildJob& job, const BuildDirs& dirs, unsigned cores) {
  auto staged = StagedDir::create(job.out);
  if (!staged) return staged.error();
  {
    StepTimer timer("archiving target/");
    CRATEBOX_TRY(archiveTarget(dirs.target, staged->path() / kDepsArchive, cores));
  }
  return staged->commit();
}

Status finishMain(const BuildJob& job, const BuildDirs& dirs, const CargoMessages& messages, unsigned cores) {
  auto staged = StagedDir::create(job.out);
  if (!staged) return staged.error();
  auto report = installArtifacts(messages.artifacts, {job.copyBins, job.copyBinsFilter, job.copyLibs}, staged->path());
  if (!report) return report.error();
  std::error_code ec;
  if (job.doDoc || job.mode == Mode::Doc) {
    const fs::path docs = dirs.target / "doc";
    const fs::path destination = job.docOut ? *job.docOut : staged->path() / "share" / "doc";
    if (fs::is_directory(docs, ec)) CRATEBOX_TRY(copyTree(docs, destination));
  }
  if (job.docOut) fs::create_directories(*job.docOut, ec);  // Nix requires every declared output
  if (job.copyTarget) CRATEBOX_TRY(archiveTarget(dirs.target, staged->path() / kDepsArchive, cores));
  CRATEBOX_TRY(normalizeMtimes(staged->path()));
  return staged->commit();
}

}  // namespace

Status runBuild(const BuildJob& job, const BuildOptions& options, std::ostream& plan) {
  const Environment inherited = currentEnvironment();
  const BuildDirs dirs = buildDirs(job, inherited);
  const fs::path vendorDir = job.vendorDir ? *job.vendorDir : dirs.work / "vendor";
  Environment env = buildEnvironment(job, dirs, inherited);
  const fs::path cargoDir = dirs.source / job.root;

  // The vendor config: from the given vendor tree, or from vendoring now.
  std::string vendorConfig;
  if (job.vendorDir) {
    std::ifstream in(*job.vendorDir / "config.toml", std::ios::binary);
    if (!in) return Error(ErrorKind::InvalidInput, "vendorDir " + job.vendorDir->string() + " has no config.toml",
                          "vendorDir must be the output of `cratebox vendor`");
    std::stringstream text;
    text << in.rdbuf();
    vendorConfig = text.str();
  } else if (job.vendor) {
    VendorJob vendorJob = *job.vendor;
    vendorJob.out = vendorDir;
    std::error_code ec;
    if (!options.dryRun) fs::remove_all(vendorDir, ec);  // left by an earlier local run
    std::ostringstream vendorPlan;
    auto report = vendor(vendorJob, {options.dryRun, 0}, vendorPlan);
    if (!report) return report.error();
    vendorConfig = report->cargoConfig;
    if (options.dryRun) plan << vendorPlan.str();
  } else {
    return Error(ErrorKind::InvalidInput, "the job has neither vendorDir nor lockFiles",
                 "give the output of `cratebox vendor` as vendorDir, or the vendoring keys");
  }
  const std::string config = configToml(job, vendorDir, vendorConfig, dirs);
  const auto commands = cargoCommands(job, env);
  if (options.dryRun) {
    printPlan(plan, job, dirs, cargoDir, config, env, inherited, commands);
    return ok();
  }

  std::error_code ec;
  fs::remove_all(dirs.source, ec);
  fs::remove_all(dirs.target, ec);
  fs::create_directories(dirs.cargoHome, ec);
  fs::create_directories(dirs.work / "home", ec);
  {
    std::ofstream out(dirs.cargoHome / "config.toml", std::ios::binary | std::ios::trunc);
    out << config;
    if (!out) return Error(ErrorKind::Io, "cannot write " + (dirs.cargoHome / "config.toml").string());
  }
  CRATEBOX_TRY(prepareSources(job, dirs));
  if (job.depsArtifacts) {
    StepTimer timer("restoring the dependency build");
    CRATEBOX_TRY(restoreTarget(*job.depsArtifacts / kDepsArchive, dirs.target));
  }
  CRATEBOX_TRY(runHooks(job, env, cargoDir, {"postPatch", "preBuild"}, true));
  CargoMessages messages;
  for (const auto& argv : cargoCommands(job, env)) {  // again: the hooks may have set variables
    StepTimer timer(quoteCommand(argv));
    CRATEBOX_TRY(runCargo(argv, env, cargoDir, messages));
  }
  CRATEBOX_TRY(runHooks(job, env, cargoDir, {"postBuild"}, false));
  logCompileSummary(messages);
  const unsigned cores = buildCores(env);
  CRATEBOX_TRY(job.stage == Stage::Deps ? finishDeps(job, dirs, cores) : finishMain(job, dirs, messages, cores));
  if (job.stage == Stage::Main) CRATEBOX_TRY(runPostInstall(job, env, cargoDir));
  spdlog::info("output: {}", fs::absolute(job.out).string());
  return ok();
}

}  // namespace cratebox
