#pragma once
#include <string>

namespace c10 {
class Error;
}

namespace voxsiam::learn {

/// One line for a LibTorch error: its first line without the C++ backtrace, or "not enough
/// memory (... GB asked for at once)" when an allocation failed on the CPU or the GPU.
std::string torchErrorText(const c10::Error& error);

}  // namespace voxsiam::learn
