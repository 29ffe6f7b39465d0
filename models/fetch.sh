#!/usr/bin/env bash
# Saarthi model fetcher: run on a machine WITH internet. Downloads the models listed in models/manifest.json
# (the entries marked default, or the ids named), checks each file's size and sha256 against the manifest, and packs
# them into one tarball to copy onto the kiosk's SD card. The kiosk itself never downloads anything.
#
#   models/fetch.sh --list                 every model in the manifest
#   models/fetch.sh --dry-run [ID...]      what would be fetched and packed (no network)
#   models/fetch.sh [ID...]                fetch (defaults when no ids), verify, pack out/saarthi-models-DATE.tar
#   models/fetch.sh --all                  every model
#   models/fetch.sh --verify DIR           check an unpacked card folder against its SHA256SUMS (no network)
#
# Options: --section whisper|llm|tts  --out DIR (staging, default out/models)  --tarball FILE  --no-pack
#          --manifest FILE
# Exit codes: 0 ok · 1 a file failed verification · 2 network unreachable (offline?) · 64 usage · 69 tool missing
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
MANIFEST="$HERE/manifest.json"
OUT="$ROOT/out/models"
TARBALL=""
MODE=fetch
ALL=0
PACK=1
SECTION=""
VERIFY_DIR=""
IDS=()

say() { printf 'fetch: %s\n' "$*" >&2; }
die() { local code="$1"; shift; printf 'fetch: error: %s\n' "$*" >&2; exit "$code"; }
usage() { sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 64; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --list) MODE=list ;;
    --dry-run) MODE=dry ;;
    --all) ALL=1 ;;
    --no-pack) PACK=0 ;;
    --section) [[ $# -ge 2 ]] || usage; SECTION="$2"; shift ;;
    --out) [[ $# -ge 2 ]] || usage; OUT="$2"; shift ;;
    --tarball) [[ $# -ge 2 ]] || usage; TARBALL="$2"; shift ;;
    --manifest) [[ $# -ge 2 ]] || usage; MANIFEST="$2"; shift ;;
    --verify) [[ $# -ge 2 ]] || usage; MODE=verify; VERIFY_DIR="$2"; shift ;;
    -h|--help) usage ;;
    -*) say "unknown option $1"; usage ;;
    *) IDS+=("$1") ;;
  esac
  shift
done

case "$SECTION" in ""|whisper|llm|tts) ;; *) die 64 "--section must be whisper, llm or tts" ;; esac

need() {
  local missing=()
  for tool in "$@"; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
  [[ ${#missing[@]} -eq 0 ]] || die 69 "missing tools: ${missing[*]} (Debian: apt-get install ${missing[*]/sha256sum/coreutils})"
}

# ---- verify an unpacked card folder ---------------------------------------------------------------------
if [[ $MODE == verify ]]; then
  need sha256sum
  [[ -f $VERIFY_DIR/SHA256SUMS ]] || die 1 "$VERIFY_DIR has no SHA256SUMS (not a folder packed by fetch.sh?)"
  if (cd "$VERIFY_DIR" && sha256sum --quiet -c SHA256SUMS); then
    say "all files in $VERIFY_DIR match SHA256SUMS"
    exit 0
  fi
  die 1 "files in $VERIFY_DIR do not match SHA256SUMS"
fi

need jq
[[ -f $MANIFEST ]] || die 64 "no manifest at $MANIFEST"

# One row per model, fields separated by US (0x1f; tabs would merge empty fields):
# section, id, default, file, url, size, sha256, archive, licence, ram_mb, name.
US=$'\x1f'
rows() {
  jq -r '
    ["whisper", "llm", "tts"][] as $s
    | (.[$s] // [])[]
    | [$s, .id, (.default // false | tostring), .file, .url, (.size_bytes // "" | tostring), (.sha256 // ""),
       (.archive // ""), (.licence // "unchecked"), (.ram_mb // "" | tostring), .name]
    | join("\u001f")' "$MANIFEST"
}

mapfile -t ALL_ROWS < <(rows)
[[ ${#ALL_ROWS[@]} -gt 0 ]] || die 64 "the manifest lists no models"

human() { # bytes → "57.0 MB"
  local b="$1"
  [[ -n $b ]] || { echo "size ?"; return; }
  awk -v b="$b" 'BEGIN { printf "%.1f MB", b / 1000000 }'
}

if [[ $MODE == list ]]; then
  printf '%-8s %-38s %-8s %10s  %-7s %-10s %s\n' SECTION ID DEFAULT SIZE SHA256 LICENCE RAM_MB
  for row in "${ALL_ROWS[@]}"; do
    IFS=$US read -r section id default _ _ size sha _ licence ram _ <<<"$row"
    [[ -z $SECTION || $SECTION == "$section" ]] || continue
    printf '%-8s %-38s %-8s %10s  %-7s %-10s %s\n' "$section" "$id" "$default" "$(human "$size")" \
      "$([[ -n $sha ]] && echo known || echo unknown)" "$licence" "${ram:-?}"
  done
  exit 0
fi

# ---- selection ------------------------------------------------------------------------------------------
SELECTED=()
if [[ ${#IDS[@]} -gt 0 ]]; then
  for want in "${IDS[@]}"; do
    found=""
    for row in "${ALL_ROWS[@]}"; do
      IFS=$US read -r _ id _ <<<"$row"
      [[ $id == "$want" ]] && found="$row"
    done
    [[ -n $found ]] || die 64 "no model '$want' in $MANIFEST (see --list)"
    SELECTED+=("$found")
  done
else
  for row in "${ALL_ROWS[@]}"; do
    IFS=$US read -r section _ default _ <<<"$row"
    [[ -z $SECTION || $SECTION == "$section" ]] || continue
    [[ $ALL -eq 1 || $default == true ]] && SELECTED+=("$row")
  done
fi
[[ ${#SELECTED[@]} -gt 0 ]] || die 64 "nothing selected"

[[ -n $TARBALL ]] || TARBALL="$ROOT/out/saarthi-models-$(date -u +%Y%m%d).tar"

if [[ $MODE == dry ]]; then
  total=0
  for row in "${SELECTED[@]}"; do
    IFS=$US read -r section id _ file url size sha archive licence _ <<<"$row"
    printf 'would fetch %-8s %-38s %10s  sha256 %-7s licence %-10s %s\n' "$section" "$id" "$(human "$size")" \
      "$([[ -n $sha ]] && echo known || echo unknown)" "$licence" "$url"
    [[ -n $size ]] && total=$((total + size))
  done
  say "${#SELECTED[@]} model(s), at least $(human "$total") into $OUT"
  [[ $PACK -eq 1 ]] && say "would pack $TARBALL (with SHA256SUMS and manifest.json)"
  exit 0
fi

# ---- fetch ----------------------------------------------------------------------------------------------
need curl sha256sum tar
for row in "${SELECTED[@]}"; do
  IFS=$US read -r _ _ _ _ _ _ _ archive _ <<<"$row"
  [[ $archive == tar.bz2 ]] && need bzip2
done

# Fail fast and clearly when offline: one HEAD request per host.
declare -A checked=()
for row in "${SELECTED[@]}"; do
  IFS=$US read -r _ _ _ _ url _ <<<"$row"
  scheme="${url%%://*}"; host="${url#*://}"; host="${host%%/*}"
  [[ -n ${checked[$host]:-} ]] && continue
  if ! err="$(curl -sS -o /dev/null --head --max-time 20 "$scheme://$host/" 2>&1)"; then
    die 2 "cannot reach $host ($err). This machine looks offline: run models/fetch.sh where there is internet and copy the tarball to the kiosk."
  fi
  checked[$host]=1
done

mkdir -p "$OUT"
failed=0
for row in "${SELECTED[@]}"; do
  IFS=$US read -r section id _ file url size sha archive _ <<<"$row"
  dir="$OUT/$section"
  mkdir -p "$dir"
  target="$dir/$file"
  part="$target.part"

  if [[ -f $target && -n $sha ]] && [[ "$(sha256sum "$target" | cut -d' ' -f1)" == "$sha" ]]; then
    say "$id: already here and verified"
  else
    [[ -n $size && -f $part && $(stat -c %s "$part") -gt $size ]] && rm -f "$part"
    [[ -z $size ]] && rm -f "$part"
    if [[ -n $size && -f $part && $(stat -c %s "$part") -eq $size ]]; then
      say "$id: download complete in $part"
    else
      say "$id: downloading $(human "$size") from $url"
      if ! curl -fL -# --retry 3 --retry-delay 3 --connect-timeout 20 -C - -o "$part" "$url"; then
        die 2 "$id: download failed (network?) — rerun to resume; partial file kept at $part"
      fi
    fi

    actual_size=$(stat -c %s "$part")
    if [[ -n $size && $actual_size -ne $size ]]; then
      say "$id: size $actual_size bytes, manifest says $size — deleted"
      rm -f "$part"; failed=1; continue
    fi
    actual_sha="$(sha256sum "$part" | cut -d' ' -f1)"
    if [[ -n $sha && $actual_sha != "$sha" ]]; then
      say "$id: sha256 $actual_sha, manifest says $sha — deleted"
      rm -f "$part"; failed=1; continue
    fi
    [[ -z $sha ]] && say "$id: sha256 NOT in the manifest; computed $actual_sha ($actual_size bytes) — check it and record it"
    mv -f "$part" "$target"
    if [[ -n $sha ]]; then say "$id: verified"; else say "$id: kept, UNVERIFIED (no sha256 in the manifest)"; fi
  fi

  if [[ $archive == tar.bz2 ]]; then
    rm -rf "${dir:?}/$id"
    mkdir -p "$dir/$id.tmp"
    tar -xjf "$target" -C "$dir/$id.tmp"
    # Archives hold one top folder named like the id; keep its contents as tts/<id>/.
    inner="$(find "$dir/$id.tmp" -mindepth 1 -maxdepth 1)"
    if [[ $(wc -l <<<"$inner") -eq 1 && -d $inner ]]; then mv "$inner" "$dir/$id"; rmdir "$dir/$id.tmp"; else mv "$dir/$id.tmp" "$dir/$id"; fi
    say "$id: unpacked into $dir/$id"
  fi
done

[[ $failed -eq 0 ]] || die 1 "some files failed verification (see above); nothing packed"

if [[ $PACK -eq 1 ]]; then
  cp "$MANIFEST" "$OUT/manifest.json"
  (cd "$OUT" && find . -type f ! -name 'SHA256SUMS*' ! -name '*.part' ! -name '*.tar.bz2' -print0 | sort -z \
    | xargs -0 sha256sum > SHA256SUMS.new && mv -f SHA256SUMS.new SHA256SUMS)
  mkdir -p "$(dirname "$TARBALL")"
  # Archives stay out of the tarball: their unpacked folders are in it.
  tar -cf "$TARBALL" -C "$OUT" --exclude='*.part' --exclude='*.tar.bz2' .
  sha256sum "$TARBALL" > "$TARBALL.sha256"
  say "packed $TARBALL ($(human "$(stat -c %s "$TARBALL")")); on the kiosk: tar -xf it into the models folder, then check it with models/fetch.sh --verify <folder> (or: cd <folder> && sha256sum -c SHA256SUMS)"
fi
