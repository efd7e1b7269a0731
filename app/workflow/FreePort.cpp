#include "app/workflow/FreePort.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace voxsiam::workflow {

int freeTcpPort() {
  const int socketFd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (socketFd < 0) throw std::runtime_error("cannot open a socket to find a free port");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  const bool found =
      ::bind(socketFd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      ::getsockname(socketFd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  ::close(socketFd);
  if (!found) throw std::runtime_error("cannot find a free TCP port on this machine");
  return ntohs(address.sin_port);
}

}  // namespace voxsiam::workflow
