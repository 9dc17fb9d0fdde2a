// Substitution values: their JSON form as evtx_dump writes it (numbers as numbers, GUIDs in
// upper case without braces, hex integers as 0x… without padding, times to the microsecond).
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "core/strings.h"
#include "core/time.h"
#include "evtx/binxml.h"
#include "evtx/record_dom.h"

namespace quarry::evtx {
namespace {

template <typename T>
T Load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

size_t FixedSize(uint8_t type) {
  switch (type) {
    case 0x03:
    case 0x04:
      return 1;
    case 0x05:
    case 0x06:
      return 2;
    case 0x07:
    case 0x08:
    case 0x0b:
    case 0x0d:
    case 0x14:
      return 4;
    case 0x09:
    case 0x0a:
    case 0x0c:
    case 0x11:
    case 0x15:
      return 8;
    case 0x0f:
    case 0x12:
      return 16;
    default:
      return 0;
  }
}

void AppendHex(std::string& out, uint64_t v) {
  static constexpr char kHex[] = "0123456789abcdef";
  char buf[16];
  int n = 0;
  do {
    buf[n++] = kHex[v & 15];
    v >>= 4;
  } while (v != 0);
  out += "0x";
  while (n > 0) out += buf[--n];
}

// Upper-case, as evtx_dump writes GUIDs: XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX.
void AppendGuid(const uint8_t* p, std::string& out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  char buf[36];
  char* w = buf;
  auto put = [&w](uint64_t v, int digits) {
    for (int i = digits - 1; i >= 0; --i) *w++ = kHex[(v >> (4 * i)) & 15];
  };
  put(Load<uint32_t>(p), 8);
  *w++ = '-';
  put(Load<uint16_t>(p + 4), 4);
  *w++ = '-';
  put(Load<uint16_t>(p + 6), 4);
  *w++ = '-';
  for (int i = 8; i < 16; ++i) {
    if (i == 10) *w++ = '-';
    put(p[i], 2);
  }
  out.append(buf, sizeof buf);
}

std::string Guid(const uint8_t* p) {
  std::string out;
  AppendGuid(p, out);
  return out;
}

bool Sid(const uint8_t* p, size_t size, std::string& out) {
  if (size < 8) return false;
  size_t count = p[1];
  if (size < 8 + 4 * count) return false;
  uint64_t authority = 0;
  for (int i = 2; i < 8; ++i) authority = (authority << 8) | p[i];
  out = "S-" + std::to_string(p[0]) + "-" + std::to_string(authority);
  for (size_t i = 0; i < count; ++i) out += "-" + std::to_string(Load<uint32_t>(p + 8 + 4 * i));
  return true;
}

std::string SystemTime(const uint8_t* p) {
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04u-%02u-%02uT%02u:%02u:%02u.%03u000Z", Load<uint16_t>(p),
                Load<uint16_t>(p + 2), Load<uint16_t>(p + 6), Load<uint16_t>(p + 8),
                Load<uint16_t>(p + 10), Load<uint16_t>(p + 12), Load<uint16_t>(p + 14));
  return buf;
}

std::string Real(double d) {
  if (!std::isfinite(d)) return "null";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", d);
  return buf;
}

// One element of a fixed-size type, as JSON.
void AppendScalarJson(uint8_t type, const uint8_t* p, size_t size, std::string& out) {
  switch (type) {
    case 0x03:
      out += std::to_string(static_cast<int8_t>(p[0]));
      break;
    case 0x04:
      out += std::to_string(p[0]);
      break;
    case 0x05:
      out += std::to_string(Load<int16_t>(p));
      break;
    case 0x06:
      out += std::to_string(Load<uint16_t>(p));
      break;
    case 0x07:
      out += std::to_string(Load<int32_t>(p));
      break;
    case 0x08:
      out += std::to_string(Load<uint32_t>(p));
      break;
    case 0x09:
      out += std::to_string(Load<int64_t>(p));
      break;
    case 0x0a:
      out += std::to_string(Load<uint64_t>(p));
      break;
    case 0x0b:
      out += Real(Load<float>(p));
      break;
    case 0x0c:
      out += Real(Load<double>(p));
      break;
    case 0x0d:
      out += Load<uint32_t>(p) != 0 ? "true" : "false";
      break;
    case 0x0f:
      AppendJsonString(out, Guid(p));
      break;
    case 0x11:
      out += '"';
      AppendIsoTimeMicros(out, FromFileTime(Load<uint64_t>(p)));
      out += '"';
      break;
    case 0x12:
      AppendJsonString(out, SystemTime(p));
      break;
    case 0x14:
    case 0x15: {
      std::string hex;
      AppendHex(hex, size == 4 ? Load<uint32_t>(p) : Load<uint64_t>(p));
      AppendJsonString(out, hex);
      break;
    }
    default:
      out += "null";
      break;
  }
}

std::string HexBytes(const uint8_t* p, size_t n) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string s;
  s.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    s += kHex[p[i] >> 4];
    s += kHex[p[i] & 0xF];
  }
  return s;
}

// Into `s` (cleared first), so callers can reuse one buffer.
void Utf16TextInto(const uint8_t* p, size_t bytes, std::string& s) {
  s.clear();
  AppendUtf16(s, p, bytes / 2, true);
  // evtx_dump drops trailing whitespace of string values; rows from EVTX and from its JSON
  // must agree.
  size_t end = s.find_last_not_of(" \t\r\n");
  s.resize(end == std::string::npos ? 0 : end + 1);
}

std::string Utf16Text(const uint8_t* p, size_t bytes) {
  std::string s;
  Utf16TextInto(p, bytes, s);
  return s;
}

// Reused per thread for text that is escaped into JSON right away.
std::string& Scratch() {
  thread_local std::string scratch;
  return scratch;
}

std::string AnsiText(const uint8_t* p, size_t bytes) {
  std::string_view raw(reinterpret_cast<const char*>(p), bytes);
  raw = raw.substr(0, raw.find('\0'));
  if (IsValidUtf8(raw)) return std::string(raw);
  std::string repaired;
  RepairUtf8(raw, repaired);
  return repaired;
}

}  // namespace

void AppendUtf16(std::string& out, const uint8_t* data, size_t chars, bool stop_at_nul) {
  // Converted through a small buffer appended in batches: growing `out` to the worst case up
  // front zero-filled three bytes per unit, and appending byte by byte cost more than decoding.
  constexpr size_t kBuffer = 512;
  char buf[kBuffer];
  char* w = buf;
  auto put = [&w](uint32_t cp) {
    if (cp < 0x80) {
      *w++ = static_cast<char>(cp);
    } else if (cp < 0x800) {
      *w++ = static_cast<char>(0xC0 | (cp >> 6));
      *w++ = static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      *w++ = static_cast<char>(0xE0 | (cp >> 12));
      *w++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *w++ = static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      *w++ = static_cast<char>(0xF0 | (cp >> 18));
      *w++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      *w++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *w++ = static_cast<char>(0x80 | (cp & 0x3F));
    }
  };
  size_t i = 0;
  while (i < chars) {
    if (w > buf + kBuffer - 8) {  // room for four ASCII units or one code point
      out.append(buf, static_cast<size_t>(w - buf));
      w = buf;
    }
    if (i + 4 <= chars) {
      // Four units at once when all are ASCII and none is NUL (the common case).
      uint64_t x = Load<uint64_t>(data + 2 * i);
      bool ascii = (x & 0xFF80FF80FF80FF80ULL) == 0;
      bool has_nul = ((x - 0x0001000100010001ULL) & ~x & 0x8000800080008000ULL) != 0;
      if (ascii && !has_nul) {
        w[0] = static_cast<char>(x);
        w[1] = static_cast<char>(x >> 16);
        w[2] = static_cast<char>(x >> 32);
        w[3] = static_cast<char>(x >> 48);
        w += 4;
        i += 4;
        continue;
      }
    }
    uint32_t c = Load<uint16_t>(data + 2 * i);
    ++i;
    if (c < 0x80 && c != 0) {
      *w++ = static_cast<char>(c);
      continue;
    }
    if (c == 0 && stop_at_nul) break;
    if (c >= 0xD800 && c <= 0xDBFF && i < chars) {
      uint32_t lo = Load<uint16_t>(data + 2 * i);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        put(0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00));
        ++i;
        continue;
      }
    }
    if (c >= 0xD800 && c <= 0xDFFF) c = 0xFFFD;
    put(c);
  }
  out.append(buf, static_cast<size_t>(w - buf));
}

bool ValueIsEmpty(const RawValue& v) {
  return v.type == 0x00 || v.size == 0;
}

void AppendValueJson(const RawValue& v, std::string& out) {
  const uint8_t* p = v.data;
  size_t size = v.size;
  uint8_t base = v.type & 0x7f;
  if (v.type == 0x00 || (size == 0 && base != 0x01 && base != 0x02)) {
    out += "null";
    return;
  }
  if (v.type & 0x80) {
    out += '[';
    if (base == 0x01) {
      // NUL-separated UTF-16 strings; the terminator of the last one ends the list.
      size_t chars = size / 2, start = 0;
      bool first = true;
      auto emit = [&](size_t from, size_t to) {
        if (!first) out += ',';
        first = false;
        std::string& text = Scratch();
        text.clear();
        AppendUtf16(text, p + 2 * from, to - from, false);
        AppendJsonString(out, text);
      };
      for (size_t i = 0; i < chars; ++i) {
        if (Load<uint16_t>(p + 2 * i) == 0) {
          emit(start, i);
          start = i + 1;
        }
      }
      if (start < chars) emit(start, chars);
    } else {
      size_t each = base == 0x10 ? (size % 8 == 0 ? 8 : 4) : FixedSize(base);
      for (size_t off = 0; each > 0 && off + each <= size; off += each) {
        if (off) out += ',';
        if (base == 0x10) {
          std::string hex;
          AppendHex(hex, each == 8 ? Load<uint64_t>(p + off) : Load<uint32_t>(p + off));
          AppendJsonString(out, hex);
        } else if (base == 0x13) {
          out += "null";
        } else {
          AppendScalarJson(base, p + off, each, out);
        }
      }
    }
    out += ']';
    return;
  }
  switch (base) {
    case 0x01: {
      std::string& text = Scratch();
      Utf16TextInto(p, size, text);
      AppendJsonString(out, text);
      return;
    }
    case 0x02:
      AppendJsonString(out, AnsiText(p, size));
      return;
    case 0x0e:
      AppendJsonString(out, HexBytes(p, size));
      return;
    case 0x10: {
      std::string hex;
      AppendHex(hex, size >= 8 ? Load<uint64_t>(p) : size >= 4 ? Load<uint32_t>(p) : 0);
      AppendJsonString(out, hex);
      return;
    }
    case 0x13: {
      std::string sid;
      if (Sid(p, size, sid)) {
        AppendJsonString(out, sid);
      } else {
        AppendJsonString(out, HexBytes(p, size));
      }
      return;
    }
    default:
      break;
  }
  size_t need = FixedSize(base);
  if (need == 0 || size < need) {
    // Unknown type or a short value: keep its bytes rather than guess.
    AppendJsonString(out, HexBytes(p, size));
    return;
  }
  AppendScalarJson(base, p, size, out);
}

bool ValueToField(const RawValue& v, Value& out) {
  const uint8_t* p = v.data;
  size_t size = v.size;
  uint8_t base = v.type & 0x7f;
  if (v.type == 0x00 || (size == 0 && base != 0x01 && base != 0x02)) {
    out.Reset();
    return true;
  }
  if (v.type & 0x80) return false;  // a JSON array: a dynamic value
  switch (base) {
    case 0x01:
      Utf16TextInto(p, size, out.ResetString());
      return true;
    case 0x02:
      out.SetString(AnsiText(p, size));
      return true;
    case 0x0e:
      out.SetString(HexBytes(p, size));
      return true;
    case 0x10: {
      std::string& hex = out.ResetString();
      AppendHex(hex, size >= 8 ? Load<uint64_t>(p) : size >= 4 ? Load<uint32_t>(p) : 0);
      return true;
    }
    case 0x13: {
      std::string sid;
      out.SetString(Sid(p, size, sid) ? sid : HexBytes(p, size));
      return true;
    }
    default:
      break;
  }
  size_t need = FixedSize(base);
  if (need == 0 || size < need) {
    out.SetString(HexBytes(p, size));
    return true;
  }
  switch (base) {
    case 0x03:
      out.SetLong(static_cast<int8_t>(p[0]));
      return true;
    case 0x04:
      out.SetLong(p[0]);
      return true;
    case 0x05:
      out.SetLong(Load<int16_t>(p));
      return true;
    case 0x06:
      out.SetLong(Load<uint16_t>(p));
      return true;
    case 0x07:
      out.SetLong(Load<int32_t>(p));
      return true;
    case 0x08:
      out.SetLong(Load<uint32_t>(p));
      return true;
    case 0x09:
      out.SetLong(Load<int64_t>(p));
      return true;
    case 0x0a: {
      // JSON numbers past int64 read back as unsigned, which fields keep as text.
      uint64_t u = Load<uint64_t>(p);
      if (u > static_cast<uint64_t>(INT64_MAX)) {
        out.SetString(std::to_string(u));
      } else {
        out.SetLong(static_cast<int64_t>(u));
      }
      return true;
    }
    case 0x0d:
      out.SetBool(Load<uint32_t>(p) != 0);
      return true;
    case 0x0f:
      AppendGuid(p, out.ResetString());
      return true;
    case 0x11:
      AppendIsoTimeMicros(out.ResetString(), FromFileTime(Load<uint64_t>(p)));
      return true;
    case 0x12:
      out.SetString(SystemTime(p));
      return true;
    case 0x14:
    case 0x15: {
      std::string& hex = out.ResetString();
      AppendHex(hex, size == 4 ? Load<uint32_t>(p) : Load<uint64_t>(p));
      return true;
    }
    default:
      return false;  // floating point: its JSON text decides between integer and real
  }
}

bool ArrayItemTexts(const RawValue& v, std::vector<std::string>& items) {
  items.clear();
  const uint8_t* p = v.data;
  size_t size = v.size;
  uint8_t base = v.type & 0x7f;
  if (base == 0x0b || base == 0x0c) return false;
  if (base == 0x01) {
    size_t chars = size / 2, start = 0;
    auto emit = [&](size_t from, size_t to) {
      AppendUtf16(items.emplace_back(), p + 2 * from, to - from, false);
    };
    for (size_t i = 0; i < chars; ++i) {
      if (Load<uint16_t>(p + 2 * i) == 0) {
        emit(start, i);
        start = i + 1;
      }
    }
    if (start < chars) emit(start, chars);
    return true;
  }
  if (base == 0x13) return true;  // SID arrays are written as nulls
  size_t each = base == 0x10 ? (size % 8 == 0 ? 8 : 4) : FixedSize(base);
  std::string json;
  for (size_t off = 0; each > 0 && off + each <= size; off += each) {
    std::string& text = items.emplace_back();
    if (base == 0x10) {
      AppendHex(text, each == 8 ? Load<uint64_t>(p + off) : Load<uint32_t>(p + off));
      continue;
    }
    json.clear();
    AppendScalarJson(base, p + off, each, json);
    // Quoted forms (GUIDs, times, hex) hold nothing JSON escapes.
    if (json.size() >= 2 && json.front() == '"') {
      text = json.substr(1, json.size() - 2);
    } else if (json == "null") {
      items.pop_back();
    } else {
      text = json;  // integers, true, false
    }
  }
  return true;
}

std::string ValueText(const RawValue& v) {
  if (v.type == 0x01) return Utf16Text(v.data, v.size);
  if (v.type == 0x02) return AnsiText(v.data, v.size);
  std::string json;
  AppendValueJson(v, json);
  if (json.size() >= 2 && json.front() == '"') {
    // The other quoted forms (hex, GUID, SID, times) hold no characters JSON escapes.
    return json.substr(1, json.size() - 2);
  }
  return json == "null" ? std::string() : json;
}

}  // namespace quarry::evtx
