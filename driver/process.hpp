// Running a tool (cargo) without a shell: explicit argv and environment, stdout read line by
// line through a callback, stderr passed through live.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "error.hpp"

namespace cratebox {

using Environment = std::map<std::string, std::string>;

struct Command {
  std::vector<std::string> argv;
  Environment env;            // the complete environment of the child
  std::filesystem::path cwd;
};

// Runs `command`; returns its exit status (128+signal when killed). Failing to start it
// (e.g. program not on PATH) is an error naming the program and the PATH searched.
Result<int> runCommand(const Command& command, const std::function<void(std::string_view)>& onStdoutLine);

// Finds `program` on `path` (a PATH value); empty when absent.
std::filesystem::path findOnPath(const std::string& program, const std::string& path);

// The command line as a shell would need it quoted (for logs and --dry-run only; never executed).
std::string quoteCommand(const std::vector<std::string>& argv);

}  // namespace cratebox
