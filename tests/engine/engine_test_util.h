#ifndef GATEWATCH_TESTS_ENGINE_ENGINE_TEST_UTIL_H_
#define GATEWATCH_TESTS_ENGINE_ENGINE_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "alert/alert.h"
#include "config/rule_loader.h"
#include "core/clock.h"
#include "core/ip_address.h"
#include "rules/rule_engine.h"

namespace gatewatch::rules::testing {

// 2026-01-15T10:00:00Z.
inline constexpr core::TimestampNs kT0 = 1768471200LL * 1'000'000'000;

// An engine over rules given as YAML, fed with hand-built events, collecting its alerts.
class EngineHarness {
 public:
  explicit EngineHarness(std::string_view yaml, EngineOptions options = {}) {
    auto set = config::LoadRuleText(yaml, "test.yaml");
    EXPECT_TRUE(set.ok()) << set.status().ToString();
    set_ = *set;
    engine_ = std::make_unique<RuleEngine>(set_, options, clock_);
  }

  // An event with every field the rule set knows, all missing but ts and client_ip.
  core::AccessEvent Event(core::TimestampNs ts, std::string_view ip) const {
    core::AccessEvent e(set_->fields.size() - core::kCanonicalFieldCount);
    e.set_ts(ts);
    e.set_client_ip(*core::IpAddress::Parse(ip));
    return e;
  }
  core::FieldId Id(std::string_view name) const { return *set_->fields.Find(name); }

  void Apply(const core::AccessEvent& e, uint32_t partition = 0) {
    engine_->Apply(e, partition, &sink_);
  }
  // Sends `count` events from `ip`, `every` apart, starting at `start`; `edit` sets fields.
  template <typename Edit>
  void Send(int count, core::TimestampNs start, core::DurationNs every, std::string_view ip,
            Edit edit) {
    for (int i = 0; i < count; ++i) {
      core::AccessEvent e = Event(start + i * every, ip);
      edit(e, i);
      Apply(e);
    }
  }
  void AdvanceTo(core::TimestampNs t) { engine_->AdvanceTo(t, &sink_); }
  void Finish() { engine_->Finish(&sink_); }

  const std::vector<alert::Alert>& alerts() const { return sink_.alerts; }
  std::vector<alert::Alert> Firing() const { return Filter(alert::AlertStatus::kFiring); }
  std::vector<alert::Alert> Resolved() const { return Filter(alert::AlertStatus::kResolved); }
  RuleEngine& engine() { return *engine_; }
  core::FakeClock& clock() { return clock_; }

 private:
  std::vector<alert::Alert> Filter(alert::AlertStatus status) const {
    std::vector<alert::Alert> out;
    for (const auto& a : sink_.alerts) {
      if (a.status == status) out.push_back(a);
    }
    return out;
  }

  core::FakeClock clock_{0};
  std::shared_ptr<const RuleSet> set_;
  std::unique_ptr<RuleEngine> engine_;
  alert::CollectingAlertSink sink_;
};

}  // namespace gatewatch::rules::testing

#endif  // GATEWATCH_TESTS_ENGINE_ENGINE_TEST_UTIL_H_
