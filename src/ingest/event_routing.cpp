#include "ingest/event_routing.h"

#include <string>

#include "core/strings.h"

namespace quarry::ingest {
namespace {

bool AllDigits(std::string_view s) {
  if (s.empty() || s.size() > 18) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

void NumberIfDigits(Event& ev, std::string_view name) {
  Value* v = ev.FindMutable(name);
  if (v == nullptr || v->type() != ValueType::kString || !AllDigits(v->as_string())) return;
  *v = Value::Long(std::stoll(v->as_string()));
}

void RenameIfAbsent(Event& ev, std::string_view from, std::string_view to) {
  if (ev.Find(to) == nullptr && ev.Find(from) != nullptr) ev.Rename(from, to);
}

bool IsSysmonProvider(const Value* provider) {
  return provider != nullptr && provider->type() == ValueType::kString &&
         EqualsIgnoreCaseAscii(provider->as_string(), "Microsoft-Windows-Sysmon");
}

}  // namespace

void FinishEvent(std::string_view default_table, Event& ev) {
  const Value* channel = ev.Find("Channel");
  bool windows =
      channel != nullptr && channel->type() == ValueType::kString && ev.Find("EventID") != nullptr;
  if (windows) {
    RenameIfAbsent(ev, "Hostname", "Computer");
    RenameIfAbsent(ev, "SourceName", "Provider");
    RenameIfAbsent(ev, "RecordNumber", "EventRecordID");
    for (std::string_view name :
         {"EventID", "EventRecordID", "Level", "Task", "Opcode", "Version"}) {
      NumberIfDigits(ev, name);
    }
    channel = ev.Find("Channel");
    const std::string& ch = channel->as_string();
    if (EqualsIgnoreCaseAscii(ch, "Security")) {
      ev.table = kSecurityEventTable;
    } else if (EqualsIgnoreCaseAscii(ch, "Microsoft-Windows-Sysmon/Operational") ||
               IsSysmonProvider(ev.Find("Provider"))) {
      ev.table = kSysmonEventTable;
    } else {
      ev.table = kWindowsEventTable;
    }
    return;
  }
  if (!ev.table.empty()) return;
  const Value* type = ev.Find("Type");
  if (type != nullptr && type->type() == ValueType::kString && !type->as_string().empty() &&
      ev.Find("TenantId") != nullptr) {
    ev.table = SanitizeIdentifier(type->as_string());
    return;
  }
  ev.table = default_table;
}

}  // namespace quarry::ingest
