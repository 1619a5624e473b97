#!/usr/bin/env bash
# Packs Myelin's runtime packages into artifacts/packages (the local feed), checks what they hold, restores
# this sample from that feed into an empty NuGet cache (so a stale cached Myelin package cannot hide a
# packing bug), builds it, runs it and checks that its brain learned. CI runs it after the build step.
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(cd "$here/../.." && pwd)"
feed="$root/artifacts/packages"
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/Directory.Build.props")"
fail() { printf 'pack-and-run: %s\n' "$*" >&2; exit 1; }
[[ -n "$version" ]] || fail "no <Version> in $root/Directory.Build.props"

rm -f "$feed"/Myelin.*.nupkg "$feed"/Myelin.*.snupkg
for p in Core Ecs Agents Gpu Graphics; do
    dotnet pack "$root/Runtime/$p/Myelin.$p.csproj" -c Release --nologo -v q -warnaserror
done

# Each package: symbols beside it, licence, readme, and its runtime references as package dependencies.
# (Listings go through variables: with pipefail, `unzip | grep -q` fails when grep stops reading early.)
nuspec() { unzip -p "$feed/Myelin.$1.$version.nupkg" "Myelin.$1.nuspec"; }
for p in Core Ecs Agents Gpu Graphics; do
    [[ -s "$feed/Myelin.$p.$version.nupkg" ]] || fail "Myelin.$p.$version.nupkg was not packed"
    [[ -s "$feed/Myelin.$p.$version.snupkg" ]] || fail "Myelin.$p.$version.snupkg (symbols) was not packed"
    spec="$(nuspec "$p")"
    grep -q '<license type="expression">MIT</license>' <<<"$spec" || fail "Myelin.$p has no MIT licence expression"
    grep -q '<readme>README.md</readme>' <<<"$spec" || fail "Myelin.$p has no readme"
done
for dep in "Agents Core" "Agents Ecs" "Gpu Core" "Graphics Core"; do
    set -- $dep
    spec="$(nuspec "$1")"
    grep -q "<dependency id=\"Myelin.$2\" version=\"$version\"" <<<"$spec" || fail "Myelin.$1 does not depend on Myelin.$2 $version"
done
for p in Core Ecs Agents; do
    files="$(unzip -Z1 "$feed/Myelin.$p.$version.nupkg")"
    for tfm in net8.0 net10.0; do
        grep -qx "lib/$tfm/Myelin.$p.dll" <<<"$files" || fail "Myelin.$p has no lib/$tfm"
    done
done
# The GLSL sources are embedded resources of Myelin.Graphics.dll: every file under Shaders/ must be in it.
graphics_dll="$(mktemp)"
unzip -p "$feed/Myelin.Graphics.$version.nupkg" lib/net10.0/Myelin.Graphics.dll >"$graphics_dll"
shaders=0
while IFS= read -r shader; do
    grep -qaF "Shaders/$shader" "$graphics_dll" || { rm -f "$graphics_dll"; fail "Myelin.Graphics.dll does not embed Shaders/$shader"; }
    shaders=$((shaders + 1))
done < <(cd "$root/Shaders" && find . -type f \( -name '*.comp' -o -name '*.glsl' -o -name '*.vert' -o -name '*.frag' \) | sed 's:^\./::')
rm -f "$graphics_dll"
((shaders > 0)) || fail "found no shaders under $root/Shaders"
printf 'packed %s: 5 packages with symbols, %d shaders embedded in Myelin.Graphics\n' "$version" "$shaders"

cache="$(mktemp -d)"
trap 'rm -rf "$cache"' EXIT
export NUGET_PACKAGES="$cache"
rm -rf "$here/bin" "$here/obj"   # no earlier build's output can stand in for this one
# C# 12, the language of the .NET 8 SDK a net8.0 game may build with: the sample must compile with it too.
dotnet build "$here/EmbedInYourGame.csproj" -c Release --nologo -v q -warnaserror -p:MyelinVersion="$version" -p:LangVersion=12
[[ -s "$here/bin/Release/net8.0/EmbedInYourGame.dll" ]] || fail "the sample did not build for net8.0"
for p in core ecs agents; do
    [[ -d "$cache/myelin.$p/$version" ]] || fail "the sample did not restore Myelin.$p $version from $feed"
done

log="$(mktemp)"
dotnet "$here/bin/Release/net10.0/EmbedInYourGame.dll" | tee "$log"
grep -q '^learned: ' "$log" || { rm -f "$log"; fail "the sample ran but did not report 'learned:'"; }
# The net8.0 build too, rolled forward onto the installed runtime (Tests/Net8 covers a real .NET 8 runtime).
DOTNET_ROLL_FORWARD=Major dotnet "$here/bin/Release/net8.0/EmbedInYourGame.dll" >"$log"
grep -q '^learned: ' "$log" || { cat "$log"; rm -f "$log"; fail "the net8.0 build ran but did not report 'learned:'"; }
printf 'net8.0 build (rolled forward): %s\n' "$(tail -n 1 "$log")"
rm -f "$log"
