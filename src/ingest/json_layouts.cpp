#include "ingest/json_layouts.h"

#include <cstring>
#include <limits>
#include <string>

#include "core/strings.h"
#include "core/time.h"
#include "ingest/event_routing.h"
#include "ingest/json_values.h"

namespace quarry::ingest {

using namespace json;  // NOLINT(google-build-using-namespace)

const char* JsonLayoutName(JsonLayout layout) {
  switch (layout) {
    case JsonLayout::kFlat:
      return "flat";
    case JsonLayout::kEvtxDump:
      return "evtx_dump";
    case JsonLayout::kWinlogbeat:
      return "winlogbeat";
    case JsonLayout::kCloudTrail:
      return "cloudtrail";
  }
  return "flat";
}

namespace {

// `Data` (unnamed EventData elements): a string, an array, or {"#text": ...}.
void AddUnnamedData(Event& ev, element e) {
  std::string joined;
  auto append = [&](element item) {
    std::string text;
    if (!TextOf(item, text)) return;
    if (!joined.empty()) joined += '\n';
    joined += text;
  };
  if (e.type() == element_type::OBJECT) {
    element text;
    if (e.get_object().value_unsafe()["#text"].get(text) != SUCCESS) return;
    e = text;
  }
  if (e.type() == element_type::ARRAY) {
    array items = e.get_array().value_unsafe();
    for (element item : items) append(item);
  } else {
    append(e);
  }
  if (joined.empty() && IsNull(e)) return;
  Value* existing = ev.FindMutable("Data");
  if (existing != nullptr) {
    std::string merged = existing->ToText() + "\n" + joined;
    existing->SetString(merged);
  } else {
    ev.AddString("Data", joined);
  }
}

void MapSystem(object system, Event& ev) {
  for (auto field : system) {
    std::string_view key = field.key;
    element val = field.value;
    if (key == "#attributes") continue;
    if (key == "TimeCreated") {
      element st;
      if (val["#attributes"]["SystemTime"].get(st) == SUCCESS) ev.time = TimeFrom(st);
      continue;
    }
    if (val.type() == element_type::OBJECT) {
      object obj = val.get_object().value_unsafe();
      object attrs;
      if (obj["#attributes"].get(attrs) == SUCCESS) {
        for (auto attr : attrs) {
          std::string name = std::string(key) + "_" + std::string(attr.key);
          if (name == "Provider_Name") name = "Provider";
          AddJson(ev, name, attr.value);
        }
      }
      element text;
      if (obj["#text"].get(text) == SUCCESS) AddJson(ev, key, text);
      continue;
    }
    AddJson(ev, key, val);
  }
}

void MapEventData(element data, Event& ev) {
  if (data.type() != element_type::OBJECT) {
    AddUnnamedData(ev, data);
    return;
  }
  object fields = data.get_object().value_unsafe();
  for (auto field : fields) {
    std::string_view key = field.key;
    if (key == "#attributes") continue;
    if (key == "Data" || key == "#text") {
      AddUnnamedData(ev, field.value);
      continue;
    }
    element val = field.value;
    if (val.type() == element_type::OBJECT) {
      element text;
      if (val.get_object().value_unsafe()["#text"].get(text) == SUCCESS) {
        AddJson(ev, key, text);
        continue;
      }
    }
    AddJson(ev, key, val);
  }
}

void MapUserData(element data, Event& ev) {
  if (data.type() != element_type::OBJECT) {
    AddJson(ev, "UserData", data);
    return;
  }
  object elements = data.get_object().value_unsafe();
  for (auto element_field : elements) {
    if (element_field.key == "#attributes") continue;
    element body = element_field.value;
    if (body.type() != element_type::OBJECT) {
      AddJson(ev, element_field.key, body);
      continue;
    }
    object fields = body.get_object().value_unsafe();
    for (auto field : fields) {
      if (field.key == "#attributes") continue;
      element val = field.value;
      if (val.type() == element_type::OBJECT) {
        element text;
        if (val.get_object().value_unsafe()["#text"].get(text) == SUCCESS) {
          AddJson(ev, field.key, text);
          continue;
        }
      }
      AddJson(ev, field.key, val);
    }
  }
}

void MapEvtxDump(object event_obj, Event& ev) {
  for (auto part : event_obj) {
    std::string_view key = part.key;
    if (key == "System" && part.value.type() == element_type::OBJECT) {
      MapSystem(part.value.get_object().value_unsafe(), ev);
    } else if (key == "EventData") {
      MapEventData(part.value, ev);
    } else if (key == "UserData") {
      MapUserData(part.value, ev);
    } else if (key == "RenderingInfo" && part.value.type() == element_type::OBJECT) {
      element message;
      if (part.value.get_object().value_unsafe()["Message"].get(message) == SUCCESS) {
        AddJson(ev, "Message", message);
      }
    } else if (key != "#attributes") {
      AddJson(ev, key, part.value);
    }
  }
}

void MapWinlogbeat(object record, Event& ev) {
  static const std::pair<std::string_view, std::string_view> kWinlogNames[] = {
      {"channel", "Channel"},
      {"event_id", "EventID"},
      {"computer_name", "Computer"},
      {"provider_name", "Provider"},
      {"record_id", "EventRecordID"},
      {"task", "Task"},
      {"opcode", "Opcode"},
      {"keywords", "Keywords"},
      {"provider_guid", "Provider_Guid"},
      {"activity_id", "Correlation_ActivityID"},
      {"version", "Version"},
      {"level", "Level"},
  };
  for (auto field : record) {
    std::string_view key = field.key;
    element val = field.value;
    if (key == "@timestamp") {
      ev.time = TimeFrom(val);
      continue;
    }
    if (key == "message") {
      AddJson(ev, "Message", val);
      continue;
    }
    if (key != "winlog" || val.type() != element_type::OBJECT) {
      AddJson(ev, key, val);
      continue;
    }
    object winlog = val.get_object().value_unsafe();
    for (auto w : winlog) {
      std::string_view wk = w.key;
      if ((wk == "event_data" || wk == "user_data") && w.value.type() == element_type::OBJECT) {
        object data = w.value.get_object().value_unsafe();
        for (auto d : data) AddJson(ev, d.key, d.value);
        continue;
      }
      if (wk == "process" && w.value.type() == element_type::OBJECT) {
        element pid, tid;
        object proc = w.value.get_object().value_unsafe();
        if (proc["pid"].get(pid) == SUCCESS) AddJson(ev, "Execution_ProcessID", pid);
        if (proc["thread"]["id"].get(tid) == SUCCESS) AddJson(ev, "Execution_ThreadID", tid);
        continue;
      }
      if (wk == "user" && w.value.type() == element_type::OBJECT) {
        element sid;
        if (w.value.get_object().value_unsafe()["identifier"].get(sid) == SUCCESS) {
          AddJson(ev, "Security_UserID", sid);
        }
        continue;
      }
      std::string name = "winlog_" + std::string(wk);
      for (const auto& [from, to] : kWinlogNames) {
        if (wk == from) name = std::string(to);
      }
      AddJson(ev, name, w.value);
    }
  }
}

const char* const kTimeCandidates[] = {
    "TimeGenerated", "TimeCreated", "@timestamp", "Timestamp",         "timestamp", "EventTime",
    "UtcTime",       "time",        "eventTime",  "EventReceivedTime", "ts",        "datetime",
    "date"};

void PickFlatTime(Event& ev) {
  for (const char* name : kTimeCandidates) {
    const Value* v = ev.Find(name);
    if (v == nullptr) continue;
    std::optional<Timestamp> t;
    if (v->type() == ValueType::kString) t = ParseIsoTime(v->as_string());
    if (v->type() == ValueType::kLong) t = FromEpochAuto(static_cast<double>(v->as_long()));
    if (v->type() == ValueType::kReal) t = FromEpochAuto(v->as_real());
    if (v->type() == ValueType::kDateTime) t = v->as_time();
    if (!t) continue;
    ev.time = t;
    if (std::strcmp(name, "TimeGenerated") == 0) ev.Remove("TimeGenerated");
    return;
  }
}

// Sentinel exports carry EventData as XML text (SecurityEvent) or JSON text (WindowsEvent).
void ExpandEventDataText(Event& ev, simdjson::dom::parser& parser) {
  const Value* data = ev.Find("EventData");
  if (data == nullptr || data->type() != ValueType::kString) return;
  std::string text = data->as_string();
  std::string_view trimmed = TrimAscii(text);
  if (!trimmed.empty() && trimmed.front() == '<') {
    AddEventDataXml(trimmed, ev);
  } else if (!trimmed.empty() && trimmed.front() == '{') {
    simdjson::padded_string padded(trimmed);
    object obj;
    if (parser.parse(padded).get(obj) != SUCCESS) return;
    for (auto field : obj) {
      if (ev.Find(field.key) == nullptr) AddJson(ev, field.key, field.value);
    }
  }
}

}  // namespace

JsonLayout DetectJsonLayout(object record) {
  // One pass over the keys (the first of duplicate keys counts, as with object[key]).
  bool event_seen = false, winlog_seen = false, evtx = false, winlog = false;
  bool source = false, name = false, time = false, identity = false;
  for (auto field : record) {
    std::string_view key = field.key;
    if (key.empty()) continue;
    if (key == "Event" && !event_seen) {
      event_seen = true;
      element system;
      evtx = field.value.type() == element_type::OBJECT &&
             field.value.get_object().value_unsafe()["System"].get(system) == SUCCESS;
    } else if (key == "winlog" && !winlog_seen) {
      winlog_seen = true;
      winlog = field.value.type() == element_type::OBJECT;
    } else if (key[0] == 'e' || key[0] == 'u') {
      source = source || key == "eventSource";
      name = name || key == "eventName";
      time = time || key == "eventTime";
      identity = identity || key == "userIdentity";
    }
  }
  if (evtx) return JsonLayout::kEvtxDump;
  if (winlog) return JsonLayout::kWinlogbeat;
  if (source && name && (time || identity)) return JsonLayout::kCloudTrail;
  return JsonLayout::kFlat;
}

void MapJsonRecord(object record, std::string_view default_table, simdjson::dom::parser& scratch,
                   Event& ev) {
  switch (DetectJsonLayout(record)) {
    case JsonLayout::kEvtxDump: {
      for (auto part : record) {
        // Only the first "Event" was checked to be an object: a duplicate key may be anything.
        if (part.key == "Event" && part.value.type() == element_type::OBJECT) {
          MapEvtxDump(part.value.get_object().value_unsafe(), ev);
        } else {
          AddJson(ev, part.key, part.value);
        }
      }
      break;
    }
    case JsonLayout::kWinlogbeat:
      MapWinlogbeat(record, ev);
      break;
    case JsonLayout::kCloudTrail:
      MapCloudTrail(record, ev);
      return;
    case JsonLayout::kFlat: {
      for (auto field : record) AddJson(ev, field.key, field.value);
      PickFlatTime(ev);
      ExpandEventDataText(ev, scratch);
      break;
    }
  }
  FinishEvent(default_table, ev);
}

}  // namespace quarry::ingest
