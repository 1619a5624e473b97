namespace Myelin.Demos.Xor;

/// <summary>Turns a point (x1, x2) into the selected features, in <see cref="PlaygroundFeatures"/> bit order.</summary>
public static class FeatureMap
{
    /// <summary>Number of selected features F.</summary>
    public static int Count(PlaygroundFeatures features) => System.Numerics.BitOperations.PopCount((uint)(features & PlaygroundFeatures.All));

    /// <summary>Position of <paramref name="feature"/> among the selected ones, or −1.</summary>
    public static int IndexOf(PlaygroundFeatures features, PlaygroundFeatures feature) =>
        (features & feature) == 0 ? -1 : System.Numerics.BitOperations.PopCount((uint)(features & (feature - 1)));

    /// <summary>The single-bit feature at position <paramref name="index"/> among the selected ones.</summary>
    public static PlaygroundFeatures At(PlaygroundFeatures features, int index)
    {
        for (var bit = 1; bit <= (int)PlaygroundFeatures.All; bit <<= 1)
            if (((int)features & bit) != 0 && index-- == 0) return (PlaygroundFeatures)bit;
        throw new ArgumentOutOfRangeException(nameof(index), $"Feature set {features} has no feature {index}.");
    }

    /// <summary>Writes the F features of (x1, x2) into <paramref name="destination"/>[0..F).</summary>
    public static void Apply(PlaygroundFeatures features, float x1, float x2, Span<float> destination)
    {
        var k = 0;
        if ((features & PlaygroundFeatures.X1) != 0) destination[k++] = x1;
        if ((features & PlaygroundFeatures.X2) != 0) destination[k++] = x2;
        if ((features & PlaygroundFeatures.X1Squared) != 0) destination[k++] = x1 * x1;
        if ((features & PlaygroundFeatures.X2Squared) != 0) destination[k++] = x2 * x2;
        if ((features & PlaygroundFeatures.X1TimesX2) != 0) destination[k++] = x1 * x2;
        if ((features & PlaygroundFeatures.SinX1) != 0) destination[k++] = MathF.Sin(x1);
        if ((features & PlaygroundFeatures.SinX2) != 0) destination[k++] = MathF.Sin(x2);
    }
}
