#!/usr/bin/env bash
# Reads tools/native-packages.txt; sourced by ./myelin and .ci/run.
#   native_packages_missing   prints the listed packages that are not installed, one per line
#   native_packages_install   installs them with apt-get (root only; runs `apt-get update` first
#                             unless given --no-update); returns non-zero if that fails

native_packages_file="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/native-packages.txt"

native_packages_missing() {
    command -v dpkg-query >/dev/null 2>&1 || return 0
    local package names name all_on_path
    while read -r package names; do
        [[ $package == @* ]] && continue
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' && continue
        # A package that only provides programs which are already on PATH is not needed.
        all_on_path=1
        for name in $names; do
            [[ $name == *.* ]] && { all_on_path=0; break; }
            command -v "$name" >/dev/null 2>&1 || { all_on_path=0; break; }
        done
        ((all_on_path)) || printf '%s\n' "$package"
    done < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$native_packages_file")
}

native_packages_install() {
    local missing
    mapfile -t missing < <(native_packages_missing)
    ((${#missing[@]})) || return 0
    export DEBIAN_FRONTEND=noninteractive
    if [[ ${1-} != --no-update ]]; then apt-get update -qq || return; fi
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
