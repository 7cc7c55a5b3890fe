# Installs the built installer silently (NSIS /S) into a given folder, for the smoke test and by hand:
#   powershell -ExecutionPolicy Bypass -File tests\windows\install.ps1 [-Installer release\MotCuaDesk-Setup-0.1.0-x64.exe] [-Dir C:\motcua-smoke\app]
#   powershell -ExecutionPolicy Bypass -File tests\windows\install.ps1 -Uninstall [-Dir C:\motcua-smoke\app]
# Prints the installed folder on its last line.
param(
  [string]$Installer = "",
  [string]$Dir = "C:\motcua-smoke\app",
  [switch]$Uninstall
)
$ErrorActionPreference = "Stop"

if ($Uninstall) {
  $uninstaller = Get-ChildItem -Path $Dir -Filter "Uninstall*.exe" | Select-Object -First 1
  if (-not $uninstaller) { throw "No uninstaller in $Dir" }
  # _?= keeps the uninstaller in place so -Wait waits for the real work.
  Start-Process -FilePath $uninstaller.FullName -ArgumentList "/S", "_?=$Dir" -Wait
  if (Test-Path (Join-Path $Dir "resources\app.asar")) { throw "Uninstall left the app in $Dir" }
  Write-Output "uninstalled $Dir"
  exit 0
}

if (-not $Installer) {
  $found = Get-ChildItem -Path "release" -Filter "MotCuaDesk-Setup-*-x64.exe" | Sort-Object LastWriteTime | Select-Object -Last 1
  if (-not $found) { throw "No installer in release\ (run npm run dist:win first)" }
  $Installer = $found.FullName
}
Write-Output "installing $Installer into $Dir"
# NSIS: /S silent; /D= must be last and unquoted, even with spaces.
$p = Start-Process -FilePath $Installer -ArgumentList "/S", "/D=$Dir" -Wait -PassThru
if ($p.ExitCode -ne 0) { throw "Installer exited with $($p.ExitCode)" }
$exe = Get-ChildItem -Path $Dir -Filter "*.exe" | Where-Object { $_.Name -notlike "Uninstall*" } | Select-Object -First 1
if (-not $exe) { throw "No application exe in $Dir after install" }
if (-not (Test-Path (Join-Path $Dir "resources\app.asar"))) { throw "No resources\app.asar in $Dir" }
Write-Output "installed $($exe.FullName)"
Write-Output $Dir
