# Builds the Windows installers (.msi) of the console and the server. Windows only: jpackage --type msi
# needs the WiX Toolset 3.x (candle.exe, light.exe on PATH) and a JDK 17 with jmods, plus the
# JavaFX 21.0.11 *win* jars (org.openjfx:javafx-*:21.0.11:win) in the local Maven repository.
# Run from the repository root after:  mvn -DskipTests package   (builds client-app and ops-server)
#   powershell -ExecutionPolicy Bypass -File installer\src\package\windows\build-msi.ps1
# Output: installer\target\packages\yzt-ops-console-0.1.0.msi, yzt-ops-server-0.1.0.msi
param(
  [string]$Target = "target",
  [string]$Version = "0.1.0",
  [string]$FxVersion = "21.0.11",
  [string]$ConsoleMain = "cn.yzt.ops.client.login.ConsoleApp"
)
$ErrorActionPreference = "Stop"
$root = (Resolve-Path "$PSScriptRoot\..\..\..\..").Path
$here = "$root\installer\src\package\windows"
$work = "$root\installer\$Target\package-work-win"
$out = "$root\installer\$Target\packages"
$m2 = "$env:USERPROFILE\.m2\repository"
$jmods = "$env:JAVA_HOME\jmods"
Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
New-Item -ItemType Directory -Force $work, $out, "$work\fx\mods", "$work\fx\native" | Out-Null

# bgmprovider's JVM options: one --java-options per line of tlcp-transport/src/main/jvm/tlcp.args
$javaOpts = @("--java-options", "-Dfile.encoding=UTF-8")
Get-Content "$root\tlcp-transport\src\main\jvm\tlcp.args" | Where-Object { $_ -and -not $_.StartsWith("#") } |
  ForEach-Object { $javaOpts += @("--java-options", $_) }

$jdkModules = "java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml," +
  "java.transaction.xa,java.security.jgss,jdk.crypto.ec,jdk.unsupported,jdk.localedata,jdk.charsets,jdk.zipfs,jdk.jfr"
$jlinkCommon = @("--strip-debug", "--no-header-files", "--no-man-pages", "--compress=2", "--include-locales=zh,zh-CN,en")

# Console runtime: JavaFX modules from the modular -win jars, their DLLs moved into runtime\bin
# (System.loadLibrary finds them there: nothing is unpacked into %USERPROFILE%\.openjfx).
foreach ($m in "base", "graphics", "controls") {
  $jar = "$m2\org\openjfx\javafx-$m\$FxVersion\javafx-$m-$FxVersion-win.jar"
  Copy-Item $jar "$work\fx\mods\"
  Add-Type -AssemblyName System.IO.Compression.FileSystem
  $z = [System.IO.Compression.ZipFile]::OpenRead($jar)
  $z.Entries | Where-Object { $_.Name -like "*.dll" } | ForEach-Object {
    [System.IO.Compression.ZipFileExtensions]::ExtractToFile($_, "$work\fx\native\$($_.Name)", $true) }
  $z.Dispose()
}
& jlink @jlinkCommon --module-path "$jmods;$work\fx\mods" --add-modules "$jdkModules,javafx.controls" `
  "--exclude-resources=glob:/javafx.graphics/*.dll" --output "$work\runtime-console"
Copy-Item "$work\fx\native\*.dll" "$work\runtime-console\bin\"
& jlink @jlinkCommon --module-path $jmods --add-modules $jdkModules --output "$work\runtime-server"

New-Item -ItemType Directory -Force "$work\input-console\lib", "$work\input-server\lib" | Out-Null
Copy-Item "$root\client-app\$Target\client-app-0.1.0-SNAPSHOT.jar" "$work\input-console\"
Get-ChildItem "$root\client-app\$Target\lib\*.jar" | Where-Object { $_.Name -notlike "javafx-*" } |
  Copy-Item -Destination "$work\input-console\lib\"
Copy-Item "$root\ops-server\$Target\ops-server-0.1.0-SNAPSHOT.jar" "$work\input-server\"
Copy-Item "$root\ops-server\$Target\lib\*.jar" "$work\input-server\lib\"
# The default configuration ships inside the app; on Windows the console's system file is
# %ProgramData%\yzt-ops\console.properties (copy it there with your site's values; see README-windows.md).
Copy-Item "$here\console.properties" "$work\input-console\"

& jpackage --type msi --dest $out --name yzt-ops-console --app-version $Version --vendor YZT `
  --description "YZT Ops Console (一张图运维控制台)" --runtime-image "$work\runtime-console" `
  --input "$work\input-console" --main-jar client-app-0.1.0-SNAPSHOT.jar --main-class $ConsoleMain `
  @javaOpts --win-menu --win-menu-group "YZT" --win-shortcut --win-dir-chooser --win-per-user-install:$false `
  --win-upgrade-uuid "6f1c7f0e-3b1e-4a57-9a51-5a3c1e2a7c01"
# The server on Windows runs in a console window or under a service wrapper of your choice
# (e.g. WinSW); it is packaged for completeness, Linux is the supported server platform.
& jpackage --type msi --dest $out --name yzt-ops-server --app-version $Version --vendor YZT `
  --description "YZT ops server (一张图运维服务)" --runtime-image "$work\runtime-server" `
  --input "$work\input-server" --main-jar ops-server-0.1.0-SNAPSHOT.jar `
  --main-class cn.yzt.ops.server.cli.OpsServerCli @javaOpts --java-options -Djava.awt.headless=true `
  --win-console --win-dir-chooser --win-upgrade-uuid "6f1c7f0e-3b1e-4a57-9a51-5a3c1e2a7c02"
Get-ChildItem $out
