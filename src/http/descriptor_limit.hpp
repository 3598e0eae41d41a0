#pragma once
// File descriptors: the server raises its soft limit to the hard limit at start (a service's
// default soft limit, 1,024, is far below what 4,096 connections need) and keeps connections below
// what is left once the process's own files are counted, so that accept() never runs out of
// descriptors in the first place: a connection over the cap is accepted and closed at once.
#include <cstddef>

namespace tender::http {

// Descriptors kept for everything but client connections: database files and connections, the
// webhook sender's sockets, logs, the sandbox journal.
inline constexpr std::size_t kReservedDescriptors = 128;
// Never fewer connections than this, however low the limit.
inline constexpr std::size_t kMinConnections = 16;

// Raises RLIMIT_NOFILE's soft limit to its hard limit; returns the soft limit now in force.
std::size_t raise_descriptor_limit();

// The connections the server may hold with `descriptor_limit` descriptors.
std::size_t connection_cap(std::size_t configured, std::size_t descriptor_limit);

}  // namespace tender::http
