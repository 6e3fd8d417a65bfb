// Vendoring: turn a lockfile plus crate tarballs and git checkouts into a directory-source
// tree cargo can build from offline (layout: README.md, "The vendor tree").
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>

#include "error.hpp"
#include "job.hpp"

namespace cratebox {

struct VendorOptions {
  bool dryRun = false;   // print the plan to `plan`, write nothing
  unsigned jobs = 0;     // parallel unpackers; 0 = hardware concurrency
};

struct VendorReport {
  std::size_t registryCrates = 0;
  std::size_t gitCrates = 0;
  std::string cargoConfig;  // the exact text written to <out>/config.toml
};

// Creates job.out atomically (built beside it, renamed at the end; nothing left on failure).
Result<VendorReport> vendor(const VendorJob& job, const VendorOptions& options, std::ostream& plan);

// The convenience form `cratebox vendor --lockfile L --crates-dir D --out O`.
VendorJob vendorJobFromCratesDir(const fs::path& lockfile, const fs::path& cratesDir, const fs::path& out);

}  // namespace cratebox
