<#
  WIA 2.0 helper for Mot Cua Desk (run by main/devices/scanning/wia-driver.ts as a child process):
    powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File wia-scan.ps1 -Action list
    ... -Action caps -DeviceId <id>
    ... -Action scan -DeviceId <id> -Source flatbed|feeder|duplex -Dpi 200 -Color color|gray|bw
        -WidthMm 210 -HeightMm 297 -OutDir <job folder> -StartIndex 1
  Output: one JSON object per line on stdout (UTF-8):
    {"type":"device","id":..,"name":..,"manufacturer":..}
    {"type":"caps","sources":[..],"resolutions":[..],"colorModes":[..],"maxWidthMm":..,"maxHeightMm":..}
    {"type":"page","path":..,"width":..,"height":..,"dpi":..,"side":"front|back"}
    {"type":"error","hresult":"0x80210002","code":"PAPER_JAM","message":..}
    {"type":"done","pages":N}
  Each page is saved as "<name>.part" and renamed when complete, then its line is printed.
  Uses the WIA automation objects (WIA.DeviceManager, no dialog), so it works without a user clicking.
#>
param(
  [ValidateSet('list', 'caps', 'scan')][string]$Action = 'list',
  [string]$DeviceId = '',
  [ValidateSet('flatbed', 'feeder', 'duplex')][string]$Source = 'flatbed',
  [int]$Dpi = 200,
  [ValidateSet('color', 'gray', 'bw')][string]$Color = 'color',
  [double]$WidthMm = 210,
  [double]$HeightMm = 297,
  [string]$OutDir = '.',
  [int]$StartIndex = 1
)

$ErrorActionPreference = 'Stop'
[Console]::OutputEncoding = New-Object System.Text.UTF8Encoding($false)

# WIA property ids (wiadef.h)
$WIA_DIP_DEV_NAME = 7
$WIA_DIP_VEND_DESC = 3
$WIA_DPS_HORIZONTAL_BED_SIZE = 3074      # thousandths of an inch
$WIA_DPS_VERTICAL_BED_SIZE = 3075
$WIA_DPS_HORIZONTAL_SHEET_FEED_SIZE = 3076
$WIA_DPS_VERTICAL_SHEET_FEED_SIZE = 3077
$WIA_DPS_DOCUMENT_HANDLING_CAPABILITIES = 3086   # FEED=1 FLAT=2 DUP=4
$WIA_DPS_DOCUMENT_HANDLING_STATUS = 3087
$WIA_DPS_DOCUMENT_HANDLING_SELECT = 3088         # FEEDER=1 FLATBED=2 DUPLEX=4
$WIA_DPS_PAGES = 3096                            # 0 = every sheet in the feeder
$WIA_IPS_CUR_INTENT = 6146                       # 1 colour, 2 greyscale, 4 text (black and white)
$WIA_IPS_XRES = 6147
$WIA_IPS_YRES = 6148
$WIA_IPS_XPOS = 6149
$WIA_IPS_YPOS = 6150
$WIA_IPS_XEXTENT = 6151
$WIA_IPS_YEXTENT = 6152
$WIA_FORMAT_PNG = '{B96B3CAF-0728-11D3-9D7B-0000F81EF32E}'

# WIA HRESULTs (wiadef.h) → the app's ScanErrorCode
$Codes = @{
  0x80210001 = 'FAILED'          # WIA_ERROR_GENERAL_ERROR
  0x80210002 = 'PAPER_JAM'       # WIA_ERROR_PAPER_JAM
  0x80210003 = 'FEEDER_EMPTY'    # WIA_ERROR_PAPER_EMPTY
  0x80210004 = 'PAPER_JAM'       # WIA_ERROR_PAPER_PROBLEM
  0x80210005 = 'DISCONNECTED'    # WIA_ERROR_OFFLINE
  0x80210006 = 'BUSY'            # WIA_ERROR_BUSY
  0x80210007 = 'BUSY'            # WIA_ERROR_WARMING_UP
  0x80210008 = 'FAILED'          # WIA_ERROR_USER_INTERVENTION
  0x8021000A = 'DISCONNECTED'    # WIA_ERROR_DEVICE_COMMUNICATION
  0x8021000C = 'UNSUPPORTED'     # WIA_ERROR_INCORRECT_HARDWARE_SETTING
  0x8021000D = 'BUSY'            # WIA_ERROR_DEVICE_LOCKED
  0x8021000E = 'DRIVER_CRASHED'  # WIA_ERROR_EXCEPTION_IN_DRIVER
  0x8021000F = 'BAD_OUTPUT'      # WIA_ERROR_INVALID_DRIVER_RESPONSE
  0x80210015 = 'DISCONNECTED'    # WIA_S_NO_DEVICE_AVAILABLE
  0x80210016 = 'COVER_OPEN'      # WIA_ERROR_COVER_OPEN
  0x80210017 = 'FAILED'          # WIA_ERROR_LAMP_OFF
  0x80210020 = 'PAPER_JAM'       # WIA_ERROR_MULTI_FEED
  0x80210064 = 'CANCELLED'       # WIA_ERROR_USER_CANCELLED (driver UI)
}

function Out-Json($obj) {
  [Console]::Out.WriteLine(($obj | ConvertTo-Json -Compress -Depth 4))
  [Console]::Out.Flush()
}

function Get-HResult($err) {
  $ex = $err.Exception
  while ($ex) {
    if ($ex.HResult -and ($ex.HResult -band 0xFFFF0000) -eq 0x80210000) { return $ex.HResult }
    $ex = $ex.InnerException
  }
  return $err.Exception.HResult
}

function Out-Error($err) {
  $hr = Get-HResult $err
  $key = [int64]($hr -band 0xFFFFFFFF)
  $code = 'FAILED'
  foreach ($k in $Codes.Keys) { if ([int64]($k -band 0xFFFFFFFF) -eq $key) { $code = $Codes[$k] } }
  Out-Json @{ type = 'error'; hresult = ('0x{0:X8}' -f $key); code = $code; message = "$($err.Exception.Message)" }
}

function Set-Prop($props, [int]$id, $value) {
  foreach ($p in $props) { if ($p.PropertyID -eq $id) { $p.Value = $value; return $true } }
  return $false
}

function Get-Prop($props, [int]$id) {
  foreach ($p in $props) { if ($p.PropertyID -eq $id) { return $p.Value } }
  return $null
}

function Connect-Device([string]$id) {
  $manager = New-Object -ComObject WIA.DeviceManager
  foreach ($info in $manager.DeviceInfos) {
    if ($info.DeviceID -eq $id) { return $info.Connect() }
  }
  throw (New-Object System.Runtime.InteropServices.COMException('WIA device not found', 0x80210015))
}

try {
  if ($Action -eq 'list') {
    $manager = New-Object -ComObject WIA.DeviceManager
    foreach ($info in $manager.DeviceInfos) {
      if ($info.Type -ne 1) { continue }  # 1 = ScannerDeviceType
      Out-Json @{ type = 'device'; id = $info.DeviceID; name = "$(Get-Prop $info.Properties $WIA_DIP_DEV_NAME)"; manufacturer = "$(Get-Prop $info.Properties $WIA_DIP_VEND_DESC)" }
    }
    Out-Json @{ type = 'done'; pages = 0 }
    exit 0
  }

  $device = Connect-Device $DeviceId
  if ($Action -eq 'caps') {
    $handling = Get-Prop $device.Properties $WIA_DPS_DOCUMENT_HANDLING_CAPABILITIES
    $sources = @()
    if ($null -eq $handling -or ($handling -band 2)) { $sources += 'flatbed' }
    if ($handling -band 1) { $sources += 'feeder' }
    if ($handling -band 4) { $sources += 'duplex' }
    $item = $device.Items.Item(1)
    $res = @()
    foreach ($p in $item.Properties) {
      if ($p.PropertyID -eq $WIA_IPS_XRES) {
        if ($p.SubType -eq 2) { foreach ($v in $p.SubTypeValues) { $res += [int]$v } }          # list
        elseif ($p.SubType -eq 1) { $res += [int]$p.SubTypeMin; $res += [int]$p.SubTypeMax }  # range: min, max
      }
    }
    $w = Get-Prop $device.Properties $WIA_DPS_HORIZONTAL_BED_SIZE
    $h = Get-Prop $device.Properties $WIA_DPS_VERTICAL_BED_SIZE
    if (-not $w) { $w = Get-Prop $device.Properties $WIA_DPS_HORIZONTAL_SHEET_FEED_SIZE }
    if (-not $h) { $h = Get-Prop $device.Properties $WIA_DPS_VERTICAL_SHEET_FEED_SIZE }
    $rangeKind = 'list'
    foreach ($p in $item.Properties) { if ($p.PropertyID -eq $WIA_IPS_XRES -and $p.SubType -eq 1) { $rangeKind = 'range' } }
    Out-Json @{ type = 'caps'; sources = $sources; resolutions = $res; resolutionKind = $rangeKind; colorModes = @('color', 'gray', 'bw');
      maxWidthMm = if ($w) { [math]::Round($w * 25.4 / 1000, 1) } else { $null }; maxHeightMm = if ($h) { [math]::Round($h * 25.4 / 1000, 1) } else { $null } }
    Out-Json @{ type = 'done'; pages = 0 }
    exit 0
  }

  # scan
  $select = @{ flatbed = 2; feeder = 1; duplex = 5 }[$Source]   # duplex = FEEDER | DUPLEX
  if ($Source -ne 'flatbed') {
    [void](Set-Prop $device.Properties $WIA_DPS_DOCUMENT_HANDLING_SELECT $select)
    [void](Set-Prop $device.Properties $WIA_DPS_PAGES 0)
  }
  $item = $device.Items.Item(1)
  $intent = @{ color = 1; gray = 2; bw = 4 }[$Color]
  [void](Set-Prop $item.Properties $WIA_IPS_CUR_INTENT $intent)
  [void](Set-Prop $item.Properties $WIA_IPS_XRES $Dpi)
  [void](Set-Prop $item.Properties $WIA_IPS_YRES $Dpi)
  [void](Set-Prop $item.Properties $WIA_IPS_XPOS 0)
  [void](Set-Prop $item.Properties $WIA_IPS_YPOS 0)
  [void](Set-Prop $item.Properties $WIA_IPS_XEXTENT ([int][math]::Round($WidthMm / 25.4 * $Dpi)))
  [void](Set-Prop $item.Properties $WIA_IPS_YEXTENT ([int][math]::Round($HeightMm / 25.4 * $Dpi)))

  $n = $StartIndex
  $done = 0
  while ($true) {
    try {
      $image = $item.Transfer($WIA_FORMAT_PNG)
    } catch {
      $hr = [int64]((Get-HResult $_) -band 0xFFFFFFFF)
      # An empty feeder after at least one sheet is the normal end of a batch.
      if ($hr -eq 0x80210003 -and $done -gt 0) { break }
      Out-Error $_
      exit 2
    }
    $final = Join-Path $OutDir ('p{0:D4}.png' -f $n)
    $part = "$final.part"
    if (Test-Path $part) { Remove-Item $part -Force }
    $image.SaveFile($part)
    Move-Item -LiteralPath $part -Destination $final -Force
    $side = if ($Source -eq 'duplex') { if ($done % 2 -eq 0) { 'front' } else { 'back' } } else { $null }
    Out-Json @{ type = 'page'; path = $final; width = $image.Width; height = $image.Height; dpi = [int]$image.HorizontalResolution; side = $side }
    $n++
    $done++
    if ($Source -eq 'flatbed') { break }
  }
  Out-Json @{ type = 'done'; pages = $done }
  exit 0
} catch {
  Out-Error $_
  exit 2
}
