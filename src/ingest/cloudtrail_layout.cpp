// AWS CloudTrail records onto Sentinel's AWSCloudTrail columns.
#include <algorithm>
#include <string>

#include "core/strings.h"
#include "ingest/event_routing.h"
#include "ingest/json_layouts.h"
#include "ingest/json_values.h"

namespace quarry::ingest {
namespace {

using namespace json;  // NOLINT(google-build-using-namespace)

struct CloudTrailColumn {
  const char* path;  // JSON pointer-ish: keys joined by '/'
  const char* column;
};

// Sentinel's AWSCloudTrail column names.
constexpr CloudTrailColumn kCloudTrailColumns[] = {
    {"eventVersion", "EventVersion"},
    {"eventSource", "EventSource"},
    {"eventName", "EventName"},
    {"awsRegion", "AWSRegion"},
    {"sourceIPAddress", "SourceIpAddress"},
    {"userAgent", "UserAgent"},
    {"errorCode", "ErrorCode"},
    {"errorMessage", "ErrorMessage"},
    {"requestParameters", "RequestParameters"},
    {"responseElements", "ResponseElements"},
    {"additionalEventData", "AdditionalEventData"},
    {"requestID", "AwsRequestId"},
    {"eventID", "AwsEventId"},
    {"eventType", "EventTypeName"},
    {"apiVersion", "APIVersion"},
    {"managementEvent", "ManagementEvent"},
    {"readOnly", "ReadOnly"},
    {"resources", "Resources"},
    {"recipientAccountId", "RecipientAccountId"},
    {"serviceEventDetails", "ServiceEventDetails"},
    {"sharedEventID", "SharedEventId"},
    {"vpcEndpointId", "VpcEndpointId"},
    {"eventCategory", "Category"},
    {"tlsDetails/tlsVersion", "TlsVersion"},
    {"tlsDetails/cipherSuite", "CipherSuite"},
    {"tlsDetails/clientProvidedHostHeader", "ClientProvidedHostHeader"},
    {"userIdentity/type", "UserIdentityType"},
    {"userIdentity/principalId", "UserIdentityPrincipalid"},
    {"userIdentity/arn", "UserIdentityArn"},
    {"userIdentity/accountId", "UserIdentityAccountId"},
    {"userIdentity/accessKeyId", "UserIdentityAccessKeyId"},
    {"userIdentity/userName", "UserIdentityUserName"},
    {"userIdentity/invokedBy", "UserIdentityInvokedBy"},
    {"userIdentity/identityStoreArn", "UserIdentityStoreArn"},
    {"userIdentity/userId", "UserIdentityUserId"},
    {"userIdentity/sessionContext/attributes/mfaAuthenticated", "SessionMfaAuthenticated"},
    {"userIdentity/sessionContext/attributes/creationDate", "SessionCreationDate"},
    {"userIdentity/sessionContext/ec2RoleDelivery", "EC2RoleDelivery"},
    {"userIdentity/sessionContext/sessionIssuer/type", "SessionIssuerType"},
    {"userIdentity/sessionContext/sessionIssuer/principalId", "SessionIssuerPrincipalId"},
    {"userIdentity/sessionContext/sessionIssuer/arn", "SessionIssuerArn"},
    {"userIdentity/sessionContext/sessionIssuer/accountId", "SessionIssuerAccountId"},
    {"userIdentity/sessionContext/sessionIssuer/userName", "SessionIssuerUserName"},
};

bool IsCloudTrailTopKey(std::string_view key) {
  for (const auto& c : kCloudTrailColumns) {
    if (std::strchr(c.path, '/') == nullptr && key == c.path) return true;
  }
  return key == "eventTime" || key == "tlsDetails" || key == "userIdentity";
}

}  // namespace

std::string CloudTrailPathOf(std::string_view column) {
  for (const auto& c : kCloudTrailColumns) {
    if (column != c.column) continue;
    std::string path = c.path;
    std::replace(path.begin(), path.end(), '/', '.');
    return path;
  }
  return {};
}

void MapCloudTrail(simdjson::dom::object record, Event& ev) {
  ev.table = kCloudTrailTable;
  element t;
  if (record["eventTime"].get(t) == SUCCESS) ev.time = TimeFrom(t);
  // Records shipped through Logstash or Elastic (OTRF's datasets) may carry their time only in
  // @timestamp: without it they would have no time and drop out of every time filter.
  if (!ev.time && record["@timestamp"].get(t) == SUCCESS) ev.time = TimeFrom(t);
  for (const auto& c : kCloudTrailColumns) {
    element e;
    std::string pointer = std::string("/") + c.path;
    if (record.at_pointer(pointer).get(e) != SUCCESS || IsNull(e)) continue;
    std::string_view column = c.column;
    if (column == "SessionMfaAuthenticated" || column == "ReadOnly" ||
        column == "ManagementEvent") {
      if (e.type() == element_type::STRING) {
        std::string_view s = e.get_string().value_unsafe();
        if (EqualsIgnoreCaseAscii(s, "true") || EqualsIgnoreCaseAscii(s, "false")) {
          ev.Add(column) = Value::Bool(EqualsIgnoreCaseAscii(s, "true"));
          continue;
        }
      }
    } else if (column == "SessionCreationDate") {
      if (auto ts = TimeFrom(e)) {
        ev.Add(column) = Value::DateTime(*ts);
        continue;
      }
    }
    AddJson(ev, column, e);
  }
  element identity;
  if (record["userIdentity"].get(identity) == SUCCESS) AddJson(ev, "UserIdentity", identity);
  // Keys Sentinel has no column for stay under their own names, so nothing is lost.
  for (auto field : record) {
    if (!IsCloudTrailTopKey(field.key)) AddJson(ev, field.key, field.value);
  }
}

}  // namespace quarry::ingest
