#include "ingest/json_layouts.h"

#include <cstring>
#include <limits>
#include <string>

#include "core/strings.h"
#include "core/time.h"
#include "ingest/event_routing.h"

namespace quarry::ingest {

using simdjson::SUCCESS;
using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

const char* JsonLayoutName(JsonLayout layout) {
  switch (layout) {
    case JsonLayout::kFlat: return "flat";
    case JsonLayout::kEvtxDump: return "evtx_dump";
    case JsonLayout::kWinlogbeat: return "winlogbeat";
    case JsonLayout::kCloudTrail: return "cloudtrail";
  }
  return "flat";
}

namespace {

bool IsNull(element e) { return e.type() == element_type::NULL_VALUE; }

void SetValue(Value& v, element e) {
  switch (e.type()) {
    case element_type::STRING: v.SetString(std::string_view(e.get_string().value_unsafe())); break;
    case element_type::INT64: v = Value::Long(e.get_int64().value_unsafe()); break;
    case element_type::UINT64: {
      uint64_t u = e.get_uint64().value_unsafe();
      if (u <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        v = Value::Long(static_cast<int64_t>(u));
      } else {
        v.SetString(std::to_string(u));
      }
      break;
    }
    case element_type::DOUBLE: v = Value::Real(e.get_double().value_unsafe()); break;
    case element_type::BOOL: v = Value::Bool(e.get_bool().value_unsafe()); break;
    case element_type::NULL_VALUE: v = Value(); break;
    case element_type::ARRAY:
    case element_type::OBJECT: v.SetDynamic(simdjson::minify(e)); break;
  }
}

// Adds a field unless the JSON value is null (null means absent).
void AddJson(Event& ev, std::string_view name, element e) {
  if (IsNull(e)) return;
  SetValue(ev.Add(name), e);
}

// Text of a scalar, or of an object's "#text".
bool TextOf(element e, std::string& out) {
  switch (e.type()) {
    case element_type::STRING: out.assign(std::string_view(e.get_string().value_unsafe())); return true;
    case element_type::INT64: out = std::to_string(e.get_int64().value_unsafe()); return true;
    case element_type::UINT64: out = std::to_string(e.get_uint64().value_unsafe()); return true;
    case element_type::DOUBLE: {
      Value v = Value::Real(e.get_double().value_unsafe());
      out = v.ToText();
      return true;
    }
    case element_type::BOOL: out = e.get_bool().value_unsafe() ? "true" : "false"; return true;
    case element_type::OBJECT: {
      element text;
      if (e.get_object().value_unsafe()["#text"].get(text) == SUCCESS) return TextOf(text, out);
      return false;
    }
    default: return false;
  }
}

std::optional<Timestamp> TimeFrom(element e) {
  if (e.type() == element_type::STRING) return ParseIsoTime(e.get_string().value_unsafe());
  if (e.type() == element_type::INT64) return FromEpochAuto(static_cast<double>(e.get_int64().value_unsafe()));
  if (e.type() == element_type::UINT64) return FromEpochAuto(static_cast<double>(e.get_uint64().value_unsafe()));
  if (e.type() == element_type::DOUBLE) return FromEpochAuto(e.get_double().value_unsafe());
  return std::nullopt;
}

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
      {"channel", "Channel"},         {"event_id", "EventID"},
      {"computer_name", "Computer"},  {"provider_name", "Provider"},
      {"record_id", "EventRecordID"}, {"task", "Task"},
      {"opcode", "Opcode"},           {"keywords", "Keywords"},
      {"provider_guid", "Provider_Guid"}, {"activity_id", "Correlation_ActivityID"},
      {"version", "Version"},         {"level", "Level"},
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

struct CloudTrailColumn {
  const char* path;  // JSON pointer-ish: keys joined by '/'
  const char* column;
};

// Sentinel's AWSCloudTrail column names.
constexpr CloudTrailColumn kCloudTrailColumns[] = {
    {"eventVersion", "EventVersion"},
    {"eventSource", "EventSource"},
    {"eventName", "EventName"},
    {"awsRegion", "AWSRegion"},
    {"sourceIPAddress", "SourceIpAddress"},
    {"userAgent", "UserAgent"},
    {"errorCode", "ErrorCode"},
    {"errorMessage", "ErrorMessage"},
    {"requestParameters", "RequestParameters"},
    {"responseElements", "ResponseElements"},
    {"additionalEventData", "AdditionalEventData"},
    {"requestID", "AwsRequestId"},
    {"eventID", "AwsEventId"},
    {"eventType", "EventTypeName"},
    {"apiVersion", "APIVersion"},
    {"managementEvent", "ManagementEvent"},
    {"readOnly", "ReadOnly"},
    {"resources", "Resources"},
    {"recipientAccountId", "RecipientAccountId"},
    {"serviceEventDetails", "ServiceEventDetails"},
    {"sharedEventID", "SharedEventId"},
    {"vpcEndpointId", "VpcEndpointId"},
    {"eventCategory", "Category"},
    {"tlsDetails/tlsVersion", "TlsVersion"},
    {"tlsDetails/cipherSuite", "CipherSuite"},
    {"tlsDetails/clientProvidedHostHeader", "ClientProvidedHostHeader"},
    {"userIdentity/type", "UserIdentityType"},
    {"userIdentity/principalId", "UserIdentityPrincipalid"},
    {"userIdentity/arn", "UserIdentityArn"},
    {"userIdentity/accountId", "UserIdentityAccountId"},
    {"userIdentity/accessKeyId", "UserIdentityAccessKeyId"},
    {"userIdentity/userName", "UserIdentityUserName"},
    {"userIdentity/invokedBy", "UserIdentityInvokedBy"},
    {"userIdentity/identityStoreArn", "UserIdentityStoreArn"},
    {"userIdentity/userId", "UserIdentityUserId"},
    {"userIdentity/sessionContext/attributes/mfaAuthenticated", "SessionMfaAuthenticated"},
    {"userIdentity/sessionContext/attributes/creationDate", "SessionCreationDate"},
    {"userIdentity/sessionContext/ec2RoleDelivery", "EC2RoleDelivery"},
    {"userIdentity/sessionContext/sessionIssuer/type", "SessionIssuerType"},
    {"userIdentity/sessionContext/sessionIssuer/principalId", "SessionIssuerPrincipalId"},
    {"userIdentity/sessionContext/sessionIssuer/arn", "SessionIssuerArn"},
    {"userIdentity/sessionContext/sessionIssuer/accountId", "SessionIssuerAccountId"},
    {"userIdentity/sessionContext/sessionIssuer/userName", "SessionIssuerUserName"},
};

bool IsCloudTrailTopKey(std::string_view key) {
  for (const auto& c : kCloudTrailColumns) {
    if (std::strchr(c.path, '/') == nullptr && key == c.path) return true;
  }
  return key == "eventTime" || key == "tlsDetails" || key == "userIdentity";
}

void MapCloudTrail(object record, Event& ev) {
  ev.table = "AWSCloudTrail";
  element t;
  if (record["eventTime"].get(t) == SUCCESS) ev.time = TimeFrom(t);
  for (const auto& c : kCloudTrailColumns) {
    element e;
    std::string pointer = std::string("/") + c.path;
    if (record.at_pointer(pointer).get(e) != SUCCESS || IsNull(e)) continue;
    std::string_view column = c.column;
    if (column == "SessionMfaAuthenticated" || column == "ReadOnly" || column == "ManagementEvent") {
      if (e.type() == element_type::STRING) {
        std::string_view s = e.get_string().value_unsafe();
        if (EqualsIgnoreCaseAscii(s, "true") || EqualsIgnoreCaseAscii(s, "false")) {
          ev.Add(column) = Value::Bool(EqualsIgnoreCaseAscii(s, "true"));
          continue;
        }
      }
    } else if (column == "SessionCreationDate") {
      if (auto ts = TimeFrom(e)) {
        ev.Add(column) = Value::DateTime(*ts);
        continue;
      }
    }
    AddJson(ev, column, e);
  }
  element identity;
  if (record["userIdentity"].get(identity) == SUCCESS) AddJson(ev, "UserIdentity", identity);
  // Keys Sentinel has no column for stay under their own names, so nothing is lost.
  for (auto field : record) {
    if (!IsCloudTrailTopKey(field.key)) AddJson(ev, field.key, field.value);
  }
}

const char* const kTimeCandidates[] = {"TimeGenerated", "TimeCreated", "@timestamp", "Timestamp",
                                       "timestamp",     "EventTime",   "UtcTime",    "time",
                                       "eventTime",     "EventReceivedTime", "ts", "datetime",
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
  element ev;
  if (record["Event"].get(ev) == SUCCESS && ev.type() == element_type::OBJECT) {
    element system;
    if (ev.get_object().value_unsafe()["System"].get(system) == SUCCESS) return JsonLayout::kEvtxDump;
  }
  element winlog;
  if (record["winlog"].get(winlog) == SUCCESS && winlog.type() == element_type::OBJECT) {
    return JsonLayout::kWinlogbeat;
  }
  element source, name, time, identity;
  if (record["eventSource"].get(source) == SUCCESS && record["eventName"].get(name) == SUCCESS &&
      (record["eventTime"].get(time) == SUCCESS || record["userIdentity"].get(identity) == SUCCESS)) {
    return JsonLayout::kCloudTrail;
  }
  return JsonLayout::kFlat;
}

void MapJsonRecord(object record, std::string_view default_table, simdjson::dom::parser& scratch,
                   Event& ev) {
  switch (DetectJsonLayout(record)) {
    case JsonLayout::kEvtxDump: {
      for (auto part : record) {
        if (part.key == "Event") {
          MapEvtxDump(part.value.get_object().value_unsafe(), ev);
        } else {
          AddJson(ev, part.key, part.value);
        }
      }
      break;
    }
    case JsonLayout::kWinlogbeat: MapWinlogbeat(record, ev); break;
    case JsonLayout::kCloudTrail: MapCloudTrail(record, ev); return;
    case JsonLayout::kFlat: {
      for (auto field : record) AddJson(ev, field.key, field.value);
      PickFlatTime(ev);
      ExpandEventDataText(ev, scratch);
      break;
    }
  }
  FinishEvent(default_table, ev);
}

namespace {

void AppendXmlText(std::string_view raw, std::string& out) {
  size_t i = 0;
  while (i < raw.size()) {
    char c = raw[i];
    if (c != '&') {
      out += c;
      ++i;
      continue;
    }
    size_t semi = raw.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) {
      out += c;
      ++i;
      continue;
    }
    std::string_view ent = raw.substr(i + 1, semi - i - 1);
    if (ent == "lt") out += '<';
    else if (ent == "gt") out += '>';
    else if (ent == "amp") out += '&';
    else if (ent == "quot") out += '"';
    else if (ent == "apos") out += '\'';
    else if (!ent.empty() && ent[0] == '#') {
      uint32_t cp = 0;
      bool hex = ent.size() > 1 && (ent[1] == 'x' || ent[1] == 'X');
      for (size_t k = hex ? 2 : 1; k < ent.size(); ++k) {
        char d = ent[k];
        int digit = (d >= '0' && d <= '9') ? d - '0'
                    : (hex && d >= 'a' && d <= 'f') ? d - 'a' + 10
                    : (hex && d >= 'A' && d <= 'F') ? d - 'A' + 10 : -1;
        if (digit < 0 || cp > 0x10FFFF) { cp = 0xFFFD; break; }
        cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(digit);
      }
      if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
      if (cp < 0x80) {
        out += static_cast<char>(cp);
      } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      }
    } else {
      out.append(raw.substr(i, semi - i + 1));
    }
    i = semi + 1;
  }
}

}  // namespace

void AddEventDataXml(std::string_view xml, Event& ev) {
  size_t pos = 0;
  std::string unnamed;
  while ((pos = xml.find("<Data", pos)) != std::string_view::npos) {
    size_t tag_end = xml.find('>', pos);
    if (tag_end == std::string_view::npos) return;
    std::string_view tag = xml.substr(pos, tag_end - pos);
    pos = tag_end + 1;
    if (tag.size() > 5 && tag[5] != ' ' && tag[5] != '/') continue;  // <DataItem> etc.
    std::string name;
    size_t name_at = tag.find("Name=");
    if (name_at != std::string_view::npos && name_at + 5 < tag.size()) {
      char quote = tag[name_at + 5];
      size_t close = tag.find(quote, name_at + 6);
      if (close != std::string_view::npos) {
        AppendXmlText(tag.substr(name_at + 6, close - name_at - 6), name);
      }
    }
    std::string value;
    if (tag.back() != '/') {
      size_t close = xml.find("</Data>", pos);
      if (close == std::string_view::npos) return;
      AppendXmlText(xml.substr(pos, close - pos), value);
      pos = close + 7;
    }
    if (name.empty()) {
      if (!unnamed.empty()) unnamed += '\n';
      unnamed += value;
    } else if (ev.Find(name) == nullptr) {
      ev.AddString(name, value);
    }
  }
  if (!unnamed.empty() && ev.Find("Data") == nullptr) ev.AddString("Data", unnamed);
}

}  // namespace quarry::ingest
