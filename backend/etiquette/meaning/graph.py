"""all-MiniLM-L6-v2 as an onnxruntime graph, built here from the verified ``model.safetensors`` (no
graph is ever downloaded): BERT embeddings, six encoder layers, mean pooling, L2 normalisation.

Numbers: every linear layer is onnxruntime's ``MatMulNBits`` with 8-bit weights, one float scale per
block of 32 inputs in each output column (symmetric, max |w| → 127), and ``accuracy_level=4``: the
activations are quantized per block of 32 too and the products run as int8 (VNNI where the CPU has
it). Blocks of 32 keep BERT's outlier dimensions from spoiling a whole row's scale: against the
float32 model the embeddings of the 7,600 training sentences keep a cosine of 0.9995 (median) and
0.997 (worst), where onnxruntime's dynamic quantization (one scale per weight column, one per
product for the activations) gave 0.992 / 0.943 and lost judgement on the blind batches (README,
"The meaning layer"). Attention, softmax, GELU and layer norms stay float32. The 30,522 × 384 word table,
only ever indexed, is float16 (cosine to float32 > 0.9999) and is not part of the graph: the encoder
reads the rows of a batch's tokens from the table's own file and gives them to the graph
(etiquette/meaning/encoder.py, ``WordTable``), so no page of it is resident for a word never seen.

Only ``etiquette model fetch`` calls ``build`` (it imports ``onnx``, a 20 MB, 1 s import a server
does not need); the server loads the finished graph with onnxruntime alone.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

HIDDEN, HEADS, LAYERS = 384, 12, 6
MAX_TOKENS = 128  # the model was trained on 256; a sentence longer than 128 tokens is a paragraph
BLOCK = 32
OPSET = 20  # Gelu is a standard operator from 20
# Names the graph's recipe (and its files): change it whenever the graph's bytes would change.
BUILD = "minilm-l6-int8b32-4"


def _weights(safetensors_path: Path) -> dict[str, np.ndarray]:
    from safetensors import safe_open

    w = {}
    with safe_open(str(safetensors_path), framework="numpy") as fh:
        for key in fh.keys():  # noqa: SIM118  (safe_open is not iterable; keys() is its API)
            if not key.endswith("position_ids"):
                w[key] = fh.get_tensor(key)
    return w


def blockwise_int8(wt: np.ndarray, block: int = BLOCK) -> tuple[np.ndarray, np.ndarray]:
    """(K, N) float weights → MatMulNBits' layout: uint8 (N, K/block, block), offset by 128 (its
    default zero point), and one float32 scale per block, flattened to (N·K/block,)."""
    k, n = wt.shape
    blocks = np.ascontiguousarray(wt.T, dtype=np.float32).reshape(n, k // block, block)
    scale = np.abs(blocks).max(-1) / np.float32(127.0)
    scale = np.where(scale == 0, np.float32(1.0), scale).astype(np.float32)
    q = np.clip(np.rint(blocks / scale[..., None]), -127, 127).astype(np.int16) + 128
    return q.astype(np.uint8), scale.reshape(-1)


def build(safetensors_path: Path, *, weights: str = "int8") -> tuple[bytes, bytes]:
    """(the serialised graph, the word table: 30,522 rows of 384 little-endian float16). The graph's
    inputs are ``word_rows`` (float16, batch × tokens × 384: each token's row of the table) and
    ``attention_mask`` (int64, batch × tokens), its output ``embedding`` (batch × 384, unit length).
    ``weights="float32"`` keeps the linear layers in float32 (a reference for
    comparisons; the application uses int8)."""
    from onnx import TensorProto, helper, numpy_helper

    w = _weights(safetensors_path)
    inits, nodes = [], []

    def const(name, arr):
        inits.append(numpy_helper.from_array(np.ascontiguousarray(arr), name))
        return name

    def node(op, inputs, name, domain="", **attrs):
        nodes.append(helper.make_node(op, inputs, [name], name=name, domain=domain, **attrs))
        return name

    def linear(x, wt, b, tag):
        """x @ wt + b, wt (K, N)."""
        if weights == "int8":
            q, scale = blockwise_int8(wt)
            return node(
                "MatMulNBits",
                [x, const(tag + ".q", q), const(tag + ".scale", scale), "", "", const(tag + ".b", b)],
                tag,
                domain="com.microsoft",
                K=wt.shape[0],
                N=wt.shape[1],
                bits=8,
                block_size=BLOCK,
                accuracy_level=4,
            )
        return node(
            "Add", [node("MatMul", [x, const(tag + ".w", wt)], tag + ".mm"), const(tag + ".b", b)], tag
        )

    def add_norm(x, residual, gamma, beta, tag):
        """LayerNorm(x + residual). Left unfused on purpose: onnxruntime's SkipLayerNormalization was
        measured 12% slower for the whole pass here, for the same accuracy (the session disables
        the fusion, encoder.py)."""
        return node(
            "LayerNormalization",
            [node("Add", [x, residual], tag + ".sum"), const(tag + ".w", gamma), const(tag + ".b", beta)],
            tag,
            axis=-1,
            epsilon=1e-12,
        )

    zero, one = const("c.zero", np.array([0], np.int64)), const("c.one", np.array([1], np.int64))

    # Embeddings: word row (float16, looked up by the encoder: ``word_rows``) + position 0..n-1 +
    # token type 0, layer-normalised.
    table = np.ascontiguousarray(w["embeddings.word_embeddings.weight"].astype("<f2"))
    position = const("embeddings.position", w["embeddings.position_embeddings.weight"][:MAX_TOKENS])
    token_type = const("embeddings.token_type", w["embeddings.token_type_embeddings.weight"][0])
    n = node("Gather", [node("Shape", ["attention_mask"], "ids.shape"), one], "ids.n", axis=0)
    x = node("Cast", ["word_rows"], "emb.word", to=TensorProto.FLOAT)
    x = node("Add", [x, node("Slice", [position, zero, n, zero], "emb.position")], "emb.wp")
    x = node(
        "LayerNormalization",
        [
            node("Add", [x, token_type], "emb.sum"),
            const("emb.ln.w", w["embeddings.LayerNorm.weight"]),
            const("emb.ln.b", w["embeddings.LayerNorm.bias"]),
        ],
        "emb.ln",
        axis=-1,
        epsilon=1e-12,
    )
    mask_f = node("Cast", ["attention_mask"], "mask.f32", to=TensorProto.FLOAT)
    mask_i = node("Cast", ["attention_mask"], "mask.i32", to=TensorProto.INT32)
    split3 = const("c.split3", np.array([HIDDEN] * 3, np.int64))

    for i in range(LAYERS):
        p = f"encoder.layer.{i}."
        # One product for Q, K and V (scales are per column, so packing them changes no number).
        wqkv = np.concatenate([w[p + f"attention.self.{k}.weight"] for k in ("query", "key", "value")]).T
        bqkv = np.concatenate([w[p + f"attention.self.{k}.bias"] for k in ("query", "key", "value")])
        qkv = linear(x, wqkv, bqkv, f"l{i}.qkv")
        q, k, v = f"l{i}.q", f"l{i}.k", f"l{i}.v"
        nodes.append(helper.make_node("Split", [qkv, split3], [q, k, v], name=f"l{i}.split", axis=-1))
        # Padding keys are masked out (key_padding_mask: 1 = a real token).
        ctx = node(
            "MultiHeadAttention", [q, k, v, "", mask_i], f"l{i}.attn", domain="com.microsoft", num_heads=HEADS
        )
        a = linear(
            ctx,
            w[p + "attention.output.dense.weight"].T,
            w[p + "attention.output.dense.bias"],
            f"l{i}.attn_out",
        )
        x = add_norm(
            a,
            x,
            w[p + "attention.output.LayerNorm.weight"],
            w[p + "attention.output.LayerNorm.bias"],
            f"l{i}.ln1",
        )
        h = linear(x, w[p + "intermediate.dense.weight"].T, w[p + "intermediate.dense.bias"], f"l{i}.ffn_in")
        h = node("Gelu", [h], f"l{i}.gelu")  # BERT's GELU is the exact, erf-based one (the default)
        o = linear(h, w[p + "output.dense.weight"].T, w[p + "output.dense.bias"], f"l{i}.ffn_out")
        x = add_norm(o, x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], f"l{i}.ln2")

    # Mean over the real tokens, then unit length.
    m3 = node("Unsqueeze", [mask_f, const("c.axis2", np.array([2], np.int64))], "mask.3d")
    summed = node("ReduceSum", [node("Mul", [x, m3], "pool.masked"), one], "pool.sum", keepdims=0)
    count = node("ReduceSum", [m3, one], "pool.count", keepdims=0)
    count = node("Max", [count, const("c.tiny", np.array(1e-9, np.float32))], "pool.count_safe")
    pooled = node("Div", [summed, count], "pool.mean")
    norm = node("ReduceL2", [pooled, one], "pool.norm", keepdims=1)
    norm = node("Max", [norm, const("c.tiny2", np.array(1e-12, np.float32))], "pool.norm_safe")
    nodes.append(helper.make_node("Div", [pooled, norm], ["embedding"], name="embedding"))

    graph = helper.make_graph(
        nodes,
        "all-MiniLM-L6-v2",
        [
            helper.make_tensor_value_info("word_rows", TensorProto.FLOAT16, ["batch", "tokens", HIDDEN]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "tokens"]),
        ],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", HIDDEN])],
        inits,
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", OPSET), helper.make_opsetid("com.microsoft", 1)],
        producer_name="follow-up-etiquette",
        doc_string=f"{BUILD} ({weights})",
    )
    model.ir_version = 10  # opset 20 needs IR 9+; onnxruntime 1.31 reads up to 11
    return model.SerializeToString(), table.tobytes()
