#include "unpack.hpp"

#include <array>
#include <cerrno>
#include <cstring>
#include <string_view>
#include <set>
#include <vector>

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs_tree.hpp"
#include "sha256.hpp"

namespace cratebox {
namespace fs = std::filesystem;
namespace {

// Feeds libarchive from a file descriptor and hashes every byte on the way.
struct HashingReader {
  int fd = -1;
  Sha256 hash;
  std::array<char, 1 << 16> buffer{};
  bool failed = false;

  static la_ssize_t read(struct archive*, void* self, const void** out) {
    auto* reader = static_cast<HashingReader*>(self);
    const ssize_t n = ::read(reader->fd, reader->buffer.data(), reader->buffer.size());
    if (n < 0) {
      reader->failed = true;
      return -1;
    }
    reader->hash.update(reader->buffer.data(), static_cast<std::size_t>(n));
    *out = reader->buffer.data();
    return n;
  }

  // libarchive may stop before the end (tar padding); the checksum covers the whole file.
  void drain() {
    ssize_t n = 0;
    while ((n = ::read(fd, buffer.data(), buffer.size())) > 0) hash.update(buffer.data(), static_cast<std::size_t>(n));
  }
};

Error unsafe(const fs::path& tarball, std::string_view entry, const std::string& why) {
  return Error(ErrorKind::CrateSource,
               tarball.string() + ": archive entry \"" + std::string(entry) + "\" " + why + "; refusing to unpack it",
               "the tarball is corrupt or malicious; fetch the crate again from a trusted registry");
}

// The entry's path below the top directory, or an error when it could escape `dest`.
Result<fs::path> relativeEntryPath(const fs::path& tarball, std::string_view name, const std::string& topDir) {
  if (name.empty() || name.front() == '/') return unsafe(tarball, name, "has an absolute path");
  std::string_view rest = name;
  if (rest.starts_with("./")) rest.remove_prefix(2);
  if (!rest.starts_with(topDir) || (rest.size() > topDir.size() && rest[topDir.size()] != '/'))
    return unsafe(tarball, name, "is outside the crate's top directory " + topDir + "/");
  rest.remove_prefix(std::min(rest.size(), topDir.size() + 1));
  fs::path relative(rest);
  for (const auto& part : relative)
    if (part == "..") return unsafe(tarball, name, "contains '..'");
  return relative.lexically_normal();
}

// Symlinks may only point downwards (relative, no `..`): then no chain of them can leave the tree.
bool symlinkTargetStaysInside(std::string_view target) {
  if (target.empty() || target.front() == '/') return false;
  for (const auto& part : fs::path(target))
    if (part == "..") return false;
  return true;
}

// Directories this extraction made: known to be real directories, no need to look again.
using MadeDirs = std::set<fs::path>;

Status makeParents(const fs::path& dest, const fs::path& relative, MadeDirs& made) {
  std::error_code ec;
  if (relative.parent_path().empty() || made.count(relative.parent_path())) return ok();
  fs::path dir = dest;
  fs::path sub;
  for (const auto& part : relative.parent_path()) {
    dir /= part;
    sub /= part;
    if (made.count(sub)) continue;
    const auto status = fs::symlink_status(dir, ec);
    if (status.type() == fs::file_type::symlink)
      return Error(ErrorKind::CrateSource, "archive writes through the symlink " + dir.string());
    if (status.type() == fs::file_type::not_found && !fs::create_directory(dir, ec) && ec)
      return Error(ErrorKind::Io, "cannot create " + dir.string() + ": " + ec.message());
    made.insert(sub);
  }
  return ok();
}

Status writeRegularFile(struct archive* in, const fs::path& path, bool executable) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, executable ? 0755 : 0644);
  if (fd < 0) return Error(ErrorKind::Io, "cannot create " + path.string() + ": " + std::strerror(errno));
  const void* block = nullptr;
  size_t size = 0;
  la_int64_t offset = 0;
  la_int64_t written = 0;
  Status status = ok();
  for (;;) {
    const int r = archive_read_data_block(in, &block, &size, &offset);
    if (r == ARCHIVE_EOF) break;
    if (r != ARCHIVE_OK) {
      status = Error(ErrorKind::CrateSource, std::string("corrupt archive data: ") + archive_error_string(in));
      break;
    }
    if (offset != written && ::lseek(fd, offset, SEEK_SET) < 0) {
      status = Error(ErrorKind::Io, "cannot seek in " + path.string());
      break;
    }
    const auto* bytes = static_cast<const char*>(block);
    for (size_t done = 0; done < size;) {
      const ssize_t n = ::write(fd, bytes + done, size - done);
      if (n < 0) {
        status = Error(ErrorKind::Io, "cannot write " + path.string() + ": " + std::strerror(errno));
        break;
      }
      done += static_cast<size_t>(n);
    }
    if (!status.ok()) break;
    written = offset + static_cast<la_int64_t>(size);
  }
  ::fchmod(fd, executable ? 0755 : 0644);  // the umask must not change the tree
  const struct timespec times[2] = {{1, 0}, {1, 0}};  // as the Nix store has them
  ::futimens(fd, times);
  ::close(fd);
  return status;
}

struct Extractor {
  const fs::path& tarball;
  const std::string& topDir;
  const fs::path& dest;
  UnpackResult result;
  MadeDirs made;

  Status entry(struct archive* in, struct archive_entry* e) {
    const char* rawName = archive_entry_pathname(e);
    const std::string_view name = rawName ? rawName : "";
    auto relative = relativeEntryPath(tarball, name, topDir);
    if (!relative) return relative.error();
    if (relative->empty() || *relative == ".") return ok();  // the top directory itself
    const fs::path target = dest / *relative;
    CRATEBOX_TRY(makeParents(dest, *relative, made));

    if (const char* link = archive_entry_hardlink(e)) {
      auto linked = relativeEntryPath(tarball, link, topDir);
      if (!linked) return unsafe(tarball, name, "is a hard link pointing outside the crate");
      std::error_code ec;
      if (fs::symlink_status(dest / *linked, ec).type() != fs::file_type::regular)
        return unsafe(tarball, name, "is a hard link to something that is not an earlier regular file");
      fs::copy_file(dest / *linked, target, ec);  // a copy: the tree must not share inodes
      if (ec) return Error(ErrorKind::Io, "cannot create " + target.string() + ": " + ec.message());
      ++result.files;
      return normalizeMtime(target);
    }
    switch (archive_entry_filetype(e)) {
      case AE_IFREG:
        ++result.files;
        return writeRegularFile(in, target, (archive_entry_perm(e) & 0111) != 0);
      case AE_IFDIR: {
        std::error_code ec;
        if (fs::symlink_status(target, ec).type() == fs::file_type::not_found && !fs::create_directory(target, ec))
          return Error(ErrorKind::Io, "cannot create " + target.string() + ": " + ec.message());
        if (fs::symlink_status(target, ec).type() != fs::file_type::directory)
          return unsafe(tarball, name, "replaces an earlier entry with a directory");
        made.insert(*relative);
        return ok();
      }
      case AE_IFLNK: {
        const char* linkTarget = archive_entry_symlink(e);
        if (!linkTarget || !symlinkTargetStaysInside(linkTarget))
          return unsafe(tarball, name, std::string("is a symlink pointing outside the crate (") +
                                           (linkTarget ? linkTarget : "") + ")");
        if (::symlink(linkTarget, target.c_str()) != 0)
          return Error(ErrorKind::Io, "cannot create symlink " + target.string() + ": " + std::strerror(errno));
        return normalizeMtime(target);
      }
      default:
        return unsafe(tarball, name, "is a device, fifo or socket");
    }
  }
};

Error checksumMismatch(const fs::path& tarball, const std::string& expected, const std::string& actual) {
  return Error(ErrorKind::CrateSource,
               "checksum mismatch for " + tarball.string() + ": Cargo.lock expects " + expected +
                   ", the tarball has " + actual,
               "the tarball is not the one the lockfile was made with; fetch it again or update Cargo.lock");
}

}  // namespace

Result<UnpackResult> unpackCrate(const fs::path& tarball, const std::string& topDir, const fs::path& dest,
                                 const std::optional<std::string>& expectedSha256) {
  HashingReader reader;
  reader.fd = ::open(tarball.c_str(), O_RDONLY | O_CLOEXEC);
  if (reader.fd < 0)
    return Error(ErrorKind::CrateSource, "cannot open crate tarball " + tarball.string() + ": " + std::strerror(errno));
  std::error_code ec;
  if (!fs::create_directories(dest, ec) && ec) {
    ::close(reader.fd);
    return Error(ErrorKind::Io, "cannot create " + dest.string() + ": " + ec.message());
  }
  struct archive* in = archive_read_new();
  archive_read_support_filter_gzip(in);
  archive_read_support_format_tar(in);
  Extractor extractor{tarball, topDir, dest, {}, {}};
  Status status = ok();
  if (archive_read_open(in, &reader, nullptr, &HashingReader::read, nullptr) != ARCHIVE_OK) {
    status = Error(ErrorKind::CrateSource, tarball.string() + ": not a gzip'd tar archive: " + archive_error_string(in));
  }
  struct archive_entry* entry = nullptr;
  while (status.ok()) {
    const int r = archive_read_next_header(in, &entry);
    if (r == ARCHIVE_EOF) break;
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
      status = Error(ErrorKind::CrateSource, tarball.string() + ": corrupt or truncated archive: " +
                                                 (archive_error_string(in) ? archive_error_string(in) : "unknown error"),
                     "fetch the crate again; the download is damaged");
      break;
    }
    status = extractor.entry(in, entry);
    if (!status.ok() && status.error().message.find(tarball.string()) == std::string::npos)
      status = status.error().context(tarball.string());
  }
  archive_read_free(in);
  reader.drain();
  ::close(reader.fd);
  extractor.result.sha256 = reader.hash.hexDigest();
  if (expectedSha256 && *expectedSha256 != extractor.result.sha256)
    status = checksumMismatch(tarball, *expectedSha256, extractor.result.sha256);
  if (!status.ok()) {
    fs::remove_all(dest, ec);
    return status.error();
  }
  // Files got their mtime when written; directories last, since writing into them changed it.
  for (const auto& dir : extractor.made) CRATEBOX_TRY(normalizeMtime(dest / dir));
  CRATEBOX_TRY(normalizeMtime(dest));
  return extractor.result;
}

}  // namespace cratebox
