"""Writes cnn_zip64.pt: cnn.pt (from make_fixtures.py) with every size and offset moved into zip64 fields, as
torch.save writes them once a file passes 4 GiB (a fixture that large would not fit in the repository).

The end record's counts, size and offset become 0xFFFF/0xFFFFFFFF, so a reader must follow the zip64 locator
to the zip64 end record (torch writes both already); each central directory record's sizes and local header offset
become 0xFFFFFFFF with the real values in a zip64 extra field (id 0x0001). The entries' data are unchanged.
torch.load reads the result back to the same tensors.

Run: /work/venvs/peers/bin/python make_zip64.py  (in this folder, after make_fixtures.py).
"""
import struct

import torch

src = open("cnn.pt", "rb").read()
eocd = src.rindex(b"PK\x05\x06")
_, _, _, count, total, cd_size, cd_offset, comment = struct.unpack("<IHHHHIIH", src[eocd:eocd + 22])
locator = src.rindex(b"PK\x06\x07", 0, eocd)
(zip64_at,) = struct.unpack("<Q", src[locator + 8:locator + 16])
assert src[zip64_at:zip64_at + 4] == b"PK\x06\x06"

records = []
p = cd_offset
for _ in range(total):
    assert src[p:p + 4] == b"PK\x01\x02"
    name_len, extra_len, comment_len = struct.unpack("<HHH", src[p + 28:p + 34])
    end = p + 46 + name_len + extra_len + comment_len
    records.append(src[p:end])
    p = end
data = src[:cd_offset]

cd = bytearray()
for r in records:
    compressed, size = struct.unpack("<II", r[20:28])
    name_len, extra_len, comment_len = struct.unpack("<HHH", r[28:34])
    (local,) = struct.unpack("<I", r[42:46])
    assert extra_len == 0, "torch's central records carry no extra field below 4 GiB"
    extra = struct.pack("<HHQQQ", 1, 24, size, compressed, local)
    head = bytearray(r[:46])
    head[20:28] = struct.pack("<II", 0xFFFFFFFF, 0xFFFFFFFF)
    head[30:32] = struct.pack("<H", len(extra))
    head[42:46] = struct.pack("<I", 0xFFFFFFFF)
    cd += head + r[46:46 + name_len] + extra + r[46 + name_len + extra_len:]

new_cd_offset = len(data)
zip64_end = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, total, total, len(cd), new_cd_offset)
new_locator = struct.pack("<IIQI", 0x07064B50, 0, new_cd_offset + len(cd), 1)
end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
out = data + bytes(cd) + zip64_end + new_locator + end
open("cnn_zip64.pt", "wb").write(out)

a = torch.load("cnn.pt", weights_only=True)
b = torch.load("cnn_zip64.pt", weights_only=True)
assert list(a) == list(b) and all(torch.equal(a[k], b[k]) for k in a)
print(f"cnn_zip64.pt: {len(out)} bytes, {total} entries, torch.load gives cnn.pt's tensors")
