#ifndef GATEWATCH_RULES_RULE_H_
#define GATEWATCH_RULES_RULE_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "core/access_event.h"
#include "core/cidr_set.h"
#include "core/duration.h"
#include "core/result.h"
#include "rules/expr.h"
#include "rules/field_registry.h"
#include "window/baseline.h"

namespace gatewatch::rules {

enum class AggregateKind { kCount, kDistinct, kSum, kAvg, kMax, kRatio };

enum class CompareOp { kGt, kGe, kLt, kLe, kEq, kNe };

// "> 30", ">= 0.3", "> 10 * baseline", "> baseline + 5 * stddev": the measured value against
// constant + baseline_factor * max(baseline, floor) + stddev_factor * stddev.
struct Condition {
  CompareOp op = CompareOp::kGt;
  double constant = 0;
  double baseline_factor = 0;
  double stddev_factor = 0;
  std::string text;

  bool uses_baseline() const { return baseline_factor != 0 || stddev_factor != 0; }
  double Threshold(double baseline, double stddev) const {
    return constant + baseline_factor * baseline + stddev_factor * stddev;
  }
  bool Holds(double value, double threshold) const;

  // Parses the condition text; errors are positioned by byte offset in `*error_offset`.
  static core::Result<Condition> Parse(std::string_view text, size_t* error_offset);
};

// An annotation or label template: "{{ group.client_ip }}: {{ value }} failures in
// {{ window }}". Placeholders: group.<field>, value, threshold, window, rule, severity, count.
class Template {
 public:
  static core::Result<Template> Parse(std::string_view text,
                                      const std::vector<std::string>& group_fields);
  struct Context {
    const std::vector<std::pair<std::string, std::string>>* group;
    double value;
    double threshold;
    core::DurationNs window;
    const std::string* rule;
    const std::string* severity;
  };
  std::string Render(const Context& context) const;

 private:
  struct Part {
    enum Kind { kLiteral, kGroup, kValue, kThreshold, kWindow, kRule, kSeverity } kind;
    std::string text;  // literal text, or the group field name
  };
  std::vector<Part> parts_;
};

// Values of one field that take an event out of a rule (`except:`), without editing the filter.
struct Exception {
  core::FieldId field;
  core::CidrSet cidrs;                      // client_ip
  absl::flat_hash_set<std::string> values;  // looked up by string_view, without copying
};

// A validated, compiled rule; immutable once loaded.
struct Rule {
  std::string id;
  std::string description;
  std::string severity;
  std::string origin;  // "rules/auth.yaml:12:5"
  Expr filter = Expr::True();
  std::vector<core::FieldId> group_by;
  std::vector<std::string> group_by_names;
  core::DurationNs window = core::kMinute;
  core::DurationNs bucket = core::kSecond;  // window precision: one bucket of time
  AggregateKind aggregate = AggregateKind::kCount;
  core::FieldId aggregate_field = 0;  // distinct / sum / avg / max
  std::optional<Expr> ratio_filter;   // ratio(...)
  std::string aggregate_text;         // as written, for messages
  Condition condition;
  uint64_t min_events = 0;  // the condition needs at least this many events in the window
  core::DurationNs for_duration = 0;
  core::DurationNs keep_firing_for = 0;
  std::map<std::string, std::string> labels;
  std::map<std::string, Template> annotations;
  std::vector<Exception> exceptions;
  std::optional<window::BaselineParams> baseline;
  size_t max_groups = 100000;    // tracked groups; the least recently seen are evicted past it
  size_t max_firing = 100;       // individual firing alerts; past it, one roll-up alert
  size_t distinct_bound = 1000;  // distinct values kept exactly per group
  std::vector<core::FieldId> sample_fields;  // what evidence samples show (path, request id)
  // Identifies the definition for state snapshots: a hash of the rule's YAML in canonical form
  // (comments, formatting and key order do not count) and of the named lists it uses. Rules
  // keep their state across a reload only while id and hash stay the same. 0 when not loaded
  // from YAML.
  uint64_t definition_hash = 0;

  uint32_t buckets_per_window() const { return static_cast<uint32_t>(window / bucket); }
};

// Everything loaded from a set of rule files: the rules and the fields they read.
struct RuleSet {
  FieldRegistry fields;
  std::vector<Rule> rules;
};

}  // namespace gatewatch::rules

#endif  // GATEWATCH_RULES_RULE_H_
