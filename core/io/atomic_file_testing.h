#pragma once

// Crash-safety tests only (tests/integration/test_atomic_save.cpp): makes the next atomic
// writes stop at a fixed point as a crash there would, leaving behind whatever a killed
// process leaves (no cleanup of the temporary file, no rename or a rename without the folder
// fsync). The write then returns an io Error so that the caller stops too.

namespace quiver::core::io {

enum class AtomicWriteFault {
    none,
    afterWrite,   // the temporary is written but neither fsynced nor closed
    beforeRename, // the temporary is complete and fsynced; the target is untouched
    afterRename,  // the target is replaced; the folder is not fsynced
};

// Applies to every writeFileAtomically call in the process until set back to none.
void setAtomicWriteFaultPoint(AtomicWriteFault fault);

} // namespace quiver::core::io
