#pragma once
#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace voxsiam::embed {

/// Runs `work(begin, end)` over [0, count) split into contiguous parts on `threads` threads
/// (0: all hardware threads).
template <typename Work>
void parallelFor(std::size_t count, unsigned threads, Work work) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(count, 1)));
  if (threads <= 1) {
    work(std::size_t{0}, count);
    return;
  }
  std::vector<std::thread> pool;
  const std::size_t part = (count + threads - 1) / threads;
  for (unsigned t = 1; t < threads; ++t) {
    const std::size_t begin = std::min(count, t * part), end = std::min(count, begin + part);
    pool.emplace_back([=] { work(begin, end); });
  }
  work(0, std::min(count, part));
  for (auto& thread : pool) thread.join();
}

}  // namespace voxsiam::embed
