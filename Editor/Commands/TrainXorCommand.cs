using System.CommandLine;
using Myelin.Backends;
using Myelin.Data;
using Myelin.Editor.Terminal;
using Myelin.Editor.Imaging;
using Myelin.Losses;
using Myelin.Nn;
using Myelin.Optimizers;
using Myelin.Training;

namespace Myelin.Editor.Commands;

/// <summary>
/// `myelin train xor`: the W1 benchmark net of BENCHMARKS.md (2-4-4-1, sigmoid after every layer,
/// MSE, full-batch gradient descent, randn·1 init), then its predictions, summary, model file and
/// a decision-boundary PNG.
/// </summary>
public static class TrainXorCommand
{
    /// <summary>Seed whose randn·1 init converges under the W1 settings (SGD lr 0.1, 10,000 epochs).</summary>
    public const ulong DefaultSeed = 1;

    private static readonly Dictionary<string, UnaryKind> Activations = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sigmoid"] = UnaryKind.Sigmoid, ["tanh"] = UnaryKind.Tanh, ["relu"] = UnaryKind.Relu,
        ["leaky-relu"] = UnaryKind.LeakyRelu, ["elu"] = UnaryKind.Elu, ["swish"] = UnaryKind.Swish, ["gelu"] = UnaryKind.Gelu,
    };

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var epochs = NumberOption.Integer("--epochs", "Full-batch gradient-descent steps.", 10_000, 1, int.MaxValue);
        var seed = NumberOption.Seed("Seed of the weight initialisation.", DefaultSeed);
        var activation = new Option<string>("--activation") { Description = "Hidden-layer activation (the output stays sigmoid).", DefaultValueFactory = _ => "sigmoid" };
        activation.AcceptOnlyFromAmong([.. Activations.Keys]);
        var optimizer = new Option<string>("--optimizer") { Description = "sgd (plain gradient descent, as W1) or adam.", DefaultValueFactory = _ => "sgd" };
        optimizer.AcceptOnlyFromAmong("sgd", "adam");
        var lr = NumberOption.OptionalReal("--lr", "Learning rate [default: 0.1 for sgd, 0.05 for adam].", 0f, float.MaxValue);
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for xor.myelin and xor-boundary.png.", DefaultValueFactory = _ => new DirectoryInfo("out") };
        var command = new Command("xor", "Train the 2-4-4-1 XOR network (benchmark W1) and draw its decision boundary.")
        {
            epochs, seed, activation, optimizer, lr, output,
        };
        command.SetAction(p => Run(new Settings(
            p.GetValue(epochs), p.GetValue(seed), Activations[p.GetValue(activation)!], p.GetValue(optimizer)!,
            p.GetValue(lr), p.GetValue(output)!.FullName)));
        return command;
    }

    /// <summary>The parsed command line.</summary>
    public sealed record Settings(int Epochs, ulong Seed, UnaryKind Activation, string Optimizer, float? LearningRate, string OutputDirectory);

    /// <summary>Trains, reports and writes the files; returns the exit code (0 when all four corners are right).</summary>
    public static int Run(Settings s)
    {
        OutputPath.Folder(s.OutputDirectory, "--out");
        var modelPath = Path.Combine(s.OutputDirectory, "xor.myelin");
        var pngPath = Path.Combine(s.OutputDirectory, "xor-boundary.png");
        var model = Build(s);
        var data = Synthetic.XorTable();
        var untrained = model.Evaluate(data).Loss;
        Console.WriteLine($"Training XOR 2-4-4-1 ({s.Activation.ToString().ToLowerInvariant()} hidden, sigmoid output, MSE) with {model.Optimizer!.Name} lr {model.Optimizer.LearningRate}, full batch, {s.Epochs:N0} epochs, seed {s.Seed}");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        TrainingOutcome.Guard(() => TrainingProgress.Run("training", s.Epochs, onEpoch =>
            model.Fit(data, new FitOptions { Epochs = s.Epochs, BatchSize = GradientDescent.Batch, ShuffleSeed = null, OnEpochEnd = onEpoch })),
            model.Optimizer.LearningRate, modelPath);
        var seconds = clock.Elapsed.TotalSeconds;

        var eval = model.Evaluate(data);
        TrainingOutcome.EnsureConverging(model, untrained, eval.Loss, model.Optimizer.LearningRate, modelPath);
        Console.WriteLine($"trained in {seconds:F2} s: loss {eval.Loss:F6}, {eval.Accuracy * 100:F0}% correct");
        Console.WriteLine();
        var correct = PrintPredictions(model, data);
        Console.WriteLine();
        Console.Write(model.Summary());
        Console.WriteLine();

        model.Save(modelPath);
        Png.Write(pngPath, DecisionBoundary.Render(model, data));
        Console.WriteLine($"wrote {Relative(modelPath)}");
        Console.WriteLine($"wrote {Relative(pngPath)} (decision boundary over [-0.5, 1.5]², blue = 0, orange = 1)");
        if (correct == data.Count) return 0;
        Console.Error.WriteLine($"XOR not solved: {correct}/{data.Count} correct. Try more --epochs, another --seed, or --optimizer adam.");
        return Cli.Failure;
    }

    private static Model Build(Settings s)
    {
        // W1: randn·1 init (randn·0.1 sits at the 0.5 saddle), the activation after every layer.
        var net = new Sequential(
            new Dense(2, 4, init: Init.StandardNormal), new Activation(s.Activation, 0.01f),
            new Dense(4, 4, init: Init.StandardNormal), new Activation(s.Activation, 0.01f),
            new Dense(4, 1, init: Init.StandardNormal), new Sigmoid());
        var adam = s.Optimizer == "adam";
        var lr = s.LearningRate ?? (adam ? 0.05f : 0.1f);
        return new Model(net, new Shape(2), s.Seed).Compile(
            p => adam ? new Adam(p, lr) : new Sgd(p, lr),
            new MeanSquaredError(TargetKind.Binary));
    }

    private static int PrintPredictions(Model model, Dataset data)
    {
        Span<float> y = stackalloc float[1];
        var correct = 0;
        for (var i = 0; i < data.Count; i++)
        {
            var x = data.Input(i);
            var target = data.Target(i)[0];
            model.Predict(x, y);
            var ok = (y[0] >= 0.5f) == (target >= 0.5f);
            if (ok) correct++;
            Console.WriteLine($"  {x[0]:0} xor {x[1]:0} = {target:0}   predicted {y[0]:F4}  {(ok ? "ok" : "WRONG")}");
        }
        return correct;
    }

    private static string Relative(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }
}
