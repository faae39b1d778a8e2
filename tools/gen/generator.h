// Runs the generator: plans the world and its scenarios, merges scenario lines with the
// background in time order, writes the log and returns the ground truth.
#ifndef GATEWATCH_TOOLS_GEN_GENERATOR_H_
#define GATEWATCH_TOOLS_GEN_GENERATOR_H_

#include <cstdio>
#include <string>

#include "gen/options.h"
#include "gen/truth.h"

namespace gatewatch::gen {

// Writes exactly options.lines lines to "out" and fills "*truth". Returns false with "*error"
// set when writing fails. Requires options.lines >= kMinLines and options.rate > 0.
bool Generate(const Options& options, std::FILE* out, Truth* truth, std::string* error);

}  // namespace gatewatch::gen

#endif  // GATEWATCH_TOOLS_GEN_GENERATOR_H_
