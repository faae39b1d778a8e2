#ifndef GATEWATCH_PARSE_PARSE_STATS_H_
#define GATEWATCH_PARSE_PARSE_STATS_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/access_event.h"
#include "parse/access_log_parser.h"
#include "parse/reject_reason.h"

namespace gatewatch::parse {

// Counts what the parser did with a stream of lines: parsed, rejected by reason, repaired by
// kind, and keeps the first few rejected lines of each reason as examples for the summary.
// Memory is bounded: kExamplesPerReason excerpts of at most kExampleBytes each.
class ParseStats {
 public:
  static constexpr size_t kExamplesPerReason = 3;
  static constexpr size_t kExampleBytes = 160;

  struct Example {
    uint64_t line_number;
    std::string description;  // AccessLogParser::Describe
    std::string excerpt;      // the start of the line, printable ASCII only
  };

  // Records one line's outcome. Allocates only for the first examples of a reason.
  void Record(const ParseResult& result, const core::AccessEvent& event, std::string_view line,
              uint64_t line_number, const AccessLogParser& parser);

  uint64_t lines() const { return lines_; }
  uint64_t parsed() const { return parsed_; }
  uint64_t rejected() const { return lines_ - parsed_; }
  uint64_t rejected(RejectReason reason) const { return rejects_[static_cast<size_t>(reason)]; }
  // Events kept after at least one repair, and per kind (index = bit position of the flag).
  uint64_t repaired() const { return repaired_; }
  uint64_t repaired(uint32_t single_flag) const;
  const std::vector<Example>& examples(RejectReason reason) const {
    return examples_[static_cast<size_t>(reason)];
  }

  // A multi-line human summary: totals, then one line per reject reason and repair kind with
  // its count and examples.
  std::string Summary() const;

 private:
  uint64_t lines_ = 0;
  uint64_t parsed_ = 0;
  uint64_t repaired_ = 0;
  std::array<uint64_t, static_cast<size_t>(RejectReason::kCount)> rejects_{};
  std::array<uint64_t, core::kRepairCount> repairs_{};
  std::array<std::vector<Example>, static_cast<size_t>(RejectReason::kCount)> examples_;
};

// `text` made safe to print on one terminal line: non-printable and non-ASCII bytes as \xHH,
// cut at `max_bytes` with "...".
std::string PrintableExcerpt(std::string_view text, size_t max_bytes);

}  // namespace gatewatch::parse

#endif  // GATEWATCH_PARSE_PARSE_STATS_H_
