#include "alert/redact.h"

#include <gtest/gtest.h>

#include <string>

namespace gatewatch::alert {
namespace {

constexpr char kKey[] = "k-live-0123456789abcdef";

Alert KeyAlert() {
  Alert a;
  a.rule = "key-spike";
  a.group = {{"api_key", kKey}, {"client_ip", "203.0.113.9"}};
  a.labels = {{"category", "abuse"}, {"owner", std::string("owner of ") + kKey}};
  a.annotations = {{"summary", std::string("key ") + kKey + " sent 900 requests"}};
  a.evidence.samples = {std::string("/v1/items?api_key=") + kKey + "&page=2",
                        "/v1/login?token=abcdef123456#frag", "/v1/plain?page=1"};
  a.fingerprint = Fingerprint(a.rule, a.group);
  return a;
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Redact, Sha256HexIsTheStandardDigest) {
  // sha256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
  EXPECT_EQ(Sha256Hex("abc", 12), "ba7816bf8f01");
  EXPECT_EQ(Sha256Hex("abc", 64),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abc", 1000).size(), 64u);
}

TEST(Redact, HashModeIsStableAndRevealsNothing) {
  RedactionPolicy policy;
  std::string a = RedactValue(policy, kKey);
  EXPECT_EQ(a, "sha256:" + Sha256Hex(kKey, 12));
  EXPECT_EQ(a, RedactValue(policy, kKey));
  EXPECT_NE(a, RedactValue(policy, "k-live-0123456789abcdeg"));
  EXPECT_FALSE(Contains(a, "k-li"));
}

TEST(Redact, PrefixModeShowsAFewCharactersAndAHash) {
  RedactionPolicy policy;
  policy.mode = RedactionMode::kPrefix;
  EXPECT_EQ(RedactValue(policy, kKey), "k-li\xE2\x80\xA6" + Sha256Hex(kKey, 8));
  // Short values show fewer characters (a quarter), never half the secret.
  EXPECT_EQ(RedactValue(policy, "abcdefgh"), "ab\xE2\x80\xA6" + Sha256Hex("abcdefgh", 8));
  EXPECT_EQ(RedactValue(policy, "abc"), "\xE2\x80\xA6" + Sha256Hex("abc", 8));
}

TEST(Redact, NoneModeLeavesTheAlertAlone) {
  RedactionPolicy policy;
  policy.mode = RedactionMode::kNone;
  Alert a = KeyAlert();
  Redact(policy, &a);
  EXPECT_EQ(a.group[0].second, kKey);
  EXPECT_EQ(AlertToJson(a), AlertToJson(KeyAlert()));
}

TEST(Redact, SecretFieldPatternsIgnoreCase) {
  RedactionPolicy policy;
  for (const char* name :
       {"api_key", "X-Api-Key", "request.headers.x-api-key", "token", "access_token",
        "client_secret", "Authorization", "request.headers.authorization", "password", "cookie"}) {
    EXPECT_TRUE(IsSecretField(policy, name)) << name;
  }
  for (const char* name : {"client_ip", "user", "route", "path", "status", "api"}) {
    EXPECT_FALSE(IsSecretField(policy, name)) << name;
  }
  policy.secret_fields = {"user"};
  EXPECT_TRUE(IsSecretField(policy, "USER"));
  EXPECT_FALSE(IsSecretField(policy, "api_key"));
  EXPECT_FALSE(IsSecretField(policy, "username"));
}

TEST(Redact, RawKeyAppearsNowhereInTheRecord) {
  Alert a = KeyAlert();
  Redact(RedactionPolicy{}, &a);
  std::string json = AlertToJson(a);
  EXPECT_FALSE(Contains(json, kKey)) << json;
  std::string stand_in = "sha256:" + Sha256Hex(kKey, 12);
  EXPECT_EQ(a.group[0].second, stand_in);
  EXPECT_EQ(a.group[1].second, "203.0.113.9");  // not a secret
  EXPECT_EQ(a.labels["owner"], "owner of " + stand_in);
  EXPECT_EQ(a.labels["category"], "abuse");
  EXPECT_EQ(a.annotations["summary"], "key " + stand_in + " sent 900 requests");
  EXPECT_EQ(a.evidence.samples[0], "/v1/items?api_key=" + stand_in + "&page=2");
  // A secret-named query parameter is scrubbed even when it is not this alert's group value.
  EXPECT_EQ(a.evidence.samples[1],
            "/v1/login?token=sha256:" + Sha256Hex("abcdef123456", 12) + "#frag");
  EXPECT_EQ(a.evidence.samples[2], "/v1/plain?page=1");
  // The fingerprint stays the identity every sink shares.
  EXPECT_EQ(a.fingerprint, KeyAlert().fingerprint);
}

TEST(Redact, SecretNamedLabelsAndAnnotationsAreReplacedWhole) {
  Alert a;
  a.labels = {{"session_token", "tok-9999"}};
  a.annotations = {{"authorization", "Bearer abc.def.ghi"}, {"note", "saw tok-9999 twice"}};
  Redact(RedactionPolicy{}, &a);
  EXPECT_EQ(a.labels["session_token"], "sha256:" + Sha256Hex("tok-9999", 12));
  EXPECT_EQ(a.annotations["authorization"], "sha256:" + Sha256Hex("Bearer abc.def.ghi", 12));
  EXPECT_EQ(a.annotations["note"], "saw sha256:" + Sha256Hex("tok-9999", 12) + " twice");
}

TEST(Redact, ShortValuesAreNotSearchedForInText) {
  Alert a;
  a.group = {{"api_key", "-"}};
  a.annotations = {{"summary", "a-b-c"}};
  Redact(RedactionPolicy{}, &a);
  EXPECT_EQ(a.group[0].second, "sha256:" + Sha256Hex("-", 12));
  EXPECT_EQ(a.annotations["summary"], "a-b-c");
}

TEST(Redact, LongerSecretIsReplacedBeforeOneItContains) {
  Alert a;
  a.group = {{"api_key", "abcd1234"}, {"token", "abcd1234-extra"}};
  a.annotations = {{"summary", "abcd1234-extra"}};
  Redact(RedactionPolicy{}, &a);
  EXPECT_EQ(a.annotations["summary"], "sha256:" + Sha256Hex("abcd1234-extra", 12));
}

TEST(Redact, RollupTopGroups) {
  Alert a;
  a.evidence.top_groups = {{"api_key=k-secret-1,client_ip=10.0.0.1", 5},
                           {"k-secret-2,10.0.0.2", 4}};
  Redact(RedactionPolicy{}, &a);
  EXPECT_EQ(a.evidence.top_groups[0].first,
            "api_key=sha256:" + Sha256Hex("k-secret-1", 12) + ",client_ip=10.0.0.1");
  // Without field names nothing tells which value is the key: the entry is replaced whole.
  EXPECT_EQ(a.evidence.top_groups[1].first, "sha256:" + Sha256Hex("k-secret-2,10.0.0.2", 12));
}

TEST(Redact, ModeNames) {
  for (RedactionMode m : {RedactionMode::kHash, RedactionMode::kPrefix, RedactionMode::kNone}) {
    EXPECT_EQ(RedactionModeFromName(RedactionModeName(m)), m);
  }
  EXPECT_FALSE(RedactionModeFromName("raw").has_value());
}

}  // namespace
}  // namespace gatewatch::alert
