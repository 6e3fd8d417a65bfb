#include "vendor.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <ostream>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>

#include "cargo_config.hpp"
#include "checksum_file.hpp"
#include "fs_tree.hpp"
#include "git_crate.hpp"
#include "lockfile.hpp"
#include "staging.hpp"
#include "unpack.hpp"

namespace cratebox {
namespace {

using Clock = std::chrono::steady_clock;

// One crate of the plan: where it comes from and where it goes in the vendor tree.
struct PlannedCrate {
  LockedPackage package;
  fs::path from;         // tarball, or git checkout
  fs::path destination;  // relative to the vendor root
};

struct Plan {
  std::vector<PlannedCrate> registry;
  std::vector<PlannedCrate> git;
  std::vector<SourceId> sources;
};

std::optional<fs::path> findTarball(const VendorJob& job, const LockedPackage& package) {
  for (const auto& crate : job.crates) {
    if (crate.name != package.name || crate.version != package.version) continue;
    if (crate.source.empty() || crate.source == package.source->raw) return crate.tarball;
  }
  if (job.cratesDir) {
    const fs::path candidate = *job.cratesDir / (package.name + "-" + package.version + ".crate");
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec)) return candidate;
  }
  return std::nullopt;
}

std::optional<fs::path> findCheckout(const VendorJob& job, const SourceId& source) {
  for (const auto& checkout : job.gitCheckouts)
    if (checkout.source == source.raw) return checkout.path;
  for (const auto& checkout : job.gitCheckouts) {  // same repository and commit, other spelling
    auto id = parseSourceId(checkout.source, true);
    if (id && id->url == source.url && id->commit == source.commit) return checkout.path;
  }
  return std::nullopt;
}

Result<Plan> makePlan(const VendorJob& job) {
  std::vector<Lockfile> lockfiles;
  for (const auto& path : job.lockFiles) {
    auto lockfile = readLockfile(path);
    if (!lockfile) return lockfile.error();
    lockfiles.push_back(std::move(*lockfile));
  }
  auto packages = mergeLockfiles(lockfiles);
  if (!packages) return packages.error();

  Plan plan;
  std::map<std::string, SourceId> sources;
  for (auto& package : *packages) {
    if (!package.source) continue;  // workspace members and path dependencies are not vendored
    const SourceId& source = *package.source;
    sources.emplace(source.withoutFragment(), source);
    const fs::path destination = fs::path(source.vendorDirName()) / (package.name + "-" + package.version);
    if (source.isGit()) {
      auto checkout = findCheckout(job, source);
      if (!checkout)
        return Error(ErrorKind::CrateSource, "no git checkout given for " + package.name + " " + package.version +
                                                 " from " + source.raw,
                     "add {\"source\": \"" + source.raw + "\", \"path\": ...} to the job's gitCheckouts");
      plan.git.push_back({package, *checkout, destination});
      continue;
    }
    if (!package.checksum)
      return Error(ErrorKind::InvalidInput, "Cargo.lock has no checksum for " + package.name + " " + package.version,
                   "regenerate the lockfile with a current cargo");
    auto tarball = findTarball(job, package);
    if (!tarball)
      return Error(ErrorKind::CrateSource,
                   "no tarball for " + package.name + " " + package.version + " (" + source.raw + ")" +
                       (job.cratesDir ? "; looked in the job's crates and in " + job.cratesDir->string() +
                                            "/" + package.name + "-" + package.version + ".crate"
                                      : "; looked in the job's crates"),
                   "add the .crate file to the job's crates (or to the crates dir)");
    plan.registry.push_back({package, *tarball, destination});
  }
  for (auto& [_, source] : sources) plan.sources.push_back(source);
  return plan;
}

void printPlan(std::ostream& out, const Plan& plan, const fs::path& root, const std::string& config) {
  out << "vendor tree: " << root.string() << "\n";
  out << "registry crates (" << plan.registry.size() << "):\n";
  for (const auto& crate : plan.registry)
    out << "  " << crate.package.name << " " << crate.package.version << "  " << crate.from.string() << " -> "
        << (root / crate.destination).string() << "  sha256 " << *crate.package.checksum << "\n";
  out << "git crates (" << plan.git.size() << "):\n";
  for (const auto& crate : plan.git)
    out << "  " << crate.package.name << " " << crate.package.version << "  " << crate.package.source->raw << "  "
        << crate.from.string() << " -> " << (root / crate.destination).string() << "\n";
  out << "cargo config (" << (root / "config.toml").string() << "):\n" << config;
}

// Logs "unpacked i/n" at most once a second, from whichever worker passes the mark.
class Progress {
 public:
  explicit Progress(std::size_t total) : total_(total), last_(Clock::now()) {}
  void done() {
    const std::size_t count = ++done_;
    std::lock_guard lock(mutex_);
    if (Clock::now() - last_ < std::chrono::seconds(1)) return;
    last_ = Clock::now();
    spdlog::info("unpacking: {}/{} crates", count, total_);
  }

 private:
  std::size_t total_;
  std::atomic<std::size_t> done_{0};
  std::mutex mutex_;
  Clock::time_point last_;
};

Status unpackOne(const PlannedCrate& crate, const fs::path& root) {
  const fs::path dest = root / crate.destination;
  auto unpacked = unpackCrate(crate.from, crate.package.name + "-" + crate.package.version, dest, crate.package.checksum);
  if (!unpacked) return unpacked.error().context(crate.package.name + " " + crate.package.version);
  CRATEBOX_TRY(writeChecksumFile(dest, crate.package.checksum));
  CRATEBOX_TRY(normalizeMtime(dest / ".cargo-checksum.json"));
  return normalizeMtime(dest);
}

// Unpacks on `jobs` threads; the error reported is the first in plan order, so it is stable.
Status unpackAll(const std::vector<PlannedCrate>& crates, const fs::path& root, unsigned jobs) {
  std::vector<std::optional<Error>> errors(crates.size());
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  Progress progress(crates.size());
  auto worker = [&] {
    for (std::size_t i = next++; i < crates.size() && !failed; i = next++) {
      Status status = unpackOne(crates[i], root);
      if (!status.ok()) {
        errors[i] = status.error();
        failed = true;
      }
      progress.done();
    }
  };
  {
    std::vector<std::jthread> threads;
    const unsigned count = std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>(crates.size())));
    for (unsigned t = 0; t < count; ++t) threads.emplace_back(worker);
  }
  for (auto& error : errors)
    if (error) return *error;
  return ok();
}

// The vendor root, its source directories and config.toml (crates are done already).
Status normalizeTopLevelMtimes(const fs::path& root) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(root, ec)) CRATEBOX_TRY(normalizeMtime(entry.path()));
  if (ec) return Error(ErrorKind::Io, "cannot read " + root.string() + ": " + ec.message());
  return normalizeMtime(root);
}

Status writeText(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) return Error(ErrorKind::Io, "cannot write " + path.string());
  return ok();
}

}  // namespace

Result<VendorReport> vendor(const VendorJob& job, const VendorOptions& options, std::ostream& planOut) {
  const auto started = Clock::now();
  if (job.lockFiles.empty())
    return Error(ErrorKind::InvalidInput, "the job names no lockfile", "set lockFiles (or use --lockfile)");
  if (job.out.empty()) return Error(ErrorKind::InvalidInput, "the job names no output", "set outputs.out (or --out)");
  auto plan = makePlan(job);
  if (!plan) return plan.error();
  const fs::path root = fs::absolute(job.out).lexically_normal();
  VendorReport report{plan->registry.size(), plan->git.size(), cargoConfigText(plan->sources, root)};
  if (options.dryRun) {
    printPlan(planOut, *plan, root, report.cargoConfig);
    return report;
  }

  auto staged = StagedDir::create(root);
  if (!staged) return staged.error();
  std::error_code ec;
  fs::create_directories(staged->path() / "crates-io", ec);
  for (const auto& source : plan->sources) fs::create_directories(staged->path() / source.vendorDirName(), ec);
  if (ec) return Error(ErrorKind::Io, "cannot create directories in " + staged->path().string() + ": " + ec.message());

  const unsigned jobs = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  CRATEBOX_TRY(unpackAll(plan->registry, staged->path(), jobs));
  for (const auto& crate : plan->git) {
    auto location = locateGitCrate(crate.from, crate.package.name, crate.package.version);
    if (!location) return location.error();
    CRATEBOX_TRY(vendorGitCrate(*location, staged->path() / crate.destination));
  }
  CRATEBOX_TRY(writeText(staged->path() / "config.toml", report.cargoConfig));
  CRATEBOX_TRY(normalizeTopLevelMtimes(staged->path()));  // each crate's tree was normalized when written
  CRATEBOX_TRY(staged->commit());
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  spdlog::info("vendored {} registry and {} git crates into {} in {:.2f}s", report.registryCrates, report.gitCrates,
               root.string(), seconds);
  return report;
}

VendorJob vendorJobFromCratesDir(const fs::path& lockfile, const fs::path& cratesDir, const fs::path& out) {
  VendorJob job;
  job.lockFiles = {lockfile};
  job.cratesDir = cratesDir;
  job.out = out;
  return job;
}

}  // namespace cratebox
