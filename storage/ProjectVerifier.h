#pragma once
#include <string>
#include <vector>

namespace voxsiam::storage {

class Project;

/// Verifies what a project stores beyond SQLite's own integrity check: every case's image file
/// is there, reads, and hashes to its name with the geometry recorded for it; every label
/// version's bytes match their content hash and decode onto its case's image grid; no partial
/// file is left in volumes/ (a kill during an import). Reads every image, so it takes about as
/// long as opening every case once.
class ProjectVerifier {
 public:
  explicit ProjectVerifier(Project& project) : project_(project) {}

  /// One line per problem found ("case NAME: ..."); empty when everything checks out.
  std::vector<std::string> verify();

 private:
  void verifyCase(long long caseId, std::vector<std::string>& problems);
  void verifyLeftovers(std::vector<std::string>& problems);

  Project& project_;
};

}  // namespace voxsiam::storage
