# masthead_module(NAME SOURCES ... DEPS ...): one library per domain module, aliased
# masthead::NAME, so that linking enforces the layering of docs/architecture.md.
function(masthead_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(masthead_${name} STATIC ${ARG_SOURCES})
  add_library(masthead::${name} ALIAS masthead_${name})
  target_include_directories(masthead_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(masthead_${name} PUBLIC ${ARG_DEPS})
endfunction()

# masthead_unit_test(NAME SOURCES ... DEPS ...): a GoogleTest binary registered with ctest.
function(masthead_unit_test name)
  if(NOT MASTHEAD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE MASTHEAD_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  gtest_discover_tests(${name}
    PROPERTIES ENVIRONMENT "TZ=America/New_York"
    DISCOVERY_TIMEOUT 60)
endfunction()

# masthead_embed(TARGET NAME FILES ...): compiles files into the binary as
# masthead::assets::NAME(), a list of {path, bytes}. Paths are relative to BASE.
function(masthead_embed target name base)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/embedded_${name}.cpp)
  set(files ${ARGN})
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNAME=${name} -DBASE=${base} "-DFILES=${files}"
            -P ${PROJECT_SOURCE_DIR}/cmake/embed.cmake
    DEPENDS ${files} ${PROJECT_SOURCE_DIR}/cmake/embed.cmake
    COMMENT "Embedding ${name}"
    VERBATIM)
  target_sources(${target} PRIVATE ${out})
endfunction()
