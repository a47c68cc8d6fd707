# Unit tests live beside the code they test (STYLE.md).
masthead_unit_test(util_test SOURCES util/text_test.cpp util/time_format_test.cpp DEPS masthead::util)
