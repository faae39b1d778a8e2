# A short libFuzzer run for ctest, run with cmake -P:
#   cmake -DFUZZER=<binary> -DCORPUS=<dir> -DDICT=<file> -DWORK=<dir> -DSECONDS=10 -P this
# Copies the checked-in corpus to WORK/corpus first, since libFuzzer writes the inputs it finds
# into its first corpus directory and the source tree must stay untouched. Crash inputs land in
# WORK/ as crash-<sha1> (or timeout-, oom-, leak-).

foreach(var FUZZER CORPUS DICT WORK SECONDS)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_fuzz_short.cmake: -D${var}=... is required")
  endif()
endforeach()

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/corpus)
file(GLOB seeds ${CORPUS}/*)
if(seeds)
  file(COPY ${seeds} DESTINATION ${WORK}/corpus)
endif()

set(args -max_total_time=${SECONDS} -rss_limit_mb=2048 -timeout=10 -print_final_stats=1
         -artifact_prefix=${WORK}/)
if(EXISTS ${DICT})
  list(APPEND args -dict=${DICT})
endif()

execute_process(COMMAND ${FUZZER} ${args} ${WORK}/corpus RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  file(GLOB artifacts ${WORK}/crash-* ${WORK}/timeout-* ${WORK}/oom-* ${WORK}/leak-*)
  message(FATAL_ERROR "${FUZZER} failed (${result})\n"
                      "reproducer: ${artifacts}\n"
                      "replay with: UBSAN_OPTIONS=print_stacktrace=1 ${FUZZER} <reproducer>")
endif()
