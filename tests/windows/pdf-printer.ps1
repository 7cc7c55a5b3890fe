# A printer that writes every job to one PDF file without asking where to save it: the "Microsoft Print To
# PDF" driver on a local port whose name is a file path. For the smoke test and by hand:
#   powershell -ExecutionPolicy Bypass -File tests\windows\pdf-printer.ps1 [-Name "MotCua PDF"] [-File C:\motcua-smoke\print.pdf]
#   powershell -ExecutionPolicy Bypass -File tests\windows\pdf-printer.ps1 -Remove
param(
  [string]$Name = "MotCua PDF",
  [string]$File = "C:\motcua-smoke\print.pdf",
  [switch]$Remove
)
$ErrorActionPreference = "Stop"

if ($Remove) {
  if (Get-Printer -Name $Name -ErrorAction SilentlyContinue) { Remove-Printer -Name $Name }
  if (Get-PrinterPort -Name $File -ErrorAction SilentlyContinue) { Remove-PrinterPort -Name $File }
  Write-Output "removed $Name"
  exit 0
}

Start-Service -Name Spooler
if (-not (Get-PrinterDriver -Name "Microsoft Print To PDF" -ErrorAction SilentlyContinue)) {
  # Windows Server images ship the driver as an optional feature.
  Enable-WindowsOptionalFeature -Online -FeatureName "Printing-PrintToPDFServices-Features" -All -NoRestart | Out-Null
}
New-Item -ItemType Directory -Force -Path (Split-Path $File) | Out-Null
if (-not (Get-PrinterPort -Name $File -ErrorAction SilentlyContinue)) { Add-PrinterPort -Name $File }
if (-not (Get-Printer -Name $Name -ErrorAction SilentlyContinue)) {
  Add-Printer -Name $Name -DriverName "Microsoft Print To PDF" -PortName $File
}
Get-Printer -Name $Name | Format-List Name, DriverName, PortName
Write-Output "printer '$Name' writes to $File"
