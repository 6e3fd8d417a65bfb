# Cargo.lock (versions 1 to 4) read at evaluation time with builtins.fromTOML: no IFD.
# Returns { version; packages = [ { name; version; source ? ; checksum ? ; kind; ... } ]; }.
let
  util = import ./util.nix;

  # git+URL?branch=x#COMMIT  ->  { url; refKind; ref; commit; }
  parseGit = percentEncoded: source:
    let
      m = builtins.match "git\\+([^?#]*)(\\?([^#]*))?#(.*)" source;
      query = if m == null then null else builtins.elemAt m 2;
      q = if query == null then null else builtins.match "(branch|tag|rev)=(.*)" query;
      decode = if percentEncoded then util.percentDecode else (x: x);
    in
    if m == null then throw "cratebox: invalid git source in Cargo.lock: ${source}"
    else {
      url = builtins.elemAt m 0;
      commit = builtins.elemAt m 3;
      refKind = if q == null then "default" else builtins.elemAt q 0;
      ref = if q == null then null else decode (builtins.elemAt q 1);
    };

  kindOf = source:
    if source == null then "local"
    else if util.hasPrefix "registry+" source then "registry"
    else if util.hasPrefix "sparse+" source then "sparse"
    else if util.hasPrefix "git+" source then "git"
    else throw "cratebox: unknown source kind in Cargo.lock: ${source}";
in
text:
let
  lock = builtins.fromTOML text;
  metadata = lock.metadata or { };
  hasV1Checksums = builtins.any (util.hasPrefix "checksum ") (builtins.attrNames metadata);
  version = lock.version or (if hasV1Checksums then 1 else 2);
  checksumOf = p:
    p.checksum or (metadata."checksum ${p.name} ${p.version} (${p.source})" or null);
  normalize = p:
    let
      source = p.source or null;
      kind = kindOf source;
    in
    {
      inherit (p) name version;
      inherit source kind;
    }
    // (if kind == "registry" || kind == "sparse" then { checksum = checksumOf p; } else { })
    // (if kind == "git" then { git = parseGit (version >= 4) source; } else { });
in
{
  inherit version;
  packages = map normalize (lock.package or [ ]);
}
