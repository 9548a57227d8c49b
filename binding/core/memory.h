// Returning freed heap memory to the operating system.
#pragma once

namespace hogvec {

// Gives freed heap pages back to the system (glibc keeps them otherwise, and
// they count in the process's resident memory). A no-op elsewhere.
void releaseFreedMemory();

}  // namespace hogvec
