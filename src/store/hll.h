// HyperLogLog distinct-count sketch (2^11 registers, ~2.3% error); mergeable, stored as a blob.
#pragma once

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <string_view>

namespace quarry::store {

class HyperLogLog {
 public:
  static constexpr int kBits = 11;
  static constexpr size_t kRegisters = size_t{1} << kBits;

  void Add(uint64_t hash) {
    size_t index = hash >> (64 - kBits);
    uint64_t rest = (hash << kBits) | (uint64_t{1} << (kBits - 1));
    auto rank = static_cast<uint8_t>(std::countl_zero(rest) + 1);
    if (rank > registers_[index]) registers_[index] = rank;
  }
  void Merge(const HyperLogLog& other) {
    for (size_t i = 0; i < kRegisters; ++i) {
      if (other.registers_[i] > registers_[i]) registers_[i] = other.registers_[i];
    }
  }
  void Load(std::string_view blob) {
    for (size_t i = 0; i < kRegisters && i < blob.size(); ++i) {
      registers_[i] = static_cast<uint8_t>(blob[i]);
    }
  }
  std::string_view Bytes() const {
    return {reinterpret_cast<const char*>(registers_.data()), registers_.size()};
  }
  int64_t Estimate() const {
    double sum = 0;
    size_t zeros = 0;
    for (uint8_t r : registers_) {
      sum += std::ldexp(1.0, -r);
      if (r == 0) ++zeros;
    }
    constexpr double m = static_cast<double>(kRegisters);
    double alpha = 0.7213 / (1.0 + 1.079 / m);
    double estimate = alpha * m * m / sum;
    if (estimate <= 2.5 * m && zeros > 0) {
      estimate = m * std::log(m / static_cast<double>(zeros));  // linear counting for small sets
    }
    return static_cast<int64_t>(std::llround(estimate));
  }

 private:
  std::array<uint8_t, kRegisters> registers_{};
};

}  // namespace quarry::store
