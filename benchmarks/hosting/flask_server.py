"""The baseline of benchmarks/results/hosting.md: the same mlp policy served by Flask (run under gunicorn).

Reads a RagAgent checkpoint (safetensors: actor and critic MLPs, tanh, weights [out, in]) with numpy and answers
POST /v1/policies/<name>:act like RagAgent.Hosting for flat observations: bearer key checked by SHA-256, globals and
actionMask checked for size and finiteness, masked softmax, most probable allowed action, value. Accepts one
"observation" or a batch of "instances" (evaluated in one vectorised forward pass).
Usage: MODEL=policy.safetensors KEY=secret gunicorn -w 2 -b 127.0.0.1:8090 --chdir benchmarks/hosting flask_server:app
"""
import hashlib
import hmac
import json
import os
import struct

import numpy as np
from flask import Flask, jsonify, request


def load(path):
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        data = f.read()
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__" or not name.startswith("policy."):
            continue  # only the float32 weights; optimizer and trainer state may hold other dtypes
        begin, end = entry["data_offsets"]
        tensors[name] = np.frombuffer(data[begin:end], dtype="<f4").reshape(entry["shape"])
    return tensors


def mlp(tensors, prefix):
    layers = sorted({int(k.split(".")[2]) for k in tensors if k.startswith(prefix)})
    return [(tensors[f"{prefix}{i}.weight"].T.copy(), tensors[f"{prefix}{i}.bias"].copy()) for i in layers]


def forward(layers, x):
    for i, (w, b) in enumerate(layers):
        x = x @ w + b
        if i < len(layers) - 1:
            x = np.tanh(x)
    return x


TENSORS = load(os.environ["MODEL"])
ACTOR = mlp(TENSORS, "policy.actor.")
CRITIC = mlp(TENSORS, "policy.critic.")
INPUTS = ACTOR[0][0].shape[0]
ACTIONS = ACTOR[-1][0].shape[1]
KEY_HASH = hashlib.sha256(os.environ.get("KEY", "bench-key").encode()).digest()
app = Flask(__name__)


def problem(status, field, detail):
    response = jsonify({"title": "Invalid request", "status": status, "detail": detail, "field": field})
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


def read(observation, path):
    if not isinstance(observation, dict):
        raise ValueError((path, "is required"))
    globals_ = observation.get("globals")
    mask = observation.get("actionMask")
    if not isinstance(globals_, list) or len(globals_) != INPUTS:
        raise ValueError((f"{path}.globals", f"expected [{INPUTS}] numbers"))
    if not isinstance(mask, list) or len(mask) != ACTIONS or not any(mask):
        raise ValueError((f"{path}.actionMask", f"expected [{ACTIONS}] booleans, at least one true"))
    x = np.asarray(globals_, dtype=np.float32)
    if not np.all(np.isfinite(x)):
        raise ValueError((f"{path}.globals", "expected finite numbers"))
    return x, np.asarray(mask, dtype=bool)


@app.post("/v1/policies/<name>:act")
def act(name):
    auth = request.headers.get("Authorization", "")
    if not auth.startswith("Bearer ") or not hmac.compare_digest(hashlib.sha256(auth[7:].encode()).digest(), KEY_HASH):
        return problem(401, "authorization", "A valid API key is required.")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return problem(400, "body", "The body must be a JSON object.")
    batch = "instances" in body
    items = body["instances"] if batch else [{"observation": body.get("observation")}]
    try:
        rows = [read(item.get("observation") if isinstance(item, dict) else None,
                     f"instances[{i}].observation" if batch else "observation") for i, item in enumerate(items)]
    except ValueError as e:
        field, detail = e.args[0]
        return problem(400, field, f"{field} {detail}")
    x = np.stack([r[0] for r in rows])
    masks = np.stack([r[1] for r in rows])
    logits = np.where(masks, forward(ACTOR, x), -np.inf)
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    values = forward(CRITIC, x)[:, 0]
    answers = [{"action": int(np.argmax(p[i])), "probabilities": p[i].tolist(), "value": float(values[i]), "model": name, "version": 1}
               for i in range(len(rows))]
    return jsonify({"predictions": answers, "model": name, "version": 1} if batch else answers[0])
