#pragma once
#include <QString>

#include <cstdint>
#include <vector>

namespace voxsiam::ui {

class CaseSession;

/// One organ of the shown label version, for per-organ review.
struct OrganState {
  std::uint16_t organ = 0;
  QString name;
  bool annotated = true;     ///< the shown version annotates it (else: unknown, never background)
  bool annotateNext = true;  ///< the next saved version will annotate it
  QString review;            ///< "approved" or "rejected" on its own; empty when not reviewed alone
  QString reviewer;          ///< who reviewed it alone, and when (empty without)
  QString reviewedAt;
  bool trains = false;  ///< training would use this organ of the version
};

/// Every organ of the scheme for the shown version of `session`'s case: what it annotates, the
/// organs' own reviews and which organs would train. Without a saved version: every organ
/// annotated, none reviewed, none training. Empty without an open case.
std::vector<OrganState> organStates(CaseSession& session);

}  // namespace voxsiam::ui
