# GRIDDECK_SANITIZE=ON (make test-asan, build-asan/): everything built and linked with
# AddressSanitizer and UndefinedBehaviorSanitizer; undefined behaviour aborts like a memory
# error does, so any report fails the test that hit it.
option(GRIDDECK_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
if(GRIDDECK_SANITIZE)
  set(griddeck_sanitize_flags -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_compile_options(${griddeck_sanitize_flags})
  add_link_options(${griddeck_sanitize_flags})
endif()

# GRIDDECK_FUZZ=ON (make fuzz, build-fuzz/, clang only): the libFuzzer targets of tests/fuzz,
# with the code under test instrumented for coverage, ASan and UBSan.
option(GRIDDECK_FUZZ "Build the libFuzzer targets (needs clang)" OFF)
if(GRIDDECK_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "GRIDDECK_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++-14")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
