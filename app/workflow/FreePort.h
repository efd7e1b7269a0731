#pragma once

namespace voxsiam::workflow {

/// A TCP port on this machine's loopback that nothing listens on now (for the rendezvous of
/// data-parallel ranks that all run here). Throws std::runtime_error when there is none.
int freeTcpPort();

}  // namespace voxsiam::workflow
