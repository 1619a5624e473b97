"""W2 peer: MNIST MLP 784-128 ReLU-10, softmax cross-entropy, Adam 1e-3, batch 64, 5 epochs, in PyTorch."""
import statistics
import time

from _common import args, emit, mnist, torch_threads

a = args()
torch = torch_threads(a.threads)
nn = torch.nn
xtr, ytr, xte, yte = [torch.from_numpy(v) for v in mnist(a.data)]
torch.manual_seed(1)
model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
xent = nn.CrossEntropyLoss()
g = torch.Generator().manual_seed(1)


def accuracy():
    with torch.no_grad():
        return float((model(xte).argmax(1) == yte).float().mean())


times, results = [], {}
for epoch in range(1, 6):
    order = torch.randperm(len(xtr), generator=g)
    start = time.perf_counter()
    for i in range(0, len(xtr), 64):
        idx = order[i:i + 64]
        opt.zero_grad()
        loss = xent(model(xtr[idx]), ytr[idx])
        loss.backward()
        opt.step()
    times.append(time.perf_counter() - start)
    if epoch in (1, 5):
        results[f"acc_{epoch}"] = accuracy()
results["epoch_s"] = statistics.median(times)
emit("torch", a.threads, results)
