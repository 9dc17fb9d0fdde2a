// Per-column statistics kept current by every insert: non-null count, a HyperLogLog of the
// values, and the values counted in the current batch (for the catalog's top values).
#pragma once

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/hash.h"
#include "core/value.h"
#include "store/hll.h"

namespace quarry::store {

inline constexpr size_t kBatchValueCap = 256;  // distinct values counted per column per batch
inline constexpr size_t kMaxSampleLength = 200;

// Counts up to kBatchValueCap distinct values by hash (open addressing, no allocation per
// lookup); once full, values already present are still counted.
class ValueCounter {
 public:
  struct Sample {
    uint64_t hash = 0;
    std::string text;
    int64_t count = 0;
  };
  void Add(uint64_t hash, std::string_view text) {
    if (slots_.empty()) slots_.assign(kSlots, -1);
    size_t i = hash & (kSlots - 1);
    for (;;) {
      int32_t s = slots_[i];
      if (s < 0) {
        if (samples_.size() >= kBatchValueCap) return;
        slots_[i] = static_cast<int32_t>(samples_.size());
        samples_.push_back(Sample{hash, std::string(text), 1});
        return;
      }
      if (samples_[static_cast<size_t>(s)].hash == hash) {
        ++samples_[static_cast<size_t>(s)].count;
        return;
      }
      i = (i + 1) & (kSlots - 1);
    }
  }
  const std::vector<Sample>& samples() const { return samples_; }
  size_t size() const { return samples_.size(); }
  void Clear() {
    if (samples_.empty()) return;
    samples_.clear();
    std::fill(slots_.begin(), slots_.end(), -1);
  }

 private:
  static constexpr size_t kSlots = 4 * kBatchValueCap;  // power of two, load <= 1/4
  std::vector<int32_t> slots_;
  std::vector<Sample> samples_;
};

struct ColumnStats {
  bool track_values = true;  // false for ids: only counts and the distinct estimate
  bool dirty = false;        // changed since the catalog was last written
  int64_t non_null = 0;      // committed + pending
  HyperLogLog hll;
  ValueCounter batch_values;
  // Set when a batch saw almost only distinct values: top values say nothing there.
  bool high_cardinality = false;

  void Add(const Value& v) {
    ++non_null;
    dirty = true;
    std::string_view text;
    char buf[32];
    switch (v.type()) {
      case ValueType::kString:
      case ValueType::kDynamic:
        text = v.as_string();
        break;
      case ValueType::kLong:
      case ValueType::kDateTime: {
        auto res = std::to_chars(buf, buf + sizeof buf, v.as_long());
        text = std::string_view(buf, static_cast<size_t>(res.ptr - buf));
        break;
      }
      case ValueType::kBool:
        text = v.as_bool() ? "true" : "false";
        break;
      case ValueType::kReal: {
        auto res = std::to_chars(buf, buf + sizeof buf, v.as_real());
        text = std::string_view(buf, static_cast<size_t>(res.ptr - buf));
        break;
      }
      case ValueType::kNull:
        return;
    }
    // Long texts (messages, scripts) are identified by their length, head and tail: enough for
    // a distinct estimate, at a bounded cost per value.
    uint64_t h = text.size() <= 256 ? Hash64(text)
                                    : Hash64(text.substr(0, 128), text.size()) ^
                                          Hash64(text.substr(text.size() - 120), 0x51ED27);
    hll.Add(h);
    if (!track_values || high_cardinality || text.size() > kMaxSampleLength ||
        v.type() == ValueType::kDynamic || v.type() == ValueType::kDateTime) {
      return;
    }
    batch_values.Add(h, text);
  }

  // After the batch's values reached the catalog.
  void EndBatch() {
    int64_t repeated = 0;
    for (const auto& sample : batch_values.samples()) repeated += sample.count > 1 ? 1 : 0;
    if (batch_values.size() >= kBatchValueCap &&
        repeated * 20 < static_cast<int64_t>(kBatchValueCap)) {
      high_cardinality = true;
    }
    batch_values.Clear();
  }
};

}  // namespace quarry::store
