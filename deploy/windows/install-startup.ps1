<#
.SYNOPSIS
  Starts the IOC Wall at logon of the current user (the kiosk account, with automatic logon) and keeps it running.

.DESCRIPTION
  Registers the scheduled task "IOC Wall": at this user's logon it runs the wall in a hidden PowerShell loop that
  starts the wall again 2 s after it ends for any reason (a crash included: Task Scheduler's own restart settings
  apply when the task fails to start, so they back up the loop rather than replace it). Turns off the monitor
  timeout, sleep on mains power and the screen saver for this user; the wall switches its screens off and on
  itself when its configuration has a "power" schedule. Run again to update; -Uninstall removes the task.

.EXAMPLE
  powershell -ExecutionPolicy Bypass -File deploy\windows\install-startup.ps1
  powershell -ExecutionPolicy Bypass -File deploy\windows\install-startup.ps1 -WallArgs '--config C:\ioc\wall.json'
#>
param(
    [string]$Exe = (Join-Path $PSScriptRoot '..\..\.venv\Scripts\ioc-wall.exe'),
    [string]$WallArgs = '',
    [switch]$Uninstall
)
$ErrorActionPreference = 'Stop'
$TaskName = 'IOC Wall'

if ($Uninstall) {
    Unregister-ScheduledTask -TaskName $TaskName -Confirm:$false -ErrorAction SilentlyContinue
    Write-Host "removed scheduled task '$TaskName' (power and screen saver settings left as they are)"
    return
}

$Exe = (Resolve-Path $Exe).Path  # fails here, with the path, when the wall is not installed
$user = "$env:USERDOMAIN\$env:USERNAME"
$loop = "while (`$true) { & '$Exe' $WallArgs; Start-Sleep -Seconds 2 }"
$action = New-ScheduledTaskAction -Execute 'powershell.exe' `
    -Argument "-NoProfile -NonInteractive -WindowStyle Hidden -Command `"$loop`"" `
    -WorkingDirectory (Split-Path $Exe)
$trigger = New-ScheduledTaskTrigger -AtLogOn -User $user
$settings = New-ScheduledTaskSettingsSet -RestartCount 255 -RestartInterval (New-TimeSpan -Minutes 1) `
    -ExecutionTimeLimit ([TimeSpan]::Zero) -MultipleInstances IgnoreNew -StartWhenAvailable `
    -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries -DontStopOnIdleEnd
$principal = New-ScheduledTaskPrincipal -UserId $user -LogonType Interactive -RunLevel Limited
Register-ScheduledTask -TaskName $TaskName -Action $action -Trigger $trigger -Settings $settings `
    -Principal $principal -Force | Out-Null
Write-Host "scheduled task '$TaskName': runs $Exe $WallArgs at logon of $user, restarted when it ends"

powercfg /change monitor-timeout-ac 0
powercfg /change standby-timeout-ac 0
Set-ItemProperty -Path 'HKCU:\Control Panel\Desktop' -Name ScreenSaveActive -Value '0'
Write-Host 'monitor timeout and sleep on mains power: never; screen saver: off (for this user)'
Write-Host "start it now: Start-ScheduledTask -TaskName '$TaskName'"
