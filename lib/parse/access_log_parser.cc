#include "parse/access_log_parser.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

#include "parse/combined_decoder.h"
#include "parse/json_decoder.h"
#include "parse/raw_value.h"
#include "parse/text_repair.h"

namespace gatewatch::parse {
namespace {

using core::AccessEvent;
using core::FieldId;

// Event times outside this range are not access logs of a running service: a clock reset to
// the epoch, a unit mistake (seconds read as milliseconds), or an attacker's forgery.
constexpr core::TimestampNs kMinEventTime = 946684800LL * 1'000'000'000;   // 2000-01-01
constexpr core::TimestampNs kMaxEventTime = 4102444800LL * 1'000'000'000;  // 2100-01-01

enum class FieldType { kTime, kIp, kInteger, kNumber, kText, kDynamic };

FieldType TypeOf(FieldId id) {
  switch (id) {
    case core::kFieldTs:
      return FieldType::kTime;
    case core::kFieldClientIp:
      return FieldType::kIp;
    case core::kFieldStatus:
    case core::kFieldBytesOut:
      return FieldType::kInteger;
    case core::kFieldLatencyMs:
      return FieldType::kNumber;
    default:
      return id < core::kCanonicalFieldCount ? FieldType::kText : FieldType::kDynamic;
  }
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// The first number in `text`: numbers written as strings, and NGINX's
// "$upstream_response_time" lists ("0.012, 0.340") whose first entry is the one we keep.
bool ParseLeadingNumber(std::string_view text, double* out) {
  text = Trim(text);
  size_t end = 0;
  while (end < text.size() && text[end] != ',' && text[end] != ' ' && text[end] != ':') ++end;
  text = text.substr(0, end);
  if (text.empty()) return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

// "GET /a?b HTTP/1.1" -> the requested part.
std::string_view RequestLinePartOf(std::string_view line, RequestLinePart part) {
  size_t pos = 0;
  std::string_view tokens[3];
  for (std::string_view& token : tokens) {
    while (pos < line.size() && line[pos] == ' ') ++pos;
    size_t start = pos;
    while (pos < line.size() && line[pos] != ' ') ++pos;
    token = line.substr(start, pos - start);
  }
  // Not "METHOD TARGET ...": a client that did not speak HTTP; neither part is known.
  bool http = !tokens[1].empty() && !tokens[0].empty() && tokens[0].size() <= 24 &&
              std::all_of(tokens[0].begin(), tokens[0].end(), [](char c) {
                return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '_';
              });
  switch (part) {
    case RequestLinePart::kMethod:
      return http ? tokens[0] : std::string_view();
    case RequestLinePart::kPath:
      return http ? tokens[1] : std::string_view();
    case RequestLinePart::kProtocol:
      return tokens[2];
    case RequestLinePart::kNone:
      break;
  }
  return line;
}

}  // namespace

struct AccessLogParser::FieldPlan {
  FieldType type;
  const FieldSpec* spec;  // null when unmapped (always missing) or a combined-format part
  bool read;              // false: not selected, always missing
};

class AccessLogParser::Impl {
 public:
  Impl(const FieldMap& map, std::vector<FieldPlan> plans) : map_(map), plans_(std::move(plans)) {}

  ParseResult Parse(std::string_view line, AccessEvent* event);

  JsonDecoder json_;
  CombinedDecoder combined_;
  uint16_t forwarded_for_capture_ = 0;  // only meaningful when the map has forwarded_for

 private:
  ParseResult Decode(std::string_view line, AccessEvent* event);
  ParseResult Finalize(AccessEvent* event);
  ParseResult FinalizeClientIp(AccessEvent* event);
  std::string_view Text(const AccessEvent& event, const RawValue& raw) const {
    return std::string_view(event.buffer().data() + raw.offset, raw.length);
  }
  std::string_view CopyPadded(std::string_view text);

  // The source that produced `raw`, or null for unmapped fields and text formats.
  static const FieldSource* SourceOf(const FieldPlan& plan, const RawValue& raw) {
    if (plan.spec == nullptr || raw.priority >= plan.spec->sources.size()) return nullptr;
    return &plan.spec->sources[raw.priority];
  }

  const FieldMap& map_;
  std::vector<FieldPlan> plans_;
  std::vector<RawValue> captures_;

  // Reused buffers, each holding one stage's output, so that no stage reads what it writes.
  std::string padded_;
  std::string envelope_;
  std::string unescaped_;
  std::string utf8_;
};

AccessLogParser::AccessLogParser(const FieldMap& map) : map_(map) {}
AccessLogParser::~AccessLogParser() = default;

core::Result<std::unique_ptr<AccessLogParser>> AccessLogParser::Create(
    const FieldMap& map, const std::vector<std::string>& extra_fields, Selection selection) {
  std::unique_ptr<AccessLogParser> parser(new AccessLogParser(map));
  const FieldMap& m = parser->map_;
  const bool all = selection == Selection::kAllFields;
  for (FieldId id = 0; id < core::kCanonicalFieldCount; ++id) {
    parser->field_names_.emplace_back(core::CanonicalFieldName(id));
  }
  // Extras: first the ones the map names itself, then the ones asked for.
  std::vector<std::string> extras;
  for (const FieldSpec& spec : m.fields) {
    if (all && !core::CanonicalFieldFromName(spec.name)) extras.push_back(spec.name);
  }
  extras.insert(extras.end(), extra_fields.begin(), extra_fields.end());
  for (const std::string& name : extras) {
    if (!parser->FieldIndex(name)) parser->field_names_.push_back(name);
  }
  if (parser->field_names_.size() >= ParseResult::kNoField) {
    return core::Status::InvalidArgument("too many fields");
  }

  auto wanted = [&](size_t i) {
    if (all || i == core::kFieldTs || i == core::kFieldClientIp) return true;
    if (i >= core::kCanonicalFieldCount) return true;  // extras are only there when asked for
    const std::string& name = parser->field_names_[i];
    return std::find(extra_fields.begin(), extra_fields.end(), name) != extra_fields.end();
  };
  std::vector<FieldPlan> plans;
  for (size_t i = 0; i < parser->field_names_.size(); ++i) {
    const std::string& name = parser->field_names_[i];
    plans.push_back(FieldPlan{TypeOf(static_cast<FieldId>(i)), m.Find(name), wanted(i)});
  }

  auto impl = std::make_unique<Impl>(m, std::move(plans));
  if (m.format == LineFormat::kCombined) {
    for (size_t i = 0; i < parser->field_names_.size(); ++i) {
      const std::string& name = parser->field_names_[i];
      auto part = CombinedDecoder::PartFromName(name);
      if (part && wanted(i)) impl->combined_.SetCapture(*part, static_cast<uint16_t>(i));
    }
  } else {
    for (const char* required : {"ts", "client_ip"}) {
      const FieldSpec* spec = m.Find(required);
      if (spec == nullptr || (spec->sources.empty() && spec->forwarded_for.empty())) {
        return core::Status::InvalidArgument("field map " + m.name + " does not say where " +
                                             required + " is (fields: " + required + ": ...)");
      }
    }
    for (size_t i = 0; i < parser->field_names_.size(); ++i) {
      if (!wanted(i)) continue;
      const FieldSpec* spec = m.Find(parser->field_names_[i]);
      auto capture = static_cast<uint16_t>(i);
      if (spec == nullptr) {
        // An extra the map does not name: the dotted path it spells.
        if (i >= core::kCanonicalFieldCount) {
          impl->json_.AddPath(SplitPath(parser->field_names_[i]), capture, 0);
        }
        continue;
      }
      for (size_t p = 0; p < spec->sources.size(); ++p) {
        impl->json_.AddPath(spec->sources[p].path, capture, static_cast<uint16_t>(p));
      }
    }
    impl->forwarded_for_capture_ = static_cast<uint16_t>(parser->field_names_.size());
    const FieldSpec* ip = m.Find("client_ip");
    for (size_t p = 0; p < ip->forwarded_for.size(); ++p) {
      impl->json_.AddPath(ip->forwarded_for[p], impl->forwarded_for_capture_,
                          static_cast<uint16_t>(p));
    }
  }
  parser->impl_ = std::move(impl);
  return parser;
}

AccessEvent AccessLogParser::NewEvent() const {
  AccessEvent event(field_names_.size() - core::kCanonicalFieldCount);
  event.buffer().reserve(4096);
  return event;
}

std::optional<FieldId> AccessLogParser::FieldIndex(std::string_view name) const {
  for (size_t i = 0; i < field_names_.size(); ++i) {
    if (field_names_[i] == name) return static_cast<FieldId>(i);
  }
  return std::nullopt;
}

ParseResult AccessLogParser::Parse(std::string_view line, AccessEvent* event) {
  return impl_->Parse(line, event);
}

std::string AccessLogParser::Describe(const ParseResult& result) const {
  std::string out(RejectReasonName(result.reason));
  if (result.field != ParseResult::kNoField && result.field < field_names_.size()) {
    out += " in field " + field_names_[result.field];
    const FieldSpec* spec = map_.Find(field_names_[result.field]);
    if (spec != nullptr && !spec->sources.empty()) {
      out += " (from ";
      for (size_t p = 0; p < spec->sources.size(); ++p) {
        if (p > 0) out += " or ";
        out += JoinPath(spec->sources[p].path);
      }
      out += ")";
    }
  }
  return out;
}

std::string_view AccessLogParser::Impl::CopyPadded(std::string_view text) {
  padded_.assign(text);
  padded_.append(simdjson::SIMDJSON_PADDING, ' ');
  return std::string_view(padded_.data(), text.size());
}

ParseResult AccessLogParser::Impl::Parse(std::string_view line, AccessEvent* event) {
  event->Clear();
  if (line.size() > map_.max_line_bytes) return {RejectReason::kLineTooLong};
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  if (Trim(line).empty()) return {RejectReason::kEmptyLine};
  if (std::memchr(line.data(), '\0', line.size()) != nullptr) return {RejectReason::kNulByte};

  uint32_t repairs = 0;
  for (const EnvelopeStep& step : map_.envelope) {
    if (step.kind == EnvelopeStep::Kind::kCri) {
      // "2023-06-10T15:36:28.123456789Z stdout F <line>"
      size_t a = line.find(' ');
      size_t b = a == std::string_view::npos ? a : line.find(' ', a + 1);
      size_t c = b == std::string_view::npos ? b : line.find(' ', b + 1);
      if (c == std::string_view::npos) return {RejectReason::kBadEnvelope};
      std::string_view stream = line.substr(a + 1, b - a - 1);
      std::string_view tag = line.substr(b + 1, c - b - 1);
      if ((stream != "stdout" && stream != "stderr") || (tag != "F" && tag != "P")) {
        return {RejectReason::kBadEnvelope};
      }
      line.remove_prefix(c + 1);
    } else {
      std::string_view padded = CopyPadded(line);
      if (!json_.ExtractString(padded, step.field, &envelope_, &repairs)) {
        return {RejectReason::kBadEnvelope};
      }
      line = envelope_;
    }
  }
  event->AddRepair(repairs);
  return Decode(line, event);
}

ParseResult AccessLogParser::Impl::Decode(std::string_view line, AccessEvent* event) {
  captures_.assign(plans_.size() + 1, RawValue{});
  if (map_.format == LineFormat::kCombined) {
    RejectReason r = combined_.Decode(line, map_.max_field_bytes, event, &captures_);
    if (r != RejectReason::kNone) return {r};
    return Finalize(event);
  }

  if (HasNginxEscapes(line)) {
    unescaped_.clear();
    AppendNginxEscapesAsJson(line, &unescaped_);
    line = unescaped_;
    event->AddRepair(core::kRepairEscapesDecoded);
  }
  bool utf8_error = false;
  RejectReason r =
      json_.Decode(CopyPadded(line), map_.max_field_bytes, event, &captures_, &utf8_error);
  if (r == RejectReason::kInvalidJson && utf8_error) {
    // Keep the request: replace what is not UTF-8 and read the line again.
    uint32_t repairs = event->repairs() | core::kRepairInvalidUtf8;
    utf8_.clear();
    AppendRepairedUtf8(line, &utf8_);
    event->Clear();
    event->AddRepair(repairs);
    captures_.assign(plans_.size() + 1, RawValue{});
    r = json_.Decode(CopyPadded(utf8_), map_.max_field_bytes, event, &captures_, &utf8_error);
  }
  if (r != RejectReason::kNone) return {r};
  return Finalize(event);
}

ParseResult AccessLogParser::Impl::FinalizeClientIp(AccessEvent* event) {
  const FieldId id = core::kFieldClientIp;
  const RawValue& peer_raw = captures_[id];
  const RawValue& xff_raw = captures_[forwarded_for_capture_];
  std::optional<core::IpAddress> client;
  if (peer_raw.type == RawValue::Type::kString) {
    client = core::IpAddress::ParseWithOptionalPort(Text(*event, peer_raw));
    if (!client) return {RejectReason::kBadClientIp, id};
  } else if (peer_raw.type != RawValue::Type::kNone) {
    return {RejectReason::kWrongType, id};
  }
  // Walk X-Forwarded-For from the right while the hop we stand on is a trusted proxy: the
  // first untrusted address is the client. Entries further left were written by the client.
  if (xff_raw.type == RawValue::Type::kString &&
      (!client || map_.trusted_proxies.Contains(*client))) {
    std::string_view list = Text(*event, xff_raw);
    while (!list.empty()) {
      size_t comma = list.rfind(',');
      std::string_view entry =
          Trim(comma == std::string_view::npos ? list : list.substr(comma + 1));
      list = comma == std::string_view::npos ? std::string_view() : list.substr(0, comma);
      if (entry.empty()) continue;
      auto hop = core::IpAddress::ParseWithOptionalPort(entry);
      if (!hop) {
        // A trusted proxy never writes this; it came from further left, from the client.
        event->AddRepair(core::kRepairForwardedFor);
        break;
      }
      client = hop;
      if (!map_.trusted_proxies.Contains(*hop)) break;
    }
  }
  if (!client) {
    return {peer_raw.type == RawValue::Type::kNone && xff_raw.type != RawValue::Type::kNone
                ? RejectReason::kBadClientIp
                : RejectReason::kMissingClientIp,
            id};
  }
  event->set_client_ip(*client);
  return {};
}

ParseResult AccessLogParser::Impl::Finalize(AccessEvent* event) {
  for (size_t i = 0; i < plans_.size(); ++i) {
    const FieldPlan& plan = plans_[i];
    const RawValue& raw = captures_[i];
    const auto id = static_cast<FieldId>(i);
    switch (plan.type) {
      case FieldType::kTime: {
        std::optional<core::TimestampNs> ts;
        const FieldSource* source = SourceOf(plan, raw);
        core::TimeFormat format =
            source != nullptr ? source->time
                              : (map_.format == LineFormat::kCombined ? core::TimeFormat::kClf
                                                                      : core::TimeFormat::kAuto);
        if (raw.type == RawValue::Type::kNone) return {RejectReason::kMissingTimestamp, id};
        if (raw.type == RawValue::Type::kString) {
          ts = core::ParseTimestamp(Trim(Text(*event, raw)), format);
        } else if (raw.type == RawValue::Type::kNumber) {
          ts = raw.is_integer ? core::TimestampFromInteger(raw.integer, format)
                              : core::TimestampFromNumber(raw.number, format);
        } else {
          return {RejectReason::kWrongType, id};
        }
        if (!ts) return {RejectReason::kBadTimestamp, id};
        if (*ts < kMinEventTime || *ts >= kMaxEventTime) {
          return {RejectReason::kTimestampOutOfRange, id};
        }
        event->set_ts(*ts);
        break;
      }
      case FieldType::kIp: {
        ParseResult r = FinalizeClientIp(event);
        if (!r.ok()) return r;
        break;
      }
      case FieldType::kInteger:
      case FieldType::kNumber: {
        if (raw.type == RawValue::Type::kNone) break;
        double value;
        if (raw.type == RawValue::Type::kNumber) {
          value = raw.number;
        } else if (raw.type == RawValue::Type::kString) {
          if (!ParseLeadingNumber(Text(*event, raw), &value)) return {RejectReason::kWrongType, id};
        } else {
          return {RejectReason::kWrongType, id};
        }
        if (const FieldSource* source = SourceOf(plan, raw)) value *= source->scale;
        // "inf", "nan" and 1e19 are numbers to a JSON reader but not a status or a size.
        if (!std::isfinite(value) || std::fabs(value) >= 9.2e18) {
          return {RejectReason::kWrongType, id};
        }
        if (plan.type == FieldType::kInteger) {
          value = static_cast<double>(static_cast<int64_t>(value));
        }
        event->SetNumberAt(id, value, raw.offset, raw.length);
        break;
      }
      case FieldType::kText: {
        if (raw.type == RawValue::Type::kNone) break;
        if (raw.type == RawValue::Type::kComposite) return {RejectReason::kWrongType, id};
        if (raw.type == RawValue::Type::kBool) {
          event->SetString(id, raw.boolean ? "true" : "false");
          break;
        }
        std::string_view text = Text(*event, raw);
        const FieldSource* source = SourceOf(plan, raw);
        if (source != nullptr && source->request_line != RequestLinePart::kNone) {
          text = RequestLinePartOf(text, source->request_line);
          if (text.empty()) break;
        }
        size_t offset = static_cast<size_t>(text.data() - event->buffer().data());
        event->SetStringAt(id, offset, text.size());
        break;
      }
      case FieldType::kDynamic: {
        switch (raw.type) {
          case RawValue::Type::kNone:
            break;
          case RawValue::Type::kNumber:
            event->SetNumberAt(id, raw.number, raw.offset, raw.length);
            break;
          case RawValue::Type::kBool:
            event->SetBool(id, raw.boolean);
            break;
          case RawValue::Type::kString:
          case RawValue::Type::kComposite: {
            std::string_view text = Text(*event, raw);
            const FieldSource* source = SourceOf(plan, raw);
            if (source != nullptr && source->request_line != RequestLinePart::kNone) {
              text = RequestLinePartOf(text, source->request_line);
            }
            event->SetStringAt(id, static_cast<size_t>(text.data() - event->buffer().data()),
                               text.size());
            break;
          }
        }
        break;
      }
    }
  }
  return {};
}

}  // namespace gatewatch::parse
