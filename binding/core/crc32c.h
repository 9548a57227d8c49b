// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78, initial value and
// final xor 0xFFFFFFFF: the iSCSI / ext4 / LevelDB checksum), computed eight
// bytes at a time with table lookups (slicing-by-8), so a checkpoint of
// hundreds of megabytes is checked at memory speed without CPU extensions.
// crc32c("123456789") == 0xE3069283.
#pragma once

#include <cstddef>
#include <cstdint>

namespace hogvec {

// A running CRC-32C: update() with the bytes in order, then value().
class Crc32c {
 public:
  void update(const void* data, std::size_t length);
  std::uint32_t value() const { return ~state_; }

 private:
  std::uint32_t state_ = 0xffffffffu;
};

// The CRC-32C of one buffer.
std::uint32_t crc32c(const void* data, std::size_t length);

}  // namespace hogvec
