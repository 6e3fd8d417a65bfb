// cratebox: the one place where errors become messages and exit codes.
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "build.hpp"
#include "cli.hpp"
#include "hooks.hpp"
#include "job.hpp"
#include "logging.hpp"
#include "vendor.hpp"

namespace cratebox {
namespace {

// The job document: --attrs FILE, else Nix's structured attributes.
Result<std::pair<nlohmann::json, std::string>> loadJob(const CliOptions& cli) {
  std::string path;
  if (cli.attrs) {
    path = *cli.attrs;
  } else if (const char* nix = std::getenv("NIX_ATTRS_JSON_FILE"); nix && *nix) {
    path = nix;
    // Older Nix (2.8) sets the variable to the file's path outside the sandbox; inside, the
    // same file is at $NIX_BUILD_TOP/.attrs.json.
    const char* top = std::getenv("NIX_BUILD_TOP");
    std::error_code ec;
    if (!std::filesystem::exists(path, ec) && top) path = std::string(top) + "/.attrs.json";
  } else {
    return Error(ErrorKind::Usage, "no job: give --attrs FILE (or run as a Nix builder with __structuredAttrs)",
                 "see `cratebox --help`");
  }
  auto doc = readJobFile(path);
  if (!doc) return doc.error();
  return std::make_pair(std::move(*doc), path);
}

Status runVendor(const CliOptions& cli) {
  VendorJob job;
  if (cli.lockfile) {
    job = vendorJobFromCratesDir(*cli.lockfile, *cli.cratesDir, *cli.out);
  } else {
    auto doc = loadJob(cli);
    if (!doc) return doc.error();
    auto parsed = parseVendorJob(doc->first, doc->second);
    if (!parsed) return parsed.error();
    job = std::move(*parsed);
  }
  auto report = vendor(job, {cli.dryRun, cli.jobs}, std::cout);
  if (!report) return report.error();
  return ok();
}

Status runBuildCommand(const CliOptions& cli) {
  auto doc = loadJob(cli);
  if (!doc) return doc.error();
  auto job = parseBuildJob(doc->first, doc->second);
  if (!job) return job.error();
  return runBuild(*job, {cli.dryRun}, std::cout);
}

int report(const Error& error) {
  std::cerr << "cratebox: error: " << error.message << "\n";
  if (!error.hint.empty()) std::cerr << "cratebox: hint: " << error.hint << "\n";
  return static_cast<int>(error.kind);
}

}  // namespace
}  // namespace cratebox

int main(int argc, char** argv) {
  using namespace cratebox;
  auto cli = parseCli(std::vector<std::string>(argv + 1, argv + argc));
  if (!cli) return report(cli.error());
  setupLogging(cli->verbosity);
  switch (cli->subcommand) {
    case Subcommand::Help: std::cout << helpText(cli->helpFor); return 0;
    case Subcommand::Version: std::cout << "cratebox " << CRATEBOX_VERSION << "\n"; return 0;
    case Subcommand::Vendor: {
      Status status = runVendor(*cli);
      return status.ok() ? 0 : report(status.error());
    }
    case Subcommand::Build: {
      Status status = runBuildCommand(*cli);
      return status.ok() ? 0 : report(status.error());
    }
    case Subcommand::CaptureEnv: {
      Status status = writeEnvironment(*cli->captureFile);
      return status.ok() ? 0 : report(status.error());
    }
  }
  return 0;
}
