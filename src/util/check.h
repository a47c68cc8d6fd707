#pragma once

#include <cstdio>
#include <cstdlib>

/// Aborts with a message when an invariant of the program itself is broken.
/// Never use it on input: bad input is an Error value (util/error.h).
#define MASTHEAD_CHECK(cond, why)                                                             \
    do {                                                                                      \
        if (!(cond)) [[unlikely]] {                                                           \
            std::fprintf(stderr, "%s:%d: check failed: %s (%s)\n", __FILE__, __LINE__, #cond, \
                         why);                                                                \
            std::abort();                                                                     \
        }                                                                                     \
    } while (false)
