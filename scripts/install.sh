#!/usr/bin/env bash
# Saarthi board installer: run as root from the unpacked bundle (tar -xzf saarthi-*-linux-arm64.tar.gz).
#
#   sudo ./install.sh [--kiosk-id ID] [--dotnet-tarball FILE] [--models-tarball FILE] [--offline] [--root DIR]
#
#   --kiosk-id ID          the kiosk's name on the NGO broker (first install only; default kiosk-<8 hex of machine-id>)
#   --dotnet-tarball FILE  the .NET 10 runtime for linux-arm64 (dotnet-runtime-10.0.*-linux-arm64.tar.gz, from
#                          https://dotnet.microsoft.com/download/dotnet/10.0) for a board without internet
#   --models-tarball FILE  models packed by models/fetch.sh, unpacked into /var/lib/saarthi/models and verified
#   --offline              no network steps (apt, the .NET download): they are listed as skipped
#   --root DIR             install below DIR instead of / (a scratch root for tests; implies --offline, no
#                          users, no systemd/udev calls). Env: SAARTHI_INSTALL_ROOT, SAARTHI_INSTALL_OFFLINE=1
#
# What it does, each step safe to repeat (an upgrade keeps data, the snapshot, the salt, the kiosk id, NGO keys
# and a locally edited appliance.json):
#   1. Debian runtime packages from debian-runtime.list (apt-get)
#   2. the .NET 10 runtime, when the bundle is framework-dependent (BUNDLE-INFO), from Microsoft's dotnet-install
#      script (https://dot.net/v1/dotnet-install.sh --channel 10.0 --runtime dotnet) into /usr/share/dotnet
#   3. the system user 'saarthi' (groups dialout, audio, gpio)
#   4. the app and native engines under /opt/saarthi (replaced as a whole; the previous one kept as *.previous)
#   5. firmware-config under /opt/saarthi/firmware-config
#   6. data under /var/lib/saarthi: caller-id salt (32 random bytes, 0600), kiosk-id, models/
#   7. systemd unit, udev rule, ALSA config, /usr/local/bin/saarthi; service enabled and (re)started
# Exit codes: 0 installed · 1 a step failed (named) · 64 usage
set -euo pipefail

BUNDLE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DEST="${SAARTHI_INSTALL_ROOT:-}"
OFFLINE="${SAARTHI_INSTALL_OFFLINE:-0}"
KIOSK_ID=""
DOTNET_TARBALL=""
MODELS_TARBALL=""

say() { printf 'install: %s\n' "$*"; }
warn() { printf 'install: WARNING: %s\n' "$*" >&2; }
die() { printf 'install: error: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '2,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 64; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --kiosk-id) [[ $# -ge 2 ]] || usage; KIOSK_ID="$2"; shift ;;
    --dotnet-tarball) [[ $# -ge 2 ]] || usage; DOTNET_TARBALL="$2"; shift ;;
    --models-tarball) [[ $# -ge 2 ]] || usage; MODELS_TARBALL="$2"; shift ;;
    --offline) OFFLINE=1 ;;
    --root) [[ $# -ge 2 ]] || usage; DEST="$2"; shift ;;
    -h|--help) usage ;;
    *) printf 'install: unknown argument %s\n' "$1" >&2; usage ;;
  esac
  shift
done

SCRATCH=0
if [[ -n $DEST && $DEST != / ]]; then
  SCRATCH=1
  OFFLINE=1
  mkdir -p "$DEST"
  DEST="$(cd "$DEST" && pwd)"
else
  DEST=""
  [[ $(id -u) -eq 0 ]] || die "run as root (sudo ./install.sh), or give --root DIR to try it in a scratch folder"
fi

[[ -f $BUNDLE/BUNDLE-INFO && -d $BUNDLE/app && -f $BUNDLE/app/saarthi.dll ]] \
  || die "$BUNDLE is not an unpacked Saarthi bundle (no BUNDLE-INFO / app/saarthi.dll)"
info() { sed -n "s/^$1=//p" "$BUNDLE/BUNDLE-INFO"; }
VERSION="$(info version)"
MODE="$(info dotnet)"
RID="$(info rid)"
APP_DIR="$DEST/opt/saarthi"
DATA="$DEST/var/lib/saarthi"
ETC="$DEST/etc"
say "Saarthi $VERSION ($RID, $MODE) into ${DEST:-/}"

if [[ $SCRATCH -eq 0 && $RID == linux-arm64 && $(uname -m) != aarch64 ]]; then
  die "this bundle is for arm64 boards; this machine is $(uname -m)"
fi

# --- 1. Debian runtime packages ---------------------------------------------------------------------------

mapfile -t PACKAGES < <(grep -v '^\s*#' "$BUNDLE/debian-runtime.list" \
  | awk '$1 == "soname" {print $3} $1 == "package" {print $2}' | sort -u)
if [[ $OFFLINE == 1 ]]; then
  say "1/7 packages: skipped (offline); needed: ${PACKAGES[*]}"
else
  say "1/7 packages: apt-get install ${PACKAGES[*]}"
  apt-get update -qq || die "apt-get update failed (network? run again with --offline once the packages are installed)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" \
    || die "apt-get install failed for: ${PACKAGES[*]}"
fi

# --- 2. .NET runtime (framework-dependent bundles) ------------------------------------------------------------

DOTNET_DIR="$DEST/usr/share/dotnet"
has_runtime() {
  compgen -G "$DOTNET_DIR/shared/Microsoft.NETCore.App/10.*" >/dev/null && return 0
  # A runtime installed another way (packages.microsoft.com) counts when /usr/bin/dotnet runs it.
  [[ $SCRATCH -eq 0 && -x /usr/bin/dotnet ]] && /usr/bin/dotnet --list-runtimes 2>/dev/null | grep -q '^Microsoft.NETCore.App 10\.'
}
if [[ $MODE != framework-dependent ]]; then
  say "2/7 .NET runtime: not needed (self-contained bundle)"
elif has_runtime; then
  say "2/7 .NET runtime: already installed"
elif [[ -n $DOTNET_TARBALL ]]; then
  [[ -f $DOTNET_TARBALL ]] || die "--dotnet-tarball $DOTNET_TARBALL: no such file"
  say "2/7 .NET runtime: unpacking $DOTNET_TARBALL into /usr/share/dotnet"
  mkdir -p "$DOTNET_DIR"
  tar -xzf "$DOTNET_TARBALL" -C "$DOTNET_DIR" || die "cannot unpack $DOTNET_TARBALL"
  has_runtime || die "$DOTNET_TARBALL holds no Microsoft.NETCore.App 10.x runtime"
elif [[ $OFFLINE == 1 ]]; then
  warn "2/7 .NET runtime: NOT installed (offline and no --dotnet-tarball). The service cannot start until the .NET 10"
  warn "    arm64 runtime is in /usr/share/dotnet: run install.sh again online, or with --dotnet-tarball FILE."
else
  say "2/7 .NET runtime: Microsoft's dotnet-install script (channel 10.0, runtime dotnet, arm64)"
  script="$(mktemp)"
  curl -fsSL --retry 3 https://dot.net/v1/dotnet-install.sh -o "$script" || die "cannot download https://dot.net/v1/dotnet-install.sh (network?); use --dotnet-tarball FILE"
  bash "$script" --channel 10.0 --runtime dotnet --architecture arm64 --install-dir "$DOTNET_DIR" --no-path \
    || die "dotnet-install failed; use --dotnet-tarball FILE"
  rm -f "$script"
fi
if [[ $MODE == framework-dependent && -x $DOTNET_DIR/dotnet && ! -e $DEST/usr/bin/dotnet ]]; then
  mkdir -p "$DEST/usr/bin"
  ln -sfn /usr/share/dotnet/dotnet "$DEST/usr/bin/dotnet"
fi

# --- 3. system user ---------------------------------------------------------------------------------------------

if [[ $SCRATCH -eq 1 ]]; then
  say "3/7 user: skipped in a scratch root (would create system user 'saarthi', groups dialout audio gpio)"
elif id saarthi >/dev/null 2>&1; then
  say "3/7 user: saarthi exists"
else
  say "3/7 user: creating system user saarthi"
  useradd --system --home-dir /var/lib/saarthi --no-create-home --shell /usr/sbin/nologin saarthi
fi
if [[ $SCRATCH -eq 0 ]]; then
  for g in dialout audio gpio; do getent group "$g" >/dev/null && usermod -a -G "$g" saarthi; done
fi
own() { [[ $SCRATCH -eq 1 ]] || chown -R saarthi:saarthi "$@"; }

# --- 4. app and native engines ----------------------------------------------------------------------------------

# A run that fails from here on puts the previous app back and restarts the service it stopped: the kiosk keeps
# answering calls with the old version rather than not at all.
ROLLBACK=()
STOPPED=0
on_exit() {
  local rc=$? part
  [[ $rc -eq 0 ]] && return
  rm -rf "$APP_DIR/app.new" "$APP_DIR/native.new"
  for part in "${ROLLBACK[@]}"; do
    rm -rf "${APP_DIR:?}/$part" && mv "$APP_DIR/$part.previous" "$APP_DIR/$part"
  done
  [[ ${#ROLLBACK[@]} -eq 0 ]] || warn "install failed: the previous app is back in place (${ROLLBACK[*]})"
  if [[ $STOPPED -eq 1 ]]; then systemctl start saarthi && warn "the previous service was started again"; fi
}
trap on_exit EXIT

if [[ $SCRATCH -eq 0 ]] && command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet saarthi 2>/dev/null; then
  say "4/7 stopping the running service for the upgrade (a call in progress is hung up politely)"
  systemctl stop saarthi
  STOPPED=1
fi
say "4/7 app: /opt/saarthi/app, /opt/saarthi/native"
mkdir -p "$APP_DIR"
# Both parts are copied beside their old selves first (a full disk fails here, changing nothing), then swapped by
# rename; the old ones stay as *.previous until the next run.
for part in app native; do
  rm -rf "$APP_DIR/$part.new"
  cp -a "$BUNDLE/$part" "$APP_DIR/$part.new" || die "cannot copy $part to $APP_DIR (disk full?)"
done
for part in app native; do
  if [[ -e $APP_DIR/$part ]]; then
    rm -rf "$APP_DIR/$part.previous"
    mv "$APP_DIR/$part" "$APP_DIR/$part.previous"
    ROLLBACK+=("$part")
  fi
  mv "$APP_DIR/$part.new" "$APP_DIR/$part"
done
mkdir -p "$APP_DIR/models" "$APP_DIR/snapshots"
cp "$BUNDLE/models/manifest.json" "$BUNDLE/models/fetch.sh" "$APP_DIR/models/"
cp "$BUNDLE/snapshots/"*.json "$APP_DIR/snapshots/"
cp "$BUNDLE/BUNDLE-INFO" "$BUNDLE/THIRD-PARTY-NOTICES" "$BUNDLE/LICENSE" "$BUNDLE/debian-runtime.list" \
  "$BUNDLE/bundle-check.sh" "$BUNDLE/install.sh" "$APP_DIR/"
rm -rf "$APP_DIR/licenses" && cp -a "$BUNDLE/licenses" "$APP_DIR/licenses"

# --- 5. firmware-config: product files replaced, the site's own files kept -----------------------------------------

say "5/7 firmware-config: /opt/saarthi/firmware-config"
FC="$APP_DIR/firmware-config"
mkdir -p "$FC"
(cd "$BUNDLE/firmware-config" && find . -type f) | while read -r f; do
  f="${f#./}"
  mkdir -p "$FC/$(dirname "$f")"
  case "$f" in
    appliance.json)
      # The site's configuration: written once, then only the bundle's version is left beside it.
      if [[ -f $FC/$f ]]; then
        cmp -s "$BUNDLE/firmware-config/$f" "$FC/$f.dist" 2>/dev/null || say "    kept the site's appliance.json; the bundle's default is appliance.json.dist"
        cp "$BUNDLE/firmware-config/$f" "$FC/$f.dist"
      else
        cp "$BUNDLE/firmware-config/$f" "$FC/$f"
      fi ;;
    ngo-keys/*.pem)
      # NGO public keys: a key already installed is never replaced by the bundle's file of the same name.
      [[ -f $FC/$f ]] || cp "$BUNDLE/firmware-config/$f" "$FC/$f" ;;
    *) cp "$BUNDLE/firmware-config/$f" "$FC/$f" ;;
  esac
done

# --- 6. data: salt, kiosk id, models ---------------------------------------------------------------------------------

say "6/7 data: /var/lib/saarthi"
mkdir -p "$DATA/models"
chmod 0750 "$DATA"
if [[ ! -s $DATA/caller-id.salt ]]; then
  (umask 077 && head -c 32 /dev/urandom >"$DATA/caller-id.salt")
  say "    created the caller-id salt (32 random bytes; caller numbers are kept only as salted hashes)"
else
  say "    kept the caller-id salt"
fi
chmod 0600 "$DATA/caller-id.salt"

valid_id() { [[ $1 =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$ ]]; }
if [[ -s $DATA/kiosk-id ]]; then
  existing="$(tr -d '[:space:]' <"$DATA/kiosk-id")"
  [[ -z $KIOSK_ID || $KIOSK_ID == "$existing" ]] || warn "kept kiosk id $existing (--kiosk-id $KIOSK_ID ignored: the NGO knows this kiosk by its id; delete $DATA/kiosk-id to rename it)"
  KIOSK_ID="$existing"
  say "    kept kiosk id $KIOSK_ID"
else
  if [[ -z $KIOSK_ID ]]; then
    seed="$(cat "$DEST/etc/machine-id" 2>/dev/null || head -c 16 /dev/urandom | od -An -tx1)"
    KIOSK_ID="kiosk-$(printf '%s' "$seed" | sha256sum | cut -c1-8)"
  fi
  valid_id "$KIOSK_ID" || die "kiosk id '$KIOSK_ID' is not valid (letters, digits, '-', '_', '.'; at most 64)"
  printf '%s\n' "$KIOSK_ID" >"$DATA/kiosk-id"
  say "    created kiosk id $KIOSK_ID"
fi
# appliance.json carries the id the service reports to the NGO broker.
sed -i -E "s/(\"kiosk_id\"[[:space:]]*:[[:space:]]*)\"[^\"]*\"/\1\"$KIOSK_ID\"/" "$FC/appliance.json"

if [[ -n $MODELS_TARBALL ]]; then
  [[ -f $MODELS_TARBALL ]] || die "--models-tarball $MODELS_TARBALL: no such file"
  say "    models: unpacking $MODELS_TARBALL into /var/lib/saarthi/models"
  tar -xf "$MODELS_TARBALL" -C "$DATA/models" || die "cannot unpack $MODELS_TARBALL"
  if [[ -f $DATA/models/SHA256SUMS ]]; then
    (cd "$DATA/models" && sha256sum --quiet -c SHA256SUMS) || die "models in $MODELS_TARBALL do not match their SHA256SUMS (a damaged copy?)"
    say "    models verified against SHA256SUMS"
  fi
fi
own "$DATA"

# --- 7. system integration ----------------------------------------------------------------------------------------------

say "7/7 systemd unit, udev rule, ALSA, /usr/local/bin/saarthi"
mkdir -p "$ETC/systemd/system" "$ETC/udev/rules.d" "$DEST/usr/local/bin"
cp "$FC/saarthi.service" "$ETC/systemd/system/saarthi.service"
dropin="$ETC/systemd/system/saarthi.service.d"
if [[ $MODE == self-contained ]]; then
  mkdir -p "$dropin"
  printf '[Service]\nExecStart=\nExecStart=/opt/saarthi/app/saarthi run --config /opt/saarthi/firmware-config/appliance.json\n' >"$dropin/self-contained.conf"
else
  rm -f "$dropin/self-contained.conf"
fi
cp "$FC/99-saarthi-modem.rules" "$ETC/udev/rules.d/99-saarthi-modem.rules"
if [[ ! -f $ETC/asound.conf ]] || grep -q 'saarthi_handset' "$ETC/asound.conf"; then
  cp "$FC/asound.conf" "$ETC/asound.conf"
else
  cp "$FC/asound.conf" "$ETC/asound.conf.saarthi"
  warn "/etc/asound.conf is someone else's: the kiosk's ALSA devices are in /etc/asound.conf.saarthi; merge them by hand"
fi
if [[ $MODE == self-contained ]]; then run='/opt/saarthi/app/saarthi "$@"'; else run='/usr/bin/dotnet /opt/saarthi/app/saarthi.dll "$@"'; fi
cat >"$DEST/usr/local/bin/saarthi" <<EOF
#!/bin/sh
# The kiosk's command for technicians: saarthi doctor, saarthi snapshot info, ... (installed by install.sh)
export SAARTHI_DATA_DIR=/var/lib/saarthi SAARTHI_KIOSK_ID="\$(cat /var/lib/saarthi/kiosk-id 2>/dev/null)" DOTNET_CLI_TELEMETRY_OPTOUT=1
exec $run
EOF
chmod 0755 "$DEST/usr/local/bin/saarthi"
own "$APP_DIR/firmware-config"

if [[ $SCRATCH -eq 1 ]]; then
  say "    scratch root: systemctl/udevadm not called"
else
  if command -v udevadm >/dev/null 2>&1; then udevadm control --reload && udevadm trigger --subsystem-match=tty || warn "udevadm reload failed"; fi
  if command -v systemctl >/dev/null 2>&1; then
    systemctl daemon-reload
    systemctl enable saarthi >/dev/null 2>&1 || warn "systemctl enable saarthi failed"
    if [[ $MODE == framework-dependent ]] && ! has_runtime; then
      warn "service not started: the .NET runtime is missing (step 2)"
    else
      systemctl restart saarthi || warn "systemctl restart saarthi failed: journalctl -u saarthi"
    fi
  fi
fi
printf '%s\n' "$VERSION" >"$APP_DIR/INSTALLED-VERSION"
ROLLBACK=()
say "done: Saarthi $VERSION, kiosk $KIOSK_ID. Check the board with: saarthi doctor"
