#include <doctest/doctest.h>

#include <archive.h>
#include <archive_entry.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sha256.hpp"
#include "unpack.hpp"

using namespace cratebox;
namespace fs = std::filesystem;

namespace {

struct Entry {
  std::string path;
  int type = AE_IFREG;
  std::string content;   // regular files
  std::string link;      // symlink target
  std::string hardlink;  // hard link target
};

Entry fileEntry(std::string path, std::string content) { return Entry{std::move(path), AE_IFREG, std::move(content), "", ""}; }
Entry symlinkEntry(std::string path, std::string target) { return Entry{std::move(path), AE_IFLNK, "", std::move(target), ""}; }
Entry hardlinkEntry(std::string path, std::string target) { return Entry{std::move(path), AE_IFREG, "", "", std::move(target)}; }
Entry specialEntry(std::string path, int type) { return Entry{std::move(path), type, "", "", ""}; }

// Writes a gzip'd tar as a registry would (or as an attacker would).
void writeCrate(const fs::path& file, const std::vector<Entry>& entries) {
  struct archive* a = archive_write_new();
  archive_write_add_filter_gzip(a);
  archive_write_set_format_pax_restricted(a);
  archive_write_open_filename(a, file.c_str());
  for (const auto& e : entries) {
    struct archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, e.path.c_str());
    archive_entry_set_filetype(entry, static_cast<unsigned>(e.type));
    archive_entry_set_perm(entry, 0644);
    if (!e.link.empty()) archive_entry_set_symlink(entry, e.link.c_str());
    if (!e.hardlink.empty()) archive_entry_set_hardlink(entry, e.hardlink.c_str());
    if (e.type == AE_IFCHR) archive_entry_set_rdev(entry, 0x0103);
    archive_entry_set_size(entry, e.type == AE_IFREG && e.hardlink.empty() ? static_cast<la_int64_t>(e.content.size()) : 0);
    archive_write_header(a, entry);
    if (e.type == AE_IFREG && !e.content.empty()) archive_write_data(a, e.content.data(), e.content.size());
    archive_entry_free(entry);
  }
  archive_write_close(a);
  archive_write_free(a);
}

struct Sandbox {
  fs::path root;
  Sandbox() {
    root = fs::temp_directory_path() / ("cratebox-unpack-test-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(counter++));
    fs::remove_all(root);
    fs::create_directories(root);
  }
  ~Sandbox() { fs::remove_all(root); }
  // Everything in the sandbox except the tarball and the destination: must stay empty.
  std::vector<fs::path> strays(const fs::path& dest) const {
    std::vector<fs::path> found;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
      const auto p = e.path();
      if (p.extension() == ".crate") continue;
      if (p == dest || p.string().starts_with(dest.string() + "/")) continue;
      found.push_back(p);
    }
    return found;
  }
  static inline int counter = 0;
};

Result<UnpackResult> unpackEntries(const Sandbox& box, const std::vector<Entry>& entries) {
  const fs::path crate = box.root / "x-1.0.0.crate";
  writeCrate(crate, entries);
  return unpackCrate(crate, "x-1.0.0", box.root / "out" / "x-1.0.0");
}

}  // namespace

TEST_CASE("a well-formed crate unpacks with normalized modes and the tarball's sha256") {
  Sandbox box;
  const fs::path crate = box.root / "x-1.0.0.crate";
  writeCrate(crate, {fileEntry("x-1.0.0/Cargo.toml", "[package]\n"),
                     fileEntry("x-1.0.0/src/lib.rs", "pub fn f() {}\n"),
                     symlinkEntry("x-1.0.0/src/link.rs", "lib.rs")});
  const fs::path dest = box.root / "out" / "x-1.0.0";
  auto result = unpackCrate(crate, "x-1.0.0", dest);
  REQUIRE(result.ok());
  CHECK(result->files == 2);
  CHECK(result->sha256 == *sha256File(crate));
  CHECK(fs::is_regular_file(dest / "src" / "lib.rs"));
  CHECK(fs::is_symlink(dest / "src" / "link.rs"));
  CHECK((fs::status(dest / "Cargo.toml").permissions() & fs::perms::all) == fs::perms(0644));
  CHECK(fs::last_write_time(dest / "Cargo.toml").time_since_epoch() ==
        fs::last_write_time(dest / "src" / "lib.rs").time_since_epoch());
}

TEST_CASE("a checksum mismatch wins over everything else") {
  Sandbox box;
  const fs::path crate = box.root / "x-1.0.0.crate";
  writeCrate(crate, {fileEntry("x-1.0.0/Cargo.toml", "[package]\n")});
  auto result = unpackCrate(crate, "x-1.0.0", box.root / "out" / "x-1.0.0", std::string(64, '0'));
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().message.find("checksum mismatch") != std::string::npos);
  CHECK_FALSE(fs::exists(box.root / "out" / "x-1.0.0"));
}

TEST_CASE("entries that escape the crate directory are rejected and nothing is written outside") {
  const std::vector<std::pair<const char*, std::vector<Entry>>> attacks = {
      {"dot-dot", {fileEntry("x-1.0.0/../../escaped.txt", "pwned")}},
      {"absolute", {fileEntry("/tmp/cratebox-escaped-absolute.txt", "pwned")}},
      {"other top dir", {fileEntry("y-1.0.0/file", "pwned")}},
      {"symlink out", {symlinkEntry("x-1.0.0/evil", "../../..")}},
      {"absolute symlink", {symlinkEntry("x-1.0.0/evil", "/etc")}},
      {"hardlink out", {hardlinkEntry("x-1.0.0/evil", "/etc/passwd")}},
      {"hardlink to another top dir", {hardlinkEntry("x-1.0.0/evil", "y-1.0.0/file")}},
      {"device file", {specialEntry("x-1.0.0/dev", AE_IFCHR)}},
      {"fifo", {specialEntry("x-1.0.0/fifo", AE_IFIFO)}},
  };
  for (const auto& [name, entries] : attacks) {
    INFO(name);
    Sandbox box;
    std::vector<Entry> withGoodFirst = {fileEntry("x-1.0.0/Cargo.toml", "[package]\n")};
    withGoodFirst.insert(withGoodFirst.end(), entries.begin(), entries.end());
    auto result = unpackEntries(box, withGoodFirst);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().kind == ErrorKind::CrateSource);
    CHECK_FALSE(fs::exists(box.root / "out" / "x-1.0.0"));
    CHECK(box.strays(box.root / "out").empty());
    CHECK_FALSE(fs::exists("/tmp/cratebox-escaped-absolute.txt"));
  }
}

TEST_CASE("writing through a symlinked directory is rejected") {
  Sandbox box;
  auto result = unpackEntries(box, {symlinkEntry("x-1.0.0/sub", "inner"),
                                    fileEntry("x-1.0.0/sub/file", "through the link")});
  REQUIRE_FALSE(result.ok());
  CHECK(box.strays(box.root / "out").empty());
}

TEST_CASE("truncated and non-gzip tarballs are clear errors") {
  Sandbox box;
  const fs::path crate = box.root / "x-1.0.0.crate";
  std::string big(200000, 'a');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + (i * 7919) % 26);
  writeCrate(crate, {fileEntry("x-1.0.0/big.txt", big)});
  const auto size = fs::file_size(crate);
  fs::resize_file(crate, size / 2);
  auto truncated = unpackCrate(crate, "x-1.0.0", box.root / "out" / "x-1.0.0");
  REQUIRE_FALSE(truncated.ok());
  CHECK(truncated.error().message.find(crate.string()) != std::string::npos);
  CHECK_FALSE(fs::exists(box.root / "out" / "x-1.0.0"));

  std::ofstream(crate, std::ios::trunc) << "definitely not gzip";
  auto garbage = unpackCrate(crate, "x-1.0.0", box.root / "out" / "x-1.0.0");
  REQUIRE_FALSE(garbage.ok());
  CHECK_FALSE(fs::exists(box.root / "out" / "x-1.0.0"));

  auto missing = unpackCrate(box.root / "nope.crate", "x-1.0.0", box.root / "out" / "x-1.0.0");
  CHECK_FALSE(missing.ok());
}
