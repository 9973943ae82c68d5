"""Writes the weight-file fixtures under tests/data/nn/ with the real peers' own code:

- quant_blocks.json: random blocks of each quantised type Keel decodes (Q4_0, Q4_1, Q8_0, Q4_K,
  Q6_K, F16, BF16, Q5_0, Q5_1) with the values gguf-py's numpy dequantizer (the `gguf` package from
  llama.cpp) reads from them;
- tiny.gguf and tiny_gguf.json: a GGUF v3 file written by gguf.GGUFWriter holding metadata of
  every value type and one tensor of each type, and what gguf.GGUFReader reads back;
- tiny.safetensors and tiny_safetensors.json: written by the `safetensors` package.

Run by tests/make_fixtures.sh (numpy, gguf, safetensors)."""
import json
import os

import numpy as np
import gguf
from gguf import GGMLQuantizationType as Q
from gguf import quants

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "nn")
os.makedirs(here, exist_ok=True)
rng = np.random.default_rng(11)


def f16(values):
    return np.asarray(values, dtype=np.float16).view(np.uint8)


def blocks(qtype, count):
    block_size, type_size = gguf.GGML_QUANT_SIZES[qtype]
    raw = rng.integers(0, 256, size=(count, type_size), dtype=np.uint8)
    # Scales as finite halves of a sensible size; every other byte stays random.
    if qtype in (Q.Q4_0, Q.Q8_0):
        raw[:, 0:2] = f16(rng.uniform(-0.05, 0.05, count)).reshape(count, 2)
    elif qtype == Q.Q4_1:
        raw[:, 0:2] = f16(rng.uniform(0.001, 0.05, count)).reshape(count, 2)
        raw[:, 2:4] = f16(rng.uniform(-0.5, 0.5, count)).reshape(count, 2)
    elif qtype == Q.Q4_K:
        raw[:, 0:2] = f16(rng.uniform(0.0001, 0.01, count)).reshape(count, 2)
        raw[:, 2:4] = f16(rng.uniform(0.0001, 0.01, count)).reshape(count, 2)
    elif qtype == Q.Q5_0:
        raw[:, 0:2] = f16(rng.uniform(-0.05, 0.05, count)).reshape(count, 2)
    elif qtype == Q.Q5_1:
        raw[:, 0:2] = f16(rng.uniform(0.001, 0.05, count)).reshape(count, 2)
        raw[:, 2:4] = f16(rng.uniform(-0.5, 0.5, count)).reshape(count, 2)
    elif qtype == Q.Q6_K:
        raw[:, 208:210] = f16(rng.uniform(-0.01, 0.01, count)).reshape(count, 2)
    elif qtype == Q.F16:
        raw = f16(rng.normal(0, 1, count * block_size)).reshape(count, type_size)
    elif qtype == Q.BF16:
        values = rng.normal(0, 1, count * block_size).astype(np.float32)
        raw = (values.view(np.uint32) >> 16).astype(np.uint16).view(np.uint8).reshape(count, type_size)
    return raw


fixture = {}
for qtype in (Q.Q4_0, Q.Q4_1, Q.Q8_0, Q.Q4_K, Q.Q6_K, Q.F16, Q.BF16, Q.Q5_0, Q.Q5_1):
    block_size, _ = gguf.GGML_QUANT_SIZES[qtype]
    count = 3 if block_size == 256 else 8 if block_size == 32 else 64
    raw = blocks(qtype, count)
    values = quants.dequantize(raw.reshape(-1), qtype).astype(np.float32).reshape(-1)
    fixture[qtype.name] = {"hex": raw.tobytes().hex(), "values": [float(v) for v in values]}
with open(os.path.join(here, "quant_blocks.json"), "w") as f:
    json.dump(fixture, f)

# A GGUF file with metadata of every type and a tensor of each type Keel decodes.
writer = gguf.GGUFWriter(os.path.join(here, "tiny.gguf"), "llama")
writer.add_uint8("test.u8", 200)
writer.add_int8("test.i8", -100)
writer.add_uint16("test.u16", 60000)
writer.add_int16("test.i16", -30000)
writer.add_uint32("test.u32", 4000000000)
writer.add_int32("test.i32", -2000000000)
writer.add_float32("test.f32", 0.15625)
writer.add_bool("test.bool", True)
writer.add_string("test.string", "ünïcødé ✓")
writer.add_uint64("test.u64", 2**63 + 5)
writer.add_int64("test.i64", -(2**62))
writer.add_float64("test.f64", 3.141592653589793)
writer.add_array("test.ints", [1, -2, 3])
writer.add_array("test.strings", ["a", "", "ccc"])
writer.add_array("test.floats", [0.5, -1.25])
writer.add_array("test.nested", [[1, 2], [3]])
writer.add_custom_alignment(64)
tensors = {}
for i, qtype in enumerate((Q.F32, Q.F16, Q.Q4_0, Q.Q4_1, Q.Q8_0, Q.Q4_K, Q.Q6_K, Q.BF16)):
    name = f"t.{qtype.name.lower()}"
    if qtype == Q.F32:
        values = rng.normal(0, 1, (2, 256)).astype(np.float32)
        writer.add_tensor(name, values)
        tensors[name] = [float(v) for v in values.reshape(-1)]
        continue
    raw = blocks(qtype, 2 if gguf.GGML_QUANT_SIZES[qtype][0] == 256 else 16)
    writer.add_tensor(name, raw.reshape(2, -1), raw_dtype=qtype)  # two rows of raw blocks
    tensors[name] = [float(v) for v in quants.dequantize(raw.reshape(-1), qtype).astype(np.float32).reshape(-1)]
writer.write_header_to_file()
writer.write_kv_data_to_file()
writer.write_tensors_to_file()
writer.close()

reader = gguf.GGUFReader(os.path.join(here, "tiny.gguf"))
described = {"version": int(reader.fields["GGUF.version"].parts[-1][0]), "tensors": {}}
for t in reader.tensors:
    described["tensors"][t.name] = {"shape": [int(d) for d in t.shape], "type": t.tensor_type.name, "offset": int(t.data_offset),
                                    "values": tensors[t.name]}
with open(os.path.join(here, "tiny_gguf.json"), "w") as f:
    json.dump(described, f)

from safetensors.numpy import save_file
st = {"weight": rng.normal(0, 1, (3, 4)).astype(np.float32), "bias": rng.normal(0, 1, (4,)).astype(np.float16),
      "empty": np.zeros((0, 3), dtype=np.float32)}
save_file(st, os.path.join(here, "tiny.safetensors"), metadata={"format": "pt", "note": "keel test"})
with open(os.path.join(here, "tiny_safetensors.json"), "w") as f:
    json.dump({k: {"shape": list(v.shape), "values": [float(x) for x in v.astype(np.float32).reshape(-1)]} for k, v in st.items()}, f)
