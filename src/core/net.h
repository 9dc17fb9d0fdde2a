// Facts about network addresses that decide what may leave this machine.
#pragma once

#include <string>

namespace quarry {

// True for "localhost", 127.0.0.0/8 and ::1 (addresses as text, not resolved).
bool IsLoopbackAddress(const std::string& host);

}  // namespace quarry
