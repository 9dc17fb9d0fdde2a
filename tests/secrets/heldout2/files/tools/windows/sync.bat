@echo off
setlocal
rem Nightly mirror of the ledger repo from Azure DevOps to the file share
set SYNC_USER=%~1
set AZURE_DEVOPS_EXT_PAT=izxqxlefsx56vce67pzdkvc5garuztvdfqvc3nptosw3q66xjrxe
az devops configure --defaults organization=https://dev.azure.com/harborledger project=Ledger
git -C D:\mirror\ledger fetch --all --prune
endlocal
