#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <utility>

#include "app/config.h"

/// What the configuration tests share: files to load, an environment of their own, and a
/// table of mistakes each loaded from a file.
namespace masthead::app::config_test {

inline std::filesystem::path sourceDir() { return MASTHEAD_SOURCE_DIR; }

/// Writes `text` to a temporary file named after this process and the running test.
inline std::filesystem::path writeTemp(const std::string& text) {
    const auto path = std::filesystem::temp_directory_path() /
                      ("masthead-config-" + std::to_string(::getpid()) + "-" +
                       ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".yaml");
    std::ofstream(path) << text;
    return path;
}

/// An environment of `vars` only, so tests do not depend on the process environment.
inline Environment fakeEnvironment(std::map<std::string, std::string> vars) {
    return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
        const auto it = vars.find(name);
        return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
}

/// A configuration file that must not load, and what its message must contain after the file
/// name (":LINE: what is wrong").
struct Mistake {
    std::string yaml;
    std::string expected_suffix;
};

/// Loads each mistake from a file of its own and expects the failure to name the file and
/// contain the expected text.
inline void expectMistakes(std::span<const Mistake> mistakes) {
    for (const Mistake& c : mistakes) {
        const auto file = writeTemp(c.yaml);
        auto loaded = loadConfigFile(file, Config{}, fakeEnvironment({}));
        ASSERT_FALSE(loaded) << c.yaml;
        EXPECT_TRUE(loaded.error().message.starts_with(file.string())) << loaded.error().message;
        EXPECT_NE(loaded.error().message.find(c.expected_suffix), std::string::npos)
            << loaded.error().message;
        std::filesystem::remove(file);
    }
}

}  // namespace masthead::app::config_test
