#include "ingest/line_reader.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

namespace gatewatch::ingest {
namespace {

class LineReaderTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& content) {
    std::string path = ::testing::TempDir() + "/gatewatch_line_reader_" + name;
    std::ofstream(path, std::ios::binary) << content;
    paths_.push_back(path);
    return path;
  }
  std::string WriteGzip(const std::string& name, const std::string& content) {
    std::string path = ::testing::TempDir() + "/gatewatch_line_reader_" + name;
    gzFile gz = gzopen(path.c_str(), "wb");
    gzwrite(gz, content.data(), static_cast<unsigned>(content.size()));
    gzclose(gz);
    paths_.push_back(path);
    return path;
  }
  static std::vector<std::string> ReadAll(const std::string& path, size_t max_line) {
    auto reader = LineReader::Open(path, max_line);
    EXPECT_TRUE(reader.ok()) << reader.status().ToString();
    std::vector<std::string> lines;
    std::string_view line;
    while ((*reader)->Next(&line)) lines.emplace_back(line);
    EXPECT_TRUE((*reader)->status().ok());
    return lines;
  }
  void TearDown() override {
    for (const auto& p : paths_) std::remove(p.c_str());
  }
  std::vector<std::string> paths_;
};

TEST_F(LineReaderTest, SplitsLinesAndKeepsALastLineWithoutNewline) {
  auto lines = ReadAll(Write("plain", "a\nbb\n\nccc"), 100);
  EXPECT_EQ(lines, (std::vector<std::string>{"a", "bb", "", "ccc"}));
}

TEST_F(LineReaderTest, ReadsGzipByContent) {
  std::string content;
  for (int i = 0; i < 50000; ++i) content += "line " + std::to_string(i) + "\n";
  auto lines = ReadAll(WriteGzip("log.gz", content), 100);
  ASSERT_EQ(lines.size(), 50000u);
  EXPECT_EQ(lines[49999], "line 49999");
}

TEST_F(LineReaderTest, OverLongLineIsCutOneByteBeyondTheLimitAndItsTailSkipped) {
  std::string huge(3 * 1024 * 1024, 'x');
  auto lines = ReadAll(Write("huge", "before\n" + huge + "\nafter\n" + huge), 1024);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "before");
  EXPECT_EQ(lines[1].size(), 1025u) << "one byte over the limit, so the parser rejects it";
  EXPECT_EQ(lines[2], "after");
  EXPECT_EQ(lines[3].size(), 1025u);
}

TEST_F(LineReaderTest, LinesSpanningReadChunks) {
  std::string content;
  std::vector<std::string> expected;
  for (int i = 0; i < 2000; ++i) {
    std::string line(i * 37 % 1500, static_cast<char>('a' + i % 26));
    expected.push_back(line);
    content += line + "\n";
  }
  EXPECT_EQ(ReadAll(Write("chunks", content), 4096), expected);
}

TEST_F(LineReaderTest, LineNumbersCountReturnedLines) {
  auto reader = LineReader::Open(Write("numbers", "a\nb\n"), 10);
  ASSERT_TRUE(reader.ok());
  std::string_view line;
  ASSERT_TRUE((*reader)->Next(&line));
  ASSERT_TRUE((*reader)->Next(&line));
  EXPECT_EQ((*reader)->line_number(), 2u);
  EXPECT_FALSE((*reader)->Next(&line));
}

TEST_F(LineReaderTest, MissingFileAndDirectoryAreErrors) {
  auto missing = LineReader::Open("/nonexistent/file.log", 100);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("/nonexistent/file.log"), std::string::npos);
  auto directory = LineReader::Open(::testing::TempDir(), 100);
  ASSERT_FALSE(directory.ok());
  EXPECT_NE(directory.status().message().find("is a directory"), std::string::npos);
}

TEST_F(LineReaderTest, CorruptGzipIsAReadError) {
  std::string content;
  for (int i = 0; i < 10000; ++i) content += "line " + std::to_string(i) + "\n";
  std::string path = WriteGzip("corrupt.gz", content);
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(40);
    f.write("\xde\xad\xbe\xef\xde\xad\xbe\xef", 8);
  }
  auto reader = LineReader::Open(path, 100);
  ASSERT_TRUE(reader.ok());
  std::string_view line;
  while ((*reader)->Next(&line)) {
  }
  EXPECT_FALSE((*reader)->status().ok());
}

}  // namespace
}  // namespace gatewatch::ingest
