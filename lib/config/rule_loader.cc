#include "config/rule_loader.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

#include "config/yaml_util.h"
#include "core/duration.h"

namespace gatewatch::config {
namespace {

using rules::AggregateKind;
using rules::Rule;
using rules::RuleSet;

const std::vector<std::string_view> kFileKeys = {"fields", "lists", "rules"};
const std::vector<std::string_view> kRuleKeys = {
    "id",       "description",     "severity",   "filter",         "group_by",
    "window",   "bucket",          "aggregate",  "condition",      "min_events",
    "for",      "keep_firing_for", "labels",     "annotations",    "except",
    "baseline", "max_groups",      "max_firing", "distinct_bound", "samples"};
const std::vector<std::string_view> kSeverities = {"info", "low", "medium", "high", "critical"};
const std::vector<std::string_view> kAggregates = {"count", "distinct", "sum",
                                                   "avg",   "max",      "ratio"};

// Where inside a scalar an offset points: quoted scalars start one column later.
core::Status ErrorInScalar(const std::string& source, const YAML::Node& node, size_t offset,
                           const std::string& message) {
  YAML::Mark mark = node.Mark();
  if (mark.is_null()) return core::Status::InvalidArgument(source + ": " + message);
  size_t column = static_cast<size_t>(mark.column) + 1 + offset + (node.Tag() == "!" ? 1 : 0);
  return core::Status::InvalidArgument(source + ":" + std::to_string(mark.line + 1) + ":" +
                                       std::to_string(column) + ": " + message);
}

core::Result<core::DurationNs> ReadDuration(const std::string& source, const YAML::Node& node,
                                            std::string_view what) {
  GW_ASSIGN_OR_RETURN(std::string text, ScalarString(source, node, what));
  auto d = core::ParseDuration(text);
  if (!d.ok()) return ErrorAt(source, node, std::string(what) + ": " + d.status().message());
  return *d;
}

core::Result<core::FieldId> ReadField(const std::string& source, const YAML::Node& node,
                                      const std::string& name, rules::FieldRegistry& fields) {
  auto id = fields.Find(name);
  if (!id) {
    return ErrorAt(source, node,
                   "unknown field \"" + name + "\"" +
                       DidYouMean(name, std::vector<std::string_view>(fields.names().begin(),
                                                                      fields.names().end())) +
                       " (declare extra fields under the file's fields: list)");
  }
  fields.MarkUsed(*id);
  return *id;
}

core::Result<rules::Expr> CompileExpr(const std::string& source, const YAML::Node& node,
                                      std::string_view text, RuleSet& set,
                                      const rules::NamedLists& lists) {
  rules::ExprError error;
  auto expr = rules::Expr::Compile(text, set.fields, lists, &error);
  if (!expr.ok()) return ErrorInScalar(source, node, error.offset, error.message);
  return std::move(*expr);
}

core::Status ReadAggregate(const std::string& source, const YAML::Node& node, Rule& rule,
                           RuleSet& set, const rules::NamedLists& lists) {
  GW_ASSIGN_OR_RETURN(std::string text, ScalarString(source, node, "aggregate"));
  rule.aggregate_text = text;
  std::string_view t = text;
  size_t open = t.find('(');
  std::string name(t.substr(0, open));
  while (!name.empty() && name.back() == ' ') name.pop_back();
  static const std::pair<std::string_view, AggregateKind> kKinds[] = {
      {"count", AggregateKind::kCount}, {"distinct", AggregateKind::kDistinct},
      {"sum", AggregateKind::kSum},     {"avg", AggregateKind::kAvg},
      {"max", AggregateKind::kMax},     {"ratio", AggregateKind::kRatio}};
  bool found = false;
  for (const auto& [spelling, kind] : kKinds) {
    if (name == spelling) {
      rule.aggregate = kind;
      found = true;
    }
  }
  if (!found) {
    return ErrorAt(source, node,
                   "unknown aggregate \"" + name + "\"" + DidYouMean(name, kAggregates) +
                       "; expected count, distinct(field), sum(field), avg(field), max(field) "
                       "or ratio(filter)");
  }
  if (rule.aggregate == AggregateKind::kCount) {
    if (open != std::string_view::npos) return ErrorAt(source, node, "count takes no argument");
    return core::Status::Ok();
  }
  size_t close = t.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    return ErrorAt(source, node,
                   name + " needs an argument in parentheses, e.g. " + name +
                       (rule.aggregate == AggregateKind::kRatio ? "(status >= 500)" : "(user)"));
  }
  std::string_view inner = t.substr(open + 1, close - open - 1);
  if (rule.aggregate == AggregateKind::kRatio) {
    rules::ExprError error;
    auto expr = rules::Expr::Compile(inner, set.fields, lists, &error);
    if (!expr.ok()) return ErrorInScalar(source, node, open + 1 + error.offset, error.message);
    rule.ratio_filter = std::move(*expr);
    return core::Status::Ok();
  }
  std::string field(inner);
  field.erase(0, field.find_first_not_of(' '));
  field.erase(field.find_last_not_of(' ') + 1);
  auto id = set.fields.Find(field);
  if (!id) {
    return ErrorInScalar(
        source, node, open + 1,
        "unknown field \"" + field + "\"" +
            DidYouMean(field, std::vector<std::string_view>(set.fields.names().begin(),
                                                            set.fields.names().end())));
  }
  if (rule.aggregate != AggregateKind::kDistinct &&
      set.fields.TypeOf(*id) != rules::FieldType::kNumber &&
      set.fields.TypeOf(*id) != rules::FieldType::kDynamic) {
    return ErrorInScalar(source, node, open + 1,
                         name + "(" + field + "): " + field + " is not a number");
  }
  set.fields.MarkUsed(*id);
  rule.aggregate_field = *id;
  return core::Status::Ok();
}

// Rule::definition_hash: the rule's YAML in a canonical form — scalars as parsed (quoting and
// block/flow style gone), maps with sorted keys, every item length-prefixed so no two trees
// encode alike — followed by the named lists its text refers to ($name), then FNV-1a 64.
void AppendCanonical(const YAML::Node& node, std::string* out) {
  auto append_text = [out](std::string_view text) {
    *out += std::to_string(text.size());
    out->push_back(':');
    out->append(text);
  };
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      out->push_back('s');
      append_text(node.Scalar());
      return;
    case YAML::NodeType::Sequence:
      out->push_back('q');
      append_text(std::to_string(node.size()));
      for (const auto& item : node) AppendCanonical(item, out);
      return;
    case YAML::NodeType::Map: {
      std::vector<std::pair<std::string, std::string>> entries;
      for (const auto& kv : node) {
        std::pair<std::string, std::string> entry;
        AppendCanonical(kv.first, &entry.first);
        AppendCanonical(kv.second, &entry.second);
        entries.push_back(std::move(entry));
      }
      std::sort(entries.begin(), entries.end());
      out->push_back('m');
      append_text(std::to_string(entries.size()));
      for (const auto& [key, value] : entries) *out += key + value;
      return;
    }
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      out->push_back('n');
      return;
  }
}

// Names after '$' anywhere in `text` (a superset of the lists an expression uses).
void CollectListRefs(std::string_view text, std::set<std::string>* names) {
  auto start = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; };
  auto part = [&](char c) {
    return start(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-';
  };
  for (size_t i = text.find('$'); i != std::string_view::npos; i = text.find('$', i + 1)) {
    size_t end = i + 1;
    if (end >= text.size() || !start(text[end])) continue;
    while (end < text.size() && part(text[end])) ++end;
    names->emplace(text.substr(i + 1, end - i - 1));
  }
}

uint64_t DefinitionHash(const YAML::Node& node, const rules::NamedLists& lists) {
  std::string canonical;
  AppendCanonical(node, &canonical);
  std::set<std::string> names;
  CollectListRefs(canonical, &names);
  for (const std::string& name : names) {
    auto it = lists.find(name);
    if (it == lists.end()) continue;
    canonical += "$" + std::to_string(name.size()) + ":" + name;
    canonical += std::to_string(it->second.size()) + ":";
    for (const std::string& value : it->second)
      canonical += std::to_string(value.size()) + ":" + value;
  }
  uint64_t hash = 0xcbf29ce484222325ull;
  for (unsigned char c : canonical) {
    hash ^= c;
    hash *= 0x100000001b3ull;
  }
  return hash;
}

core::Result<Rule> ReadRule(const std::string& source, const YAML::Node& node, RuleSet& set,
                            const rules::NamedLists& lists) {
  GW_RETURN_IF_ERROR(CheckKeys(source, node, kRuleKeys, "rule"));
  Rule rule;
  rule.origin = Where(source, node);
  for (const char* required : {"id", "group_by", "window", "condition"}) {
    if (!node[required]) {
      return ErrorAt(source, node, std::string("a rule needs ") + required);
    }
  }
  GW_ASSIGN_OR_RETURN(rule.id, ScalarString(source, node["id"], "id"));
  if (rule.id.empty() ||
      rule.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_.") != std::string::npos) {
    return ErrorAt(source, node["id"],
                   "rule id \"" + rule.id + "\" must be lowercase letters, digits, - _ .");
  }
  if (node["description"]) {
    GW_ASSIGN_OR_RETURN(rule.description, ScalarString(source, node["description"], "description"));
  }
  rule.severity = "medium";
  if (node["severity"]) {
    GW_ASSIGN_OR_RETURN(rule.severity, ScalarString(source, node["severity"], "severity"));
    if (std::find(kSeverities.begin(), kSeverities.end(), rule.severity) == kSeverities.end()) {
      return ErrorAt(source, node["severity"],
                     "unknown severity \"" + rule.severity + "\"" +
                         DidYouMean(rule.severity, kSeverities) +
                         "; expected info, low, medium, high or critical");
    }
  }
  if (node["filter"]) {
    GW_ASSIGN_OR_RETURN(std::string text, ScalarString(source, node["filter"], "filter"));
    GW_ASSIGN_OR_RETURN(rule.filter, CompileExpr(source, node["filter"], text, set, lists));
  }
  const YAML::Node& group_by = node["group_by"];
  if (group_by.IsScalar()) {
    GW_ASSIGN_OR_RETURN(core::FieldId id,
                        ReadField(source, group_by, group_by.Scalar(), set.fields));
    rule.group_by.push_back(id);
    rule.group_by_names.push_back(group_by.Scalar());
  } else if (group_by.IsSequence() && group_by.size() > 0 && group_by.size() <= 4) {
    for (const auto& item : group_by) {
      GW_ASSIGN_OR_RETURN(std::string name, ScalarString(source, item, "group_by field"));
      GW_ASSIGN_OR_RETURN(core::FieldId id, ReadField(source, item, name, set.fields));
      rule.group_by.push_back(id);
      rule.group_by_names.push_back(name);
    }
  } else {
    return ErrorAt(source, group_by, "group_by must be a field or a list of 1 to 4 fields");
  }
  GW_ASSIGN_OR_RETURN(rule.window, ReadDuration(source, node["window"], "window"));
  if (rule.window < core::kSecond || rule.window > 7 * core::kDay) {
    return ErrorAt(source, node["window"], "window must be between 1s and 7d");
  }
  // Precision: 60 buckets per window by default, never finer than 100ms.
  rule.bucket = std::max<core::DurationNs>(rule.window / 60, 100 * core::kMillisecond);
  if (node["bucket"]) {
    GW_ASSIGN_OR_RETURN(rule.bucket, ReadDuration(source, node["bucket"], "bucket"));
    if (rule.bucket < 100 * core::kMillisecond || rule.bucket > rule.window ||
        rule.window % rule.bucket != 0 || rule.window / rule.bucket > 3600) {
      return ErrorAt(source, node["bucket"],
                     "bucket must divide the window, be at least 100ms, and give at most 3600 "
                     "buckets per window");
    }
  }
  rule.window = rule.window / rule.bucket * rule.bucket;
  if (node["aggregate"]) {
    GW_RETURN_IF_ERROR(ReadAggregate(source, node["aggregate"], rule, set, lists));
  }
  {
    GW_ASSIGN_OR_RETURN(std::string text, ScalarString(source, node["condition"], "condition"));
    size_t offset = 0;
    auto condition = rules::Condition::Parse(text, &offset);
    if (!condition.ok()) {
      return ErrorInScalar(source, node["condition"], offset, condition.status().message());
    }
    rule.condition = std::move(*condition);
  }
  if (node["min_events"]) {
    GW_ASSIGN_OR_RETURN(rule.min_events, ScalarUnsigned(source, node["min_events"], "min_events"));
  }
  if (node["for"]) {
    GW_ASSIGN_OR_RETURN(rule.for_duration, ReadDuration(source, node["for"], "for"));
  }
  if (node["keep_firing_for"]) {
    GW_ASSIGN_OR_RETURN(rule.keep_firing_for,
                        ReadDuration(source, node["keep_firing_for"], "keep_firing_for"));
  }
  if (const YAML::Node& b = node["baseline"]) {
    GW_RETURN_IF_ERROR(CheckKeys(source, b, {"half_life", "warmup", "floor"}, "baseline"));
    window::BaselineParams params;
    params.period = rule.window;
    if (b["half_life"]) {
      GW_ASSIGN_OR_RETURN(params.half_life, ReadDuration(source, b["half_life"], "half_life"));
    }
    core::DurationNs warmup = 30 * rule.window;
    if (b["warmup"]) {
      GW_ASSIGN_OR_RETURN(warmup, ReadDuration(source, b["warmup"], "warmup"));
    }
    params.warmup_periods =
        static_cast<uint32_t>(std::max<core::DurationNs>(1, warmup / rule.window));
    if (b["floor"]) {
      try {
        params.floor = b["floor"].as<double>();
      } catch (const YAML::Exception&) {
        return ErrorAt(source, b["floor"], "floor must be a number");
      }
    }
    if (rule.aggregate != AggregateKind::kCount && rule.aggregate != AggregateKind::kSum) {
      return ErrorAt(source, b, "a baseline is learned for count or sum aggregates only");
    }
    rule.baseline = params;
  }
  if (rule.condition.uses_baseline() && !rule.baseline) {
    return ErrorAt(source, node["condition"],
                   "the condition uses baseline; add a baseline: block (half_life, warmup, floor)");
  }
  auto read_size = [&](const char* key, size_t* out) -> core::Status {
    if (!node[key]) return core::Status::Ok();
    GW_ASSIGN_OR_RETURN(uint64_t v, ScalarUnsigned(source, node[key], key));
    if (v == 0) return ErrorAt(source, node[key], std::string(key) + " must be at least 1");
    *out = v;
    return core::Status::Ok();
  };
  GW_RETURN_IF_ERROR(read_size("max_groups", &rule.max_groups));
  GW_RETURN_IF_ERROR(read_size("max_firing", &rule.max_firing));
  GW_RETURN_IF_ERROR(read_size("distinct_bound", &rule.distinct_bound));
  if (const YAML::Node& labels = node["labels"]) {
    if (!labels.IsMap()) return ErrorAt(source, labels, "labels must be a mapping");
    for (const auto& kv : labels) {
      GW_ASSIGN_OR_RETURN(std::string v, ScalarString(source, kv.second, "label value"));
      rule.labels[kv.first.Scalar()] = v;
    }
  }
  if (const YAML::Node& annotations = node["annotations"]) {
    if (!annotations.IsMap()) return ErrorAt(source, annotations, "annotations must be a mapping");
    for (const auto& kv : annotations) {
      GW_ASSIGN_OR_RETURN(std::string v, ScalarString(source, kv.second, "annotation"));
      auto t = rules::Template::Parse(v, rule.group_by_names);
      if (!t.ok()) return ErrorAt(source, kv.second, t.status().message());
      rule.annotations.emplace(kv.first.Scalar(), std::move(*t));
    }
  }
  if (const YAML::Node& except = node["except"]) {
    if (!except.IsMap()) return ErrorAt(source, except, "except must map fields to lists");
    for (const auto& kv : except) {
      GW_ASSIGN_OR_RETURN(core::FieldId id,
                          ReadField(source, kv.first, kv.first.Scalar(), set.fields));
      rules::Exception ex;
      ex.field = id;
      if (!kv.second.IsSequence())
        return ErrorAt(source, kv.second, "except values must be a list");
      for (const auto& item : kv.second) {
        GW_ASSIGN_OR_RETURN(std::string v, ScalarString(source, item, "except value"));
        if (id == core::kFieldClientIp) {
          auto cidr = core::Cidr::Parse(v);
          if (!cidr.ok()) return ErrorAt(source, item, cidr.status().message());
          ex.cidrs.Add(*cidr);
        } else {
          ex.values.insert(v);
        }
      }
      rule.exceptions.push_back(std::move(ex));
    }
  }
  std::vector<std::string> samples = {"path"};
  if (const YAML::Node& s = node["samples"]) {
    samples.clear();
    if (!s.IsSequence()) return ErrorAt(source, s, "samples must be a list of fields");
    for (const auto& item : s) samples.push_back(item.Scalar());
  }
  for (const std::string& name : samples) {
    GW_ASSIGN_OR_RETURN(
        core::FieldId id,
        ReadField(source, node["samples"] ? node["samples"] : node, name, set.fields));
    rule.sample_fields.push_back(id);
  }
  rule.definition_hash = DefinitionHash(node, lists);
  return rule;
}

core::Status LoadDocumentInto(const YamlDocument& doc, RuleSet& set, std::set<std::string>& ids) {
  const std::string& source = doc.source;
  const YAML::Node& root = doc.root;
  if (!root.IsMap()) return ErrorAt(source, root, "a rule file must be a mapping with rules:");
  GW_RETURN_IF_ERROR(CheckKeys(source, root, kFileKeys, "rule file"));
  if (const YAML::Node& fields = root["fields"]) {
    if (!fields.IsSequence()) return ErrorAt(source, fields, "fields must be a list of names");
    for (const auto& f : fields) {
      GW_ASSIGN_OR_RETURN(std::string name, ScalarString(source, f, "field name"));
      set.fields.Declare(name);
    }
  }
  rules::NamedLists lists;
  if (const YAML::Node& l = root["lists"]) {
    if (!l.IsMap()) return ErrorAt(source, l, "lists must map names to lists");
    for (const auto& kv : l) {
      if (!kv.second.IsSequence()) return ErrorAt(source, kv.second, "a list must be a YAML list");
      std::vector<std::string> values;
      for (const auto& item : kv.second) {
        GW_ASSIGN_OR_RETURN(std::string v, ScalarString(source, item, "list value"));
        values.push_back(v);
      }
      lists[kv.first.Scalar()] = std::move(values);
    }
  }
  const YAML::Node& list = root["rules"];
  if (!list || !list.IsSequence()) return ErrorAt(source, root, "a rule file needs a rules: list");
  for (const auto& node : list) {
    GW_ASSIGN_OR_RETURN(Rule rule, ReadRule(source, node, set, lists));
    if (!ids.insert(rule.id).second) {
      return ErrorAt(source, node["id"], "duplicate rule id \"" + rule.id + "\"");
    }
    set.rules.push_back(std::move(rule));
  }
  return core::Status::Ok();
}

}  // namespace

core::Result<std::vector<std::string>> FindFiles(
    const std::vector<std::string>& paths, const std::function<bool(std::string_view)>& wanted,
    std::string_view what) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      std::vector<std::string> found;
      for (const auto& entry : std::filesystem::recursive_directory_iterator(path, ec)) {
        if (entry.is_regular_file() && wanted(entry.path().filename().string())) {
          found.push_back(entry.path().string());
        }
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (std::filesystem::exists(path, ec)) {
      files.push_back(path);
    } else {
      return core::Status::NotFound("no " + std::string(what) + " or directory " + path);
    }
  }
  return files;
}

core::Result<std::vector<std::string>> ExpandRulePaths(const std::vector<std::string>& paths) {
  return FindFiles(
      paths,
      [](std::string_view name) {
        return name.ends_with(".yaml") && !name.ends_with("_test.yaml");
      },
      "rule file");
}

core::Result<std::shared_ptr<const rules::RuleSet>> LoadRuleFiles(
    const std::vector<std::string>& paths) {
  GW_ASSIGN_OR_RETURN(std::vector<std::string> files, ExpandRulePaths(paths));
  auto set = std::make_shared<RuleSet>();
  std::set<std::string> ids;
  for (const std::string& file : files) {
    GW_ASSIGN_OR_RETURN(YamlDocument doc, ParseYamlFile(file));
    GW_RETURN_IF_ERROR(LoadDocumentInto(doc, *set, ids));
  }
  return std::shared_ptr<const RuleSet>(std::move(set));
}

core::Result<std::shared_ptr<const rules::RuleSet>> LoadRuleText(std::string_view text,
                                                                 const std::string& source) {
  GW_ASSIGN_OR_RETURN(YamlDocument doc, ParseYamlText(text, source));
  auto set = std::make_shared<RuleSet>();
  std::set<std::string> ids;
  GW_RETURN_IF_ERROR(LoadDocumentInto(doc, *set, ids));
  return std::shared_ptr<const RuleSet>(std::move(set));
}

}  // namespace gatewatch::config
