#include "cli/commands.hpp"

int main(int argc, char** argv) { return tender::cli::run(argc, argv); }
