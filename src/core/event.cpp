#include "core/event.h"

#include <utility>

namespace quarry {

namespace {

// Most names differ in length or first byte: settle those without a call to memcmp (Find runs
// a dozen times per record while readers route events).
bool SameName(const std::string& a, std::string_view b) {
  return a.size() == b.size() && (b.empty() || (a[0] == b[0] && a.compare(b) == 0));
}

}  // namespace

Value& Event::Add(std::string_view name) {
  if (size_ == fields_.size()) fields_.emplace_back();
  Field& f = fields_[size_++];
  f.name.assign(name.data(), name.size());
  f.value.Reset();
  return f.value;
}

const Value* Event::Find(std::string_view name) const {
  for (size_t i = 0; i < size_; ++i) {
    if (SameName(fields_[i].name, name)) return &fields_[i].value;
  }
  return nullptr;
}

Value* Event::FindMutable(std::string_view name) {
  for (size_t i = 0; i < size_; ++i) {
    if (SameName(fields_[i].name, name)) return &fields_[i].value;
  }
  return nullptr;
}

bool Event::Remove(std::string_view name) {
  for (size_t i = 0; i < size_; ++i) {
    if (SameName(fields_[i].name, name)) {
      for (size_t j = i + 1; j < size_; ++j) std::swap(fields_[j - 1], fields_[j]);
      --size_;
      return true;
    }
  }
  return false;
}

void Event::Rename(std::string_view from, std::string_view to) {
  for (size_t i = 0; i < size_; ++i) {
    if (SameName(fields_[i].name, from)) {
      fields_[i].name.assign(to.data(), to.size());
      return;
    }
  }
}

void Event::Clear() {
  size_ = 0;
  table.clear();
  time.reset();
}

}  // namespace quarry
