#include "target_archive.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <string>
#include <vector>

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>

namespace cratebox {
namespace fs = std::filesystem;
namespace {

// Cargo's cache of `rustc -vV` output: a hash map serialized in random order, and cheap to
// regenerate, so it is left out of the (reproducible) archive.
bool isVolatile(const fs::path& relative) { return relative == ".rustc_info.json"; }

std::vector<fs::path> sortedEntries(const fs::path& root) {
  std::vector<fs::path> entries;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
    if (!isVolatile(it->path().lexically_relative(root))) entries.push_back(it->path().lexically_relative(root));
  std::sort(entries.begin(), entries.end());
  return entries;
}

Error archiveError(struct archive* a, const std::string& what) {
  const char* message = archive_error_string(a);
  return Error(ErrorKind::Io, what + ": " + (message ? message : "unknown error"));
}

Status writeEntry(struct archive* out, const fs::path& root, const fs::path& relative) {
  const fs::path path = root / relative;
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return Error(ErrorKind::Io, "cannot stat " + path.string());
  struct archive_entry* entry = archive_entry_new();
  archive_entry_set_pathname(entry, ("target/" + relative.generic_string()).c_str());
  archive_entry_set_mtime(entry, kArchiveMtime, 0);
  archive_entry_set_uid(entry, 0);
  archive_entry_set_gid(entry, 0);
  std::string linkTarget;
  if (S_ISDIR(st.st_mode)) {
    archive_entry_set_filetype(entry, AE_IFDIR);
    archive_entry_set_perm(entry, 0755);
  } else if (S_ISLNK(st.st_mode)) {
    linkTarget = fs::read_symlink(path).string();
    archive_entry_set_filetype(entry, AE_IFLNK);
    archive_entry_set_perm(entry, 0777);
    archive_entry_set_symlink(entry, linkTarget.c_str());
  } else {
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_perm(entry, (st.st_mode & 0111) ? 0755 : 0644);
    archive_entry_set_size(entry, st.st_size);
  }
  Status status = ok();
  if (archive_write_header(out, entry) != ARCHIVE_OK) status = archiveError(out, "cannot archive " + path.string());
  if (status.ok() && S_ISREG(st.st_mode)) {
    std::ifstream in(path, std::ios::binary);
    std::array<char, 1 << 16> buffer{};
    while (in && status.ok()) {
      in.read(buffer.data(), buffer.size());
      const auto n = static_cast<std::size_t>(in.gcount());
      if (n > 0 && archive_write_data(out, buffer.data(), n) < 0) status = archiveError(out, "cannot archive " + path.string());
    }
  }
  archive_entry_free(entry);
  return status;
}

}  // namespace

Status archiveTarget(const fs::path& targetDir, const fs::path& archivePath, unsigned threads) {
  struct archive* out = archive_write_new();
  archive_write_set_format_pax_restricted(out);
  archive_write_add_filter_zstd(out);
  // Never 0 (zstd's single-threaded format, which differs from the multi-threaded one).
  const std::string workers = std::to_string(std::max(1u, threads));
  if (archive_write_set_filter_option(out, "zstd", "threads", workers.c_str()) != ARCHIVE_OK) {
    Error error = archiveError(out, "cannot set zstd threads");
    archive_write_free(out);
    return error;
  }
  if (archive_write_open_filename(out, archivePath.c_str()) != ARCHIVE_OK) {
    Error error = archiveError(out, "cannot create " + archivePath.string());
    archive_write_free(out);
    return error;
  }
  Status status = ok();
  std::error_code ec;
  if (fs::is_directory(targetDir, ec))
    for (const auto& relative : sortedEntries(targetDir)) {
      status = writeEntry(out, targetDir, relative);
      if (!status.ok()) break;
    }
  if (archive_write_close(out) != ARCHIVE_OK && status.ok()) status = archiveError(out, "cannot finish " + archivePath.string());
  archive_write_free(out);
  return status;
}

Status restoreTarget(const fs::path& archivePath, const fs::path& targetDir) {
  struct archive* in = archive_read_new();
  archive_read_support_filter_zstd(in);
  archive_read_support_format_tar(in);
  if (archive_read_open_filename(in, archivePath.c_str(), 1 << 16) != ARCHIVE_OK) {
    Error error = archiveError(in, "cannot open dependency archive " + archivePath.string());
    archive_read_free(in);
    return error;
  }
  struct archive* disk = archive_write_disk_new();
  // Our own archive, but still: never follow symlinks or `..` out of the target dir (names are
  // checked to start with target/ below and rewritten to absolute paths inside it).
  archive_write_disk_set_options(disk, ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_SECURE_SYMLINKS |
                                           ARCHIVE_EXTRACT_SECURE_NODOTDOT);
  Status status = ok();
  struct archive_entry* entry = nullptr;
  int r = ARCHIVE_OK;
  while ((r = archive_read_next_header(in, &entry)) == ARCHIVE_OK) {
    const std::string name = archive_entry_pathname(entry);
    if (!name.starts_with("target/") && name != "target") {
      status = Error(ErrorKind::InvalidInput, archivePath.string() + ": unexpected entry " + name);
      break;
    }
    const std::string rel = name.size() > 7 ? name.substr(7) : "";
    archive_entry_set_pathname(entry, (targetDir / rel).c_str());
    if (archive_write_header(disk, entry) != ARCHIVE_OK) {
      status = archiveError(disk, "cannot restore " + name);
      break;
    }
    const void* block = nullptr;
    size_t size = 0;
    la_int64_t offset = 0;
    int d = ARCHIVE_OK;
    while ((d = archive_read_data_block(in, &block, &size, &offset)) == ARCHIVE_OK)
      archive_write_data_block(disk, block, size, offset);
    if (d != ARCHIVE_EOF) {
      status = archiveError(in, "corrupt dependency archive " + archivePath.string());
      break;
    }
    archive_write_finish_entry(disk);
  }
  if (status.ok() && r != ARCHIVE_EOF) status = archiveError(in, "corrupt dependency archive " + archivePath.string());
  archive_write_close(disk);
  archive_write_free(disk);
  archive_read_free(in);
  return status;
}

}  // namespace cratebox
