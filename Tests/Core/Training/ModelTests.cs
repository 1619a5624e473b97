using Myelin.Backends;
using Myelin.Data;
using Myelin.Losses;
using Myelin.Nn;
using Myelin.Optimizers;
using Myelin.Training;
using NUnit.Framework;

namespace Myelin.Tests.Core.Training;

/// <summary>Model.Fit/Evaluate/Predict/Summary behaviour on small, fast problems.</summary>
public class ModelTests
{
    private static Dataset Blobs(int count = 64, ulong seed = 1) => Synthetic.Gaussian(count, 0.3f, new Rng(seed));

    private static Model Small(ulong seed = 1, IBackend? backend = null, float learningRate = 0.1f) =>
        new Model(new Sequential(new Dense(2, 4), new Tanh(), new Dense(4, 1)), new Shape(2), seed, backend)
            .Compile(p => new Sgd(p, learningRate), new BinaryCrossEntropy());

    private static int[][] Snapshot(Model model) =>
        [.. model.Network.State().Select(t => t.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray())];

    // ---------------------------------------------------------------- gradient-descent flavours

    [TestCase(GradientDescent.Batch, 1, TestName = "BatchGradientDescentReducesTheLoss")]
    [TestCase(GradientDescent.Stochastic, 64, TestName = "StochasticGradientDescentReducesTheLoss")]
    [TestCase(16, 4, TestName = "MiniBatchGradientDescentReducesTheLoss")]
    public void GradientDescentFlavourReducesTheLoss(int batchSize, int stepsPerEpoch)
    {
        var data = Blobs();
        var model = Small(learningRate: batchSize == GradientDescent.Stochastic ? 0.02f : 0.5f);
        var before = model.Evaluate(data).Loss;
        var history = model.Fit(data, new FitOptions { Epochs = 10, BatchSize = batchSize, ShuffleSeed = 3 });
        var after = model.Evaluate(data).Loss;
        TestContext.Out.WriteLine($"batch {batchSize}: loss {before:F4} -> {after:F4}");
        Assert.That(model.Steps, Is.EqualTo(10 * stepsPerEpoch), "optimizer steps");
        Assert.That(history, Has.Count.EqualTo(10));
        Assert.That(after, Is.LessThan(0.8f * before), "the loss did not fall by a fifth");
        Assert.That(history[^1].Loss, Is.LessThan(history[0].Loss));
    }

    // ---------------------------------------------------------------- stopping

    [Test]
    public void EarlyStoppingStopsBeforeEpochs()
    {
        var data = Blobs();
        // A learning rate so small the loss cannot improve by MinDelta: no epoch after the first counts.
        var model = Small(learningRate: 1e-7f);
        var history = model.Fit(data, new FitOptions { Epochs = 50, BatchSize = 16, EarlyStoppingPatience = 3, EarlyStoppingMinDelta = 0.01f });
        Assert.That(history, Has.Count.EqualTo(4), "one epoch sets the best, three more without improvement");
    }

    [Test]
    public void EarlyStoppingKeepsGoingWhileTheLossImproves()
    {
        var data = Blobs();
        var model = Small(learningRate: 0.5f);
        var history = model.Fit(data, new FitOptions { Epochs = 8, BatchSize = 16, EarlyStoppingPatience = 2 });
        Assert.That(history, Has.Count.EqualTo(8));
    }

    [Test]
    public void EarlyStoppingWatchesTheValidationLoss()
    {
        var (train, validation) = Blobs(96).Split(64);
        var model = Small(learningRate: 1e-7f);
        var history = model.Fit(train, new FitOptions { Epochs = 50, BatchSize = 16, Validation = validation, EarlyStoppingPatience = 2, EarlyStoppingMinDelta = 0.01f });
        Assert.That(history, Has.Count.EqualTo(3));
        Assert.That(history.Select(h => h.ValidationLoss), Has.All.Matches<float>(float.IsFinite), "validation loss recorded every epoch");
        Assert.That(history.Select(h => h.ValidationAccuracy), Has.All.InRange(0f, 1f));
    }

    [Test]
    public void OnEpochEndReturningFalseStops()
    {
        var seen = new List<int>();
        var history = Small().Fit(Blobs(), new FitOptions
        {
            Epochs = 20,
            BatchSize = 16,
            OnEpochEnd = r => { seen.Add(r.Epoch); return r.Epoch < 3; },
        });
        Assert.That(seen, Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(history.Select(h => h.Epoch), Is.EqualTo(new[] { 1, 2, 3 }));
    }

    [Test]
    public void OnBatchEndSeesEveryStep()
    {
        var steps = new List<int>();
        var model = Small();
        model.Fit(Blobs(), new FitOptions { Epochs = 2, BatchSize = 16, OnBatchEnd = (step, loss) => { steps.Add(step); Assert.That(loss, Is.EqualTo(model.LastLoss)); } });
        Assert.That(steps, Is.EqualTo(Enumerable.Range(1, 8)));
    }

    // ---------------------------------------------------------------- evaluate and predict

    [Test]
    public void EvaluateAndPredictAgree()
    {
        var data = Blobs(100);
        var model = Small(learningRate: 0.5f);
        model.Fit(data, new FitOptions { Epochs = 3, BatchSize = 16 });
        var x = Tensor.FromArray(data.Inputs, new Shape(100, 2));
        var y = Tensor.FromArray(data.Targets, new Shape(100));

        var logits = model.Predict(x).ToArray();
        var expectedLoss = new BinaryCrossEntropy().Compute(Tensor.FromArray(logits, new Shape(100, 1)), y).Item();
        var correct = 0;
        for (var i = 0; i < 100; i++) if ((logits[i] > 0f) == (data.Targets[i] > 0.5f)) correct++;

        foreach (var batch in new[] { 256, 32, 7 })
        {
            var eval = model.Evaluate(data, batch);
            Assert.That(eval.Count, Is.EqualTo(100));
            Assert.That(eval.Loss, Is.EqualTo(expectedLoss).Within(1e-5f), $"Evaluate loss with batch {batch}");
            Assert.That(eval.Accuracy, Is.EqualTo(correct / 100f), $"Evaluate accuracy with batch {batch} (logit threshold 0)");
        }
        Assert.That(correct, Is.InRange(60, 100), "the model learnt nothing: the comparison would be weak");

        Span<float> one = stackalloc float[1];
        for (var i = 0; i < 100; i++)
        {
            model.Predict(data.Input(i), one);
            Assert.That(one[0], Is.EqualTo(logits[i]).Within(1e-5f), $"Predict(span) of sample {i}");
        }
    }

    [Test]
    public void EvaluateAndPredictLeaveTrainingModeAlone()
    {
        var model = new Model(new Sequential(new Dense(2, 4), new Dropout(0.5f), new Dense(4, 1)), new Shape(2))
            .Compile(p => new Sgd(p), new BinaryCrossEntropy());
        var x = Tensor.FromArray([1f, 2f], new Shape(1, 2));
        var first = model.Predict(x).ToArray();
        Assert.That(model.Predict(x).ToArray(), Is.EqualTo(first), "Predict runs without dropout");
        model.Evaluate(Blobs());
        Assert.That(model.Network.IsTraining, Is.True);
        model.Network.Eval();
        model.Predict(x);
        Assert.That(model.Network.IsTraining, Is.False);
    }

    [Test]
    public void OnlyLayersThatReadTheModeMakeInferenceSwitchIt()
    {
        var mlp = new Sequential(new Dense(2, 4), new Tanh(), new Dense(4, 3), new Softmax());
        Assert.That(mlp.DependsOnMode, Is.False, "dense, activation and softmax layers");
        Assert.That(new Sequential(new Conv2D(1, 2, 3), new MaxPool2D(), new AvgPool2D(), new Flatten()).DependsOnMode, Is.False);
        Assert.That(new Sequential(new Dense(2, 4), new Dropout(0.5f)).DependsOnMode, Is.True);
        Assert.That(new Sequential(new Sequential(new Dense(2, 2)), new Sequential(new BatchNorm(2))).DependsOnMode, Is.True, "nested");
        Assert.That(new ModeReader().DependsOnMode, Is.True, "a module the library does not know is assumed to read the mode");

        // A mode-free network keeps whatever modes its layers have; one with a custom layer is switched to eval.
        var model = new Model(new Sequential(new Dense(2, 2), new ModeReader()), new Shape(2));
        var x = Tensor.FromArray([1f, 2f], new Shape(1, 2));
        Assert.That(model.Predict(x).ToArray(), Is.EqualTo(new[] { 0f, 0f }), "the custom layer saw evaluation mode");
        Assert.That(model.Network.IsTraining, Is.True);
    }

    /// <summary>Zeroes its input in evaluation mode: observable proof of the mode Forward ran in.</summary>
    private sealed class ModeReader() : Module("modereader")
    {
        public override Tensor Forward(Tensor x) => IsTraining ? x : Ops.Unary(x, Myelin.Backends.UnaryKind.Scale, 0f);
        public override Shape OutputShape(in Shape input) => input;
        public override LayerSpec Spec => LayerSpec.Of("ModeReader", ("name", Name));
    }

    // ---------------------------------------------------------------- summary

    private static string Row(string summary, string layer) =>
        summary.Split('\n').SingleOrDefault(l => l.StartsWith(layer, StringComparison.Ordinal))?.TrimEnd()
        ?? throw new AssertionException($"No row for '{layer}' in\n{summary}");

    [Test]
    public void SummaryListsLayersShapesAndParameters()
    {
        var summary = MnistTrainingTests.Mlp().Summary();
        TestContext.Out.WriteLine(summary);
        (string Layer, string Shape, string Params)[] rows =
        [
            ("flatten1 (Flatten)", "(N, 784)", "0"),
            ("dense1 (Dense)", "(N, 128)", "100,480"),
            ("relu1 (Relu)", "(N, 128)", "0"),
            ("dense2 (Dense)", "(N, 10)", "1,290"),
        ];
        foreach (var (layer, shape, count) in rows)
        {
            var row = Row(summary, layer);
            Assert.That(row, Does.Contain(shape), layer);
            Assert.That(row, Does.EndWith(" " + count), layer);
        }
        Assert.That(summary, Does.Contain("input (N, 1, 28, 28)"));
        Assert.That(summary, Does.Contain("Total params: 101,770"));
    }

    [Test]
    public void SummaryOfACnnShowsEveryLayer()
    {
        var model = new Model(new Sequential(
                new Conv2D(1, 4, 3, padding: 1), new BatchNorm(4), new Relu(), new MaxPool2D(2),
                new Dropout(0.25f), new Flatten(), new Dense(64, 3)),
            new Shape(1, 8, 8));
        var summary = model.Summary();
        (string Layer, string Shape, string Params)[] rows =
        [
            ("conv1 (Conv2D)", "(N, 4, 8, 8)", "40"),
            ("batchnorm1 (BatchNorm)", "(N, 4, 8, 8)", "8"),
            ("relu1 (Relu)", "(N, 4, 8, 8)", "0"),
            ("maxpool1 (MaxPool2D)", "(N, 4, 4, 4)", "0"),
            ("dropout1 (Dropout)", "(N, 4, 4, 4)", "0"),
            ("flatten1 (Flatten)", "(N, 64)", "0"),
            ("dense1 (Dense)", "(N, 3)", "195"),
        ];
        foreach (var (layer, shape, count) in rows)
        {
            var row = Row(summary, layer);
            Assert.That(row, Does.Contain(shape), layer);
            Assert.That(row, Does.EndWith(" " + count), layer);
        }
        Assert.That(summary, Does.Contain("Total params: 243"));
        Assert.That(model.Network.ParameterCount, Is.EqualTo(243));
    }

    // ---------------------------------------------------------------- determinism

    private static Model Dropped(IBackend backend, ulong seed) =>
        new Model(new Sequential(new Dense(2, 16), new Relu(), new Dropout(0.2f), new Dense(16, 1)), new Shape(2), seed, backend)
            .Compile(p => new Adam(p, 0.01f), new BinaryCrossEntropy());

    private static (int[][] Weights, float Loss) TrainDropped(IBackend backend, ulong seed)
    {
        var model = Dropped(backend, seed);
        var history = model.Fit(Synthetic.Circle(128, 0.1f, new Rng(4)), new FitOptions { Epochs = 5, BatchSize = 16, ShuffleSeed = 2 });
        return (Snapshot(model), history[^1].Loss);
    }

    public static IEnumerable<TestCaseData> Backends()
    {
        yield return new TestCaseData(CpuBackend.Instance).SetArgDisplayNames("cpu");
        yield return new TestCaseData(ReferenceBackend.Instance).SetArgDisplayNames("reference");
    }

    [TestCaseSource(nameof(Backends))]
    public void SameSeedGivesBitIdenticalWeights(IBackend backend)
    {
        var (a, lossA) = TrainDropped(backend, seed: 7);
        var (b, lossB) = TrainDropped(backend, seed: 7);
        var (c, _) = TrainDropped(backend, seed: 8);
        Assert.That(b, Is.EqualTo(a), $"{backend.Name}: two runs with seed 7 differ");
        Assert.That(BitConverter.SingleToInt32Bits(lossB), Is.EqualTo(BitConverter.SingleToInt32Bits(lossA)));
        Assert.That(c, Is.Not.EqualTo(a), "seeds 7 and 8 trained the same weights");
    }

    [Test]
    public void CpuAndReferenceBackendsReachSimilarLoss()
    {
        // Summation order differs, so weights need not be bit-equal; the training outcome must match.
        var (_, cpu) = TrainDropped(CpuBackend.Instance, seed: 7);
        var (_, reference) = TrainDropped(ReferenceBackend.Instance, seed: 7);
        TestContext.Out.WriteLine($"final loss: cpu {cpu}, reference {reference}");
        Assert.That(cpu, Is.EqualTo(reference).Within(5).Percent);
    }

    // ---------------------------------------------------------------- divergence

    [Test]
    public void HugeLearningRateThrowsAndKeepsTheLastWeights()
    {
        var x = new float[64 * 2];
        var y = new float[64];
        var rng = new Rng(5);
        for (var i = 0; i < 64; i++) { x[2 * i] = rng.Normal(); x[2 * i + 1] = rng.Normal(); y[i] = 100f * x[2 * i] - 50f * x[2 * i + 1]; }
        var data = new Dataset(x, new Shape(2), y, new Shape(1), "line");
        var model = new Model(new Sequential(new Dense(2, 8), new Relu(), new Dense(8, 1)), new Shape(2), seed: 1)
            .Compile(p => new Sgd(p, 1e4f), new MeanSquaredError());
        var lastGood = Snapshot(model);
        var steps = 0;

        var e = Assert.Throws<TrainingDivergedException>(() => model.Fit(data, new FitOptions
        {
            Epochs = 100,
            BatchSize = 8,
            OnBatchEnd = (step, _) => { lastGood = Snapshot(model); steps = step; },
        }));

        TestContext.Out.WriteLine(e!.Message);
        Assert.That(e.Message, Does.Contain($"step {steps + 1}").And.Contain("learning rate"));
        Assert.That(model.Steps, Is.EqualTo(steps), "the failing step was applied");
        Assert.That(Snapshot(model), Is.EqualTo(lastGood), "weights changed by the failing step");
    }

    [Test]
    public void HugeInputThrowsBeforeTheUpdate()
    {
        // Linear, so nothing saturates: a huge input gives an infinite squared error.
        var model = new Model(new Sequential(new Dense(2, 1)), new Shape(2), seed: 1).Compile(p => new Sgd(p, 0.1f), new MeanSquaredError());
        var x = Tensor.FromArray([1f, 2f, 3e38f, -1f], new Shape(2, 2));
        var y = Tensor.FromArray([0f, 1f], new Shape(2));
        model.TrainStep(Tensor.FromArray([1f, 2f, 0.5f, -1f], new Shape(2, 2)), y);
        var before = Snapshot(model);

        var e = Assert.Throws<TrainingDivergedException>(() => model.TrainStep(x, y));

        Assert.That(e!.Message, Does.Contain("step 2"));
        Assert.That(model.Steps, Is.EqualTo(1));
        Assert.That(Snapshot(model), Is.EqualTo(before), "weights changed by the failing step");
    }

    // ---------------------------------------------------------------- shape errors

    [Test]
    public void DatasetOfAnotherSampleShapeNamesBothShapes()
    {
        var model = Small();
        var wide = new Dataset(new float[15], new Shape(5), new float[3], new Shape(1), "wide");
        foreach (var act in new Action[] { () => model.Fit(wide), () => model.Evaluate(wide), () => model.Fit(Blobs(), new FitOptions { Validation = wide }) })
        {
            var e = Assert.Throws<ArgumentException>(() => act());
            Assert.That(e!.Message, Does.Contain("'wide'").And.Contain("(5)").And.Contain("(2)"));
        }
    }

    [Test]
    public void ConstructorWithASampleShapeTheNetworkCannotTakeNamesLayerAndShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => new Model(new Sequential(new Dense(3, 2, name: "head")), new Shape(5)));
        Assert.That(e!.Message, Does.Contain("'head1'").And.Contain("(N, 3)").And.Contain("(1, 5)"));
    }

    [Test]
    public void PredictWithTheWrongWidthNamesLayerAndShapes()
    {
        var model = Small();
        var e = Assert.Throws<ArgumentException>(() => model.Predict(Tensor.Zeros(new Shape(4, 5))));
        Assert.That(e!.Message, Does.Contain("'dense1'").And.Contain("(N, 2)").And.Contain("(4, 5)"));
        e = Assert.Throws<ArgumentException>(() => model.Predict(new float[5], new float[1]));
        Assert.That(e!.Message, Does.Contain("2 values").And.Contain("got 5"));
        e = Assert.Throws<ArgumentException>(() => model.Predict(new float[2], Span<float>.Empty));
        Assert.That(e!.Message, Does.Contain("needs 1 values"));
    }

    [Test]
    public void FitThroughAGrownNetworkNamesTheMismatchedDense()
    {
        var model = Small();
        // A layer inserted live that changes the width the next Dense sees.
        ((Sequential)model.Network).Insert(1, new Dense(4, 5, name: "grown"));
        var e = Assert.Throws<ArgumentException>(() => model.Fit(Blobs(), new FitOptions { Epochs = 1, BatchSize = 16 }));
        Assert.That(e!.Message, Does.Contain("'dense2'").And.Contain("(N, 4)").And.Contain("(16, 5)"));
    }

    [Test]
    public void TrainingBeforeCompileSaysSo()
    {
        var model = new Model(new Sequential(new Dense(2, 1)), new Shape(2));
        var e = Assert.Throws<InvalidOperationException>(() => model.Fit(Blobs()));
        Assert.That(e!.Message, Does.Contain("Compile"));
    }
}
