#include "logging.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace cratebox {

void setupLogging(Verbosity verbosity) {
  // stderr: stdout carries --dry-run plans and cargo's JSON stays internal.
  auto logger = spdlog::stderr_logger_mt("cratebox");
  logger->set_pattern("cratebox: %^%v%$");
  switch (verbosity) {
    case Verbosity::Quiet: logger->set_level(spdlog::level::warn); break;
    case Verbosity::Normal: logger->set_level(spdlog::level::info); break;
    case Verbosity::Verbose: logger->set_level(spdlog::level::debug); break;
  }
  spdlog::set_default_logger(logger);
}

StepTimer::StepTimer(std::string step) : step_(std::move(step)), start_(std::chrono::steady_clock::now()) {
  spdlog::info("{} ...", step_);
}

StepTimer::~StepTimer() { spdlog::info("{}: done in {:.2f}s", step_, seconds()); }

double StepTimer::seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

}  // namespace cratebox
