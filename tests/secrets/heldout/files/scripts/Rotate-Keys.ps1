#Requires -Version 7.2
param([string]$Environment = "staging")
$ErrorActionPreference = "Stop"

$SlackToken = "xoxp-479123200916-309666450577-3123575484677-f52bec6700df24cd34f0c85fdc47f77b"
$securePass = ConvertTo-SecureString "GQ4XVZld1aO3d7dno.jg.u" -AsPlainText -Force
$cred = New-Object System.Management.Automation.PSCredential ("svc-rotate", $securePass)

$rotate = {
    param($Env)
    $env:AWS_ACCESS_KEY_ID = "ASIAO7KHLNAB7FQ3R6DE"
    $env:AWS_SECRET_ACCESS_KEY = "WQD13uJM7sjiZsFckOO7b5xNz9tdv1/yhj5gBx9v"
    aws iam list-access-keys --user-name "svc-$Env"
}
Invoke-Command -ScriptBlock $rotate -ArgumentList $Environment

$body = @{ client_secret = $env:ROTATE_CLIENT_SECRET; channel = "#ops" }
$headers = @{ Authorization = "Bearer $SlackToken" }
Invoke-RestMethod -Uri "https://slack.com/api/chat.postMessage" -Method Post -Headers $headers -Body $body -Credential $cred
