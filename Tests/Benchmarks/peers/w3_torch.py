"""W3 peer: MNIST CNN (conv 8, pool, conv 16, pool, dense 10), Adam 1e-3, batch 64, 3 epochs, in PyTorch."""
import statistics
import time

from _common import args, emit, init_like_myelin, mnist, torch_threads

a = args()
torch = torch_threads(a.threads)
nn = torch.nn
xtr, ytr, xte, yte = [torch.from_numpy(v) for v in mnist(a.data)]
xtr, xte = xtr.reshape(-1, 1, 28, 28), xte.reshape(-1, 1, 28, 28)
torch.manual_seed(1)
model = nn.Sequential(
    nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(784, 10))
init_like_myelin(model)  # the same initial distribution as Myelin's W3 (see _common.py)
opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
xent = nn.CrossEntropyLoss()
g = torch.Generator().manual_seed(1)
times = []
for epoch in range(1, 4):
    order = torch.randperm(len(xtr), generator=g)
    start = time.perf_counter()
    for i in range(0, len(xtr), 64):
        idx = order[i:i + 64]
        opt.zero_grad()
        loss = xent(model(xtr[idx]), ytr[idx])
        loss.backward()
        opt.step()
    times.append(time.perf_counter() - start)
with torch.no_grad():
    acc = float((model(xte).argmax(1) == yte).float().mean())
emit("torch", a.threads, {"epoch_s": statistics.median(times), "acc_3": acc})
