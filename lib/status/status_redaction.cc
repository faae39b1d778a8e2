#include "status/status_redaction.h"

namespace gatewatch::status {

daemon::StatusView RedactedView(const daemon::StatusView& view,
                                const alert::RedactionPolicy& policy) {
  daemon::StatusView shown = view;
  if (policy.mode == alert::RedactionMode::kNone) {
    return shown;
  }
  for (alert::Alert& a : shown.firing) {
    alert::Redact(policy, &a);
  }
  for (daemon::RuleStatus& rule : shown.rules) {
    for (daemon::GroupStatus& top : rule.top) {
      for (auto& [field, value] : top.group) {
        if (alert::IsSecretField(policy, field)) {
          value = alert::RedactValue(policy, value);
        }
      }
    }
  }
  return shown;
}

}  // namespace gatewatch::status
