#include "app/command_line.h"

int main(int argc, char** argv) { return masthead::app::runCommandLine(argc, argv); }
