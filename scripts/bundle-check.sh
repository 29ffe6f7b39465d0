#!/usr/bin/env bash
# Checks that an arm64 bundle (a folder or the .tar.gz made by publish-arm64.sh) will run on the board:
#   1. every ELF file in it (shared libraries and programs) is a 64-bit AArch64 ELF;
#   2. every library an ELF file needs (DT_NEEDED) is beside it in the bundle, or provided by a Debian package
#      that install.sh installs (scripts/debian-runtime.list, "soname" lines);
#   3. the glibc / libstdc++ / libgcc symbol versions each one needs exist on Debian 12 bookworm ("max" lines);
#   4. with --load: every shared library loads (dlopen RTLD_NOW, all symbols bound) in an aarch64 process under
#      qemu-aarch64 against Debian's arm64 cross runtime (/usr/aarch64-linux-gnu: bookworm's glibc and libstdc++).
# Plain binutils readelf reads aarch64 files on any host.
#
#   scripts/bundle-check.sh DIR|BUNDLE.tar.gz [--runtime-list FILE] [--load] [--quiet]
# Prints one line per problem and a summary; exit 0 all good, 1 problems found, 64 usage, 69 tool missing.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LIST=""
LOAD=0
QUIET=0
TARGET=""

usage() { sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 64; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runtime-list) [[ $# -ge 2 ]] || usage; LIST="$2"; shift ;;
    --quiet) QUIET=1 ;;
    --load) LOAD=1 ;;
    -h|--help) usage ;;
    -*) echo "bundle-check: unknown option $1" >&2; usage ;;
    *) [[ -z $TARGET ]] || usage; TARGET="$1" ;;
  esac
  shift
done
[[ -n $TARGET ]] || usage
command -v readelf >/dev/null 2>&1 || { echo "bundle-check: readelf not found (apt-get install binutils)" >&2; exit 69; }

WORK=""
trap '[[ -n $WORK ]] && rm -rf "$WORK"' EXIT
if [[ -f $TARGET ]]; then
  WORK="$(mktemp -d)"
  tar -xzf "$TARGET" -C "$WORK" || { echo "bundle-check: cannot unpack $TARGET" >&2; exit 1; }
  ROOT="$WORK"
elif [[ -d $TARGET ]]; then
  ROOT="$TARGET"
else
  echo "bundle-check: $TARGET is neither a folder nor a file" >&2
  exit 64
fi

# The runtime list: the bundle's own copy first (what its install.sh installs), else the repository's.
if [[ -z $LIST ]]; then
  LIST="$(find "$ROOT" -maxdepth 2 -name debian-runtime.list -print -quit)"
  [[ -n $LIST ]] || LIST="$HERE/debian-runtime.list"
fi
[[ -f $LIST ]] || { echo "bundle-check: no runtime list at $LIST" >&2; exit 64; }

declare -A PACKAGE_OF=() MAX=()
while read -r kind a b _; do
  case "$kind" in
    soname) PACKAGE_OF[$a]="$b" ;;
    max) MAX[$a]="$b" ;;
  esac
done < <(grep -v '^\s*#' "$LIST")

problems=0
problem() { printf 'bundle-check: FAIL %s\n' "$*"; problems=$((problems + 1)); }
info() { [[ $QUIET -eq 1 ]] || printf 'bundle-check: %s\n' "$*"; }

# version_le A B: A <= B in version order.
version_le() { [[ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n 1)" == "$1" ]]; }

elves=0
declare -A HIGHEST=()   # prefix -> highest version needed by any file (for the summary)
while IFS= read -r -d '' file; do
  [[ "$(head -c 4 "$file" | od -An -tx1 | tr -d ' \n')" == 7f454c46 ]] || continue
  elves=$((elves + 1))
  rel="${file#"$ROOT"/}"
  header="$(readelf -h "$file" 2>/dev/null)" || { problem "$rel: readelf cannot read it"; continue; }
  machine="$(awk -F: '/Machine:/ {gsub(/^[ \t]+/, "", $2); print $2}' <<<"$header")"
  class="$(awk -F: '/Class:/ {gsub(/^[ \t]+/, "", $2); print $2}' <<<"$header")"
  if [[ $machine != AArch64 || $class != ELF64 ]]; then
    problem "$rel: $class $machine, not a 64-bit AArch64 ELF"
    continue
  fi

  dir="$(dirname "$file")"
  while read -r needed; do
    [[ -n $needed ]] || continue
    if [[ -e $dir/$needed ]]; then continue; fi
    if [[ -n ${PACKAGE_OF[$needed]:-} ]]; then continue; fi
    problem "$rel needs $needed: not beside it in the bundle and not in $(basename "$LIST") (add 'soname $needed <debian package>' or bundle it)"
  done < <(readelf -d -W "$file" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')

  while read -r symver; do
    prefix="${symver%%_*}"
    version="${symver#*_}"
    [[ -n ${MAX[$prefix]:-} ]] || continue
    if [[ -z ${HIGHEST[$prefix]:-} ]] || ! version_le "$version" "${HIGHEST[$prefix]}"; then HIGHEST[$prefix]="$version"; fi
    version_le "$version" "${MAX[$prefix]}" \
      || problem "$rel needs ${prefix}_$version; the target has up to ${prefix}_${MAX[$prefix]} ($(basename "$LIST"))"
  done < <(readelf -V -W "$file" | awk '/Version needs section/ {on = 1; next} /Version (definition|symbols) section/ {on = 0} on && /Name:/ {for (i = 1; i <= NF; i++) if ($i == "Name:") print $(i + 1)}' | sort -u)
done < <(find "$ROOT" -type f -print0)

# 4. Load test: an aarch64 program dlopen()s each library from its place in the bundle (RUNPATH $ORIGIN finds its
#    neighbours; the sysroot provides what Debian's packages would).
loaded=""
if [[ $LOAD -eq 1 ]]; then
  QEMU="$(command -v qemu-aarch64-static || command -v qemu-aarch64 || true)"
  SYSROOT=/usr/aarch64-linux-gnu
  [[ -n $QEMU ]] || { echo "bundle-check: --load needs qemu-aarch64 (apt-get install qemu-user-static)" >&2; exit 69; }
  command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 && [[ -d $SYSROOT/lib ]] \
    || { echo "bundle-check: --load needs aarch64-linux-gnu-gcc and $SYSROOT (apt-get install gcc-aarch64-linux-gnu)" >&2; exit 69; }
  [[ -n $WORK ]] || WORK="$(mktemp -d)"
  cat >"$WORK/load.c" <<'CSOURCE'
#include <dlfcn.h>
#include <stdio.h>
int main(int argc, char **argv) {
  int failed = 0;
  for (int i = 1; i < argc; i++) {
    if (dlopen(argv[i], RTLD_NOW | RTLD_LOCAL) == NULL) { printf("%s\n", dlerror()); failed++; }
  }
  return failed ? 1 : 0;
}
CSOURCE
  # libm linked in as the .NET host has it (libcoreclr needs it): SQLitePCLRaw's libe_sqlite3.so uses trunc, log, pow
  # … without naming libm, relying on the process that loads it.
  aarch64-linux-gnu-gcc -O1 -o "$WORK/load" "$WORK/load.c" -Wl,--no-as-needed -lm -ldl || { echo "bundle-check: cannot build the aarch64 load test" >&2; exit 69; }
  mapfile -d '' SHARED < <(find "$ROOT" -type f \( -name '*.so' -o -name '*.so.*' \) -print0)
  if [[ ${#SHARED[@]} -gt 0 ]]; then
    if out="$("$QEMU" -L "$SYSROOT" "$WORK/load" "${SHARED[@]}" 2>/dev/null)"; then
      loaded="; all ${#SHARED[@]} shared libraries load in an aarch64 process (qemu, bookworm's arm64 glibc/libstdc++)"
    else
      while IFS= read -r line; do [[ -n $line ]] && problem "does not load on aarch64: ${line//"$ROOT"\//}"; done <<<"$out"
    fi
  fi
fi

summary=""
for prefix in GLIBC GLIBCXX CXXABI GCC; do
  [[ -n ${HIGHEST[$prefix]:-} ]] && summary+=" ${prefix}_${HIGHEST[$prefix]} (max ${MAX[$prefix]:-?})"
done
if [[ $elves -eq 0 ]]; then
  problem "no ELF files found in $TARGET (is it a bundle?)"
fi
if [[ $problems -gt 0 ]]; then
  printf 'bundle-check: %d problem(s) in %d ELF file(s)\n' "$problems" "$elves"
  exit 1
fi
info "ok: $elves ELF file(s), all aarch64; every NEEDED library bundled or from a listed Debian package; highest symbol versions needed:$summary$loaded"
