#include "parse/parse_stats.h"

namespace gatewatch::parse {

void ParseStats::Record(const ParseResult& result, const core::AccessEvent& event,
                        std::string_view line, uint64_t line_number,
                        const AccessLogParser& parser) {
  ++lines_;
  if (result.ok()) {
    ++parsed_;
    uint32_t flags = event.repairs();
    if (flags != 0) {
      ++repaired_;
      for (size_t bit = 0; bit < core::kRepairCount; ++bit) {
        if (flags & (1u << bit)) ++repairs_[bit];
      }
    }
    return;
  }
  auto index = static_cast<size_t>(result.reason);
  ++rejects_[index];
  if (examples_[index].size() < kExamplesPerReason) {
    examples_[index].push_back(
        Example{line_number, parser.Describe(result), PrintableExcerpt(line, kExampleBytes)});
  }
}

uint64_t ParseStats::repaired(uint32_t single_flag) const {
  for (size_t bit = 0; bit < core::kRepairCount; ++bit) {
    if (single_flag == (1u << bit)) return repairs_[bit];
  }
  return 0;
}

std::string ParseStats::Summary() const {
  std::string out = "lines " + std::to_string(lines_) + ", parsed " + std::to_string(parsed_) +
                    ", rejected " + std::to_string(rejected()) + ", repaired " +
                    std::to_string(repaired_) + "\n";
  for (size_t i = 1; i < rejects_.size(); ++i) {
    if (rejects_[i] == 0) continue;
    out += "  rejected " + std::string(RejectReasonName(static_cast<RejectReason>(i))) + ": " +
           std::to_string(rejects_[i]) + "\n";
    for (const Example& e : examples_[i]) {
      out += "    line " + std::to_string(e.line_number) + ": " + e.description + ": " + e.excerpt +
             "\n";
    }
  }
  for (size_t bit = 0; bit < core::kRepairCount; ++bit) {
    if (repairs_[bit] == 0) continue;
    out += "  repaired " + std::string(core::RepairName(1u << bit)) + ": " +
           std::to_string(repairs_[bit]) + "\n";
  }
  return out;
}

std::string PrintableExcerpt(std::string_view text, size_t max_bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (out.size() >= max_bytes) {
      out += "...";
      break;
    }
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7F) {
      out.push_back(static_cast<char>(c));
    } else {
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

}  // namespace gatewatch::parse
