# Use slmcc as the C compiler of a CMake project:
#   cmake -S . -B build -DCMAKE_TOOLCHAIN_FILE=/path/to/slmcc/cmake/slmcc-toolchain.cmake
# CMake's compiler-id, ABI and -v probes pass through slmcc untouched, so the
# project sees "Clang 19" exactly as with clang-19 itself.
get_filename_component(_slmcc_root "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
find_program(SLMCC_EXECUTABLE NAMES slmcc HINTS "${_slmcc_root}/bin" REQUIRED)
set(CMAKE_C_COMPILER "${SLMCC_EXECUTABLE}" CACHE FILEPATH "slmcc, a drop-in C compiler" FORCE)
