// Atomic creation of an output directory: everything is built in a hidden sibling and
// renamed into place at the end, so a failed or interrupted run leaves nothing half-written.
#pragma once

#include <filesystem>

#include "error.hpp"

namespace cratebox {

class StagedDir {
 public:
  // Fails when `final` already exists (it would be silently mixed with new content).
  static Result<StagedDir> create(const std::filesystem::path& final);

  StagedDir(StagedDir&& other) noexcept;
  StagedDir& operator=(StagedDir&&) = delete;
  StagedDir(const StagedDir&) = delete;
  ~StagedDir();  // removes the staging dir unless committed

  const std::filesystem::path& path() const { return staging_; }
  const std::filesystem::path& finalPath() const { return final_; }
  Status commit();  // rename into place (copy + delete across file systems)

 private:
  StagedDir(std::filesystem::path final, std::filesystem::path staging);
  std::filesystem::path final_;
  std::filesystem::path staging_;
  bool active_ = true;
};

}  // namespace cratebox
