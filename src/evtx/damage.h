#pragma once

#include <string_view>

namespace quarry::evtx {

// Whether a damage code means records were lost (rather than a checksum or header that lags, or
// deleted records that carving could not bring back).
inline bool DamageLosesRecords(std::string_view code) {
  return code != "evtx.file_header_crc" && code != "evtx.chunk_header_crc" &&
         code != "evtx.records_crc" && code != "evtx.dirty" && code != "evtx.carve_undecodable";
}

}  // namespace quarry::evtx
