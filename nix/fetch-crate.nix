# One fixed-output fetch per registry crate, hashed with the lockfile's checksum.
# URL templates as crane has them: {crate} {version} {prefix} {lowerprefix} {sha256-checksum};
# a template without placeholders gets /{crate}/{version}/download appended (naersk's cratesDownloadUrl).
{ fetchurl ? null, cratesDownloadUrl ? "https://static.crates.io/crates", registries ? { } }:
let
  util = import ./util.nix;
  cratesIoSources = [
    "registry+https://github.com/rust-lang/crates.io-index"
    "sparse+https://index.crates.io/"
  ];

  # The crates.io index layout: 1/a, 2/ab, 3/a/abc, ab/cd/abcd...
  prefixOf = name:
    let len = builtins.stringLength name; in
    if len == 1 then "1"
    else if len == 2 then "2"
    else if len == 3 then "3/${builtins.substring 0 1 name}"
    else "${builtins.substring 0 2 name}/${builtins.substring 2 2 name}";

  hasPlaceholder = t: builtins.match ".*[{](crate|version|prefix|lowerprefix|sha256-checksum)[}].*" t != null;

  expand = template: p:
    let t = if hasPlaceholder template then template else "${template}/{crate}/{version}/download"; in
    builtins.replaceStrings
      [ "{crate}" "{version}" "{prefix}" "{lowerprefix}" "{sha256-checksum}" ]
      [ p.name p.version (prefixOf p.name) (util.toLower (prefixOf p.name)) p.checksum ]
      t;

  # Registries are keyed by their lockfile source ("registry+URL" / "sparse+URL") or bare index URL.
  templateFor = p:
    if builtins.elem p.source cratesIoSources then cratesDownloadUrl
    else registries.${p.source} or registries.${util.removePrefix "sparse+" (util.removePrefix "registry+" p.source)} or
      (throw ''
        cratebox: ${p.name} ${p.version} comes from the registry ${p.source}, which has no download URL.
        Pass registries = { "${p.source}" = "https://your.registry/api/v1/crates/{crate}/{version}/download"; };'');

  fetch = if fetchurl != null then fetchurl else import <nix/fetchurl.nix>;
in
p:
if p.checksum == null then
  throw "cratebox: Cargo.lock has no checksum for ${p.name} ${p.version}; regenerate it with a current cargo"
else
  fetch {
    name = "${p.name}-${p.version}.crate";
    url = expand (templateFor p) p;
    sha256 = p.checksum;
  }
