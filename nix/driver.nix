# The cratebox driver itself, built with nixpkgs' cmake and the distribution's libraries.
{ stdenv, cmake, pkg-config, tomlplusplus, nlohmann_json, spdlog, libarchive, doctest, openssl }:
stdenv.mkDerivation {
  pname = "cratebox";
  version = "0.1.0";
  src = builtins.path {
    name = "cratebox-source";
    path = ./..;
    filter = path: type:
      let base = baseNameOf path; in
      builtins.elem base [ "CMakeLists.txt" "driver" "tests" "unit_main.cpp" ]
      || (type == "regular" && builtins.match ".*/driver/.*" path != null)
      || builtins.match ".*/tests/CMakeLists.txt" path != null;
  };
  nativeBuildInputs = [ cmake pkg-config ];
  buildInputs = [ tomlplusplus nlohmann_json spdlog libarchive doctest openssl ];
  cmakeFlags = [ "-DCMAKE_BUILD_TYPE=Release" "-DCRATEBOX_INTEGRATION_TESTS=OFF" ];
  doCheck = true;
  meta.mainProgram = "cratebox";
}
