// The unit every reader produces and every consumer (store, Sigma engine, timeline) takes.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/time.h"
#include "core/value.h"

namespace quarry {

struct Field {
  std::string name;
  Value value;
};

// Where an event came from: enough to find the bytes again.
struct Provenance {
  std::string source;   // file path as given to the reader
  uint64_t record = 0;  // 0-based ordinal of the record within its file
  uint64_t offset = 0;  // byte offset of the record in the (decompressed) stream, or EVTX record id
  uint64_t line = 0;    // 1-based line of the record's first byte, 0 when not line-oriented
  int64_t eid = -1;     // the row's _eid when the event was read back from a case
};

class Event {
 public:
  std::string table;
  std::optional<Timestamp> time;  // TimeGenerated; absent when the record carries no usable time
  Provenance provenance;

  // The live fields (storage beyond them is kept for reuse).
  std::span<const Field> fields() const { return {fields_.data(), size_}; }
  size_t size() const { return size_; }
  const Field& field(size_t i) const { return fields_[i]; }

  // Appends a field. Reuses storage of earlier events (readers keep one Event per file).
  Value& Add(std::string_view name);
  void AddString(std::string_view name, std::string_view text) { Add(name).SetString(text); }
  void AddLong(std::string_view name, int64_t v) { Add(name) = Value::Long(v); }

  // First field with exactly this name, or nullptr.
  const Value* Find(std::string_view name) const;
  Value* FindMutable(std::string_view name);
  // Removes the field with this name, keeping the order of the others. Returns whether found.
  bool Remove(std::string_view name);
  // Renames a field; no-op when absent.
  void Rename(std::string_view from, std::string_view to);

  // Forgets all fields while keeping their allocations for the next record.
  void Clear();
  // Exchanges fields and time with `other` (table and provenance stay): hands over an event
  // decoded elsewhere without copying it, each side keeping reusable storage.
  void SwapFields(Event& other) {
    fields_.swap(other.fields_);
    std::swap(size_, other.size_);
    std::swap(time, other.time);
  }

 private:
  std::vector<Field> fields_;
  size_t size_ = 0;  // fields_[0, size_) are live; the rest are spare capacity
};

}  // namespace quarry
