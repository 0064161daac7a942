#!/usr/bin/python3
"""Builds the tiny GPT-2 checkpoint and the golden values that Gpt2ModelTest checks the Java forward
pass against. Run from the repository root with Debian's PyTorch (no transformers, no safetensors):

    /usr/bin/python3 src/test/resources/gpt2/make_tiny_gpt2.py

It writes, next to this script:
  tiny/config.json, tiny/model.safetensors  a GPT-2 (n_embd 8, n_head 2, n_layer 2, n_inner 32,
                                            n_positions 64, vocab 50257, gelu_new) saved the way
                                            save_pretrained does: "transformer."-prefixed keys, Conv1D
                                            weights [in, out], causal-mask buffers attn.bias /
                                            attn.masked_bias, no lm_head.weight (tied to wte)
  golden.npz                                per sequence k: text_k (UTF-8 bytes), ids_k (BOS 50256 then
                                            the r50k_base ids), post_k_l (blocks.l.mlp.hook_post
                                            [T, 32]), logits_k [T, len(columns)] at the vocabulary
                                            columns in `columns` (every 61st id and the sequences'
                                            ids: all 50257 would be 4 MB a sequence), lse_k [T] (the
                                            log-sum-exp over the full vocabulary), and ce_k_{clean, zero0,
                                            half1} (mean next-token cross-entropy clean, with
                                            blocks.0.mlp.hook_post = 0, with blocks.1.mlp.hook_post
                                            halved), all float64

The forward pass below is written independently from the Java one, in plain torch ops on float64
copies of the float32 weights, so the golden values are the exact answer for the stored weights.
The token ids were produced by JTokkit's r50k_base (GPT-2's vocabulary); the Java test re-tokenises
the texts and checks it gets the same ids.
"""
import json
import math
import os
import struct

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
D, HEADS, LAYERS, D_MLP, N_POS, VOCAB, EPS = 8, 2, 2, 32, 64, 50257, 1e-5
BOS = 50256
SEQUENCES = [
    ("Hello world", [15496, 995]),
    ("The cat sat on the mat.", [464, 3797, 3332, 319, 262, 2603, 13]),
    ("Superposition lets 5 features share 2 dimensions!", [12442, 9150, 8781, 642, 3033, 2648, 362, 15225, 0]),
]


def make_weights(seed=1234):
    """Random weights large enough that every block changes the logits visibly (GPT-2's 0.02 would not)."""
    g = torch.Generator().manual_seed(seed)

    def randn(*shape, std=0.3):
        return (torch.randn(*shape, generator=g) * std).float()

    w = {"wte.weight": randn(VOCAB, D, std=0.5), "wpe.weight": randn(N_POS, D, std=0.2)}
    for l in range(LAYERS):
        p = f"h.{l}."
        w[p + "ln_1.weight"] = 1 + randn(D, std=0.1)
        w[p + "ln_1.bias"] = randn(D, std=0.1)
        w[p + "attn.c_attn.weight"] = randn(D, 3 * D, std=0.5)
        w[p + "attn.c_attn.bias"] = randn(3 * D, std=0.1)
        w[p + "attn.c_proj.weight"] = randn(D, D)
        w[p + "attn.c_proj.bias"] = randn(D, std=0.1)
        w[p + "ln_2.weight"] = 1 + randn(D, std=0.1)
        w[p + "ln_2.bias"] = randn(D, std=0.1)
        w[p + "mlp.c_fc.weight"] = randn(D, D_MLP, std=0.5)
        w[p + "mlp.c_fc.bias"] = randn(D_MLP, std=0.1)
        w[p + "mlp.c_proj.weight"] = randn(D_MLP, D, std=0.3)
        w[p + "mlp.c_proj.bias"] = randn(D, std=0.1)
    w["ln_f.weight"] = 1 + randn(D, std=0.1)
    w["ln_f.bias"] = randn(D, std=0.1)
    return w


def layer_norm(x, weight, bias):
    mean = x.mean(-1, keepdim=True)
    var = ((x - mean) ** 2).mean(-1, keepdim=True)
    return (x - mean) / torch.sqrt(var + EPS) * weight + bias


def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))


def forward(w, ids, hook=None):
    """Logits [T, vocab] and hook_post per layer; hook(l, post) may return a replacement for hook_post."""
    t = len(ids)
    x = w["wte.weight"][ids] + w["wpe.weight"][:t]
    mask = torch.tril(torch.ones(t, t, dtype=torch.bool))
    posts = []
    for l in range(LAYERS):
        p = f"h.{l}."
        a = layer_norm(x, w[p + "ln_1.weight"], w[p + "ln_1.bias"])
        qkv = a @ w[p + "attn.c_attn.weight"] + w[p + "attn.c_attn.bias"]
        q, k, v = qkv.split(D, dim=-1)
        dh = D // HEADS
        q, k, v = (m.view(t, HEADS, dh).transpose(0, 1) for m in (q, k, v))   # [heads, T, dh]
        scores = q @ k.transpose(-1, -2) / math.sqrt(dh)
        scores = scores.masked_fill(~mask, float("-inf"))
        z = torch.softmax(scores, dim=-1) @ v                                   # [heads, T, dh]
        z = z.transpose(0, 1).reshape(t, D)
        x = x + z @ w[p + "attn.c_proj.weight"] + w[p + "attn.c_proj.bias"]
        m = layer_norm(x, w[p + "ln_2.weight"], w[p + "ln_2.bias"])
        post = gelu_new(m @ w[p + "mlp.c_fc.weight"] + w[p + "mlp.c_fc.bias"])
        posts.append(post)
        if hook is not None:
            post = hook(l, post)
        x = x + post @ w[p + "mlp.c_proj.weight"] + w[p + "mlp.c_proj.bias"]
    h = layer_norm(x, w["ln_f.weight"], w["ln_f.bias"])
    return h @ w["wte.weight"].T, posts


def mean_ce(logits, ids):
    """Mean over positions 0..T-2 of −log softmax(logits[i])[ids[i+1]]."""
    return torch.nn.functional.cross_entropy(logits[:-1], torch.tensor(ids[1:])).item()


def write_safetensors(path, tensors, metadata):
    kinds = {torch.float32: "F32", torch.bool: "BOOL"}
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for name in sorted(tensors):
        t = tensors[name].contiguous()
        raw = t.numpy().astype("<f4" if t.dtype == torch.float32 else "|b1").tobytes()
        header[name] = {"dtype": kinds[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in blobs:
            f.write(raw)


def main():
    w32 = make_weights()
    folder = os.path.join(HERE, "tiny")
    os.makedirs(folder, exist_ok=True)
    stored = {"transformer." + k: v for k, v in w32.items()}
    for l in range(LAYERS):
        stored[f"transformer.h.{l}.attn.bias"] = torch.tril(torch.ones(N_POS, N_POS, dtype=torch.bool)).view(
            1, 1, N_POS, N_POS)
        stored[f"transformer.h.{l}.attn.masked_bias"] = torch.tensor(-1e4, dtype=torch.float32)
    write_safetensors(os.path.join(folder, "model.safetensors"), stored, {"format": "pt"})
    config = {"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "activation_function": "gelu_new",
              "n_embd": D, "n_head": HEADS, "n_layer": LAYERS, "n_inner": D_MLP, "n_positions": N_POS,
              "n_ctx": N_POS, "vocab_size": VOCAB, "layer_norm_epsilon": EPS, "tie_word_embeddings": True,
              "bos_token_id": BOS, "eos_token_id": BOS}
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
        f.write("\n")

    w = {k: v.double() for k, v in w32.items()}
    columns = sorted(set(range(0, VOCAB, 61)) | {i for _, ids in SEQUENCES for i in ids} | {BOS})
    golden = {"columns": np.array(columns, dtype=np.int64)}
    for k, (text, ids) in enumerate(SEQUENCES):
        ids = [BOS] + ids
        logits, posts = forward(w, ids)
        golden[f"text_{k}"] = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
        golden[f"ids_{k}"] = np.array(ids, dtype=np.int64)
        golden[f"logits_{k}"] = logits[:, columns].numpy()
        golden[f"lse_{k}"] = torch.logsumexp(logits, dim=-1).numpy()
        for l, post in enumerate(posts):
            golden[f"post_{k}_{l}"] = post.numpy()
        golden[f"ce_{k}_clean"] = np.array(mean_ce(logits, ids))
        zero0, _ = forward(w, ids, lambda l, post: torch.zeros_like(post) if l == 0 else post)
        golden[f"ce_{k}_zero0"] = np.array(mean_ce(zero0, ids))
        half1, _ = forward(w, ids, lambda l, post: post * 0.5 if l == 1 else post)
        golden[f"ce_{k}_half1"] = np.array(mean_ce(half1, ids))
        print(f"{text!r}: CE clean {golden[f'ce_{k}_clean']:.6f}, layer-0 MLP zero-ablated "
              f"{golden[f'ce_{k}_zero0']:.6f}, layer-1 hook_post halved {golden[f'ce_{k}_half1']:.6f}")
    np.savez(os.path.join(HERE, "golden.npz"), **golden)


if __name__ == "__main__":
    main()
