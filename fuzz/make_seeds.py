#!/usr/bin/env python3
"""Writes the committed seed corpora in fuzz/seeds/ (small: a few KB per target).

    python3 fuzz/make_seeds.py

Text seeds are realistic lessons, command lines and formulas; binary seeds are hand-made PNGs
of every colour type and depth (1-bit 105×105 as Omniglot's), Omniglot-layout zips with stored
and deflated entries, and safetensors files. No real Omniglot file is copied into the project.
"""
import gzip, io, json, os, struct, sys, zipfile, zlib

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.join(HERE, "seeds")


def gzip_bytes(data):
    return gzip.compress(data, mtime=0)


def put(target, name, data):
    folder = os.path.join(SEEDS, target)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


# ---------------------------------------------------------------- lessons
LESSON_MAML = r"""# MAML on sine waves

**Model-Agnostic Meta-Learning** learns an *initialisation* $\theta$ from which one gradient
step on a new task's few examples gives a good model. See `explain maml`.

## The tasks

Each task is a sine wave with its own amplitude and phase,

$$y = A \sin(x - \varphi), \qquad A \sim \mathcal{U}[0.1, 5], \quad x \sim \mathcal{U}[-5, 5]$$

```metalab
data sines
model mlp sizes=40,40   # the paper's 1-40-40-1
```

## The inner and outer updates

1. adapt on the support set:
   one step of size $\alpha$
2. score on the query set
   - the loss *after* adaptation
   - summed over the meta-batch

$$\theta'_i = \theta - \alpha \nabla_\theta \mathcal{L}_{T_i}(f_\theta)$$

$$
\theta \leftarrow \theta - \beta \nabla_\theta
\sum_i \mathcal{L}_{T_i}(f_{\theta'_i})
$$

```metalab
train maml ways=5 shots=1 inner-lr=0.4 meta-batch=4 iterations=300 as=maml
plot curves of=maml to=maml-curve.png
expect maml.test.accuracy >= 0.80
```

### What to look for

The curve falls fast, then flattens. ***
"""

LESSON_CNN = r"""# Build the CNN

Conv-4 is four blocks of [3×3 conv, 64 filters, batch norm, ReLU, 2×2 max-pool].

## One block

$$h \leftarrow \mathrm{maxpool}_{2 \times 2}(\mathrm{relu}(\mathrm{BN}(W * h + b)))$$

* a **convolution** with `3×3` kernels
* batch norm with _batch statistics_
+ a ReLU, then [pooling](https://example.org)

~~~python
import torch
x = torch.zeros(1, 1, 28, 28)
~~~

```metalab
model conv4 channels=64
show model
expect model.parameters == 112005
```

## Counting parameters  ##

$$576 + 3 \cdot 36{,}864 + 4 \cdot 128 + (64 \cdot 5 + 5) = 112{,}005$$

---

10) ten
11) eleven
"""

LESSON_EDGE = "# Edge cases\r\n\r\nIntro with trailing spaces   \r\n## Step one ##\r\n````metalab\r\n  train reptile inner-steps=5 as=\"my run\"\r\n````\r\n$$ x^2 $$ after\r\n    ## indented is text\r\n## Step two\r\n- a\r\n\r\n- b\r\n  continued\r\n\r\n      1. deep\r\n"

put("lesson", "maml.md", LESSON_MAML)
put("lesson", "cnn.md", LESSON_CNN)
put("lesson", "edge.md", LESSON_EDGE)

# ---------------------------------------------------------------- commands
COMMANDS = [
    "train maml ways=5 shots=1 inner-lr=0.4 meta-batch=4 iterations=300 as=maml",
    "plot curves of=maml,reptile to=\"out/maml curve.png\"  # both runs",
    "save filters of=maml layer=1 to=maml-filters.png",
    "expect maml.test.accuracy >= 0.80",
    "expect loss.final < 1e-3",
    "data omniglot path=~/data/images_background_small1.zip side=28",
    "model conv4 channels=64",
    "model mlp sizes=40,40",
    "open 05",
    "help train",
    "evaluate maml episodes=600 ways=5 shots=5 queries=15",
    "set seed=-12 lr=2.5E+4 verbose=yes",
    "  # only a comment",
    "train reptile inner-steps=5 outer-lr=.1 name=\"tab\\tand\\\"quote\\\"\"",
]
for i, line in enumerate(COMMANDS):
    put("command", f"line{i:02d}.txt", line)
put("command", "script.txt", "\n".join(COMMANDS))

# ---------------------------------------------------------------- formulas
FORMULAS = [
    r"\theta'_i = \theta - \alpha \nabla_\theta \mathcal{L}_{T_i}(f_\theta)",
    r"\theta \leftarrow \theta - \beta \nabla_\theta \sum_{i=1}^{B} \mathcal{L}_{T_i}(f_{\theta'_i})",
    r"\nabla_\theta \mathcal{L}(\theta') = \left(I - \alpha \nabla^2_\theta \mathcal{L}(\theta)\right) \nabla_{\theta'} \mathcal{L}(\theta')",
    r"\frac{\partial \mathcal{L}}{\partial \theta_j} \approx \frac{\mathcal{L}(\theta + h e_j) - \mathcal{L}(\theta - h e_j)}{2h}",
    r"\bar{a} \pm 1.96 \frac{s}{\sqrt{M}}, \qquad \sqrt[3]{x^2 + y^2}",
    r"p_\theta(y = k \mid x) = \frac{\exp(z_k)}{\sum_{j} \exp(z_j)} \\ \hat{y} = \operatorname*{argmax}_k p_k",
    r"S = \{(x_i, y_i)\}_{i=1}^{N K}, \quad \mathbb{E}_{T \sim p(\mathcal{T})} \lVert W \rVert^2 \text{ for all } T",
    r"\min_{W, b} \; \sum_{i} -\log \mathrm{softmax}(W f_\theta(x_i) + b)_{y_i} + \lambda \|W\|_F^2 % comment",
    r"\binom{n}{k} \overset{!}{=} \underset{x}{\lim} \mathfrak{g} \dot{x} \hat{y} \begin{array}{cc} a & b \end{array}",
    r"x^{y^{z}}_{i_{j}} a'' \textcolor{red}{r} \color{blue} \left. \frac{a}{b} \right| \mathbbm{1}",
]
for i, formula in enumerate(FORMULAS):
    put("latex", f"formula{i:02d}.tex", formula)

# ---------------------------------------------------------------- PNGs
def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def png(width, height, depth, colour, rows, extra=b"", interlace=0):
    """rows: list of raw (unfiltered) scanline bytes; filter type 0 is prepended."""
    raw = b"".join(b"\x00" + r for r in rows)
    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, interlace)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + extra + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def bits(values, depth):
    out, acc, n = bytearray(), 0, 0
    for v in values:
        acc = (acc << depth) | v
        n += depth
        if n == 8:
            out.append(acc); acc, n = 0, 0
    if n:
        out.append(acc << (8 - n))
    return bytes(out)


W = H = 12
ring = [[1 if 3 <= ((x - 6) ** 2 + (y - 6) ** 2) ** 0.5 <= 5 else 0 for x in range(W)] for y in range(H)]
put("png", "grey1.png", png(W, H, 1, 0, [bits([1 - v for v in row], 1) for row in ring]))
put("png", "grey4.png", png(W, H, 4, 0, [bits([15 - 13 * v for v in row], 4) for row in ring]))
put("png", "grey16.png", png(W, H, 16, 0, [b"".join(struct.pack(">H", 65535 - 60000 * v) for v in row) for row in ring]))
put("png", "rgba8.png", png(W, H, 8, 6, [bytes(c for v in row for c in (200, 30 * v, 10, 255 * v)) for row in ring]))
put("png", "greyalpha8.png", png(W, H, 8, 4, [bytes(c for v in row for c in (0, 255 * v)) for row in ring]))
put("png", "rgb16.png", png(5, 4, 16, 2, [bytes((x * 7 + y) & 255 for x in range(30)) for y in range(4)]))
palette = chunk(b"PLTE", bytes([255, 255, 255, 0, 0, 0, 128, 64, 32])) + chunk(b"tRNS", bytes([255, 255, 0]))
put("png", "palette2.png", png(W, H, 2, 3, [bits([v + (x % 3 == 0) for x, v in enumerate(row)], 2) for row in ring], extra=palette))
# Adam7 interlaced 1-bit, built with a real pass layout: zlib of every pass's filtered rows.
def adam7(width, height, pixel):
    passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
    raw = b""
    for x0, y0, dx, dy in passes:
        xs = list(range(x0, width, dx)); ys = list(range(y0, height, dy))
        if not xs or not ys:
            continue
        for y in ys:
            raw += b"\x00" + bits([pixel(x, y) for x in xs], 1)
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 1)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
put("png", "interlaced1.png", adam7(W, H, lambda x, y: 1 - ring[y][x]))

# Real Omniglot drawings are never committed (the data set stays in ../shared); the seeds use
# the hand-made images above, which cover the same 1-bit, 105×105 format.
real_pngs = []

# ---------------------------------------------------------------- Omniglot-layout zips
small = [png(W, H, 1, 0, [bits([1 - v for v in row], 1) for row in ring]),
         png(W, H, 1, 0, [bits([v for v in row], 1) for row in ring])]
images = (real_pngs[:1] or small[:1]) + small

def omniglot_zip_bytes(layout, method_for):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for i, (name, data) in enumerate(layout):
            info = zipfile.ZipInfo(name, date_time=(2015, 1, 1, 0, 0, 0))
            info.compress_type = method_for(i)
            z.writestr(info, data)
    return buf.getvalue()

layout = [("images_background/", b""),
          ("images_background/Greek/", b""),
          ("images_background/Greek/character01/", b""),
          ("images_background/Greek/character01/0394_01.png", images[0]),
          ("images_background/Greek/character01/0394_02.png", images[1]),
          ("images_background/Greek/character02/0395_01.png", images[2]),
          ("images_background/Latin/character01/0001_01.png", images[1]),
          ("images_background/LICENSE", b"MIT\n")]
put("omniglot", "omniglot-mixed.zip", omniglot_zip_bytes(layout, lambda i: zipfile.ZIP_DEFLATED if i % 2 else zipfile.ZIP_STORED))
put("omniglot", "omniglot-flat-stored.zip",
    omniglot_zip_bytes([("Alpha/character01/a.png", small[0]), ("Alpha/character02/b.png", small[1]), ("README", b"readme")],
                       lambda i: zipfile.ZIP_STORED))
put("omniglot", "deflated-text.zip",
    omniglot_zip_bytes([("notes.txt", b"episode " * 40), ("__MACOSX/._x", b"junk"), ("a/.DS_Store", b"")],
                       lambda i: zipfile.ZIP_DEFLATED))

# ---------------------------------------------------------------- safetensors
def safetensors(tensors, metadata=None):
    header, data, offset = {}, b"", 0
    for name, shape, values in tensors:
        blob = struct.pack("<%df" % len(values), *values)
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [offset, offset + len(blob)]}
        data += blob
        offset += len(blob)
    if metadata is not None:
        header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + data

put("safetensors", "conv.safetensors", safetensors(
    [("conv1.weight", [2, 1, 3, 3], [0.1 * i for i in range(18)]), ("conv1.bias", [2], [0.0, -1.5]),
     ("head.weight", [5, 2], [float(i) for i in range(10)]), ("scalar", [], [3.25])],
    {"format": "pt", "algorithm": "maml", "note": "caf\u00e9 \"quoted\"\n"}))
put("safetensors", "empty.safetensors", safetensors([], {}))
put("safetensors", "zero-extent.safetensors", safetensors([("none", [0, 4], []), ("one", [1, 1, 1], [float("nan")])]))
raw_header = b'{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"__metadata__":{"k":"v\\u00e9\\ud83d\\ude00"}}'
raw_header += b" " * ((8 - len(raw_header) % 8) % 8)
put("safetensors", "escapes.safetensors", struct.pack("<Q", len(raw_header)) + raw_header + struct.pack("<2f", 1.0, -0.0))

# ---------------------------------------------------------------- IDX (MNIST's format)
def idx(dims, values):
    return bytes([0, 0, 8, len(dims)]) + b"".join(struct.pack(">I", d) for d in dims) + bytes(values)

def idx_pair(images, labels):
    """The idx target's input: the images file's length (4 bytes, big-endian), it, the labels file."""
    return struct.pack(">I", len(images)) + images + labels

digits = [[(x * 37 + y * 11 + d * 50) % 256 if 1 <= x <= 4 else 0 for y in range(6) for x in range(6)] for d in range(4)]
idx_images = idx([4, 6, 6], [v for image in digits for v in image])
idx_labels = idx([4], [0, 7, 9, 3])
put("idx", "plain.idx", idx_pair(idx_images, idx_labels))
put("idx", "gzip.idx", idx_pair(gzip_bytes(idx_images), gzip_bytes(idx_labels)))
put("idx", "mixed.idx", idx_pair(idx_images, gzip_bytes(idx_labels)))
put("idx", "square28.idx", idx_pair(idx([1, 28, 28], [(i * 7) % 256 for i in range(784)]), idx([1], [5])))
put("idx", "float-type.idx", bytes([0, 0, 0x0D, 1]) + struct.pack(">I", 2) + struct.pack(">2f", 0.5, 1.0))

# ---------------------------------------------------------------- Lake's one-shot runs
def runs_layout(root=""):
    files = []
    for run in ("run01", "run02"):
        key = []
        for c in (1, 2):
            files.append((f"{root}{run}/training/class0{c}.png", small[c - 1]))
        for item, answer in ((1, 2), (2, 1)):
            files.append((f"{root}{run}/test/item0{item}.png", small[answer - 1]))
            key.append(f"{run}/test/item0{item}.png {run}/training/class0{answer}.png")
        files.append((f"{root}{run}/class_labels.txt", ("\n".join(key) + "\n").encode()))
    return files

put("runs", "runs-stored.zip", omniglot_zip_bytes(runs_layout(), lambda i: zipfile.ZIP_STORED))
put("runs", "runs-deflated-wrapped.zip", omniglot_zip_bytes(runs_layout("all_runs/"), lambda i: zipfile.ZIP_DEFLATED))
put("runs", "runs-bad-key.zip", omniglot_zip_bytes(
    [(n, d if not n.endswith(".txt") else b"run01/test/item01.png ../run02/training/class01.png\n\xff\xfe bad\n")
     for n, d in runs_layout()], lambda i: zipfile.ZIP_STORED))

# ---------------------------------------------------------------- folder trees
def tree(records):
    """The folders target's input: records of kind (f file, d folder, l symbolic link to the
    content, p named pipe, u unreadable file), name length, raw name, content length, content."""
    out = b""
    for kind, name, content in records:
        name = name.encode() if isinstance(name, str) else name
        content = content.encode() if isinstance(content, str) else content
        out += kind.encode() + bytes([len(name)]) + name + struct.pack(">H", len(content)) + content
    return out

omniglot_tree = [("f", "Greek/character01/0394_01.png", small[0]), ("f", "Greek/character01/0394_02.png", small[1]),
                 ("f", "Latin/character01/0001_01.png", small[1]), ("f", "LICENSE", "MIT\n")]
put("folders", "omniglot.tree", tree(omniglot_tree))
put("folders", "runs.tree", tree([("f", n, d) for n, d in runs_layout()]))
put("folders", "hostile.tree", tree(omniglot_tree + [
    ("l", "Greek/loop", "."), ("l", "Latin/character02", "../Latin"), ("l", "Greek/character01/0394_03.png", "missing.png"),
    ("p", "Greek/character01/0394_04.png", ""), ("u", "Latin/character01/0001_02.png", small[0]),
    ("f", b"Greek/character01/\xff\xfe.png", small[0]), ("d", "Empty/character01", "")]))
put("folders", "mnist.tree", tree([("f", "t10k-images-idx3-ubyte", idx_images), ("f", "t10k-labels-idx1-ubyte.gz", gzip_bytes(idx_labels))]))

for target in sorted(os.listdir(SEEDS)):
    folder = os.path.join(SEEDS, target)
    total = sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder))
    print(f"{target}: {len(os.listdir(folder))} seeds, {total} bytes")
