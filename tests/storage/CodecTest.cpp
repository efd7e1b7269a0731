#include <gtest/gtest.h>

#include <cstring>

#include "storage/ContentHash.h"
#include "storage/LabelCodec.h"
#include "storage/StorageError.h"
#include "tests/storage/StorageFixtures.h"

namespace voxsiam {
namespace {

TEST(ContentHashTest, MatchesPublishedSha256Vectors) {
  EXPECT_EQ(storage::sha256Hex("", 0),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(storage::sha256Hex("abc", 3),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const std::string long56 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  EXPECT_EQ(storage::sha256Hex(long56.data(), long56.size()),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  storage::ContentHash pieces;
  const std::string million(1000000, 'a');
  for (std::size_t start = 0; start < million.size(); start += 777) {
    pieces.add(million.data() + start, std::min<std::size_t>(777, million.size() - start));
  }
  EXPECT_EQ(pieces.hex(), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(LabelCodecTest, RoundTripKeepsVoxelsAndGeometry) {
  const auto grid = test::testGrid({37, 29, 11});
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const image::LabelMap labels = test::generatedLabels(grid, seed);
    const auto bytes = storage::encodeLabelMap(labels);
    const image::LabelMap back = storage::decodeLabelMap(bytes, "test");
    EXPECT_EQ(back.voxels(), labels.voxels());
    EXPECT_TRUE(back.geometry().sameGrid(labels.geometry(), 0));
    EXPECT_EQ(storage::encodeLabelMap(back), bytes) << "encoding must be deterministic";
  }
  image::LabelMap wide(grid, 65535);
  wide[5] = 0;
  EXPECT_EQ(storage::decodeLabelMap(storage::encodeLabelMap(wide), "t").voxels(), wide.voxels());
}

TEST(LabelCodecTest, DamagedBytesGiveAnErrorNamingTheOrigin) {
  const auto bytes = storage::encodeLabelMap(test::generatedLabels(test::testGrid({20, 20, 5}), 1));
  auto truncated = bytes;
  truncated.resize(bytes.size() - 10);
  auto flipped = bytes;
  flipped[flipped.size() / 2 + 60] ^= 0x5a;
  auto headerOnly = bytes;
  headerOnly.resize(40);
  for (const auto& damaged : {truncated, flipped, headerOnly, std::vector<std::uint8_t>{}}) {
    try {
      storage::decodeLabelMap(damaged, "version 7");
      ADD_FAILURE() << "damaged bytes decoded";
    } catch (const storage::StorageError& error) {
      EXPECT_EQ(error.path(), "version 7");
    }
  }
}

TEST(LabelCodecTest, ACraftedHeaderCannotMakeTheDecoderAllocateGigabytes) {
  const auto bytes = storage::encodeLabelMap(test::generatedLabels(test::testGrid({8, 8, 8}), 1));
  const auto crafted = [&](std::uint32_t slices, std::uint64_t runBytes) {
    auto copy = bytes;
    std::memcpy(copy.data() + 12, &slices, sizeof slices);  // size[2] of the header
    if (runBytes) std::memcpy(copy.data() + 136, &runBytes, sizeof runBytes);
    return copy;
  };
  // 8 x 8 x 16,000,000 voxels (2 GB of labels) and 8 GB of runs claimed by a blob of bytes.
  for (const auto& damaged : {crafted(16000000, 8000000000ull), crafted(16000000, 0)}) {
    try {
      storage::decodeLabelMap(damaged, "version 9");
      ADD_FAILURE() << "a crafted label map decoded";
    } catch (const storage::StorageError& error) {
      EXPECT_EQ(error.path(), "version 9");
      EXPECT_NE(std::string(error.what()).find("corrupt"), std::string::npos) << error.what();
    }
  }
}

}  // namespace
}  // namespace voxsiam
