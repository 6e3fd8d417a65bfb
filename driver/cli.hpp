// The command line: subcommands, options, and the help text that documents them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "error.hpp"
#include "logging.hpp"

namespace cratebox {

enum class Subcommand { Help, Version, Vendor, Build, CaptureEnv };

struct CliOptions {
  Subcommand subcommand = Subcommand::Help;
  std::optional<std::string> helpFor;  // `cratebox vendor --help`
  std::optional<std::string> attrs;    // --attrs FILE
  std::optional<std::string> lockfile, cratesDir, out;  // vendor's convenience form
  std::optional<std::string> captureFile;               // capture-env FILE
  bool dryRun = false;
  unsigned jobs = 0;
  Verbosity verbosity = Verbosity::Normal;
};

Result<CliOptions> parseCli(const std::vector<std::string>& args);
std::string helpText(const std::optional<std::string>& subcommand);

}  // namespace cratebox
