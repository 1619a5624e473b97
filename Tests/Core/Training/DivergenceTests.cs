using Myelin.Backends;
using Myelin.Data;
using Myelin.Losses;
using Myelin.Nn;
using Myelin.Optimizers;
using Myelin.Training;
using NUnit.Framework;

namespace Myelin.Tests.Core.Training;

/// <summary>
/// The divergence guarantee on the default backend, the way a user meets it: a step that would make a
/// weight non-finite throws <see cref="TrainingDivergedException"/> and leaves every weight, optimizer
/// buffer and the step count as they were, bit for bit; a following sane step trains.
/// (BackendConformance.Divergence holds the same promise for every optimizer on every backend.)
/// </summary>
public class DivergenceTests
{
    private static readonly float[] XorInputs = [0, 0, 0, 1, 1, 0, 1, 1];
    private static readonly float[] XorTargets = [0, 1, 1, 0];

    /// <summary>XOR 2-4-4-1 with a linear output.</summary>
    private static Model Xor(UnaryKind hidden, ulong seed, Func<IReadOnlyList<Tensor>, Optimizer> optimizer) =>
        new Model(new Sequential(new Dense(2, 4), new Activation(hidden), new Dense(4, 4), new Activation(hidden), new Dense(4, 1)), new Shape(2), seed)
            .Compile(optimizer, new MeanSquaredError());

    private static int[][] Snapshot(Model model) =>
        [.. model.Network.State().Concat(model.Optimizer!.StateTensors).Select(t => t.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray())];

    private static string? FirstNonFinite(Model model) =>
        model.Network.State().Concat(model.Optimizer!.StateTensors).FirstOrDefault(t => t.ToArray().Any(v => !float.IsFinite(v)))?.Name ?? (model.Network.State().Concat(model.Optimizer!.StateTensors).Any(t => t.ToArray().Any(v => !float.IsFinite(v))) ? "an unnamed tensor" : null);

    [Test]
    public void SgdAtLearningRate1e6OnXorNeverLandsANonFiniteWeight()
    {
        // With ReLU nothing saturates: at step 3 (seed 23) the loss is ~1e20, finite, while the first
        // layer's gradient, scaled by the later layers' exploded weights, takes it past float range.
        var model = Xor(UnaryKind.Relu, 23, p => new Sgd(p, 1e6f));
        var x = Tensor.FromArray(XorInputs, new Shape(4, 2));
        var y = Tensor.FromArray(XorTargets, new Shape(4, 1));
        for (var step = 1; step <= 50; step++)
        {
            var before = Snapshot(model);
            float loss;
            try
            {
                loss = model.TrainStep(x, y);
            }
            catch (TrainingDivergedException e)
            {
                TestContext.Out.WriteLine(e.Message);
                Assert.That(e.Message, Does.Contain($"step {step}").And.Contain("dense"), "names the step and the parameter");
                Assert.That(e.Step, Is.EqualTo(step));
                Assert.That(e.Parameter, Does.StartWith("dense"));
                Assert.That(model.Steps, Is.EqualTo(step - 1), "the refused step was counted");
                Assert.That(Snapshot(model), Is.EqualTo(before), "the refused step changed the weights or optimizer state");
                Assert.That(FirstNonFinite(model), Is.Null);
                // The last good weights already give a loss of ~1e20, so a sane rate may still meet an
                // overflowing gradient: then it is refused again, and nothing changes either.
                model.Optimizer!.LearningRate = 1e-3f;
                try
                {
                    Assert.That(float.IsFinite(model.TrainStep(x, y)));
                    Assert.That(model.Steps, Is.EqualTo(step));
                }
                catch (TrainingDivergedException)
                {
                    Assert.That(Snapshot(model), Is.EqualTo(before), "the second refusal changed something");
                }
                Assert.That(FirstNonFinite(model), Is.Null);
                return;
            }
            TestContext.Out.WriteLine($"step {step}: loss {loss}");
            Assert.That(FirstNonFinite(model), Is.Null, $"step {step} (loss {loss}) landed a non-finite value");
        }
        Assert.Fail("lr 1e6 never diverged: the test no longer tests anything");
    }

    [Test]
    public void InfiniteInputToFitIsRefusedBeforeAnyWeightChanges()
    {
        // tanh saturates, so the loss stays finite while ∞·0 makes the first layer's gradient NaN.
        var model = Xor(UnaryKind.Tanh, 3, p => new Adam(p, 0.01f));
        var inputs = (float[])XorInputs.Clone();
        inputs[3] = float.PositiveInfinity;
        var data = new Dataset(inputs, new Shape(2), XorTargets, new Shape(1), "xor-inf");
        var before = Snapshot(model);

        var e = Assert.Throws<TrainingDivergedException>(() => model.Fit(data, new FitOptions { Epochs = 3, BatchSize = 4 }));

        TestContext.Out.WriteLine(e!.Message);
        Assert.That(e.Message, Does.Contain("step 1").And.Contain("dense1.weight"));
        Assert.That(model.Steps, Is.Zero);
        Assert.That(FirstNonFinite(model), Is.Null);
        Assert.That(Snapshot(model)[..before.Length], Is.EqualTo(before), "weights changed by the refused step");
        var clean = Synthetic.XorTable();
        Assert.That(float.IsFinite(model.Fit(clean, new FitOptions { Epochs = 2, BatchSize = 4 })[^1].Loss), "Fit trains again on clean data");
    }
}
