#include "source_id.hpp"

#include "sha256.hpp"

namespace cratebox {
namespace {

constexpr std::string_view kCratesIoGit = "https://github.com/rust-lang/crates.io-index";
constexpr std::string_view kCratesIoSparse = "https://index.crates.io/";

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Error badSource(std::string_view text, const std::string& why) {
  return Error(ErrorKind::InvalidInput, "invalid source \"" + std::string(text) + "\": " + why,
               "sources look like registry+URL, sparse+URL or git+URL?branch=NAME#COMMIT");
}

// Reads the one reference of a git source's query (`branch=`, `tag=` or `rev=`).
Result<Unit> parseGitQuery(std::string_view query, bool percentEncoded, SourceId& id) {
  if (query.empty()) return Unit{};
  const auto eq = query.find('=');
  if (eq == std::string_view::npos) return badSource(id.raw, "query without '='");
  const std::string_view key = query.substr(0, eq);
  const std::string_view value = query.substr(eq + 1);
  if (key == "branch") id.refKind = GitRefKind::Branch;
  else if (key == "tag") id.refKind = GitRefKind::Tag;
  else if (key == "rev") id.refKind = GitRefKind::Rev;
  else return badSource(id.raw, "unknown git reference \"" + std::string(key) + "\"");
  id.ref = percentEncoded ? percentDecode(value) : std::string(value);
  return Unit{};
}

}  // namespace

std::string percentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int hi = hexValue(text[i + 1]);
      const int lo = hexValue(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

Result<SourceId> parseSourceId(std::string_view text, bool percentEncoded) {
  SourceId id;
  id.raw = std::string(text);
  std::string_view rest;
  if (startsWith(text, "registry+")) {
    id.kind = SourceKind::Registry;
    rest = text.substr(9);
  } else if (startsWith(text, "sparse+")) {
    id.kind = SourceKind::SparseRegistry;
    rest = text.substr(7);
  } else if (startsWith(text, "git+")) {
    id.kind = SourceKind::Git;
    rest = text.substr(4);
  } else {
    return badSource(text, "unknown source kind");
  }
  if (id.kind == SourceKind::Git) {
    const auto hash = rest.find('#');
    if (hash != std::string_view::npos) {
      id.commit = std::string(rest.substr(hash + 1));
      rest = rest.substr(0, hash);
    }
    if (id.commit.empty()) return badSource(text, "git source without a locked #commit");
    const auto question = rest.find('?');
    if (question != std::string_view::npos) {
      auto parsed = parseGitQuery(rest.substr(question + 1), percentEncoded, id);
      if (!parsed) return parsed.error();
      rest = rest.substr(0, question);
    }
  }
  if (rest.empty()) return badSource(text, "empty URL");
  id.url = std::string(rest);
  return id;
}

bool SourceId::isCratesIo() const {
  return (kind == SourceKind::Registry && url == kCratesIoGit) ||
         (kind == SourceKind::SparseRegistry && url == kCratesIoSparse);
}

std::string SourceId::withoutFragment() const {
  const auto hash = raw.find('#');
  return hash == std::string::npos ? raw : raw.substr(0, hash);
}

std::string SourceId::vendorDirName() const {
  if (isCratesIo()) return "crates-io";
  const std::string prefix = kind == SourceKind::Git ? "git-" : "registry-";
  return prefix + sha256Hex(withoutFragment()).substr(0, 16);
}

}  // namespace cratebox
