#include "job.hpp"

#include <fstream>

#include <nlohmann/json.hpp>

#include "hooks.hpp"

namespace cratebox {
namespace {

using nlohmann::json;

// Reads typed keys of one JSON object; a wrong type is an error naming the key and the file.
class Reader {
 public:
  Reader(const json& doc, std::string origin) : doc_(doc), origin_(std::move(origin)) {}

  Error wrongType(const std::string& key, const char* expected) const {
    return Error(ErrorKind::InvalidInput, origin_ + ": key \"" + key + "\" must be " + expected,
                 "see README.md, \"The job file\"");
  }
  const json* find(const std::string& key) const {
    auto it = doc_.find(key);
    return it == doc_.end() || it->is_null() ? nullptr : &*it;
  }

  Status string(const std::string& key, std::string& into) const {
    if (const json* v = find(key)) {
      if (!v->is_string()) return wrongType(key, "a string");
      into = v->get<std::string>();
    }
    return ok();
  }
  Status path(const std::string& key, std::optional<fs::path>& into) const {
    std::string text;
    CRATEBOX_TRY(string(key, text));
    if (!text.empty()) into = text;
    return ok();
  }
  Status boolean(const std::string& key, bool& into) const {
    if (const json* v = find(key)) {
      if (v->is_boolean()) into = v->get<bool>();
      else if (v->is_string() && (v->get<std::string>() == "1" || v->get<std::string>().empty()))
        into = v->get<std::string>() == "1";  // Nix turns booleans into "1"/"" outside structured attrs
      else return wrongType(key, "a boolean");
    }
    return ok();
  }
  Status strings(const std::string& key, std::vector<std::string>& into) const {
    if (const json* v = find(key)) {
      if (!v->is_array()) return wrongType(key, "a list of strings");
      into.clear();
      for (const auto& item : *v) {
        if (!item.is_string()) return wrongType(key, "a list of strings");
        into.push_back(item.get<std::string>());
      }
    }
    return ok();
  }
  Status stringMap(const std::string& key, std::map<std::string, std::string>& into) const {
    if (const json* v = find(key)) {
      if (!v->is_object()) return wrongType(key, "an object of strings");
      for (const auto& [k, item] : v->items()) {
        if (item.is_string()) into[k] = item.get<std::string>();
        else if (item.is_boolean()) into[k] = item.get<bool>() ? "1" : "";
        else if (item.is_number()) into[k] = item.dump();
        else return wrongType(key + "." + k, "a string");
      }
    }
    return ok();
  }
  const std::string& origin() const { return origin_; }

 private:
  const json& doc_;
  std::string origin_;
};

Result<fs::path> output(const Reader& r, const std::string& name, bool required) {
  const json* outputs = r.find("outputs");
  if (outputs && outputs->is_object()) {
    auto it = outputs->find(name);
    if (it != outputs->end() && it->is_string()) return fs::path(it->get<std::string>());
  }
  if (required)
    return Error(ErrorKind::InvalidInput, r.origin() + ": no outputs." + name,
                 "Nix sets it; a local job file needs \"outputs\": {\"" + name + "\": \"/some/new/dir\"}");
  return fs::path();
}

Result<Mode> parseMode(const std::string& text, const std::string& origin) {
  if (text.empty() || text == "build") return Mode::Build;
  if (text == "check") return Mode::Check;
  if (text == "test") return Mode::Test;
  if (text == "clippy") return Mode::Clippy;
  if (text == "doc") return Mode::Doc;
  if (text == "fmt") return Mode::Fmt;
  return Error(ErrorKind::InvalidInput, origin + ": unknown mode \"" + text + "\"",
               "mode is one of build, check, test, clippy, doc, fmt");
}

bool hasVendorKeys(const Reader& r) { return r.find("lockFiles") || r.find("crates") || r.find("cratesDir"); }

}  // namespace

Result<nlohmann::json> readJobFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(ErrorKind::InvalidInput, "cannot read job file " + path.string());
  json doc = json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object())
    return Error(ErrorKind::InvalidInput, path.string() + ": not a JSON object", "the job file is one JSON object");
  return doc;
}

Result<VendorJob> parseVendorJob(const nlohmann::json& attrs, const std::string& origin) {
  Reader r(attrs, origin);
  VendorJob job;
  std::vector<std::string> lockFiles;
  CRATEBOX_TRY(r.strings("lockFiles", lockFiles));
  for (auto& l : lockFiles) job.lockFiles.emplace_back(l);
  CRATEBOX_TRY(r.path("cratesDir", job.cratesDir));
  if (const json* crates = r.find("crates")) {
    if (!crates->is_array()) return r.wrongType("crates", "a list of objects");
    for (const auto& item : *crates) {
      Reader c(item, origin);
      CrateTarball tarball;
      std::string path;
      if (!item.is_object()) return r.wrongType("crates", "a list of objects");
      CRATEBOX_TRY(c.string("name", tarball.name));
      CRATEBOX_TRY(c.string("version", tarball.version));
      CRATEBOX_TRY(c.string("source", tarball.source));
      CRATEBOX_TRY(c.string("tarball", path));
      if (tarball.name.empty() || tarball.version.empty() || path.empty())
        return r.wrongType("crates", "a list of {name, version, source, tarball} objects");
      tarball.tarball = path;
      job.crates.push_back(std::move(tarball));
    }
  }
  if (const json* checkouts = r.find("gitCheckouts")) {
    if (!checkouts->is_array()) return r.wrongType("gitCheckouts", "a list of objects");
    for (const auto& item : *checkouts) {
      if (!item.is_object()) return r.wrongType("gitCheckouts", "a list of objects");
      Reader c(item, origin);
      GitCheckout checkout;
      std::string path;
      CRATEBOX_TRY(c.string("source", checkout.source));
      CRATEBOX_TRY(c.string("path", path));
      if (checkout.source.empty() || path.empty())
        return r.wrongType("gitCheckouts", "a list of {source, path} objects");
      checkout.path = path;
      job.gitCheckouts.push_back(std::move(checkout));
    }
  }
  auto out = output(r, "out", true);
  if (!out) return out.error();
  job.out = *out;
  return job;
}

Result<BuildJob> parseBuildJob(const nlohmann::json& attrs, const std::string& origin) {
  Reader r(attrs, origin);
  BuildJob job;
  std::string stage, mode;
  CRATEBOX_TRY(r.string("stage", stage));
  if (stage == "deps") job.stage = Stage::Deps;
  else if (stage.empty() || stage == "main") job.stage = Stage::Main;
  else return Error(ErrorKind::InvalidInput, origin + ": unknown stage \"" + stage + "\"", "stage is deps or main");
  CRATEBOX_TRY(r.path("src", job.src));
  CRATEBOX_TRY(r.string("root", job.root));
  CRATEBOX_TRY(r.stringMap("manifests", job.manifests));
  CRATEBOX_TRY(r.strings("targetFiles", job.targetFiles));
  CRATEBOX_TRY(r.path("vendorDir", job.vendorDir));
  CRATEBOX_TRY(r.path("depsArtifacts", job.depsArtifacts));
  CRATEBOX_TRY(r.string("mode", mode));
  auto parsedMode = parseMode(mode, origin);
  if (!parsedMode) return parsedMode.error();
  job.mode = *parsedMode;
  CRATEBOX_TRY(r.boolean("release", job.release));
  CRATEBOX_TRY(r.strings("cargoOptions", job.cargoOptions));
  CRATEBOX_TRY(r.strings("cargoBuildOptions", job.cargoBuildOptions));
  CRATEBOX_TRY(r.strings("cargoTestOptions", job.cargoTestOptions));
  CRATEBOX_TRY(r.strings("cargoClippyOptions", job.cargoClippyOptions));
  CRATEBOX_TRY(r.strings("cargoFmtOptions", job.cargoFmtOptions));
  CRATEBOX_TRY(r.strings("cargoDocOptions", job.cargoDocOptions));
  CRATEBOX_TRY(r.boolean("doCheck", job.doCheck));
  CRATEBOX_TRY(r.boolean("doDoc", job.doDoc));
  CRATEBOX_TRY(r.boolean("copyBins", job.copyBins));
  if (r.find("copyBinsFilter")) {
    std::vector<std::string> names;
    CRATEBOX_TRY(r.strings("copyBinsFilter", names));
    job.copyBinsFilter = names;
  }
  CRATEBOX_TRY(r.boolean("copyLibs", job.copyLibs));
  CRATEBOX_TRY(r.boolean("copyTarget", job.copyTarget));
  CRATEBOX_TRY(r.boolean("remapPathPrefix", job.remapPathPrefix));
  std::vector<std::string> inputs;
  CRATEBOX_TRY(r.strings("inputs", inputs));
  for (auto& i : inputs) job.inputs.emplace_back(i);
  CRATEBOX_TRY(r.path("linker", job.linker));
  CRATEBOX_TRY(r.stringMap("env", job.env));
  CRATEBOX_TRY(r.stringMap("hooks", job.hooks));
  for (const auto& [name, snippet] : job.hooks)
    if (!isHookName(name))
      return Error(ErrorKind::InvalidInput, origin + ": unknown hook \"" + name + "\"",
                   "hooks are postPatch, preBuild, postBuild and postInstall");
  if (!job.vendorDir && hasVendorKeys(r)) {
    auto vendorJob = parseVendorJob(attrs, origin);
    if (!vendorJob) return vendorJob.error();
    job.vendor = std::move(*vendorJob);
  }
  auto out = output(r, "out", true);
  if (!out) return out.error();
  job.out = *out;
  auto doc = output(r, "doc", false);
  if (doc && !doc->empty()) job.docOut = *doc;
  if (job.stage == Stage::Main && !job.src)
    return Error(ErrorKind::InvalidInput, origin + ": the main stage needs \"src\"", "set src to the source tree");
  if (job.stage == Stage::Deps && !job.src && job.manifests.empty())
    return Error(ErrorKind::InvalidInput, origin + ": the deps stage needs \"manifests\" or \"src\"");
  return job;
}

}  // namespace cratebox
