using Myelin.Optimizers;
using Myelin.Training;
using NUnit.Framework;

namespace Myelin.Tests.Core.Backends;

/// <summary>
/// The divergence guarantee, for every optimizer on the backend under test: a step that would make any
/// weight or optimizer state non-finite, or that meets a non-finite gradient, throws
/// <see cref="TrainingDivergedException"/> naming the parameter and the step, and leaves every
/// parameter, every optimizer buffer and the step count bit-identical; a following sane step lands.
/// </summary>
public abstract partial class BackendConformance
{
    /// <summary>Every update rule and its weight-decay and clipping paths.</summary>
    protected static readonly string[] Optimizers =
        ["sgd", "sgd+wd", "momentum", "nesterov", "adagrad", "rmsprop", "rmsprop+momentum", "adam", "adamw", "adam+clip", "nesterov+clip"];

    private static Optimizer MakeOptimizer(string name, IReadOnlyList<Tensor> p) => name switch
    {
        "sgd" => new Sgd(p, 0.01f),
        "sgd+wd" => new Sgd(p, 0.01f, weightDecay: 1e-3f),
        "momentum" => new Sgd(p, 0.01f, momentum: 0.9f),
        "nesterov" => new Sgd(p, 0.01f, momentum: 0.9f, nesterov: true),
        "adagrad" => new Adagrad(p, 0.01f),
        "rmsprop" => new RmsProp(p, 0.01f),
        "rmsprop+momentum" => new RmsProp(p, 0.01f, momentum: 0.9f),
        "adam" => new Adam(p, 0.01f),
        "adamw" => new AdamW(p, 0.01f),
        "adam+clip" => new Adam(p, 0.01f) { ClipNorm = 1f },
        "nesterov+clip" => new Sgd(p, 0.01f, momentum: 0.9f, nesterov: true) { ClipNorm = 1f },
        _ => throw new ArgumentException(name),
    };

    private const int GoodSteps = 3, Poisoned = 5;

    /// <summary>
    /// Three parameters (the SIMD tails, and a threaded update where shapes may be large) after
    /// <see cref="GoodSteps"/> sane steps. Element <see cref="Poisoned"/> of the last gets gradient −1 in
    /// every step, so adaptive rules expect it to keep rising.
    /// </summary>
    private (Tensor[] Parameters, Optimizer Optimizer, Rng Rng) Trained(string name)
    {
        int[] lengths = SmallShapesOnly ? [7, 33, 40] : [7, 1025, 40_000];
        var rng = new Rng(404);
        var parameters = lengths.Select((n, i) =>
        {
            var t = On(Rand(rng, new Shape(n)));
            t.Name = $"layer{i + 1}.weight";
            t.RequiresGrad = true;
            return t;
        }).ToArray();
        var optimizer = MakeOptimizer(name, parameters);
        for (var s = 0; s < GoodSteps; s++)
        {
            SetGradients(parameters, rng);
            optimizer.Step();
        }
        return (parameters, optimizer, rng);
    }

    private void SetGradients(Tensor[] parameters, Rng rng, float poison = -1f, int poisonedParameter = -1)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = Rand(rng, parameters[i].Shape).ToArray();
            if (i == parameters.Length - 1) g[Poisoned] = -1f;
            if (i == poisonedParameter) g[Poisoned] = poison;
            parameters[i].EnsureGrad().CopyFrom(g);
        }
    }

    private static int[][] Bits(Tensor[] parameters, Optimizer optimizer) =>
        [.. parameters.Concat(optimizer.StateTensors).Select(t => t.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray())];

    /// <summary>The next step must be refused, naming <paramref name="parameter"/>, with nothing changed; then a sane step lands.</summary>
    private void AssertRefused(string name, Tensor[] parameters, Optimizer optimizer, Rng rng, string parameter)
    {
        var before = Bits(parameters, optimizer);
        var e = Assert.Throws<TrainingDivergedException>(optimizer.Step, $"{name}: the step was not refused");
        TestContext.Out.WriteLine($"{name}: {e!.Message}");
        Assert.That(e.Parameter, Is.EqualTo(parameter), $"{name}: the parameter named");
        Assert.That(e.Step, Is.EqualTo(GoodSteps + 1), $"{name}: the step named");
        Assert.That(e.Message, Does.Contain(parameter).And.Contain($"step {GoodSteps + 1}"));
        Assert.That(optimizer.Steps, Is.EqualTo(GoodSteps), $"{name}: the refused step was counted");
        var after = Bits(parameters, optimizer);
        Assert.That(after.Length, Is.EqualTo(before.Length), $"{name}: state buffers appeared or vanished");
        for (var t = 0; t < before.Length; t++)
            Assert.That(after[t], Is.EqualTo(before[t]), $"{name}: tensor {t} (parameters, then optimizer state) changed by the refused step");

        optimizer.LearningRate = 0.01f;
        SetGradients(parameters, rng);
        optimizer.Step();
        Assert.That(optimizer.Steps, Is.EqualTo(GoodSteps + 1), $"{name}: the sane step after the refusal");
        Assert.That(Bits(parameters, optimizer)[0], Is.Not.EqualTo(before[0]), $"{name}: the sane step moved the weights");
        Assert.That(parameters.Concat(optimizer.StateTensors).All(t => t.ToArray().All(float.IsFinite)), $"{name}: all finite after the sane step");
    }

    [Test]
    public void UpdateThatWouldOverflowAWeightIsRefused([ValueSource(nameof(Optimizers))] string name)
    {
        var (parameters, optimizer, rng) = Trained(name);
        // The last parameter's element sits at float.MaxValue and the gradient pushes it up by about lr,
        // far more than half its ulp (1e31); every other element moves by about lr and stays finite.
        var last = parameters[^1].ToArray();
        last[Poisoned] = float.MaxValue;
        parameters[^1].CopyFrom(last);
        SetGradients(parameters, rng);
        optimizer.LearningRate = 1e33f;
        AssertRefused(name, parameters, optimizer, rng, "layer3.weight");
    }

    [Test]
    public void NonFiniteGradientIsRefused([ValueSource(nameof(Optimizers))] string name, [Values(float.PositiveInfinity, float.NaN)] float bad)
    {
        var (parameters, optimizer, rng) = Trained(name);
        SetGradients(parameters, rng, bad, poisonedParameter: 1);
        AssertRefused(name, parameters, optimizer, rng, "layer2.weight");
    }

    [Test]
    public void HugeFiniteGradientEitherLandsFiniteOrIsRefused([ValueSource(nameof(Optimizers))] string name)
    {
        // 1e30² overflows the squared-gradient state of the adaptive rules; SGD's step stays finite.
        var (parameters, optimizer, rng) = Trained(name);
        SetGradients(parameters, rng, 1e30f, poisonedParameter: 0);
        var before = Bits(parameters, optimizer);
        try
        {
            optimizer.Step();
            Assert.That(parameters.Concat(optimizer.StateTensors).All(t => t.ToArray().All(float.IsFinite)), $"{name}: the step landed a non-finite value");
        }
        catch (TrainingDivergedException e)
        {
            TestContext.Out.WriteLine($"{name}: {e.Message}");
            Assert.That(e.Parameter, Is.EqualTo("layer1.weight"));
            Assert.That(Bits(parameters, optimizer), Is.EqualTo(before), $"{name}: the refused step changed something");
        }
    }
}
