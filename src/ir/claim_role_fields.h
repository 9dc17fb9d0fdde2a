// The fields of an event that can hold a name in the role a sentence gives it: the account an
// event ran as, the side that started a connection, where it happened, the process that acted,
// its parent; and the address and port fields of each side of a connection.
#pragma once

#include <initializer_list>
#include <string_view>

#include "ir/claim_presence.h"

namespace quarry::ir {

// For a field holding a well-known SID (S-1-5-18/19/20), the account's names; "" otherwise.
std::string_view BuiltinAccount(const Field& f);
bool NameIn(std::string_view name, std::initializer_list<std::string_view> names);

bool SourceAddress(std::string_view field);
bool DestinationAddress(std::string_view field);
bool SourcePort(std::string_view field);
bool DestinationPort(std::string_view field);

// A Windows Filtering Platform event (5156, 5157) of an inbound connection.
bool WfpInbound(const Indexed& ix);
// A Sysmon 3 the host did not initiate, written with the local end as its source.
bool LocalEndAsSource(const Indexed& ix);
// "domain\name" as one token of `hay` (lower case), not a path's end.
bool QualifiedAccount(std::string_view hay, std::string_view name);

Indexed AccountFields(const Indexed& ix);
Indexed SourceSideFields(const Indexed& ix);
Indexed PlaceFields(const Indexed& ix);
Indexed ActorFields(const Indexed& ix);
Indexed ParentFields(const Indexed& ix);
Indexed TargetFields(const Indexed& ix);

}  // namespace quarry::ir
