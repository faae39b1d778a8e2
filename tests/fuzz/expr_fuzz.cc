// Fuzzes the filter-expression compiler: the whole input is the text of an expression, compiled
// against a registry with a few declared extras and some named lists. Whatever compiles is
// evaluated on a few fixed events (full, empty, built with fewer extras than the registry, and
// one with odd values).
//
// Invariants beyond "no crash, no sanitizer report, no leak, no exception":
//  - a rejected expression carries a message, the Status says the same, and the offset lies
//    within the text (65536 for a text over the length limit);
//  - a compiled expression keeps its text, and evaluating it twice gives the same answer;
//  - where they compile, "not (E)" is the negation of E, and "(E) and true" / "(E) or false"
//    agree with E (these exercise constant folding and chain flattening).

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/access_event.h"
#include "core/ip_address.h"
#include "event_invariants.h"
#include "rules/expr.h"
#include "rules/field_registry.h"

namespace {

using gatewatch::core::AccessEvent;
using gatewatch::core::IpAddress;
using gatewatch::fuzz::Require;
using gatewatch::rules::Expr;
using gatewatch::rules::ExprError;
using gatewatch::rules::FieldRegistry;
using gatewatch::rules::NamedLists;
namespace core = gatewatch::core;

constexpr const char* kExtras[] = {"request.headers.host", "extra", "flag", "upstream_addr"};
constexpr size_t kExtraCount = sizeof(kExtras) / sizeof(kExtras[0]);

FieldRegistry MakeRegistry() {
  FieldRegistry fields;
  for (const char* name : kExtras) fields.Declare(name);
  return fields;
}

const NamedLists& Lists() {
  static const NamedLists lists = {
      {"admins", {"root", "alice", "ops"}},
      {"codes", {"401", "403", "429"}},
      {"office", {"198.51.100.0/24", "2001:db8::/32", "10.1.2.3"}},
      {"mixed", {"42", "forty-two", " 7 ", "1e3"}},
      {"empty", {}},
  };
  return lists;
}

IpAddress Ip(std::string_view text) { return IpAddress::Parse(text).value_or(IpAddress()); }

std::vector<AccessEvent> MakeEvents() {
  std::vector<AccessEvent> events;
  const core::FieldId host = core::kCanonicalFieldCount;
  const core::FieldId extra = host + 1;
  const core::FieldId flag = host + 2;
  const core::FieldId upstream = host + 3;

  AccessEvent full(kExtraCount);
  full.set_ts(1686411388'000'000'000);
  full.set_client_ip(Ip("203.0.113.7"));
  full.SetString(core::kFieldUser, "alice");
  full.SetString(core::kFieldApiKey, "k-123");
  full.SetString(core::kFieldMethod, "POST");
  full.SetString(core::kFieldPath, "/admin/login?next=/");
  full.SetString(core::kFieldRoute, "/admin/login");
  full.SetNumber(core::kFieldStatus, 401);
  full.SetNumber(core::kFieldLatencyMs, 250.5);
  full.SetNumber(core::kFieldBytesOut, 512);
  full.SetString(core::kFieldUserAgent, "sqlmap/1.7 (https://sqlmap.org)");
  full.SetString(host, "api.example.com");
  full.SetNumber(extra, 42);
  full.SetBool(flag, true);
  full.SetString(upstream, "10.1.2.3:8080");
  events.push_back(std::move(full));

  events.emplace_back(kExtraCount);  // everything missing
  events.emplace_back(0);            // fewer extras than the registry knows

  AccessEvent odd(kExtraCount);
  odd.set_ts(-1);
  odd.set_client_ip(Ip("2001:db8::1"));
  odd.SetString(core::kFieldUser, "");
  odd.SetString(core::kFieldPath, std::string_view("/\xff\0x", 4));
  odd.SetNumber(core::kFieldStatus, std::nan(""));
  odd.SetNumber(core::kFieldLatencyMs, -0.0);
  odd.SetString(core::kFieldUserAgent, "\xc3\x28 nikto");
  odd.SetString(extra, "42");
  odd.SetNumber(flag, 1);
  odd.SetString(upstream, "[2001:db8::5]:443");
  events.push_back(std::move(odd));
  return events;
}

std::optional<Expr> TryCompile(std::string_view text) {
  FieldRegistry fields = MakeRegistry();
  ExprError error;
  gatewatch::core::Result<Expr> expr = Expr::Compile(text, fields, Lists(), &error);
  if (!expr.ok()) return std::nullopt;
  return std::move(expr).value();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<AccessEvent> events = MakeEvents();
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  FieldRegistry fields = MakeRegistry();
  ExprError error;
  gatewatch::core::Result<Expr> expr = Expr::Compile(text, fields, Lists(), &error);
  if (!expr.ok()) {
    Require(!error.message.empty(), "a rejected expression without a message");
    Require(expr.status().message() == error.message, "the Status and the ExprError disagree");
    Require(error.offset <= text.size() || (text.size() > 65536 && error.offset == 65536),
            "an error offset outside the text");
    return 0;
  }
  Require(expr->text() == text, "text() is not the source");

  const std::string wrapped(text);
  const std::optional<Expr> negated = TryCompile("not (" + wrapped + ")");
  const std::optional<Expr> and_true = TryCompile("(" + wrapped + ") and true");
  const std::optional<Expr> or_false = TryCompile("(" + wrapped + ") or false");
  for (const AccessEvent& event : events) {
    const bool result = expr->Evaluate(event);
    Require(expr->Evaluate(event) == result, "evaluation is not deterministic");
    if (negated) Require(negated->Evaluate(event) != result, "not (E) is not the negation of E");
    if (and_true) Require(and_true->Evaluate(event) == result, "(E) and true differs from E");
    if (or_false) Require(or_false->Evaluate(event) == result, "(E) or false differs from E");
  }
  return 0;
}
