using Myelin;
using Myelin.Data;
using Myelin.Losses;
using Myelin.Nn;
using Myelin.Optimizers;
using Myelin.Training;

// NativeAOT smoke test: trains the W1 XOR net (2-4-4-1, sigmoid everywhere, MSE, full-batch
// gradient descent) with the Model API and exits 0 only when all four corners are right.
var net = new Sequential(
    new Dense(2, 4, init: Init.StandardNormal), new Sigmoid(),
    new Dense(4, 4, init: Init.StandardNormal), new Sigmoid(),
    new Dense(4, 1, init: Init.StandardNormal), new Sigmoid());
var model = new Model(net, new Shape(2), seed: 1)
    .Compile(p => new Adam(p, 0.05f), new MeanSquaredError(TargetKind.Binary));
var data = Synthetic.XorTable();
model.Fit(data, new FitOptions { Epochs = 2000, BatchSize = GradientDescent.Batch });

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
