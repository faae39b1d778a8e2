#include "metrics/active_alerts.h"

#include <exception>
#include <vector>

#include "metrics/label_sanitizer.h"

namespace gatewatch::metrics {
namespace {

// One alert per (rule, group): the fingerprint names the group, the rule id keeps two rules'
// groups apart.
std::string AlertKey(const alert::Alert& alert) {
  const std::string fingerprint =
      alert.fingerprint.empty() ? alert::Fingerprint(alert.rule, alert.group) : alert.fingerprint;
  return alert.rule + '\0' + fingerprint;
}

}  // namespace

void ActiveAlertGauges::Record(const alert::Alert& alert) {
  std::string key = AlertKey(alert);
  if (alert.status == alert::AlertStatus::kResolved) {
    Resolve(key);
  } else if (alert_series_.count(key) == 0) {
    Fire(std::move(key), alert);
  }
}

void ActiveAlertGauges::Clear() {
  for (auto& [labels, series] : series_) {
    family_.Remove(series.gauge);
  }
  series_.clear();
  alert_series_.clear();
}

prometheus::Labels ActiveAlertGauges::LabelsFor(const alert::Alert& alert) const {
  const size_t max_bytes = options_.max_label_value_bytes;
  prometheus::Labels labels = {{"rule", SanitizeLabelValue(alert.rule, max_bytes)},
                               {"severity", SanitizeLabelValue(alert.severity, max_bytes)}};
  std::vector<std::string> fields;
  fields.reserve(alert.group.size());
  for (const auto& [field, value] : alert.group) {
    fields.push_back(field);
  }
  const std::vector<std::string> names = GroupLabelNames(fields);
  for (size_t i = 0; i < names.size(); ++i) {
    labels[names[i]] = SanitizeLabelValue(alert.group[i].second, max_bytes);
  }
  return labels;
}

void ActiveAlertGauges::Fire(std::string key, const alert::Alert& alert) {
  if (alert_series_.size() >= options_.max_alerts) {
    overflow_.Increment();
    return;
  }
  prometheus::Labels labels = LabelsFor(alert);
  auto it = series_.find(labels);
  if (it == series_.end()) {
    try {
      prometheus::Gauge& gauge = family_.Add(labels);
      gauge.Set(1);
      it = series_.emplace(labels, Series{&gauge, 0}).first;
    } catch (const std::exception&) {  // a label prometheus-cpp refuses: not exported
      overflow_.Increment();
      return;
    }
  }
  ++it->second.alerts;
  alert_series_.emplace(std::move(key), std::move(labels));
}

void ActiveAlertGauges::Resolve(const std::string& key) {
  const auto alert_it = alert_series_.find(key);
  if (alert_it == alert_series_.end()) {
    return;  // never exported (over the cap) or already resolved
  }
  const auto it = series_.find(alert_it->second);
  if (it != series_.end() && --it->second.alerts == 0) {
    family_.Remove(it->second.gauge);
    series_.erase(it);
  }
  alert_series_.erase(alert_it);
}

}  // namespace gatewatch::metrics
