#include "rules/expr.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "core/access_event.h"
#include "core/ip_address.h"
#include "rules/field_registry.h"
#include "support/heap_allocation_counter.h"

using gatewatch::test_support::HeapAllocations;  // tests/support: counts for the whole binary

namespace gatewatch::rules {
namespace {

using core::AccessEvent;
using core::IpAddress;

constexpr int64_t kTs = 1686411388'000'000'000;  // 2023-06-10T15:36:28Z

IpAddress Ip(std::string_view text) {
  std::optional<IpAddress> ip = IpAddress::Parse(text);
  EXPECT_TRUE(ip.has_value()) << text;
  return ip.value_or(IpAddress());
}

class ExprTest : public ::testing::Test {
 protected:
  ExprTest() {
    host_ = registry_.Declare("request.headers.host");
    extra_ = registry_.Declare("extra");
    flag_ = registry_.Declare("flag");
    upstream_ = registry_.Declare("upstream_addr");
    lists_["admins"] = {"root", "alice", "ops"};
    lists_["auth_failures"] = {"401", "403"};
    lists_["office"] = {"198.51.100.0/24", "2001:db8::/32"};
    lists_["mixed"] = {"42", "forty-two"};
    lists_["words"] = {"abc", "x1"};
    lists_["empty"] = {};
  }

  // A typical failed admin login by a scanner.
  AccessEvent Event() const {
    AccessEvent ev(registry_.size() - core::kCanonicalFieldCount);
    ev.set_ts(kTs);
    ev.set_client_ip(Ip("203.0.113.7"));
    ev.SetString(core::kFieldUser, "alice");
    ev.SetString(core::kFieldApiKey, "k-123");
    ev.SetString(core::kFieldMethod, "POST");
    ev.SetString(core::kFieldPath, "/admin/login?next=/");
    ev.SetString(core::kFieldRoute, "/admin/login");
    ev.SetNumber(core::kFieldStatus, 401);
    ev.SetNumber(core::kFieldLatencyMs, 250.5);
    ev.SetNumber(core::kFieldBytesOut, 512);
    ev.SetString(core::kFieldUserAgent, "sqlmap/1.7 (https://sqlmap.org)");
    ev.SetString(host_, "api.example.com");
    ev.SetNumber(extra_, 42);
    ev.SetBool(flag_, true);
    ev.SetString(upstream_, "10.1.2.3:8080");
    return ev;
  }

  Expr Compile(std::string_view text) {
    ExprError error;
    core::Result<Expr> expr = Expr::Compile(text, registry_, lists_, &error);
    EXPECT_TRUE(expr.ok()) << text << "\n  error at " << error.offset << ": " << error.message;
    if (!expr.ok()) return Expr::True();
    return std::move(expr).value();
  }

  bool Eval(std::string_view text, const AccessEvent& ev) { return Compile(text).Evaluate(ev); }
  bool Eval(std::string_view text) { return Eval(text, Event()); }

  // The error of a text that must not compile; the Status carries the same message.
  ExprError Error(std::string_view text) {
    ExprError error;
    core::Result<Expr> expr = Expr::Compile(text, registry_, lists_, &error);
    EXPECT_FALSE(expr.ok()) << text << " compiled";
    if (!expr.ok()) {
      EXPECT_EQ(expr.status().code(), core::Status::Code::kInvalidArgument);
      EXPECT_EQ(expr.status().message(), error.message);
    }
    return error;
  }

  FieldRegistry registry_;
  NamedLists lists_;
  core::FieldId host_ = 0;
  core::FieldId extra_ = 0;
  core::FieldId flag_ = 0;
  core::FieldId upstream_ = 0;
};

// Expects `text` to fail with exactly `message` at `offset`.
#define EXPECT_EXPR_ERROR(text, offset_, message_)  \
  do {                                              \
    const ExprError e = Error(text);                \
    EXPECT_EQ(e.message, message_) << (text);       \
    EXPECT_EQ(e.offset, size_t{offset_}) << (text); \
  } while (0)

// --- literals and lexing ---

TEST_F(ExprTest, NumbersMayBeNegativeFractionalOrExponential) {
  EXPECT_TRUE(Eval("latency_ms == 250.5"));
  EXPECT_TRUE(Eval("latency_ms > -1"));
  EXPECT_TRUE(Eval("status == 4.01e2"));
  EXPECT_TRUE(Eval("status==401"));
  EXPECT_TRUE(Eval("bytes_out >= 5.12E+2"));
  AccessEvent ev = Event();
  ev.SetNumber(core::kFieldLatencyMs, -0.5);
  EXPECT_TRUE(Eval("latency_ms == -0.5", ev));
  EXPECT_TRUE(Eval("latency_ms < -0.25", ev));
}

TEST_F(ExprTest, StringEscapesAreDecoded) {
  AccessEvent ev = Event();
  ev.SetString(core::kFieldUser, "a\"b\\c/\n\t\r \xC3\xA9 \xF0\x9F\x98\x80");
  EXPECT_TRUE(Eval(R"(user == "a\"b\\c\/\n\t\r \u00e9 \uD83D\uDE00")", ev));
  EXPECT_TRUE(Eval(R"(user == "a\"b\\c/\n\t\r é 😀")", ev));
  EXPECT_FALSE(Eval(R"(user == "a\"b\\c")", ev));
}

TEST_F(ExprTest, StringsMayHoldRawNewlinesAndNul) {
  AccessEvent ev = Event();
  ev.SetString(core::kFieldUser, std::string_view("a\nb\0c", 5));
  EXPECT_TRUE(Eval("user == \"a\nb\\u0000c\"", ev));
}

TEST_F(ExprTest, TrueAndFalseStandAlone) {
  EXPECT_TRUE(Eval("true"));
  EXPECT_FALSE(Eval("false"));
  EXPECT_TRUE(Eval("(true)"));
  EXPECT_FALSE(Eval("not true"));
}

TEST_F(ExprTest, WhitespaceAndLineBreaksSeparateTokens) {
  EXPECT_TRUE(Eval("\n  status\t==\r\n401\n  and\n  user == \"alice\"\n"));
}

TEST_F(ExprTest, DottedAndDashedFieldNames) {
  registry_.Declare("x-api-version");
  AccessEvent ev(registry_.size() - core::kCanonicalFieldCount);
  ev.SetString(host_, "api.example.com");
  ev.SetString(*registry_.Find("x-api-version"), "v2");
  EXPECT_TRUE(Eval("request.headers.host == \"api.example.com\"", ev));
  EXPECT_TRUE(Eval("x-api-version == \"v2\"", ev));
}

// --- comparisons ---

TEST_F(ExprTest, NumberComparisonsUseAllSixOperators) {
  EXPECT_TRUE(Eval("status == 401"));
  EXPECT_FALSE(Eval("status == 403"));
  EXPECT_TRUE(Eval("status != 403"));
  EXPECT_FALSE(Eval("status != 401"));
  EXPECT_TRUE(Eval("status < 402"));
  EXPECT_FALSE(Eval("status < 401"));
  EXPECT_TRUE(Eval("status <= 401"));
  EXPECT_FALSE(Eval("status <= 400"));
  EXPECT_TRUE(Eval("status > 400"));
  EXPECT_FALSE(Eval("status > 401"));
  EXPECT_TRUE(Eval("status >= 401"));
  EXPECT_FALSE(Eval("status >= 402"));
}

TEST_F(ExprTest, ValueOnTheLeftMirrorsTheOperator) {
  EXPECT_TRUE(Eval("401 == status"));
  EXPECT_TRUE(Eval("500 > status"));
  EXPECT_FALSE(Eval("400 > status"));
  EXPECT_TRUE(Eval("401 >= status"));
  EXPECT_TRUE(Eval("400 < status"));
  EXPECT_TRUE(Eval("401 <= status"));
  EXPECT_TRUE(Eval("\"alice\" == user"));
}

TEST_F(ExprTest, StringsCompareByteWise) {
  EXPECT_TRUE(Eval("user == \"alice\""));
  EXPECT_FALSE(Eval("user == \"Alice\""));
  EXPECT_TRUE(Eval("user != \"bob\""));
  EXPECT_TRUE(Eval("user < \"bob\""));
  EXPECT_TRUE(Eval("user > \"Zed\""));  // lowercase sorts after uppercase
  EXPECT_TRUE(Eval("user >= \"alice\""));
  EXPECT_TRUE(Eval("user <= \"alice\""));
  EXPECT_FALSE(Eval("user < \"alice\""));
  EXPECT_TRUE(Eval("user > \"alic\""));
}

TEST_F(ExprTest, ClientIpComparesAsAnAddress) {
  EXPECT_TRUE(Eval("client_ip == \"203.0.113.7\""));
  EXPECT_TRUE(Eval("client_ip == \"::ffff:203.0.113.7\""));
  EXPECT_FALSE(Eval("client_ip == \"203.0.113.8\""));
  EXPECT_TRUE(Eval("client_ip != \"203.0.113.8\""));
  EXPECT_TRUE(Eval("\"203.0.113.7\" == client_ip"));
  AccessEvent ev = Event();
  ev.set_client_ip(Ip("2001:db8::1"));
  EXPECT_TRUE(Eval("client_ip == \"2001:DB8:0::1\"", ev));
  EXPECT_FALSE(Eval("client_ip == \"2001:db8::2\"", ev));
}

TEST_F(ExprTest, TimeComparesExactlyInNanoseconds) {
  EXPECT_TRUE(Eval("ts == 1686411388000000000"));
  EXPECT_FALSE(Eval("ts == 1686411388000000001"));  // a double could not tell these apart
  EXPECT_TRUE(Eval("ts < 1686411388000000001"));
  EXPECT_TRUE(Eval("ts >= 1686411388000000000 and ts < 1686411389000000000"));
}

TEST_F(ExprTest, TwoFieldsCompareWhenTheirTypesAgree) {
  AccessEvent ev = Event();
  EXPECT_TRUE(Eval("latency_ms < status", ev));
  EXPECT_TRUE(Eval("bytes_out > status", ev));
  EXPECT_FALSE(Eval("user == api_key", ev));
  ev.SetString(core::kFieldApiKey, "alice");
  EXPECT_TRUE(Eval("user == api_key", ev));
  EXPECT_TRUE(Eval("client_ip == client_ip", ev));
  EXPECT_TRUE(Eval("ts > status", ev));
  EXPECT_TRUE(Eval("extra < status", ev));  // number 42 against a number
  EXPECT_FALSE(Eval("extra == user", ev));  // number against a string: false
  EXPECT_FALSE(Eval("extra != user", ev));  // ... whatever the operator
  EXPECT_TRUE(Eval("flag == flag", ev));    // booleans: == and != only
  EXPECT_FALSE(Eval("flag < flag", ev));
  ev.SetMissing(core::kFieldApiKey);
  EXPECT_FALSE(Eval("user != api_key", ev));
}

// --- fields of any type (declared extras) ---

TEST_F(ExprTest, DynamicFieldsCompareWithTheKindTheEventHolds) {
  AccessEvent ev = Event();  // extra = 42 (number), flag = true
  EXPECT_TRUE(Eval("extra == 42", ev));
  EXPECT_TRUE(Eval("extra > 41.5", ev));
  EXPECT_FALSE(Eval("extra == \"42\"", ev));
  EXPECT_FALSE(Eval("extra != \"42\"", ev));
  EXPECT_TRUE(Eval("flag == true", ev));
  EXPECT_TRUE(Eval("flag != false", ev));
  EXPECT_FALSE(Eval("flag == 1", ev));

  ev.SetString(extra_, "42");
  EXPECT_TRUE(Eval("extra == \"42\"", ev));
  EXPECT_TRUE(Eval("extra < \"5\"", ev));  // strings order byte-wise
  EXPECT_FALSE(Eval("extra == 42", ev));
  EXPECT_FALSE(Eval("extra != 42", ev));
  EXPECT_FALSE(Eval("extra > 10", ev));

  ev.SetBool(extra_, false);
  EXPECT_TRUE(Eval("extra == false", ev));
  EXPECT_FALSE(Eval("extra == 0", ev));
  EXPECT_FALSE(Eval("extra == \"false\"", ev));
}

TEST_F(ExprTest, DynamicFieldsTakeStringOperatorsOnlyWhenHoldingAString) {
  AccessEvent ev = Event();
  EXPECT_FALSE(Eval("extra startswith \"4\"", ev));
  EXPECT_FALSE(Eval("extra matches \"4\"", ev));
  ev.SetString(extra_, "42");
  EXPECT_TRUE(Eval("extra startswith \"4\"", ev));
  EXPECT_TRUE(Eval("extra matches \"^4\"", ev));
}

// --- membership ---

TEST_F(ExprTest, InAndNotInLiteralLists) {
  EXPECT_TRUE(Eval("status in [401, 403]"));
  EXPECT_FALSE(Eval("status in [400, 403]"));
  EXPECT_TRUE(Eval("status not in [400, 403]"));
  EXPECT_FALSE(Eval("status not in [401]"));
  EXPECT_TRUE(Eval("method in [\"GET\", \"POST\"]"));
  EXPECT_FALSE(Eval("method in [\"get\", \"post\"]"));
  EXPECT_TRUE(Eval("method not in [\"GET\"]"));
  EXPECT_FALSE(Eval("status in []"));
  EXPECT_TRUE(Eval("status not in []"));
  EXPECT_TRUE(Eval("latency_ms in [250.5, -1]"));
}

TEST_F(ExprTest, LongListsUseAnIndex) {
  std::string strings = "user in [";
  std::string numbers = "status in [";
  for (int i = 0; i < 1000; ++i) {
    if (i > 0) {
      strings += ", ";
      numbers += ", ";
    }
    strings += "\"u" + std::to_string(i) + "\"";
    numbers += std::to_string(1000 - i);
  }
  strings += "]";
  numbers += "]";
  const Expr in_strings = Compile(strings);
  const Expr in_numbers = Compile(numbers);
  AccessEvent ev = Event();
  for (const char* user : {"u0", "u1", "u500", "u999"}) {
    ev.SetString(core::kFieldUser, user);
    EXPECT_TRUE(in_strings.Evaluate(ev)) << user;
  }
  for (const char* user : {"u1000", "u", "", "U1", "u01", "alice"}) {
    ev.SetString(core::kFieldUser, user);
    EXPECT_FALSE(in_strings.Evaluate(ev)) << user;
  }
  for (double status : {1.0, 2.0, 401.0, 999.0, 1000.0}) {
    ev.SetNumber(core::kFieldStatus, status);
    EXPECT_TRUE(in_numbers.Evaluate(ev)) << status;
  }
  for (double status : {0.0, 1.5, 1001.0, -1.0}) {
    ev.SetNumber(core::kFieldStatus, status);
    EXPECT_FALSE(in_numbers.Evaluate(ev)) << status;
  }
}

TEST_F(ExprTest, ShortAndLongListsAgree) {
  // Nine values cross from a scan to an index; both must give the same answers.
  const Expr short_list =
      Compile("user in [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\", \"h\"]");
  const Expr long_list =
      Compile("user in [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\", \"h\", \"i\"]");
  const Expr duplicates =
      Compile("user in [\"a\", \"a\", \"a\", \"a\", \"a\", \"a\", \"a\", \"a\", \"a\", \"b\"]");
  AccessEvent ev = Event();
  for (const char* user : {"a", "e", "h"}) {
    ev.SetString(core::kFieldUser, user);
    EXPECT_TRUE(short_list.Evaluate(ev)) << user;
    EXPECT_TRUE(long_list.Evaluate(ev)) << user;
  }
  ev.SetString(core::kFieldUser, "i");
  EXPECT_FALSE(short_list.Evaluate(ev));
  EXPECT_TRUE(long_list.Evaluate(ev));
  ev.SetString(core::kFieldUser, "b");
  EXPECT_TRUE(duplicates.Evaluate(ev));
}

TEST_F(ExprTest, ClientIpInAListOfAddressesAndNetworks) {
  EXPECT_TRUE(Eval("client_ip in [\"203.0.113.7\", \"2001:db8::1\"]"));
  EXPECT_TRUE(Eval("client_ip in [\"203.0.113.0/24\"]"));
  EXPECT_FALSE(Eval("client_ip in [\"203.0.113.8\"]"));
  EXPECT_TRUE(Eval("client_ip not in [\"203.0.113.8\"]"));
}

TEST_F(ExprTest, DynamicFieldInLiteralListMatchesItsKind) {
  AccessEvent ev = Event();
  EXPECT_TRUE(Eval("extra in [41, 42]", ev));
  EXPECT_FALSE(Eval("extra in [\"42\"]", ev));
  EXPECT_FALSE(Eval("extra not in [\"42\"]", ev));  // a number is not tested against strings
  ev.SetString(extra_, "42");
  EXPECT_TRUE(Eval("extra in [\"41\", \"42\"]", ev));
  EXPECT_FALSE(Eval("extra in [42]", ev));
  EXPECT_FALSE(Eval("extra in []", ev));
  EXPECT_TRUE(Eval("extra not in []", ev));
}

TEST_F(ExprTest, NamedListsOfStrings) {
  EXPECT_TRUE(Eval("user in $admins"));
  EXPECT_FALSE(Eval("user not in $admins"));
  EXPECT_TRUE(Eval("method not in $admins"));
  EXPECT_FALSE(Eval("user in $empty"));
}

TEST_F(ExprTest, NamedListsAreReadAsNumbersForNumberFields) {
  EXPECT_TRUE(Eval("status in $auth_failures"));
  AccessEvent ev = Event();
  ev.SetNumber(core::kFieldStatus, 403);
  EXPECT_TRUE(Eval("status in $auth_failures", ev));
  ev.SetNumber(core::kFieldStatus, 200);
  EXPECT_FALSE(Eval("status in $auth_failures", ev));
  EXPECT_TRUE(Eval("status not in $auth_failures", ev));
}

TEST_F(ExprTest, NamedListsForDynamicFieldsMatchStringsAndNumbers) {
  AccessEvent ev = Event();  // extra = 42
  EXPECT_TRUE(Eval("extra in $mixed", ev));
  EXPECT_FALSE(Eval("extra in $words", ev));
  EXPECT_TRUE(Eval("extra not in $words", ev));
  ev.SetString(extra_, "forty-two");
  EXPECT_TRUE(Eval("extra in $mixed", ev));
  ev.SetString(extra_, "42.0");
  EXPECT_FALSE(Eval("extra in $mixed", ev));  // strings match as written
  ev.SetBool(extra_, true);
  EXPECT_FALSE(Eval("extra in $mixed", ev));
  EXPECT_FALSE(Eval("extra not in $mixed", ev));
}

TEST_F(ExprTest, CidrMembershipV4AndV6) {
  AccessEvent ev = Event();
  EXPECT_TRUE(Eval("client_ip in cidr(\"203.0.113.0/24\")", ev));
  EXPECT_FALSE(Eval("client_ip in cidr(\"10.0.0.0/8\", \"2001:db8::/32\")", ev));
  EXPECT_TRUE(Eval("client_ip not in cidr(\"10.0.0.0/8\")", ev));
  EXPECT_TRUE(Eval("client_ip in cidr(\"0.0.0.0/0\")", ev));
  ev.set_client_ip(Ip("2001:db8:1::5"));
  EXPECT_TRUE(Eval("client_ip in cidr(\"10.0.0.0/8\", \"2001:db8::/32\")", ev));
  EXPECT_FALSE(Eval("client_ip in cidr(\"2001:db9::/32\")", ev));
  ev.set_client_ip(Ip("::ffff:10.9.8.7"));
  EXPECT_TRUE(Eval("client_ip in cidr(\"10.0.0.0/8\")", ev));
}

TEST_F(ExprTest, CidrMembershipFromNamedLists) {
  AccessEvent ev = Event();
  EXPECT_FALSE(Eval("client_ip in cidr($office)", ev));
  EXPECT_TRUE(Eval("client_ip in cidr($office, \"203.0.113.0/24\")", ev));
  ev.set_client_ip(Ip("198.51.100.99"));
  EXPECT_TRUE(Eval("client_ip in cidr($office)", ev));
  EXPECT_TRUE(Eval("client_ip in $office", ev));
  ev.set_client_ip(Ip("2001:db8::dead"));
  EXPECT_TRUE(Eval("client_ip in $office", ev));
  EXPECT_FALSE(Eval("client_ip not in $office", ev));
}

TEST_F(ExprTest, CidrOnAStringFieldReadsItAsAnAddress) {
  AccessEvent ev = Event();  // upstream_addr = "10.1.2.3:8080"
  EXPECT_TRUE(Eval("upstream_addr in cidr(\"10.0.0.0/8\")", ev));
  EXPECT_FALSE(Eval("upstream_addr not in cidr(\"10.0.0.0/8\")", ev));
  EXPECT_TRUE(Eval("upstream_addr not in cidr(\"192.168.0.0/16\")", ev));
  ev.SetString(upstream_, "[2001:db8::1]:443");
  EXPECT_TRUE(Eval("upstream_addr in cidr(\"2001:db8::/32\")", ev));
  ev.SetString(upstream_, "not an address");
  EXPECT_FALSE(Eval("upstream_addr in cidr(\"0.0.0.0/0\")", ev));
  EXPECT_FALSE(Eval("upstream_addr not in cidr(\"10.0.0.0/8\")", ev));
  EXPECT_FALSE(Eval("path in cidr(\"0.0.0.0/0\")", ev));
}

// --- string operators ---

TEST_F(ExprTest, StartsWithEndsWithContains) {
  EXPECT_TRUE(Eval("path startswith \"/admin\""));
  EXPECT_FALSE(Eval("path startswith \"/Admin\""));
  EXPECT_TRUE(Eval("path startswith \"\""));
  EXPECT_TRUE(Eval("route endswith \"/login\""));
  EXPECT_FALSE(Eval("route endswith \"/logout\""));
  EXPECT_TRUE(Eval("user_agent contains \"sqlmap\""));
  EXPECT_FALSE(Eval("user_agent contains \"nikto\""));
  EXPECT_TRUE(Eval("not path startswith \"/static\""));
  EXPECT_FALSE(Eval("not path startswith \"/admin\""));
}

TEST_F(ExprTest, MatchesSearchesWithRe2) {
  EXPECT_TRUE(Eval("user_agent matches \"sqlmap\""));  // a search, not a full match
  EXPECT_FALSE(Eval("user_agent matches \"^sqlmap$\""));
  EXPECT_TRUE(Eval("user_agent matches \"^sqlmap/[0-9.]+ \""));
  EXPECT_FALSE(Eval("user_agent matches \"SQLMAP\""));
  EXPECT_TRUE(Eval("user_agent matches \"(?i)SQLMAP|nikto\""));
  EXPECT_TRUE(Eval("path matches \"^/admin/\\\\w+\""));  // \\ in the expression is a backslash
  EXPECT_TRUE(Eval("not user_agent matches \"curl\""));
}

// --- exists and missing values ---

TEST_F(ExprTest, ExistsIsTrueForPresentValuesIncludingEmptyStrings) {
  AccessEvent ev = Event();
  EXPECT_TRUE(Eval("exists(user)", ev));
  EXPECT_TRUE(Eval("exists(ts)", ev));
  EXPECT_TRUE(Eval("exists(flag)", ev));
  ev.SetString(core::kFieldUser, "");
  EXPECT_TRUE(Eval("exists(user)", ev));
  EXPECT_TRUE(Eval("user == \"\"", ev));
  ev.SetMissing(core::kFieldUser);
  EXPECT_FALSE(Eval("exists(user)", ev));
  EXPECT_TRUE(Eval("not exists(user)", ev));
}

TEST_F(ExprTest, EveryTestOnAMissingFieldIsFalse) {
  AccessEvent ev(registry_.size() - core::kCanonicalFieldCount);  // nothing set
  for (const char* text : {"status == 200",
                           "status != 200",
                           "status < 1",
                           "status >= 0",
                           "status in [200]",
                           "status not in [200]",
                           "status in $auth_failures",
                           "status not in $auth_failures",
                           "user == \"\"",
                           "user != \"x\"",
                           "user < \"z\"",
                           "user in [\"x\"]",
                           "user not in [\"x\"]",
                           "user startswith \"\"",
                           "user endswith \"\"",
                           "user contains \"\"",
                           "user matches \"\"",
                           "client_ip == \"::\"",
                           "client_ip != \"1.2.3.4\"",
                           "client_ip in cidr(\"::/0\")",
                           "client_ip not in cidr(\"10.0.0.0/8\")",
                           "extra == 1",
                           "extra != \"x\"",
                           "flag == true",
                           "flag != true",
                           "extra in $mixed",
                           "extra not in $mixed",
                           "upstream_addr not in cidr(\"10.0.0.0/8\")",
                           "user == api_key",
                           "user != api_key",
                           "exists(user)",
                           "exists(extra)"}) {
    EXPECT_FALSE(Eval(text, ev)) << text;
  }
  for (const char* text : {"not status == 200", "not status != 200", "not status in [200]",
                           "not user startswith \"\"", "not exists(user)", "exists(ts)"}) {
    EXPECT_TRUE(Eval(text, ev)) << text;
  }
}

TEST_F(ExprTest, FieldsTheEventWasNotBuiltWithAreMissing) {
  // An event from a parser that knows fewer extras than the registry.
  AccessEvent ev(0);
  ev.SetNumber(core::kFieldStatus, 401);
  EXPECT_FALSE(Eval("extra == 1", ev));
  EXPECT_FALSE(Eval("exists(upstream_addr)", ev));
  EXPECT_FALSE(Eval("flag == flag", ev));
  EXPECT_TRUE(Eval("status == 401 and not exists(extra)", ev));
}

// --- boolean structure ---

TEST_F(ExprTest, AndBindsTighterThanOr) {
  // T = status == 401, F = status == 200.
  EXPECT_TRUE(Eval("status == 401 or status == 200 and status == 200"));  // T or (F and F)
  EXPECT_FALSE(Eval("(status == 401 or status == 200) and status == 200"));
  EXPECT_TRUE(Eval("status == 200 and status == 200 or status == 401"));  // (F and F) or T
  EXPECT_FALSE(Eval("status == 200 and (status == 200 or status == 401)"));
}

TEST_F(ExprTest, NotBindsTighterThanAndButLooserThanPredicates) {
  EXPECT_FALSE(Eval("not status == 200 and status == 200"));  // (not F) and F
  EXPECT_TRUE(Eval("not (status == 200 and status == 200)"));
  EXPECT_TRUE(Eval("not status == 200 or status == 200"));
  EXPECT_TRUE(Eval("not client_ip in cidr(\"10.0.0.0/8\")"));
  EXPECT_FALSE(Eval("not client_ip in cidr(\"203.0.113.0/24\")"));
  EXPECT_TRUE(Eval("not not status == 401"));
  EXPECT_FALSE(Eval("not not not status == 401"));
}

TEST_F(ExprTest, LongChainsAndConstantsEvaluateLikeTheirDefinition) {
  EXPECT_TRUE(Eval("status == 1 or status == 2 or status == 3 or status == 401"));
  EXPECT_FALSE(Eval("status == 401 and user == \"alice\" and method == \"GET\""));
  EXPECT_TRUE(Eval("status == 401 and (user == \"alice\" and (method == \"POST\"))"));
  EXPECT_TRUE(Eval("true and status == 401"));
  EXPECT_FALSE(Eval("false and status == 401"));
  EXPECT_TRUE(Eval("false or status == 401"));
  EXPECT_TRUE(Eval("true or status == 1"));
  EXPECT_FALSE(Eval("not (true or status == 1)"));
  EXPECT_TRUE(Eval("(status == 1 or false) or (status == 401 and true)"));
}

TEST_F(ExprTest, TypicalFilters) {
  const char* filter = "status in [401, 403] and not client_ip in cidr(\"10.0.0.0/8\")";
  AccessEvent ev = Event();
  EXPECT_TRUE(Eval(filter, ev));
  ev.set_client_ip(Ip("10.0.0.1"));
  EXPECT_FALSE(Eval(filter, ev));
  EXPECT_TRUE(Eval("path startswith \"/admin\" or user_agent matches \"(?i)sqlmap|nikto\""));
  EXPECT_TRUE(Eval("exists(user) and user in $admins and latency_ms >= 250.5"));
}

// --- compile errors ---

TEST_F(ExprTest, UnknownFieldSuggestsTheClosestName) {
  EXPECT_EXPR_ERROR("stauts == 401", 0, "unknown field \"stauts\" (did you mean \"status\"?)");
  EXPECT_EXPR_ERROR("status == 1 and usr == \"x\"", 16,
                    "unknown field \"usr\" (did you mean \"user\"?)");
  EXPECT_EXPR_ERROR("Status == 1", 0, "unknown field \"Status\" (did you mean \"status\"?)");
  EXPECT_EXPR_ERROR("request.headers.hots == \"x\"", 0,
                    "unknown field \"request.headers.hots\" (did you mean "
                    "\"request.headers.host\"?)");
  EXPECT_EXPR_ERROR("exists(zzzzzz)", 7, "unknown field \"zzzzzz\"");
  EXPECT_EXPR_ERROR("status == zzzzzz", 10, "unknown field \"zzzzzz\"");
}

TEST_F(ExprTest, TypeMismatchesNameBothSides) {
  EXPECT_EXPR_ERROR("status == \"abc\"", 10, "status is a number, \"abc\" is a string");
  EXPECT_EXPR_ERROR("user > 5", 7, "user is a string, 5 is a number");
  EXPECT_EXPR_ERROR("user == true", 8, "user is a string, true is a boolean");
  EXPECT_EXPR_ERROR("client_ip == 5", 13, "client_ip is an IP address, 5 is a number");
  EXPECT_EXPR_ERROR("ts == \"now\"", 6,
                    "ts is a time (nanoseconds since the epoch), \"now\" is a string");
  EXPECT_EXPR_ERROR("status in [401, \"403\"]", 16, "status is a number, \"403\" is a string");
  EXPECT_EXPR_ERROR("user == status", 8, "user is a string, status is a number");
  EXPECT_EXPR_ERROR("client_ip == user", 13, "client_ip is an IP address, user is a string");
  EXPECT_EXPR_ERROR("extra in [1, \"a\"]", 13, "the list mixes numbers and strings");
  EXPECT_EXPR_ERROR("extra in [true]", 10, "lists hold numbers or strings, not booleans");
  EXPECT_EXPR_ERROR("flag < true", 5, "\"<\" orders numbers or strings; true is a boolean");
  EXPECT_EXPR_ERROR("\"a\" == \"b\"", 0,
                    "a comparison needs a field on one side; \"a\" and \"b\" are both values");
}

TEST_F(ExprTest, OperatorsTheFieldTypeDoesNotTakeAreErrors) {
  EXPECT_EXPR_ERROR("client_ip > \"1.2.3.4\"", 10,
                    "client_ip is compared with == or != only, not \">\" (use in cidr(...) for "
                    "ranges)");
  EXPECT_EXPR_ERROR("client_ip == \"nope\"", 13, "\"nope\" is not an IP address");
  EXPECT_EXPR_ERROR("client_ip == \"10.0.0.0/8\"", 13,
                    "\"10.0.0.0/8\" is not an IP address (for a network write client_ip in "
                    "cidr(\"10.0.0.0/8\"))");
  EXPECT_EXPR_ERROR("client_ip startswith \"10.\"", 0,
                    "client_ip is an IP address; instead of \"startswith\" use client_ip in "
                    "cidr(\"10.0.0.0/8\")");
  EXPECT_EXPR_ERROR("status contains \"4\"", 0,
                    "status is a number; \"contains\" needs a string field");
  EXPECT_EXPR_ERROR("status in cidr(\"10.0.0.0/8\")", 0,
                    "status is a number; cidr(...) needs an address field such as client_ip");
  EXPECT_EXPR_ERROR("ts in [1]", 0,
                    "ts cannot be used with \"in\"; compare it with <, <=, > or >=");
  EXPECT_EXPR_ERROR("ts > 1.5", 5,
                    "ts is compared with whole nanoseconds since the epoch; 1.5 is not a 64-bit "
                    "integer");
  EXPECT_EXPR_ERROR("200 in [200]", 0, "\"in\" needs a field on its left");
  EXPECT_EXPR_ERROR("\"x\" contains \"y\"", 0, "\"contains\" needs a field on its left");
  EXPECT_EXPR_ERROR("status == $auth_failures", 10,
                    "a list is used with \"in\", as in status in $auth_failures");
}

TEST_F(ExprTest, UnexpectedTokensSayWhatWasExpected) {
  EXPECT_EXPR_ERROR("status ==", 9, "expected a value after \"==\"");
  EXPECT_EXPR_ERROR("status == )", 10, "expected a value after \"==\", found \")\"");
  EXPECT_EXPR_ERROR("status == 401 and", 17, "expected a condition after \"and\"");
  EXPECT_EXPR_ERROR("and status == 1", 0, "expected a condition, found \"and\"");
  EXPECT_EXPR_ERROR("status", 6, "expected an operator after \"status\"");
  EXPECT_EXPR_ERROR("status 401", 7, "expected an operator after \"status\", found \"401\"");
  EXPECT_EXPR_ERROR("(status == 401", 14,
                    "expected \")\" after \"401\" (to close the \"(\" at offset 0)");
  EXPECT_EXPR_ERROR("status in [401,]", 15, "expected a value after \",\", found \"]\"");
  EXPECT_EXPR_ERROR("status in [401 403]", 15,
                    "expected \",\" or \"]\" after \"401\", found \"403\"");
  EXPECT_EXPR_ERROR("status in 401", 10,
                    "expected a list ([...]), cidr(...) or a $list after \"in\", found \"401\"");
  EXPECT_EXPR_ERROR("client_ip in cidr()", 17, "cidr() needs at least one network");
  EXPECT_EXPR_ERROR("path startswith 5", 16, "expected a string after \"startswith\", found \"5\"");
  EXPECT_EXPR_ERROR("exists user", 7, "expected \"(\" after \"exists\", found \"user\"");
  EXPECT_EXPR_ERROR("path not startswith \"/x\"", 5,
                    "\"not\" goes in front of a condition (not path startswith \"/x\"); only "
                    "\"not in\" is written between a field and its values");
}

TEST_F(ExprTest, UnknownOperatorsSuggestTheRightSpelling) {
  EXPECT_EXPR_ERROR("path startwith \"/admin\"", 5,
                    "unknown operator \"startwith\" (did you mean \"startswith\"?)");
  EXPECT_EXPR_ERROR("user_agent match \"x\"", 11,
                    "unknown operator \"match\" (did you mean \"matches\"?)");
  EXPECT_EXPR_ERROR("path like \"/admin\"", 5, "unknown operator \"like\"");
  EXPECT_EXPR_ERROR("status = 401", 7, "unknown operator \"=\" (did you mean \"==\"?)");
  EXPECT_EXPR_ERROR("status <> 401", 7, "unknown operator \"<>\" (did you mean \"!=\"?)");
  EXPECT_EXPR_ERROR("user =~ \"x\"", 5, "unknown operator \"=~\" (did you mean \"matches\"?)");
  EXPECT_EXPR_ERROR("!exists(user)", 0, "unknown operator \"!\" (did you mean \"not\" or \"!=\"?)");
  EXPECT_EXPR_ERROR("status == 1 && user == \"x\"", 12,
                    "unknown operator \"&&\" (did you mean \"and\"?)");
  EXPECT_EXPR_ERROR("status == 1 || user == \"x\"", 12,
                    "unknown operator \"||\" (did you mean \"or\"?)");
}

TEST_F(ExprTest, TrailingInputIsAnError) {
  EXPECT_EXPR_ERROR("status == 401 user", 14,
                    "unexpected \"user\" after a complete expression (join conditions with and / "
                    "or)");
  EXPECT_EXPR_ERROR("status == 401 AND user == \"x\"", 14,
                    "unexpected \"AND\" after a complete expression (did you mean \"and\"?)");
  EXPECT_EXPR_ERROR("status == 401)", 13,
                    "unexpected \")\" after a complete expression (join conditions with and / "
                    "or)");
}

TEST_F(ExprTest, LexicalErrors) {
  EXPECT_EXPR_ERROR("user == \"abc", 8, "unterminated string");
  EXPECT_EXPR_ERROR("user == \"abc\\", 8, "unterminated string");
  EXPECT_EXPR_ERROR(
      "user == \"a\\qb\"", 10,
      "unknown escape \"\\\\q\" in a string (a backslash is written \"\\\\\", also in "
      "regular expressions)");
  EXPECT_EXPR_ERROR("user == \"\\u12\"", 9, "\\u must be followed by four hex digits");
  EXPECT_EXPR_ERROR("user == \"\\uD800\"", 9,
                    "\\u escape of a lone UTF-16 surrogate (a pair is \\uD83D\\uDE00)");
  EXPECT_EXPR_ERROR("user == 'alice'", 8,
                    "strings are written in double quotes (\"...\"), not single quotes");
  EXPECT_EXPR_ERROR("status == 12ab", 10, "invalid number \"12ab\"");
  EXPECT_EXPR_ERROR("status == 1e999", 10, "invalid number \"1e999\"");
  EXPECT_EXPR_ERROR("client_ip == 10.0.0.1", 13,
                    "invalid number \"10.0.0.1\" (IP addresses and networks are written as "
                    "strings: \"10.0.0.1\")");
  EXPECT_EXPR_ERROR("status == 401 # note", 14, "unexpected character \"#\"");
  EXPECT_EXPR_ERROR("user == \xC3\xA9", 8, "unexpected character \"\\xc3\"");
  EXPECT_EXPR_ERROR("user in $", 8, "expected a list name after \"$\"");
}

TEST_F(ExprTest, BadListsNetworksAndRegexes) {
  EXPECT_EXPR_ERROR("user in $admin", 8, "unknown list \"$admin\" (did you mean \"$admins\"?)");
  EXPECT_EXPR_ERROR("user in $nothing_like_it", 8, "unknown list \"$nothing_like_it\"");
  EXPECT_EXPR_ERROR("status in $words", 10,
                    "list $words: \"abc\" is not a number (status is a number)");
  EXPECT_EXPR_ERROR("client_ip in $words", 13,
                    "list $words: invalid CIDR \"abc\": \"abc\" is not an IP address");
  EXPECT_EXPR_ERROR("client_ip in cidr(\"10.0.0.0/8\", \"10.0.0.0/33\")", 32,
                    "invalid CIDR \"10.0.0.0/33\": prefix length 33 is out of range (0-32 for "
                    "IPv4)");
  EXPECT_EXPR_ERROR("client_ip in cidr($admins)", 18,
                    "list $admins: invalid CIDR \"root\": \"root\" is not an IP address");
  EXPECT_EXPR_ERROR(
      "client_ip in [\"10.1.2.3/8\"]", 14,
      "invalid CIDR \"10.1.2.3/8\": host bits are set (the network is \"10.0.0.0/8\")");
  EXPECT_EXPR_ERROR("user_agent matches \"(abc\"", 19,
                    "invalid regular expression \"(abc\": missing ): (abc");
}

TEST_F(ExprTest, EmptyExpressionIsAnError) {
  EXPECT_EXPR_ERROR("", 0, "empty expression");
  EXPECT_EXPR_ERROR(" \n\t ", 0, "empty expression");
}

TEST_F(ExprTest, NestingIsLimitedTo64) {
  const std::string ok = std::string(64, '(') + "status == 401" + std::string(64, ')');
  EXPECT_TRUE(Eval(ok));
  const std::string deep = std::string(65, '(') + "status == 401" + std::string(65, ')');
  EXPECT_EXPR_ERROR(deep, 64, "expression nests deeper than 64 levels of parentheses and not");
  std::string nots;
  for (int i = 0; i < 64; ++i) nots += "not ";
  EXPECT_TRUE(Eval(nots + "status == 401"));
  EXPECT_EXPR_ERROR(nots + "not status == 401", 256,
                    "expression nests deeper than 64 levels of parentheses and not");
  // A hostile depth fails cleanly instead of overflowing the stack.
  const std::string hostile(60000, '(');
  EXPECT_EQ(Error(hostile).offset, 64u);
}

TEST_F(ExprTest, ExpressionsAreLimitedTo64KiB) {
  std::string text = "user == \"" + std::string(65536 - 10, 'a') + "\"";
  ASSERT_EQ(text.size(), 65536u);
  EXPECT_FALSE(Eval(text));
  text += ' ';
  EXPECT_EXPR_ERROR(text, 65536, "expression is longer than 65536 bytes");
}

TEST_F(ExprTest, LongTokensAreCutInMessages) {
  const std::string name(1000, 'x');
  const ExprError e = Error(name + " == 1");
  EXPECT_EQ(e.message, "unknown field \"" + std::string(40, 'x') + "...\"");
}

TEST_F(ExprTest, ErrorArgumentIsOptional) {
  core::Result<Expr> bad = Expr::Compile("stauts == 1", registry_, lists_, nullptr);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "unknown field \"stauts\" (did you mean \"status\"?)");
  EXPECT_TRUE(Expr::Compile("status == 1", registry_, lists_, nullptr).ok());
}

// --- the compiled object ---

TEST_F(ExprTest, CompilingMarksTheFieldsRead) {
  FieldRegistry fields;
  const core::FieldId host = fields.Declare("request.headers.host");
  (void)host;
  ExprError error;
  ASSERT_TRUE(Expr::Compile("user == \"a\" or (exists(api_key) and request.headers.host in $h)",
                            fields, {{"h", {"x"}}}, &error)
                  .ok())
      << error.message;
  const std::vector<std::string> used = fields.UsedFieldNames();
  for (const char* name : {"user", "api_key", "request.headers.host"}) {
    EXPECT_NE(std::find(used.begin(), used.end(), name), used.end()) << name;
  }
  EXPECT_EQ(std::find(used.begin(), used.end(), "status"), used.end());

  // A failed compilation marks nothing.
  EXPECT_FALSE(Expr::Compile("status == 1 and stauts == 2", fields, {}, &error).ok());
  const std::vector<std::string> after = fields.UsedFieldNames();
  EXPECT_EQ(std::find(after.begin(), after.end(), "status"), after.end());
}

TEST_F(ExprTest, TrueMatchesEverything) {
  const Expr always = Expr::True();
  EXPECT_TRUE(always.Evaluate(Event()));
  EXPECT_TRUE(always.Evaluate(AccessEvent()));
  EXPECT_EQ(always.text(), "true");
}

TEST_F(ExprTest, TextIsTheSource) {
  const std::string source = "status in [401, 403]\n  and user != \"x\"";
  EXPECT_EQ(Compile(source).text(), source);
}

TEST_F(ExprTest, MovesKeepTheProgram) {
  Expr a = Compile("status == 401 and user in $admins");
  Expr b = std::move(a);
  EXPECT_TRUE(b.Evaluate(Event()));
  Expr c = Expr::True();
  c = std::move(b);
  EXPECT_TRUE(c.Evaluate(Event()));
  EXPECT_EQ(c.text(), "status == 401 and user in $admins");
}

TEST_F(ExprTest, EvaluateDoesNotAllocate) {
  if (HeapAllocations() < 0) GTEST_SKIP() << "allocations are not counted under sanitizers";
  std::string long_list = "user in [";
  for (int i = 0; i < 100; ++i) long_list += (i ? ", \"u" : "\"u") + std::to_string(i) + "\"";
  long_list += "]";
  const Expr exprs[] = {
      Compile("status in [401, 403] and not client_ip in cidr(\"10.0.0.0/8\")"),
      Compile("path startswith \"/admin\" or route endswith \"/x\" or user_agent contains \"y\""),
      Compile("user in $admins and status in $auth_failures and client_ip not in $office"),
      Compile("extra in $mixed or extra == \"x\" or flag == true or extra > 3"),
      Compile("upstream_addr in cidr(\"10.0.0.0/8\") and ts > 0 and latency_ms <= status"),
      Compile("exists(user) and user >= \"a\" and user != api_key"),
      Compile(long_list),
  };
  const AccessEvent events[] = {Event(),
                                AccessEvent(registry_.size() - core::kCanonicalFieldCount)};
  int matches = 0;
  const int64_t before = HeapAllocations();
  for (int i = 0; i < 100; ++i) {
    for (const Expr& e : exprs) {
      for (const AccessEvent& ev : events) matches += e.Evaluate(ev) ? 1 : 0;
    }
  }
  EXPECT_EQ(HeapAllocations() - before, 0);
  EXPECT_GT(matches, 0);
}

TEST_F(ExprTest, WarmRegexMatchingDoesNotAllocate) {
  if (HeapAllocations() < 0) GTEST_SKIP() << "allocations are not counted under sanitizers";
  const Expr e = Compile("user_agent matches \"(?i)sqlmap|nikto|curl/[0-9]+\"");
  const AccessEvent ev = Event();
  EXPECT_TRUE(e.Evaluate(ev));  // RE2 builds its DFA states on first use
  const int64_t before = HeapAllocations();
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(e.Evaluate(ev));
  EXPECT_EQ(HeapAllocations() - before, 0);
}

}  // namespace
}  // namespace gatewatch::rules
