// The job runner behind `cratebox build`: vendor, prepare the sources (real or dummy), write
// the private cargo config, run cargo, and install or archive the results.
#pragma once

#include <iosfwd>

#include "error.hpp"
#include "job.hpp"

namespace cratebox {

struct BuildOptions {
  bool dryRun = false;  // print the plan to `plan`, write nothing
};

Status runBuild(const BuildJob& job, const BuildOptions& options, std::ostream& plan);

}  // namespace cratebox
