using Myelin.Demos.Digits;
using NUnit.Framework;

namespace Myelin.Tests.Demos.Digits;

public class DigitPreprocessorTests
{
    private const float Tolerance = 1e-4f;
    private readonly DigitPreprocessor _pre = new();
    private readonly float[] _out = new float[784];

    [Test]
    public void SingleInkPixel_BecomesATwentyPixelSquareCentredAtFourteen(
        [Values(0, 3, 9)] int x, [Values(0, 5)] int y)
    {
        var canvas = new float[10 * 10];
        canvas[y * 10 + x] = 0.7f;
        Assert.That(_pre.Process(canvas, 10, 10, _out), Is.True);
        // 1 px → 20 px; centre of mass at 14 → the square covers [4, 24) on both axes, peak scaled to 1.
        AssertBlock(_out, 4, 24, 4, 24, 1f);
    }

    [Test]
    public void TwoByTwoBlock_LandsLikeASinglePixel()
    {
        var canvas = new float[7 * 5];
        foreach (var (x, y) in new[] { (5, 1), (6, 1), (5, 2), (6, 2) }) canvas[y * 7 + x] = 1f;
        _pre.Process(canvas, 7, 5, _out);
        AssertBlock(_out, 4, 24, 4, 24, 1f);
    }

    [Test]
    public void WideInk_KeepsItsAspectRatio()
    {
        var canvas = new float[6 * 6];
        canvas[3 * 6 + 1] = canvas[3 * 6 + 2] = 1f;
        _pre.Process(canvas, 6, 6, _out);
        // 2×1 → 20×10, centre of mass (10, 5) → columns [4, 24), rows [9, 19).
        AssertBlock(_out, 4, 24, 9, 19, 1f);
    }

    [Test]
    public void UnevenInk_IsShiftedByItsCentreOfMassWithFractionalCoverage()
    {
        // Values 1 and 0.5 side by side: box-local centre of mass x = (1·0.5 + 0.5·1.5)/1.5 = 5/6,
        // scale 10 → offset 14 − 25/3 = 17/3: the left pixel covers [5.667, 15.667), the right [15.667, 25.667).
        var canvas = new float[] { 1f, 0.5f };
        _pre.Process(canvas, 2, 1, _out);
        float[] expected = [0, 0, 0, 0, 0, 1f / 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1f * 2 / 3 + 0.5f / 3, .5f, .5f, .5f, .5f, .5f, .5f, .5f, .5f, .5f, 0.5f * 2 / 3, 0, 0];
        for (var row = 0; row < 28; row++)
        {
            var inside = row is >= 9 and < 19;
            for (var col = 0; col < 28; col++)
                Assert.That(_out[row * 28 + col], Is.EqualTo(inside ? expected[col] : 0f).Within(Tolerance), $"({col}, {row})");
        }
        AssertCentreOfMass(_out);
    }

    [Test]
    public void LargeStroke_ScalesToTwentyAndCentresTheMass()
    {
        var canvas = new float[300 * 200];
        for (var t = 0; t < 400; t++) // a thick diagonal with a heavy blob at one end
        {
            int cx = 60 + t / 4, cy = 30 + t / 3;
            for (var dy = -6; dy <= 6; dy++)
            for (var dx = -6; dx <= 6; dx++) canvas[(cy + dy) * 300 + cx + dx] = 1f;
        }
        for (var dy = -20; dy <= 20; dy++)
        for (var dx = -20; dx <= 20; dx++) canvas[(160 + dy) * 300 + 160 + dx] = 0.8f;
        Assert.That(_pre.Process(canvas, 300, 200, _out), Is.True);
        // The continuous image's centre is exactly (14, 14); the pixels' centroid differs by where the
        // ink lies inside each pixel (0.0044 px here, the same in an exact Python replica).
        AssertCentreOfMass(_out, tolerance: 0.01);
        Assert.That(_out.Max(), Is.EqualTo(1f));
        var rows = Enumerable.Range(0, 28).Where(r => Enumerable.Range(0, 28).Any(c => _out[r * 28 + c] > 0.01f)).ToList();
        Assert.That(rows[^1] - rows[0] + 1, Is.InRange(20, 21), "the longer (vertical) side spans 20 px");
    }

    [Test]
    public void EmptyCanvas_ReturnsFalseAndZeros()
    {
        Array.Fill(_out, 5f);
        Assert.That(_pre.Process(new float[64 * 48], 64, 48, _out), Is.False);
        Assert.That(_out, Is.All.EqualTo(0f));
        Assert.That(_pre.FromImage(Enumerable.Repeat((byte)255, 16 * 16 * 4).ToArray(), 16, 16, 4, _out), Is.False, "a white image");
    }

    [Test]
    public void FromImage_LightAndDarkBackgrounds_GiveTheSameInput([Values(1, 3, 4)] int channels)
    {
        var ink = Stroke(64, 48);
        var dark = Render(ink, 64, 48, channels, inkOnLight: false);
        var light = Render(ink, 64, 48, channels, inkOnLight: true);
        var fromDark = new float[784];
        Assert.That(_pre.FromImage(dark, 64, 48, channels, fromDark), Is.True);
        Assert.That(_pre.LightBackground, Is.False);
        Assert.That(_pre.FromImage(light, 64, 48, channels, _out), Is.True);
        Assert.That(_pre.LightBackground, Is.True);
        var direct = new float[784];
        _pre.Process(ink, 64, 48, direct);
        for (var i = 0; i < 784; i++)
        {
            Assert.That(_out[i], Is.EqualTo(fromDark[i]).Within(0.02f), $"pixel {i}");
            Assert.That(_out[i], Is.EqualTo(direct[i]).Within(0.02f), $"pixel {i}");
        }
    }

    [Test]
    public void FromImage_GreyPaper_SubtractsTheBackgroundLevel()
    {
        var ink = Stroke(40, 40);
        var image = new byte[40 * 40];
        for (var i = 0; i < image.Length; i++) image[i] = (byte)(200 - 180 * ink[i]); // paper 200, ink 20
        Assert.That(_pre.FromImage(image, 40, 40, 1, _out), Is.True);
        Assert.That(_pre.LightBackground, Is.True);
        var direct = new float[784];
        _pre.Process(ink, 40, 40, direct);
        for (var i = 0; i < 784; i++) Assert.That(_out[i], Is.EqualTo(direct[i]).Within(0.02f), $"pixel {i}");
    }

    [Test]
    public void SteadyStateCalls_AllocateNothing()
    {
        var ink = Stroke(256, 256);
        var image = Render(ink, 256, 256, 4, inkOnLight: true);
        _pre.Process(ink, 256, 256, _out);
        _pre.FromImage(image, 256, 256, 4, _out);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 5; i++)
        {
            _pre.Process(ink, 256, 256, _out);
            _pre.FromImage(image, 256, 256, 4, _out);
        }
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    private static void AssertBlock(float[] image, int x0, int x1, int y0, int y1, float value)
    {
        for (var row = 0; row < 28; row++)
        for (var col = 0; col < 28; col++)
        {
            var inside = col >= x0 && col < x1 && row >= y0 && row < y1;
            Assert.That(image[row * 28 + col], Is.EqualTo(inside ? value : 0f).Within(Tolerance), $"({col}, {row})");
        }
    }

    private static void AssertCentreOfMass(float[] image, double tolerance = 1e-3)
    {
        double m = 0, mx = 0, my = 0;
        for (var row = 0; row < 28; row++)
        for (var col = 0; col < 28; col++)
        {
            var v = image[row * 28 + col];
            m += v; mx += v * (col + 0.5); my += v * (row + 0.5);
        }
        Assert.That(mx / m, Is.EqualTo(14.0).Within(tolerance), "centre of mass x");
        Assert.That(my / m, Is.EqualTo(14.0).Within(tolerance), "centre of mass y");
    }

    // A "7" with a half-intensity rim: a bar and a slanted stroke, intensities in [0, 1].
    private static float[] Stroke(int width, int height)
    {
        var ink = new float[width * height];
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        {
            float u = (x + 0.5f) / width, v = (y + 0.5f) / height;
            var bar = MathF.Abs(v - 0.2f) < 0.06f && u is > 0.25f and < 0.75f ? 1f : 0f;
            var d = MathF.Abs((u - 0.75f) + 0.4f * (v - 0.2f));
            var slant = v is > 0.2f and < 0.85f ? (d < 0.05f ? 1f : d < 0.07f ? 0.5f : 0f) : 0f; // no value near the ink threshold
            ink[y * width + x] = MathF.Max(bar, slant);
        }
        return ink;
    }

    private static byte[] Render(float[] ink, int width, int height, int channels, bool inkOnLight)
    {
        var bytes = new byte[width * height * channels];
        for (var i = 0; i < ink.Length; i++)
        {
            var level = (byte)MathF.Round(255 * (inkOnLight ? 1 - ink[i] : ink[i]));
            for (var c = 0; c < channels; c++) bytes[i * channels + c] = c == 3 ? (byte)255 : level;
        }
        return bytes;
    }
}
