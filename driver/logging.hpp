// Logging through spdlog: one line per step on stderr, with counts and timings.
#pragma once

#include <chrono>
#include <string>

namespace cratebox {

enum class Verbosity { Quiet, Normal, Verbose };

void setupLogging(Verbosity verbosity);

// Logs "<step>: done in X.XXs" when finished (or when it goes out of scope).
class StepTimer {
 public:
  explicit StepTimer(std::string step);
  ~StepTimer();
  StepTimer(const StepTimer&) = delete;
  StepTimer& operator=(const StepTimer&) = delete;
  double seconds() const;

 private:
  std::string step_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace cratebox
