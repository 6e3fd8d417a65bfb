# The cratebox driver itself, built with nixpkgs' cmake and the distribution's libraries.
{ stdenv, cmake, pkg-config, tomlplusplus, nlohmann_json, spdlog, libarchive, doctest, openssl }:
stdenv.mkDerivation {
  pname = "cratebox";
  version = "0.1.0";
  # The driver's sources only: build trees, fixtures and VCS data would change the hash for nothing.
  src = builtins.path {
    name = "cratebox-source";
    path = ./..;
    filter = path: type:
      let base = baseNameOf path; in
      !(type == "directory" && (builtins.elem base [ ".git" "fixtures" "nix" ] || builtins.substring 0 5 base == "build"));
  };
  nativeBuildInputs = [ cmake pkg-config ];
  buildInputs = [ tomlplusplus nlohmann_json spdlog libarchive doctest openssl ];
  cmakeFlags = [ "-DCMAKE_BUILD_TYPE=Release" "-DCRATEBOX_INTEGRATION_TESTS=OFF" ];
  doCheck = true;
  meta.mainProgram = "cratebox";
}
