// EventData as XML text (Sentinel SecurityEvent exports): `<Data Name="X">value</Data>`.
#include <string>

#include "core/strings.h"
#include "ingest/json_layouts.h"

namespace quarry::ingest {

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
    if (ent == "lt")
      out += '<';
    else if (ent == "gt")
      out += '>';
    else if (ent == "amp")
      out += '&';
    else if (ent == "quot")
      out += '"';
    else if (ent == "apos")
      out += '\'';
    else if (!ent.empty() && ent[0] == '#') {
      uint32_t cp = 0;
      bool hex = ent.size() > 1 && (ent[1] == 'x' || ent[1] == 'X');
      for (size_t k = hex ? 2 : 1; k < ent.size(); ++k) {
        char d = ent[k];
        int digit = (d >= '0' && d <= '9')          ? d - '0'
                    : (hex && d >= 'a' && d <= 'f') ? d - 'a' + 10
                    : (hex && d >= 'A' && d <= 'F') ? d - 'A' + 10
                                                    : -1;
        if (digit < 0 || cp > 0x10FFFF) {
          cp = 0xFFFD;
          break;
        }
        cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(digit);
      }
      if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
      AppendUtf8(cp, out);
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
