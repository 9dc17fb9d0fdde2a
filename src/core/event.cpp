#include "core/event.h"

#include <utility>

namespace quarry {

Value& Event::Add(std::string_view name) {
  if (size_ == fields_.size()) fields_.emplace_back();
  Field& f = fields_[size_++];
  f.name.assign(name.data(), name.size());
  f.value.Reset();
  return f.value;
}

const Value* Event::Find(std::string_view name) const {
  for (size_t i = 0; i < size_; ++i) {
    if (fields_[i].name == name) return &fields_[i].value;
  }
  return nullptr;
}

Value* Event::FindMutable(std::string_view name) {
  for (size_t i = 0; i < size_; ++i) {
    if (fields_[i].name == name) return &fields_[i].value;
  }
  return nullptr;
}

bool Event::Remove(std::string_view name) {
  for (size_t i = 0; i < size_; ++i) {
    if (fields_[i].name == name) {
      for (size_t j = i + 1; j < size_; ++j) std::swap(fields_[j - 1], fields_[j]);
      --size_;
      return true;
    }
  }
  return false;
}

void Event::Rename(std::string_view from, std::string_view to) {
  for (size_t i = 0; i < size_; ++i) {
    if (fields_[i].name == from) {
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
