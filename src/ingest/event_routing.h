// The last step of every reader: common Windows column names and the table an event goes to.
#pragma once

#include <string_view>

#include "core/event.h"

namespace quarry::ingest {

// Table names (Sentinel's where Sentinel has one).
inline constexpr std::string_view kSecurityEventTable = "SecurityEvent";
inline constexpr std::string_view kSysmonEventTable = "SysmonEvent";
inline constexpr std::string_view kWindowsEventTable = "WindowsEvent";
inline constexpr std::string_view kCloudTrailTable = "AWSCloudTrail";
inline constexpr std::string_view kSyslogTable = "Syslog";

// Windows records (a Channel and an EventID) get the common names (`Hostname` -> `Computer`,
// `SourceName` -> `Provider`, `RecordNumber` -> `EventRecordID`), numeric System fields as
// numbers, and the table by channel: Security -> SecurityEvent, Sysmon -> SysmonEvent, other
// channels -> WindowsEvent. Other records keep a table the reader set, else a Sentinel `Type`,
// else `default_table`.
void FinishEvent(std::string_view default_table, Event& event);

}  // namespace quarry::ingest
