#include <algorithm>
#include <cctype>

#include "detect/draft_sigma_internal.h"

namespace quarry::detect::draft {

std::string YamlQuote(std::string_view s) {
  bool printable = std::none_of(s.begin(), s.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
  if (!printable) {
    // Control characters only survive in a double-quoted scalar, escaped.
    std::string out = "\"";
    for (char c : s) {
      auto u = static_cast<unsigned char>(c);
      if (c == '\\' || c == '"') {
        out += '\\';
        out += c;
      } else if (u < 0x20 || u == 0x7f) {
        static constexpr char kHex[] = "0123456789ABCDEF";
        out += "\\x";
        out += kHex[u >> 4];
        out += kHex[u & 0xF];
      } else {
        out += c;
      }
    }
    return out + "\"";
  }
  std::string out = "'";
  for (char c : s) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

std::string YamlKey(const std::string& key) {
  bool plain = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '|' ||
           c == '-';
  });
  return plain ? key : YamlQuote(key);
}

std::string WriteSelection(const std::string& name, const Maps& maps) {
  std::string y = "    " + name + ":\n";
  bool list = maps.size() > 1;
  for (const Map& map : maps) {
    bool first = true;
    for (const Item& item : map) {
      std::string indent = list ? (first ? "        - " : "          ") : "        ";
      first = false;
      y += indent + YamlKey(item.Key()) + ":";
      if (item.values.size() == 1) {
        y += " " + item.values[0] + "\n";
        continue;
      }
      y += "\n";
      std::string pad(indent.size() + 4, ' ');
      pad += "- ";
      for (const std::string& v : item.values) y.append(pad).append(v).append("\n");
    }
  }
  return y;
}

std::string Header(const RuleMeta& meta, const std::string& id, const std::string& title) {
  std::string y = "title: " + YamlQuote(title) + "\nid: " + id +
                  "\nstatus: experimental\ndescription: " + YamlQuote(meta.description) +
                  "\nauthor: " + YamlQuote(meta.author) + "\ndate: " + meta.date + "\n";
  if (!meta.techniques.empty()) {
    y += "tags:\n";
    for (const std::string& t : meta.techniques) {
      std::string tag = t;
      std::transform(tag.begin(), tag.end(), tag.begin(), ::tolower);
      y += "    - attack." + tag + "\n";
    }
  }
  return y;
}

std::string Footer(const RuleMeta& meta) {
  std::string y = "falsepositives:\n";
  for (const std::string& f : meta.falsepositives) y += "    - " + YamlQuote(f) + "\n";
  if (meta.falsepositives.empty()) y += "    - " + YamlQuote("Unknown") + "\n";
  return y + "level: " + meta.level + "\n";
}

}  // namespace quarry::detect::draft
