#include "sigma/logsource.h"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <utility>

namespace quarry::sigma {
namespace {

const char* kSysmon = "Microsoft-Windows-Sysmon/Operational";

struct CategoryIds {
  const char* category;
  std::vector<int64_t> ids;
};

const std::vector<CategoryIds>& SysmonCategories() {
  static const std::vector<CategoryIds> k = {
      {"process_creation", {1}},
      {"file_change", {2}},
      {"network_connection", {3}},
      {"sysmon_status", {4, 16}},
      {"process_termination", {5}},
      {"driver_load", {6}},
      {"image_load", {7}},
      {"create_remote_thread", {8}},
      {"raw_access_thread", {9}},
      {"process_access", {10}},
      {"file_event", {11}},
      {"registry_event", {12, 13, 14}},
      {"registry_add", {12}},
      {"registry_delete", {12}},
      {"registry_set", {13}},
      {"registry_rename", {14}},
      {"create_stream_hash", {15}},
      {"pipe_created", {17, 18}},
      {"wmi_event", {19, 20, 21}},
      {"dns_query", {22}},
      {"file_delete", {23}},
      {"clipboard_capture", {24}},
      {"clipboard_change", {24}},
      {"process_tampering", {25}},
      {"file_delete_detected", {26}},
      {"file_block_executable", {27}},
      {"file_block_shredding", {28}},
      {"file_executable_detected", {29}},
      {"sysmon_error", {255}},
  };
  return k;
}

const std::map<std::string, std::vector<std::string>>& ServiceChannels() {
  static const std::map<std::string, std::vector<std::string>> k = {
      {"security", {"Security"}},
      {"system", {"System"}},
      {"application", {"Application"}},
      {"sysmon", {kSysmon}},
      {"powershell", {"Microsoft-Windows-PowerShell/Operational", "PowerShellCore/Operational"}},
      {"powershell-classic", {"Windows PowerShell"}},
      {"taskscheduler", {"Microsoft-Windows-TaskScheduler/Operational"}},
      {"wmi", {"Microsoft-Windows-WMI-Activity/Operational"}},
      {"windefend", {"Microsoft-Windows-Windows Defender/Operational"}},
      {"firewall-as", {"Microsoft-Windows-Windows Firewall With Advanced Security/Firewall"}},
      {"codeintegrity-operational", {"Microsoft-Windows-CodeIntegrity/Operational"}},
      {"bits-client", {"Microsoft-Windows-Bits-Client/Operational"}},
      {"ntlm", {"Microsoft-Windows-NTLM/Operational"}},
      {"dns-client", {"Microsoft-Windows-DNS Client Events/Operational"}},
      {"dns-server", {"DNS Server"}},
      {"dns-server-analytic", {"Microsoft-Windows-DNS-Server/Analytical"}},
      {"appxdeployment-server", {"Microsoft-Windows-AppXDeploymentServer/Operational"}},
      {"appxpackaging-om", {"Microsoft-Windows-AppxPackaging/Operational"}},
      {"msexchange-management", {"MSExchange Management"}},
      {"applocker",
       {"Microsoft-Windows-AppLocker/MSI and Script", "Microsoft-Windows-AppLocker/EXE and DLL",
        "Microsoft-Windows-AppLocker/Packaged app-Deployment",
        "Microsoft-Windows-AppLocker/Packaged app-Execution"}},
      {"security-mitigations",
       {"Microsoft-Windows-Security-Mitigations/Kernel Mode",
        "Microsoft-Windows-Security-Mitigations/User Mode"}},
      {"lsa-server", {"Microsoft-Windows-LSA/Operational"}},
      {"openssh", {"OpenSSH/Operational"}},
      {"printservice-admin", {"Microsoft-Windows-PrintService/Admin"}},
      {"printservice-operational", {"Microsoft-Windows-PrintService/Operational"}},
      {"smbclient-security", {"Microsoft-Windows-SmbClient/Security"}},
      {"smbclient-connectivity", {"Microsoft-Windows-SmbClient/Connectivity"}},
      {"smbserver-connectivity", {"Microsoft-Windows-SMBServer/Connectivity"}},
      {"terminalservices-localsessionmanager",
       {"Microsoft-Windows-TerminalServices-LocalSessionManager/Operational"}},
      {"dhcp", {"Microsoft-Windows-DHCP-Server/Operational"}},
      {"driver-framework", {"Microsoft-Windows-DriverFrameworks-UserMode/Operational"}},
      {"diagnosis-scripted", {"Microsoft-Windows-Diagnosis-Scripted/Operational"}},
      {"shell-core", {"Microsoft-Windows-Shell-Core/Operational"}},
      {"vhdmp", {"Microsoft-Windows-VHDMP/Operational"}},
      {"ldap", {"Microsoft-Windows-LDAP-Client/Debug"}},
      {"capi2", {"Microsoft-Windows-CAPI2/Operational"}},
      {"certificateservicesclient-lifecycle-system",
       {"Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational"}},
      {"kernel-shimengine", {"Microsoft-Windows-Kernel-ShimEngine/Operational"}},
      {"microsoft-servicebus-client", {"Microsoft-ServiceBus-Client"}},
      {"hyper-v-worker", {"Microsoft-Windows-Hyper-V-Worker"}},
      {"iis-configuration", {"Microsoft-IIS-Configuration/Operational"}},
      {"sysmon-operational", {kSysmon}},
      {"wmi-activity", {"Microsoft-Windows-WMI-Activity/Operational"}},
      {"bitlocker", {"Microsoft-Windows-BitLocker/BitLocker Management"}},
      {"file-share", {"Microsoft-Windows-SMBServer/Security"}},
      {"rdp", {"Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational"}},
      {"terminalservices-remoteconnectionmanager",
       {"Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational"}},
      {"ntfs", {"Microsoft-Windows-Ntfs/Operational"}},
      {"sense", {"Microsoft-Windows-SENSE/Operational"}},
      {"appmodel-runtime", {"Microsoft-Windows-AppModel-Runtime/Admin"}},
      {"user-profile", {"Microsoft-Windows-User Profile Service/Operational"}},
  };
  return k;
}

// Sysmon field names that Security 4688 carries under other names, or not at all.
std::map<std::string, std::string> Security4688Fields() {
  std::map<std::string, std::string> m = {
      {"Image", "NewProcessName"},
      {"ParentImage", "ParentProcessName"},
      {"LogonId", "SubjectLogonId"},
  };
  for (const char* absent : {"OriginalFileName",
                             "Description",
                             "Product",
                             "Company",
                             "FileVersion",
                             "Hashes",
                             "md5",
                             "sha1",
                             "sha256",
                             "Imphash",
                             "CurrentDirectory",
                             "ParentCommandLine",
                             "User",
                             "ParentUser",
                             "ProcessId",
                             "ParentProcessId",
                             "ProcessGuid",
                             "ParentProcessGuid",
                             "LogonGuid",
                             "TerminalSessionId",
                             "IntegrityLevel"}) {
    m[absent] = "";
  }
  return m;
}

Variant WindowsVariant(std::string name, std::vector<std::string> channels,
                       std::vector<int64_t> ids) {
  Variant v;
  v.name = std::move(name);
  v.gate.windows = true;
  v.gate.channels = std::move(channels);
  v.gate.event_ids = std::move(ids);
  return v;
}

}  // namespace

const std::map<std::string, std::string>& CommonFieldMap() {
  static const std::map<std::string, std::string> k = {{"Provider_Name", "Provider"}};
  return k;
}

Mapping MapLogSource(const LogSource& s, const MappingOverrides* overrides) {
  Mapping m;
  if (overrides != nullptr && (s.product == "windows" || s.product.empty())) {
    auto cat = overrides->categories.find(s.category);
    if (!s.category.empty() && cat != overrides->categories.end()) {
      Variant v = WindowsVariant("mapping file", cat->second.channels, cat->second.event_ids);
      v.field_map = cat->second.fields;
      m.variants.push_back(std::move(v));
      return m;
    }
    auto svc = overrides->services.find(s.service);
    if (s.category.empty() && !s.service.empty() && svc != overrides->services.end()) {
      m.variants.push_back(WindowsVariant("mapping file", svc->second, {}));
      return m;
    }
  }
  if (s.product == "windows" || (s.product.empty() && ServiceChannels().count(s.service))) {
    std::vector<std::string> channels;
    if (!s.service.empty()) {
      auto it = ServiceChannels().find(s.service);
      if (it == ServiceChannels().end()) {
        m.note = "logsource service '" + s.service + "' has no channel mapping";
        return m;
      }
      channels = it->second;
    }
    if (s.category.empty()) {
      m.variants.push_back(WindowsVariant("windows", channels, {}));
      return m;
    }
    const std::string& c = s.category;
    for (const auto& cat : SysmonCategories()) {
      if (c != cat.category) continue;
      Variant v = WindowsVariant(
          "sysmon", channels.empty() ? std::vector<std::string>{kSysmon} : channels, cat.ids);
      if (c == "registry_add") v.gate.field_equals.push_back({"EventType", {"CreateKey"}});
      if (c == "registry_delete") {
        v.gate.field_equals.push_back({"EventType", {"DeleteKey", "DeleteValue"}});
      }
      m.variants.push_back(std::move(v));
      if (c == "process_creation") {
        Variant sec = WindowsVariant("security-4688", {"Security"}, {4688});
        sec.field_map = Security4688Fields();
        m.variants.push_back(std::move(sec));
      }
      return m;
    }
    if (c == "ps_module") {
      m.variants.push_back(WindowsVariant(
          "powershell", {"Microsoft-Windows-PowerShell/Operational", "PowerShellCore/Operational"},
          {4103}));
    } else if (c == "ps_script") {
      m.variants.push_back(WindowsVariant(
          "powershell", {"Microsoft-Windows-PowerShell/Operational", "PowerShellCore/Operational"},
          {4104}));
    } else if (c == "ps_classic_start") {
      m.variants.push_back(WindowsVariant("powershell-classic", {"Windows PowerShell"}, {400}));
    } else if (c == "ps_classic_provider_start") {
      m.variants.push_back(WindowsVariant("powershell-classic", {"Windows PowerShell"}, {600}));
    } else if (c == "ps_classic_script") {
      m.variants.push_back(WindowsVariant("powershell-classic", {"Windows PowerShell"}, {800}));
    } else if (c == "file_access" || c == "file_rename") {
      // ETW Microsoft-Windows-Kernel-File has no standard channel: gate on the provider.
      Variant v = WindowsVariant("kernel-file", channels, {});
      v.gate.field_equals.push_back({"Provider", {"Microsoft-Windows-Kernel-File"}});
      m.variants.push_back(std::move(v));
    } else if (c == "antivirus") {
      Variant v =
          WindowsVariant("defender", {"Microsoft-Windows-Windows Defender/Operational"},
                         {1006, 1007, 1008, 1009, 1010, 1011, 1012, 1017, 1018, 1019, 1115, 1116});
      v.field_map = {{"Signature", "ThreatName"}, {"Filename", "Path"}};
      m.variants.push_back(std::move(v));
    } else {
      m.note = "logsource category '" + c + "' of product windows has no channel mapping";
    }
    return m;
  }
  if (s.product == "aws" && (s.service.empty() || s.service == "cloudtrail")) {
    Variant v;
    v.name = "cloudtrail";
    v.gate.tables = {"AWSCloudTrail"};
    m.variants.push_back(std::move(v));
    return m;
  }
  if (s.product == "linux") {
    Variant v;
    v.name = "linux";
    if (s.service == "auditd") {
      v.gate.tables = {"LinuxAudit"};
    } else {
      v.gate.tables = {"Syslog", "LinuxAudit"};
    }
    m.variants.push_back(std::move(v));
    return m;
  }
  Variant v;
  v.name = "generic";
  v.gate.generic = true;
  m.variants.push_back(std::move(v));
  m.note = "logsource " + std::string(s.product.empty() ? "" : "product '" + s.product + "' ") +
           std::string(s.category.empty() ? "" : "category '" + s.category + "' ") +
           std::string(s.service.empty() ? "" : "service '" + s.service + "' ") +
           "has no dedicated table: the rule runs on generic tables (JSON, CSV) only";
  return m;
}

std::string SysmonCategoryOf(int64_t event_id) {
  for (const CategoryIds& c : SysmonCategories()) {
    if (c.ids.size() != 1 || c.ids[0] != event_id) continue;
    // These gate on a field too, so they select fewer events than the id.
    std::string_view name = c.category;
    if (name == "registry_add" || name == "registry_delete" || name == "file_change") continue;
    return c.category;
  }
  return {};
}

std::string ServiceOfChannel(const std::string& channel) {
  for (const auto& [service, channels] : ServiceChannels()) {
    if (service == "sysmon-operational") continue;  // an alias of sysmon
    for (const std::string& c : channels) {
      if (c.size() == channel.size() &&
          std::equal(c.begin(), c.end(), channel.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) ==
                   std::tolower(static_cast<unsigned char>(b));
          })) {
        return service;
      }
    }
  }
  return {};
}

}  // namespace quarry::sigma
