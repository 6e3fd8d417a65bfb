# A git source of Cargo.lock fetched at its locked commit: builtins.fetchGit (evaluation-time
# fetch), or a fixed-output fetch when the user gives outputHashes."<url>#<commit>" or ."<commit>".
{ gitAllRefs ? false, gitSubmodules ? false, outputHashes ? { }, fetchgit ? null }:
p:
let
  g = p.git;
  hash = outputHashes.${p.source} or outputHashes."${g.url}#${g.commit}" or outputHashes.${g.commit} or null;
  refArgs =
    if gitAllRefs then { allRefs = true; }
    else if g.refKind == "branch" then { ref = "refs/heads/${g.ref}"; }
    else if g.refKind == "tag" then { ref = "refs/tags/${g.ref}"; }
    else { allRefs = true; };  # a bare rev may be on any ref
in
if hash != null && fetchgit != null then
  fetchgit { url = g.url; rev = g.commit; sha256 = hash; fetchSubmodules = gitSubmodules; }
else
  builtins.fetchGit ({ url = g.url; rev = g.commit; submodules = gitSubmodules; } // refArgs)
