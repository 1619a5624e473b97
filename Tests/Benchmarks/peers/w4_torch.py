"""W4 peer: MLP 16-64 tanh-64 tanh-4 forward under no_grad into preallocated buffers (addmm/tanh with out=),
median µs per call per batch; also exports the model to ONNX (--onnx PATH) for the ONNX Runtime peer."""
from _common import args, emit, per_call, torch_threads

a = args()
torch = torch_threads(a.threads)
nn = torch.nn
torch.manual_seed(1)
model = nn.Sequential(nn.Linear(16, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh(), nn.Linear(64, 4)).eval()
if a.onnx:
    torch.onnx.export(model, torch.randn(1, 16), a.onnx, input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, opset_version=13)
l1, l2, l3 = model[0], model[2], model[4]
w1, w2, w3 = l1.weight.detach().t().contiguous(), l2.weight.detach().t().contiguous(), l3.weight.detach().t().contiguous()
b1, b2, b3 = l1.bias.detach(), l2.bias.detach(), l3.bias.detach()
results = {}
with torch.no_grad():
    for batch in (1, 64, 1024, 4096, 65536):
        x = torch.randn(batch, 16)
        h1, h2, y = torch.empty(batch, 64), torch.empty(batch, 64), torch.empty(batch, 4)

        def forward():
            torch.addmm(b1, x, w1, out=h1); torch.tanh(h1, out=h1)
            torch.addmm(b2, h1, w2, out=h2); torch.tanh(h2, out=h2)
            torch.addmm(b3, h2, w3, out=y)

        results[f"us_b{batch}"] = per_call(forward) * 1e6
emit("torch", a.threads, results)
