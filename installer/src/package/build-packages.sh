#!/usr/bin/env bash
# Builds the installable packages (mvn -Ppackage -pl installer -am package runs this):
#   1. two jlink runtimes: the console's (with JavaFX, its native .so files in runtime/lib) and the
#      server's (no JavaFX); both with jdk.localedata (zh, en) so Chinese dates and numbers format;
#   2. jpackage --type deb (and rpm when rpmbuild exists) for yzt-ops-console and yzt-ops-server,
#      with our maintainer scripts (--resource-dir) and the bgmprovider JVM options from
#      tlcp-transport/src/main/jvm/tlcp.args as --java-options lines;
#   3. the .deb files get their /etc defaults (conffiles), the systemd unit and the menu entry added
#      (jpackage 17 cannot place files outside /opt), then are rebuilt with dpkg-deb.
# Usage: build-packages.sh ROOT TARGET VERSION CONSOLE_MAIN_CLASS
set -euo pipefail

root="$1" target="$2" version="$3" console_main="$4"
here="$root/installer/src/package"
out="$root/installer/$target/packages"
work="$root/installer/$target/package-work"
snapshot=0.1.0-SNAPSHOT
java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
jmods="$java_home/jmods"
fx_version="${FX_VERSION:-21.0.11}"
m2="${MAVEN_REPO:-$HOME/.m2/repository}"

for tool in jlink jpackage jar dpkg-deb fakeroot; do
  command -v "$tool" >/dev/null 2>&1 || { echo "package: '$tool' missing (apt-get install openjdk-17-jdk-headless dpkg-dev fakeroot)" >&2; exit 1; }
done
[[ -d "$jmods" ]] || { echo "package: $jmods missing (Debian 12: part of openjdk-17-jdk-headless; elsewhere the openjdk-17-jmods package)" >&2; exit 1; }

rm -rf "$work" "$out"
mkdir -p "$work" "$out"
t0=$SECONDS
log() { printf '[package %3ds] %s\n' $((SECONDS - t0)) "$*"; }

# --- JVM options shared by both launchers ----------------------------------------------------------
# bgmprovider's --add-opens/--add-exports: one --java-options per line of the one list.
java_opts=(--java-options -Dfile.encoding=UTF-8)
while IFS= read -r line; do
  [[ -z "$line" || "$line" == \#* ]] && continue
  java_opts+=(--java-options "$line")
done < "$root/tlcp-transport/src/main/jvm/tlcp.args"

jdk_modules=java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml,java.transaction.xa,java.security.jgss,jdk.crypto.ec,jdk.unsupported,jdk.localedata,jdk.charsets,jdk.zipfs,jdk.jfr
jlink_common=(--strip-debug --no-header-files --no-man-pages --compress=2 --include-locales=zh,zh-CN,en)

# --- console runtime: JDK modules + JavaFX modules from the modular -linux jars -------------------
log "jlink console runtime"
fxdir="$work/fx"
mkdir -p "$fxdir/mods" "$fxdir/native"
for m in base graphics controls; do
  jar="$m2/org/openjfx/javafx-$m/$fx_version/javafx-$m-$fx_version-linux.jar"
  [[ -f "$jar" ]] || { echo "package: $jar missing (build client-app first)" >&2; exit 1; }
  cp "$jar" "$fxdir/mods/"
  # shellcheck disable=SC2046
  (cd "$fxdir/native" && jar xf "$jar" $(jar tf "$jar" | grep '\.so$'))
done
# The .so files are excluded from the modules and put into runtime/lib: JavaFX then finds them
# with System.loadLibrary (sun.boot.library.path) and never unpacks anything into ~/.openjfx.
jlink "${jlink_common[@]}" --module-path "$jmods:$fxdir/mods" \
  --add-modules "$jdk_modules,javafx.controls" --exclude-resources='glob:/javafx.graphics/*.so' \
  --output "$work/runtime-console"
cp "$fxdir/native/"*.so "$work/runtime-console/lib/"
# JNA's native part likewise (jna.boot.library.path below; nothing unpacked into ~/.cache/JNA).
(cd "$work" && jar xf "$(ls "$root/client-app/$target/lib/jna-"*.jar)" com/sun/jna/linux-x86-64/libjnidispatch.so \
  && mv com/sun/jna/linux-x86-64/libjnidispatch.so "$work/runtime-console/lib/" && rm -rf com)

log "jlink server runtime"
# java.desktop stays (java.beans for Jackson/HikariCP) but without its X11/sound natives, so the server
# package does not pull X11 and ALSA libraries onto a headless host (it runs with java.awt.headless).
jlink "${jlink_common[@]}" --module-path "$jmods" --add-modules "$jdk_modules" \
  --exclude-files='glob:**/lib/libawt_xawt.so,glob:**/lib/libsplashscreen.so,glob:**/lib/libjsound.so' \
  --output "$work/runtime-server"

# --- application inputs (class path: the module jar + its runtime dependencies) -------------------
mkdir -p "$work/input-console/lib" "$work/input-server/lib"
cp "$root/client-app/$target/client-app-$snapshot.jar" "$work/input-console/"
find "$root/client-app/$target/lib" -name '*.jar' ! -name 'javafx-*' -exec cp {} "$work/input-console/lib/" \;
cp "$root/ops-server/$target/ops-server-$snapshot.jar" "$work/input-server/"
cp "$root/ops-server/$target/lib/"*.jar "$work/input-server/lib/"

# --- maintainer scripts (jpackage --resource-dir) -------------------------------------------------
mkdir -p "$work/res-console" "$work/res-server"
cp "$here/console/deb/"* "$work/res-console/"
cp "$here/server/deb/"* "$work/res-server/"

types=(deb)
if command -v rpmbuild >/dev/null 2>&1; then types+=(rpm); else log "rpmbuild not found: .rpm skipped (configuration in installer/src/package/rpm)"; fi

rpm_res() {  # the rpm spec of $1 with @PKG@ = this directory (its extra files are installed from here)
  local d="$work/res-rpm-$1"
  mkdir -p "$d"
  sed "s|@PKG@|$here|g" "$here/rpm/$1/yzt-ops-$1.spec" > "$d/yzt-ops-$1.spec"
  echo "$d"
}
for type in "${types[@]}"; do
  log "jpackage console ($type)"
  res="$work/res-console"; [[ $type == rpm ]] && res="$(rpm_res console)"
  jpackage --type "$type" --dest "$work/$type" --temp "$work/tmp-console-$type" --resource-dir "$res" \
    --name yzt-ops-console --app-version "$version" --vendor "YZT" --copyright "YZT" \
    --description "YZT Ops Console (一张图运维控制台): UKEY login over TLCP, maps, signed operations" \
    --runtime-image "$work/runtime-console" --input "$work/input-console" \
    --main-jar "client-app-$snapshot.jar" --main-class "$console_main" \
    "${java_opts[@]}" \
    --java-options '-Djna.boot.library.path=$APPDIR/../runtime/lib' --java-options -Djna.nounpack=true \
    --linux-package-name yzt-ops-console --linux-app-category misc \
    --linux-deb-maintainer "ops@yzt.example" --linux-rpm-license-type "Proprietary"
  log "jpackage server ($type)"
  res="$work/res-server"; [[ $type == rpm ]] && res="$(rpm_res server)"
  jpackage --type "$type" --dest "$work/$type" --temp "$work/tmp-server-$type" --resource-dir "$res" \
    --name yzt-ops-server --app-version "$version" --vendor "YZT" --copyright "YZT" \
    --description "YZT ops server (一张图运维服务): operations API over TLCP, embedded PostgreSQL, ledger" \
    --runtime-image "$work/runtime-server" --input "$work/input-server" \
    --main-jar "ops-server-$snapshot.jar" --main-class cn.yzt.ops.server.cli.OpsServerCli \
    "${java_opts[@]}" --java-options -Djava.awt.headless=true \
    --linux-package-name yzt-ops-server --linux-app-category net \
    --linux-deb-maintainer "ops@yzt.example" --linux-rpm-license-type "Proprietary"
done

# --- .deb: add /etc defaults, unit, menu entry; rebuild ----------------------------------------------
repack() {  # deb-file  extra-files-function
  local deb=$1 add=$2 tree="$work/repack-$(basename "$1" .deb)"
  rm -rf "$tree"
  dpkg-deb -R "$deb" "$tree"
  "$add" "$tree"
  # jpackage's control computes Installed-Size; recompute it with the added files.
  local kb
  kb=$(du -sk --exclude=DEBIAN "$tree" | cut -f1)
  sed -i "s/^Installed-Size:.*/Installed-Size: $kb/" "$tree/DEBIAN/control"
  (cd "$tree" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | xargs -0 md5sum > DEBIAN/md5sums)
  fakeroot dpkg-deb -Zgzip -z6 --root-owner-group -b "$tree" "$out/$(basename "$deb")" >/dev/null
}
console_files() {
  local t=$1
  install -D -m 0644 "$here/console/console.properties" "$t/etc/yzt-ops/console.properties"
  install -D -m 0644 "$here/console/yzt-ops-console.desktop" "$t/usr/share/applications/yzt-ops-console.desktop"
  install -d -m 0755 "$t/usr/bin"
  ln -sf /opt/yzt-ops-console/bin/yzt-ops-console "$t/usr/bin/yzt-ops-console"
  # No xdg-utils: the menu entry is a plain file (STACK-NOTES: xdg-desktop-menu fails without /etc/xdg/menus).
  sed -i -E 's/(, *)?xdg-utils//; s/Depends: *, */Depends: /' "$t/DEBIAN/control"
  echo /etc/yzt-ops/console.properties > "$t/DEBIAN/conffiles"
}
server_files() {
  local t=$1
  install -D -m 0644 "$here/server/ops-server.properties" "$t/etc/yzt-ops/ops-server.properties"
  install -D -m 0600 "$here/server/ops-server.env" "$t/etc/yzt-ops/ops-server.env"
  install -d -m 0755 "$t/etc/yzt-ops/tlcp"
  install -D -m 0644 "$here/server/yzt-ops-server.service" "$t/lib/systemd/system/yzt-ops-server.service"
  install -D -m 0644 "$here/server/README.install" "$t/usr/share/doc/yzt-ops-server/README.install"
  install -d -m 0755 "$t/usr/bin"
  ln -sf /opt/yzt-ops-server/bin/yzt-ops-server "$t/usr/bin/yzt-ops-server"
  printf '%s\n' /etc/yzt-ops/ops-server.properties /etc/yzt-ops/ops-server.env > "$t/DEBIAN/conffiles"
}
log "repack .deb with /etc defaults, systemd unit, menu entry"
repack "$(ls "$work"/deb/yzt-ops-console_*.deb)" console_files
repack "$(ls "$work"/deb/yzt-ops-server_*.deb)" server_files
[[ -d "$work/rpm" ]] && cp "$work"/rpm/*.rpm "$out/"

log "done"
ls -l "$out"
