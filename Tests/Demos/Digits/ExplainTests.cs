using Myelin.Demos.Digits;
using Myelin.Tests.Core.Training;
using NUnit.Framework;

namespace Myelin.Tests.Demos.Digits;

public class ExplainTests
{
    private const int Digits = 40;
    private const float InkLevel = 0.1f;

    [Test]
    public void Saliency_PutsMostMassInsideTheInkBox() => AssertMapsFocusOnInk((e, x, c, map) => e.Saliency(x, c, map), required: 0.75);

    [Test]
    public void HiResCam_PutsMostMassInsideTheInkBox() => AssertMapsFocusOnInk((e, x, c, map) => e.HiResCam(x, c, map), required: 0.75);

    [Test]
    public void GradCam_MatchesAReferenceComputedFromTheTape()
    {
        var explain = new Explain(DigitFixture.Model);
        var map = new float[784];
        var nonEmpty = 0;
        for (var i = 0; i < 10; i++)
        {
            var x = DigitFixture.TestDigit(i);
            var label = DigitFixture.TestLabel(i);
            explain.GradCam(x, label, map);
            var expected = ReferenceGradCam(x, label);
            if (expected.Max() > 0) nonEmpty++;
            for (var p = 0; p < 784; p++) Assert.That(map[p], Is.EqualTo(expected[p]).Within(1e-4f), $"digit {i}, pixel {p}");
        }
        TestContext.Out.WriteLine($"{nonEmpty}/10 Grad-CAM maps are non-empty (averaged weights cancel with a dense head)");
    }

    [Test]
    public void Saliency_MatchesAFiniteDifferenceOfTheLogit()
    {
        var model = DigitFixture.Model;
        var explain = new Explain(model);
        // Noise breaks the exact max-pool ties of the blank background, where the logit has no derivative.
        var noise = new Rng(9);
        var x = DigitFixture.TestDigit(0).Select(v => Math.Clamp(v + noise.Uniform(0f, 0.02f), 0f, 1f)).ToArray();
        var label = DigitFixture.TestLabel(0);
        var map = new float[784];
        explain.Saliency(x, label, map);
        var pixel = Array.IndexOf(map, 1f); // the most salient pixel
        // Unnormalised |d logit/d x| there, by central difference; compare ratios with a second pixel.
        var other = Enumerable.Range(0, 784).Where(i => map[i] is > 0.2f and < 0.9f).First();
        double Slope(int i)
        {
            const float h = 1e-3f;
            var logits = new float[10];
            var xp = (float[])x.Clone(); xp[i] += h;
            model.Predict(xp, logits); var up = logits[label];
            var xm = (float[])x.Clone(); xm[i] -= h;
            model.Predict(xm, logits); var down = logits[label];
            return Math.Abs((up - down) / (2 * h));
        }
        Assert.That(Slope(other) / Slope(pixel), Is.EqualTo(map[other]).Within(0.05));
    }

    [Test]
    public void Fgsm_WithEpsilonQuarter_FlipsMostCorrectPredictions()
    {
        var explain = new Explain(DigitFixture.Model);
        var adversarial = new float[784];
        int correct = 0, flipped = 0;
        for (var i = 0; i < Digits; i++)
        {
            var x = DigitFixture.TestDigit(i);
            var (before, after) = explain.Fgsm(x, DigitFixture.TestLabel(i), 0.25f, adversarial);
            Assert.That(adversarial.Zip(x).All(p => Math.Abs(p.First - p.Second) <= 0.25f + 1e-6f && p.First is >= 0f and <= 1f), "within ε and [0, 1]");
            if (before != DigitFixture.TestLabel(i)) continue;
            correct++;
            if (after != before) flipped++;
        }
        TestContext.Out.WriteLine($"FGSM ε=0.25 flipped {flipped}/{correct} correct predictions");
        Assert.That(correct, Is.GreaterThan(Digits / 2));
        Assert.That(flipped, Is.GreaterThan(correct / 2));
    }

    [Test]
    public void SaliencyAndCams_AllocateNothingAfterWarmUp()
    {
        var explain = new Explain(DigitFixture.Model);
        var x = DigitFixture.TestDigit(4);
        var map = new float[784];
        explain.Saliency(x, 1, map);
        explain.HiResCam(x, 1, map);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 3; i++)
        {
            explain.Saliency(x, i, map);
            explain.HiResCam(x, i, map);
            explain.GradCam(x, i, map);
        }
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void Fgsm_WithEpsilonZero_ChangesNothing()
    {
        var explain = new Explain(DigitFixture.Model);
        var x = DigitFixture.TestDigit(1);
        var adversarial = new float[784];
        var (before, after) = explain.Fgsm(x, DigitFixture.TestLabel(1), 0f, adversarial);
        Assert.That(adversarial, Is.EqualTo(x));
        Assert.That(after, Is.EqualTo(before));
    }

    [Test]
    public void Teach_MakesTheModelPredictTheTaughtLabelWithoutForgetting()
    {
        var model = DigitFixture.Fresh();
        var explain = new Explain(model);
        var probabilities = new float[10];
        // The first test digit the model gets wrong, taught its true label.
        var i = Enumerable.Range(0, TestData.MnistTest.Count).First(k => explain.Predict(DigitFixture.TestDigit(k), probabilities) != DigitFixture.TestLabel(k));
        var x = DigitFixture.TestDigit(i);
        var label = DigitFixture.TestLabel(i);
        var before = model.Evaluate(TestData.MnistTest).Accuracy;
        explain.Teach(x, label, TestData.MnistTrain, new Rng(5), steps: 10);
        Assert.That(explain.Predict(x, probabilities), Is.EqualTo(label), $"test digit {i}");
        Assert.That(model.Evaluate(TestData.MnistTest).Accuracy, Is.GreaterThan(before - 0.03f), "replay keeps the rest");
        Assert.That(new Explain(DigitFixture.Model).Predict(x, probabilities), Is.Not.EqualTo(label), "the shared model is untouched");
    }

    [Test]
    public void FiltersAndActivationMaps_ComeFromTheFirstConvLayer()
    {
        var explain = new Explain(DigitFixture.Model);
        var filters = new float[explain.FirstLayer.Weight.Length];
        explain.Filters(filters);
        Assert.That(filters, Is.EqualTo(explain.FirstLayer.Weight.ToArray()));

        var channels = explain.FirstLayer.OutChannels;
        var maps = new float[channels * 784];
        var x = DigitFixture.TestDigit(2);
        explain.ActivationMaps(x, maps);
        Assert.That(maps, Is.All.GreaterThanOrEqualTo(0f), "after the ReLU");
        // Reference: the 3×3 pad-1 convolution of channel 0 at the centre pixel, by hand.
        var w = filters;
        var bias = explain.FirstLayer.Bias!.ToArray()[0];
        var sum = bias;
        for (var dy = -1; dy <= 1; dy++)
        for (var dx = -1; dx <= 1; dx++) sum += w[(dy + 1) * 3 + dx + 1] * x[(14 + dy) * 28 + 14 + dx];
        Assert.That(maps[14 * 28 + 14], Is.EqualTo(Math.Max(0f, sum)).Within(1e-4f));
    }

    private static void AssertMapsFocusOnInk(Action<Explain, float[], int, float[]> explainer, double required)
    {
        var explain = new Explain(DigitFixture.Model);
        var map = new float[784];
        var probabilities = new float[10];
        int checkedCount = 0, focused = 0;
        for (var i = 0; i < Digits; i++)
        {
            var x = DigitFixture.TestDigit(i);
            var label = DigitFixture.TestLabel(i);
            if (explain.Predict(x, probabilities) != label) continue;
            explainer(explain, x, label, map);
            var (inside, outside) = MassInsideInkBox(x, map);
            checkedCount++;
            if (inside > outside) focused++;
        }
        TestContext.Out.WriteLine($"{focused}/{checkedCount} maps have more mass inside the ink box");
        Assert.That(checkedCount, Is.GreaterThan(Digits / 2));
        Assert.That(focused, Is.GreaterThanOrEqualTo(required * checkedCount));
    }

    // Grad-CAM by its definition, on a fresh tape: conv maps A after the last ReLU (layer 4), α_k = mean ∂logit/∂A_k.
    private static float[] ReferenceGradCam(float[] digit, int label)
    {
        var net = (Myelin.Nn.Sequential)DigitFixture.Model.Network;
        var tape = new Myelin.Autograd.Tape();
        using var active = tape.Activate();
        var x = Tensor.FromArray(digit, new Shape(1, 1, 28, 28));
        x.RequiresGrad = true;
        Tensor y = x, a = x;
        for (var i = 0; i < net.Layers.Count; i++)
        {
            y = net.Layers[i].Forward(y);
            if (i == 4) a = y;
        }
        var onehot = new float[10];
        onehot[label] = 1;
        tape.Backward(Ops.Sum(Ops.Multiply(y, Tensor.FromArray(onehot, new Shape(1, 10)))));
        var values = a.ToArray();
        var grads = a.Grad!.ToArray();
        var cam = new float[196];
        for (var k = 0; k < 16; k++)
        {
            var alpha = grads.Skip(k * 196).Take(196).Sum() / 196;
            for (var p = 0; p < 196; p++) cam[p] += alpha * values[k * 196 + p];
        }
        var map = new float[784];
        for (var r = 0; r < 28; r++)
        for (var c = 0; c < 28; c++)
        {
            // Bilinear, half-pixel centres: 28-pixel (r, c) samples the 14-grid at ((r + 0.5)/2 − 0.5, ...), clamped.
            float fy = Math.Clamp((r + 0.5f) / 2 - 0.5f, 0, 13), fx = Math.Clamp((c + 0.5f) / 2 - 0.5f, 0, 13);
            int y0 = (int)fy, x0 = (int)fx, y1 = Math.Min(y0 + 1, 13), x1 = Math.Min(x0 + 1, 13);
            float ty = fy - y0, tx = fx - x0;
            float Relu(int yy, int xx) => Math.Max(0f, cam[yy * 14 + xx]);
            map[r * 28 + c] = (Relu(y0, x0) * (1 - tx) + Relu(y0, x1) * tx) * (1 - ty) + (Relu(y1, x0) * (1 - tx) + Relu(y1, x1) * tx) * ty;
        }
        var peak = map.Max();
        return peak > 0 ? [.. map.Select(v => v / peak)] : map;
    }

    private static (double Inside, double Outside) MassInsideInkBox(float[] digit, float[] map)
    {
        int x0 = 28, y0 = 28, x1 = -1, y1 = -1;
        for (var i = 0; i < 784; i++)
        {
            if (digit[i] <= InkLevel) continue;
            int x = i % 28, y = i / 28;
            x0 = Math.Min(x0, x); x1 = Math.Max(x1, x); y0 = Math.Min(y0, y); y1 = Math.Max(y1, y);
        }
        double inside = 0, outside = 0;
        for (var i = 0; i < 784; i++)
        {
            int x = i % 28, y = i / 28;
            if (x >= x0 && x <= x1 && y >= y0 && y <= y1) inside += map[i];
            else outside += map[i];
        }
        return (inside, outside);
    }
}
