"""W1 peer: XOR 2-4-4-1 sigmoid, MSE, full-batch SGD lr 0.1, randn init, in PyTorch autograd."""
import time

from _common import args, emit, torch_threads

a = args()
torch = torch_threads(a.threads)
nn = torch.nn

torch.manual_seed(1)
model = nn.Sequential(nn.Linear(2, 4), nn.Sigmoid(), nn.Linear(4, 4), nn.Sigmoid(), nn.Linear(4, 1), nn.Sigmoid())
with torch.no_grad():
    for m in model:
        if isinstance(m, nn.Linear):
            m.weight.normal_(0, 1)
            m.bias.zero_()
X = torch.tensor([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=torch.float32)
y = torch.tensor([[0], [1], [1], [0]], dtype=torch.float32)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
mse = nn.MSELoss()
epochs = 10_000
start = time.perf_counter()
for epoch in range(epochs):
    opt.zero_grad()
    loss = mse(model(X), y)
    loss.backward()
    opt.step()
seconds = time.perf_counter() - start
emit("torch", a.threads, {"time_s": seconds, "us_epoch": seconds / epochs * 1e6, "loss": float(loss)})
