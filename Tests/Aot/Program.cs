using Myelin;
using Myelin.Data;
using Myelin.Losses;
using Myelin.Nn;
using Myelin.Optimizers;
using Myelin.Training;

// NativeAOT smoke test: trains the W1 XOR net of BENCHMARKS.md (2-4-4-1, sigmoid everywhere, MSE,
// full-batch gradient descent, lr 0.1, 10,000 epochs, randn·1 init, seed 1 as `myelin train xor`)
// with the Model API and exits 0 only when all four corners are right.
var net = new Sequential(
    new Dense(2, 4, init: Init.StandardNormal), new Sigmoid(),
    new Dense(4, 4, init: Init.StandardNormal), new Sigmoid(),
    new Dense(4, 1, init: Init.StandardNormal), new Sigmoid());
var model = new Model(net, new Shape(2), seed: 1)
    .Compile(p => new Sgd(p, 0.1f), new MeanSquaredError(TargetKind.Binary));
var data = Synthetic.XorTable();
var clock = System.Diagnostics.Stopwatch.StartNew();
model.Fit(data, new FitOptions { Epochs = 10_000, BatchSize = GradientDescent.Batch, ShuffleSeed = null });
Console.WriteLine($"trained 10,000 epochs in {clock.Elapsed.TotalSeconds:F2} s, loss {model.Evaluate(data).Loss:F6}");

var correct = 0;
Span<float> output = stackalloc float[1];
for (var i = 0; i < data.Count; i++)
{
    model.Predict(data.Input(i), output);
    var x = data.Input(i);
    var target = data.Target(i)[0];
    var ok = (output[0] > 0.5f ? 1f : 0f) == target;
    if (ok) correct++;
    Console.WriteLine($"{x[0]:0} xor {x[1]:0} -> {output[0]:F4} (target {target:0}) {(ok ? "ok" : "WRONG")}");
}
Console.WriteLine($"{correct}/4 correct");
return correct == 4 ? 0 : 1;
