# buildPackage: naersk's attributes, three derivations (vendor, deps, main), each with the
# cratebox driver as its builder and the job in structured attributes.
# hookShell: a package with bin/bash, added to the inputs when shell hooks are given.
# rebuild: the library's buildPackage, so overrides go through every argument again
# (the fetchers too, which depend on cratesDownloadUrl, outputHashes, ...).
{ mkDriverDerivation, vendorCargoDeps, toolchainInputs, defaultSystem, hookShell ? null, rebuild }:
let
  util = import ./util.nix;
  readManifests = import ./manifests.nix;

  # naersk's attributes that are not passed through to the build's environment.
  known = [
    "src" "root" "name" "version" "cargoBuild" "cargoBuildOptions" "cargoTestCommands" "cargoTestOptions"
    "cargoOptions" "cargoClippyOptions" "cargoFmtOptions" "cargoDocCommands" "cargoDocOptions" "mode" "release"
    "doCheck" "doDoc" "doDocFail" "copyDocsToSeparateOutput" "removeReferencesToSrcFromDocs" "copyBins"
    "copyBinsFilter" "copyLibs" "copyLibsFilter" "copyTarget" "compressTarget" "singleStep" "override"
    "overrideMain" "nativeBuildInputs" "buildInputs" "remapPathPrefix" "gitAllRefs" "gitSubmodules"
    "cratesDownloadUrl" "additionalCargoLock" "postInstall" "usePureFromTOML" "autoCrateSpecificOverrides"
    "outputHashes" "registries" "system" "meta" "passthru"
  ] ++ hookNames;
  unsupported = [ "cargoBuild" "cargoTestCommands" "cargoDocCommands" ];
  # stdenv's hooks the driver runs (driver/hooks.hpp); postInstall only in the main build, as naersk.
  hookNames = [ "postPatch" "preBuild" "postBuild" "postInstall" ];

  # naersk's function-valued options: `x: x ++ [ ... ]` applied to the default, or a plain list.
  applyOption = value: default: if builtins.isFunction value then value default else value;

  relativeTo = base: path:
    let
      b = toString base;
      p = toString path;
    in
    if p == b then ""
    else if util.hasPrefix "${b}/" p then util.removePrefix "${b}/" p
    else throw "cratebox: root (${p}) must be inside src (${b})";

  # Cargo.lock of the workspace `root` belongs to: root itself or the nearest parent inside src.
  findUp = src: root: file:
    let
      go = dir:
        if builtins.pathExists (dir + "/${file}") then dir
        else if toString dir == toString src then null
        else go (dirOf dir);
    in
    go root;

  packageInfo = src: root:
    let
      manifest = builtins.fromTOML (builtins.readFile (root + "/Cargo.toml"));
      wsDir = findUp src root "Cargo.lock";
      wsManifest = if wsDir == null then { } else builtins.fromTOML (builtins.readFile (wsDir + "/Cargo.toml"));
      field = f: fallback:
        let v = manifest.package.${f} or null; in
        if builtins.isString v then v
        else if builtins.isAttrs v && (v.workspace or false) then (wsManifest.workspace.package.${f} or fallback)
        else fallback;
    in
    {
      name = field "name" (if manifest ? workspace then "rust-workspace" else "rust-package");
      version = field "version" "unknown";
      inherit wsDir;
    };
in
args0:
let
  # naersk: a bare path as the whole argument means `root`.
  args = if builtins.isPath args0 || builtins.isString args0 then { root = args0; } else args0;
  givenUnsupported = builtins.filter (a: args ? ${a} && args.${a} != null && args.${a} != false) unsupported;
  src = args.src or args.root or (throw "cratebox: buildPackage needs `src` or `root`");
  root = args.root or src;
  info = packageInfo src root;
  name = args.name or info.name;
  version = args.version or info.version;
  system = args.system or defaultSystem;
  lockDir = if info.wsDir == null then throw "cratebox: no Cargo.lock in ${toString root} or its parents inside src; run `cargo generate-lockfile`" else info.wsDir;
  lockText = builtins.readFile (lockDir + "/Cargo.lock");
  extraLockTexts = map (l: builtins.readFile l) (
    let a = args.additionalCargoLock or null; in if a == null then [ ] else if builtins.isList a then a else [ a ]);

  release = args.release or true;
  mode = args.mode or "build";
  hooks = builtins.listToAttrs (map (h: { name = h; value = args.${h}; })
    (builtins.filter (h: args ? ${h} && args.${h} != null && args.${h} != false) hookNames));
  shellInputs = if hooks != { } && hookShell != null then [ hookShell ] else [ ];
  inputs = toolchainInputs ++ shellInputs ++ (args.nativeBuildInputs or [ ]) ++ (args.buildInputs or [ ]);

  passthroughEnv = builtins.mapAttrs (_: v: if builtins.isBool v then (if v then "1" else "") else toString v)
    (removeAttrs args known);

  # The source without build outputs and VCS data (they would make every build unique).
  cleanSrc = builtins.path {
    name = "source";
    path = src;
    filter = path: type:
      let base = baseNameOf path; in
      !(type == "directory" && builtins.elem base [ "target" ".git" ]) && !(util.hasPrefix "result" base && type == "symlink");
  };

  vendor = vendorCargoDeps { lockTexts = [ lockText ] ++ extraLockTexts; inherit name; };

  common = {
    inherit mode release;
    root = relativeTo src root;
    vendorDir = "${vendor}";
    inputs = map toString inputs;
    cargoOptions = applyOption (args.cargoOptions or [ ]) [ ];
    cargoBuildOptions = applyOption (args.cargoBuildOptions or [ ]) [ ];
    cargoTestOptions = applyOption (args.cargoTestOptions or [ ]) [ ];
    cargoClippyOptions = applyOption (args.cargoClippyOptions or [ ]) [ "-D" "warnings" ];
    cargoFmtOptions = applyOption (args.cargoFmtOptions or [ ]) [ "--check" ];
    cargoDocOptions = applyOption (args.cargoDocOptions or [ ]) [ ];
    doCheck = args.doCheck or false;
    remapPathPrefix = args.remapPathPrefix or true;
    env = passthroughEnv;
    # Changing postInstall must not rebuild the dependencies.
    hooks = removeAttrs hooks [ "postInstall" ];
  };

  override = args.override or (x: x);
  overrideMain = args.overrideMain or (x: x);

  depsManifests = readManifests src;
  deps = mkDriverDerivation {
    name = "${name}-deps-${version}";
    command = "build";
    inherit system;
    attrs = override (common // {
      stage = "deps";
      inherit (depsManifests) manifests targetFiles;
    });
  };

  main = mkDriverDerivation {
    name = "${name}-${version}";
    command = "build";
    inherit system;
    outputs = if (args.doDoc or false) && (args.copyDocsToSeparateOutput or true) then [ "out" "doc" ] else [ "out" ];
    attrs = overrideMain (override (common // {
      stage = "main";
      src = cleanSrc;
      inherit hooks;
      doDoc = args.doDoc or false;
      copyBins = args.copyBins or true;
      copyLibs = args.copyLibs or false;
      copyTarget = args.copyTarget or false;
    } // (if args ? copyBinsFilter && builtins.isList args.copyBinsFilter then { inherit (args) copyBinsFilter; } else { })
      // (if args.singleStep or false then { } else { depsArtifacts = "${deps}"; })));
  };
in
if givenUnsupported != [ ] then
  throw "cratebox: buildPackage does not support ${builtins.concatStringsSep ", " givenUnsupported} (they replace cargo's command line, which the driver owns); use cargo*Options, and preBuild/postBuild for extra steps"
else
  main // {
    inherit deps vendor;
    passthru = { inherit deps vendor; };
    meta = { mainProgram = name; } // (args.meta or { });
    # buildPackage again with changed arguments: `f: { ... }` of the old ones, or an attrset.
    overrideArgs = f: rebuild (args // (if builtins.isFunction f then f args else f));
    # Like stdenv's overrideAttrs: `old: { ... }` over the main derivation's attributes (its job).
    overrideAttrs = f: rebuild (args // {
      overrideMain = attrs:
        let before = overrideMain attrs; in
        before // (if builtins.isFunction f then f before else f);
    });
  }
