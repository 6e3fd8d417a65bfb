{
  description = "cratebox: build Cargo projects in the Nix sandbox, offline and IFD-free";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixpkgs-unstable";

  outputs = { self, nixpkgs }:
    let
      systems = [ "x86_64-linux" "aarch64-linux" "x86_64-darwin" "aarch64-darwin" ];
      forAllSystems = f: builtins.listToAttrs (map (system: { name = system; value = f system; }) systems);
      pkgsFor = system: nixpkgs.legacyPackages.${system};

      # The library for a package set: `(cratebox.lib.mkLib pkgs).buildPackage { src = ./.; }`.
      mkLib = pkgs: pkgs.callPackage ./nix { };

      fixtureNames = [ "one-dep" "build-script" "workspace" "bins" "patched" ];
      fixtureChecks = system:
        let lib = mkLib (pkgsFor system); in
        builtins.listToAttrs (map
          (name: { inherit name; value = lib.buildPackage { src = ./fixtures + "/${name}"; }; })
          fixtureNames)
        // { outside-root = lib.buildPackage { src = ./fixtures/outside-root; root = ./fixtures/outside-root/app; }; };
    in
    {
      lib = { inherit mkLib; } // forAllSystems (system: mkLib (pkgsFor system));

      packages = forAllSystems (system: {
        default = (pkgsFor system).callPackage ./nix/driver.nix { };
        cratebox = self.packages.${system}.default;
      });

      overlays.default = final: prev: {
        cratebox = final.callPackage ./nix/driver.nix { };
        crateboxLib = final.callPackage ./nix { cratebox = final.cratebox; };
      };

      templates.default = {
        path = ./nix/template;
        description = "A Rust project built with cratebox";
      };

      checks = forAllSystems (system: fixtureChecks system // { driver = self.packages.${system}.default; });

      hydraJobs = {
        inherit (self) packages checks;
      };
    };
}
