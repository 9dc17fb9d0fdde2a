// Maps parsed JSON records of the layouts we accept onto core::Event: evtx_dump style
// (Event.System / Event.EventData / UserData with #attributes), winlogbeat (`winlog.*`),
// AWS CloudTrail (to Sentinel's AWSCloudTrail columns), Sentinel exports and flat JSON.
// The field naming rules are documented in docs/event-model.md.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>

#include "core/event.h"

namespace quarry::ingest {

enum class JsonLayout { kFlat, kEvtxDump, kWinlogbeat, kCloudTrail };
const char* JsonLayoutName(JsonLayout layout);

JsonLayout DetectJsonLayout(simdjson::dom::object record);

// Fills `event` (already cleared, provenance set) from `record`.
void MapJsonRecord(simdjson::dom::object record, std::string_view default_table,
                   simdjson::dom::parser& scratch_parser, Event& event);

// CloudTrail records onto Sentinel's AWSCloudTrail columns (cloudtrail_layout.cpp).
void MapCloudTrail(simdjson::dom::object record, Event& event);
// The CloudTrail record path of an AWSCloudTrail column, dotted as Sigma writes it
// (UserIdentityArn → userIdentity.arn); "" for a column the layout does not fill from a path.
std::string CloudTrailPathOf(std::string_view column);

// Adds `<Data Name="X">value</Data>` pairs of an EventData XML fragment as fields (Sentinel
// exports carry EventData as XML text). Unnamed Data elements join into field `Data`.
void AddEventDataXml(std::string_view xml, Event& event);

}  // namespace quarry::ingest
