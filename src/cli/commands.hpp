#pragma once
// The `tender` command line. The shapes of these commands are a contract (see README).
namespace tender::cli {
int run(int argc, char** argv);
}
