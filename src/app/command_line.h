#pragma once

namespace masthead::app {

/// Runs `masthead COMMAND ...` and returns the process exit code (0 ok, 1 failure, 2 usage).
[[nodiscard]] int runCommandLine(int argc, char** argv);

}  // namespace masthead::app
