"""W1 peer: XOR 2-4-4-1 in numpy float32, the tutorial's code shape (forward, hand-written backward, GD)."""
import statistics
import time

from _common import args, emit

a = args()
import numpy as np

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
y = np.array([[0], [1], [1], [0]], dtype=np.float32)
lr = np.float32(0.1)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def train(epochs=10_000):
    rng = np.random.RandomState(1)
    W1 = rng.randn(2, 4).astype(np.float32); b1 = np.zeros((1, 4), np.float32)
    W2 = rng.randn(4, 4).astype(np.float32); b2 = np.zeros((1, 4), np.float32)
    W3 = rng.randn(4, 1).astype(np.float32); b3 = np.zeros((1, 1), np.float32)
    start = time.perf_counter()
    for epoch in range(epochs):
        a1 = sigmoid(X @ W1 + b1)
        a2 = sigmoid(a1 @ W2 + b2)
        a3 = sigmoid(a2 @ W3 + b3)
        loss = np.mean((a3 - y) ** 2)
        d3 = 2 * (a3 - y) / np.float32(y.size) * a3 * (1 - a3)
        d2 = d3 @ W3.T * a2 * (1 - a2)
        d1 = d2 @ W2.T * a1 * (1 - a1)
        W3 -= lr * (a2.T @ d3); b3 -= lr * d3.sum(axis=0, keepdims=True)
        W2 -= lr * (a1.T @ d2); b2 -= lr * d2.sum(axis=0, keepdims=True)
        W1 -= lr * (X.T @ d1); b1 -= lr * d1.sum(axis=0, keepdims=True)
    return time.perf_counter() - start, float(loss)


epochs = 10_000
runs = [train(epochs) for _ in range(3)]
seconds = statistics.median(r[0] for r in runs)
emit("numpy", 1, {"time_s": seconds, "us_epoch": seconds / epochs * 1e6, "loss": runs[-1][1]})
