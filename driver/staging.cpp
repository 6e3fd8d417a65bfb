#include "staging.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <unistd.h>

#include "fs_tree.hpp"

namespace cratebox {
namespace fs = std::filesystem;

StagedDir::StagedDir(fs::path final, fs::path staging) : final_(std::move(final)), staging_(std::move(staging)) {}

StagedDir::StagedDir(StagedDir&& other) noexcept
    : final_(std::move(other.final_)), staging_(std::move(other.staging_)), active_(other.active_) {
  other.active_ = false;
}

Result<StagedDir> StagedDir::create(const fs::path& final) {
  std::error_code ec;
  const fs::path absolute = fs::absolute(final, ec);
  if (fs::exists(fs::symlink_status(absolute, ec)))
    return Error(ErrorKind::Io, "output " + absolute.string() + " already exists",
                 "remove it or choose another output path");
  const fs::path parent = absolute.parent_path();
  fs::create_directories(parent, ec);
  if (ec) return Error(ErrorKind::Io, "cannot create " + parent.string() + ": " + ec.message());
  const fs::path staging =
      parent / ("." + absolute.filename().string() + ".cratebox-partial-" + std::to_string(::getpid()));
  fs::remove_all(staging, ec);
  if (!fs::create_directory(staging, ec))
    return Error(ErrorKind::Io, "cannot create " + staging.string() + ": " + ec.message());
  return StagedDir(absolute, staging);
}

StagedDir::~StagedDir() {
  if (!active_) return;
  std::error_code ec;
  fs::remove_all(staging_, ec);
}

Status StagedDir::commit() {
  if (::rename(staging_.c_str(), final_.c_str()) == 0) {
    active_ = false;
    return ok();
  }
  if (errno != EXDEV)
    return Error(ErrorKind::Io, "cannot move " + staging_.string() + " to " + final_.string() + ": " + std::strerror(errno));
  CRATEBOX_TRY(copyTree(staging_, final_));
  std::error_code ec;
  fs::remove_all(staging_, ec);
  active_ = false;
  return ok();
}

}  // namespace cratebox
