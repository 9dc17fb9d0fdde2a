// What the cited events hold where a name of this kind would be, to say what they say instead.
#include <set>
#include <string>
#include <vector>

#include "core/strings.h"
#include "ir/claim_presence.h"

namespace quarry::ir {

std::string Instead(EntityKind kind, const std::vector<Indexed>& all) {
  auto columns = [&]() -> std::vector<std::string> {
    switch (kind) {
      case EntityKind::kHost:
        return {"computer"};
      case EntityKind::kUser: {
        std::vector<std::string> out;
        for (const auto& c : UserColumns()) out.push_back(AsciiToLower(c));
        return out;
      }
      case EntityKind::kIp: {
        std::vector<std::string> out;
        for (const auto& c : IpColumns()) out.push_back(AsciiToLower(c));
        return out;
      }
      case EntityKind::kProcess:
        return {"image", "newprocessname", "targetimage", "targetfilename"};
      case EntityKind::kPort:
        return {"destinationport", "sourceport", "ipport"};
      case EntityKind::kEventId:
        return {"eventid"};
      case EntityKind::kEventName:
        return {"eventname"};
      default:
        return {};
    }
  }();
  std::set<std::string> values;
  for (const Indexed& ix : all) {
    for (const Field& f : ix.fields) {
      if (std::find(columns.begin(), columns.end(), f.name) != columns.end() && values.size() < 6)
        values.insert(f.text);
    }
  }
  if (values.empty()) return "not in any field of the cited events";
  std::string out = "the cited events have ";
  bool first = true;
  for (const std::string& v : values) {
    out += (first ? "" : ", ") + v;
    first = false;
  }
  return out;
}

}  // namespace quarry::ir
