#include "core/status.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/result.h"

namespace gatewatch::core {
namespace {

TEST(Status, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), Status::Code::kOk);
  EXPECT_EQ(s.message(), "");
  EXPECT_TRUE(Status::Ok().ok());
}

TEST(Status, FactoriesSetCodeAndMessage) {
  EXPECT_EQ(Status::InvalidArgument("a").code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(Status::NotFound("b").code(), Status::Code::kNotFound);
  EXPECT_EQ(Status::IoError("c").code(), Status::Code::kIoError);
  EXPECT_EQ(Status::OutOfRange("d").code(), Status::Code::kOutOfRange);
  EXPECT_EQ(Status::Internal("e").code(), Status::Code::kInternal);
  const Status s = Status::NotFound("no such file");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "no such file");
}

TEST(Status, ToStringOkIsJustOk) { EXPECT_EQ(Status::Ok().ToString(), "ok"); }

TEST(Status, ToStringNamesCodeThenMessage) {
  EXPECT_EQ(Status::InvalidArgument("bad duration").ToString(), "invalid argument: bad duration");
  EXPECT_EQ(Status::NotFound("rules.yaml").ToString(), "not found: rules.yaml");
  EXPECT_EQ(Status::IoError("read failed").ToString(), "i/o error: read failed");
  EXPECT_EQ(Status::OutOfRange("too big").ToString(), "out of range: too big");
  EXPECT_EQ(Status::Internal("oops").ToString(), "internal error: oops");
}

TEST(Status, CodeNameCoversEveryCode) {
  EXPECT_EQ(CodeName(Status::Code::kOk), "ok");
  EXPECT_EQ(CodeName(Status::Code::kInvalidArgument), "invalid argument");
  EXPECT_EQ(CodeName(Status::Code::kNotFound), "not found");
  EXPECT_EQ(CodeName(Status::Code::kIoError), "i/o error");
  EXPECT_EQ(CodeName(Status::Code::kOutOfRange), "out of range");
  EXPECT_EQ(CodeName(Status::Code::kInternal), "internal error");
}

TEST(Status, WithPrefixPrependsAndKeepsCode) {
  const Status s = Status::InvalidArgument("bad value").WithPrefix("rules.yaml:3");
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(s.message(), "rules.yaml:3: bad value");
  EXPECT_EQ(s.ToString(), "invalid argument: rules.yaml:3: bad value");
}

TEST(Status, WithPrefixNests) {
  const Status s = Status::IoError("denied").WithPrefix("open").WithPrefix("config");
  EXPECT_EQ(s.message(), "config: open: denied");
}

TEST(Status, WithPrefixLeavesOkUntouched) {
  const Status s = Status::Ok().WithPrefix("ignored");
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.message(), "");
  EXPECT_EQ(s.ToString(), "ok");
}

TEST(Status, WithPrefixDoesNotModifyOriginal) {
  const Status original = Status::NotFound("x");
  const Status prefixed = original.WithPrefix("p");
  EXPECT_EQ(original.message(), "x");
  EXPECT_EQ(prefixed.message(), "p: x");
}

TEST(Result, HoldsValue) {
  Result<int> r = 42;
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 42);
  EXPECT_EQ(r.value(), 42);
  EXPECT_TRUE(r.status().ok());
}

TEST(Result, HoldsError) {
  Result<int> r = Status::OutOfRange("too big");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kOutOfRange);
  EXPECT_EQ(r.status().message(), "too big");
}

TEST(Result, ArrowAndMutationReachTheValue) {
  Result<std::string> r = std::string("abc");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->size(), 3u);
  r->push_back('d');
  EXPECT_EQ(*r, "abcd");
  const Result<std::string>& cr = r;
  EXPECT_EQ(cr->size(), 4u);
  EXPECT_EQ(*cr, "abcd");
}

TEST(Result, MovesOutMoveOnlyValue) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(7);
  ASSERT_TRUE(r.ok());
  std::unique_ptr<int> p = std::move(r).value();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(*p, 7);
}

Result<int> ParsePositive(int v) {
  if (v <= 0) return Status::InvalidArgument("not positive: " + std::to_string(v));
  return v;
}

Result<int> DoubleIt(int v) {
  GW_ASSIGN_OR_RETURN(int x, ParsePositive(v));
  return x * 2;
}

// Two uses in one function must not clash (the temporary is named after the line).
Result<int> SumOfTwo(int a, int b) {
  GW_ASSIGN_OR_RETURN(int x, ParsePositive(a));
  GW_ASSIGN_OR_RETURN(int y, ParsePositive(b));
  return x + y;
}

Result<std::unique_ptr<int>> MakeBox(int v) {
  if (v < 0) return Status::InvalidArgument("negative");
  return std::make_unique<int>(v);
}

Result<int> Unbox(int v) {
  GW_ASSIGN_OR_RETURN(std::unique_ptr<int> box, MakeBox(v));
  return *box;
}

Status AssignExisting(int v, int* out) {
  int x = 0;
  GW_ASSIGN_OR_RETURN(x, ParsePositive(v));
  *out = x;
  return Status::Ok();
}

TEST(GwAssignOrReturn, AssignsValueOnSuccess) {
  const Result<int> r = DoubleIt(21);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 42);
}

TEST(GwAssignOrReturn, ReturnsErrorUnchanged) {
  const Result<int> r = DoubleIt(-1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(r.status().message(), "not positive: -1");
}

TEST(GwAssignOrReturn, SeveralInOneFunction) {
  EXPECT_EQ(*SumOfTwo(2, 3), 5);
  EXPECT_EQ(SumOfTwo(2, 0).status().message(), "not positive: 0");
  EXPECT_EQ(SumOfTwo(-4, 0).status().message(), "not positive: -4");
}

TEST(GwAssignOrReturn, WorksWithMoveOnlyValues) {
  EXPECT_EQ(*Unbox(9), 9);
  EXPECT_EQ(Unbox(-1).status().message(), "negative");
}

TEST(GwAssignOrReturn, AssignsToExistingVariableInStatusFunction) {
  int out = 0;
  EXPECT_TRUE(AssignExisting(5, &out).ok());
  EXPECT_EQ(out, 5);
  out = 0;
  const Status s = AssignExisting(0, &out);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(out, 0);
}

Status FailIf(bool fail) { return fail ? Status::Internal("boom") : Status::Ok(); }

Status RunSteps(bool fail_second, int* steps) {
  GW_RETURN_IF_ERROR(FailIf(false));
  ++*steps;
  GW_RETURN_IF_ERROR(FailIf(fail_second));
  ++*steps;
  return Status::Ok();
}

TEST(GwReturnIfError, ContinuesOnOkAndStopsOnError) {
  int steps = 0;
  EXPECT_TRUE(RunSteps(false, &steps).ok());
  EXPECT_EQ(steps, 2);
  steps = 0;
  EXPECT_EQ(RunSteps(true, &steps).ToString(), "internal error: boom");
  EXPECT_EQ(steps, 1);
}

}  // namespace
}  // namespace gatewatch::core
