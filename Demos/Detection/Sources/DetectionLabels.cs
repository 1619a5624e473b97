namespace Myelin.Demos.Detection.Sources;

/// <summary>
/// Ground truth recorded with a video: per frame the objects' boxes (pixels of the
/// <see cref="Width"/>×<see cref="Height"/> recorded frame) and class indices into
/// <see cref="Classes"/>, plus the frame rate and the synthetic camera's seed. Saved and loaded
/// by <see cref="LabelsFile"/>.
/// </summary>
public sealed class DetectionLabels
{
    /// <summary>Labels for <paramref name="width"/>×<paramref name="height"/> frames at <paramref name="fps"/>.</summary>
    public DetectionLabels(int width, int height, double fps, ulong? seed, IReadOnlyList<string> classes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (!(fps > 0) || double.IsInfinity(fps)) throw new ArgumentOutOfRangeException(nameof(fps), fps, "The frame rate must be positive.");
        if (classes.Count == 0) throw new ArgumentException("At least one class is needed.", nameof(classes));
        Width = width;
        Height = height;
        Fps = fps;
        Seed = seed;
        Classes = classes;
    }

    /// <summary>The synthetic camera's classes in <see cref="ObjectClass"/> order, lower case ("coin", "crate", …).</summary>
    public static IReadOnlyList<string> ObjectClassNames { get; } = [.. Enum.GetNames<ObjectClass>().Select(n => n.ToLowerInvariant())];

    /// <summary>Recorded frame width in pixels.</summary>
    public int Width { get; }
    /// <summary>Recorded frame height in pixels.</summary>
    public int Height { get; }
    /// <summary>Frames per second of the video.</summary>
    public double Fps { get; }
    /// <summary>Seed of the synthetic camera that rendered the frames (null for other footage).</summary>
    public ulong? Seed { get; }
    /// <summary>Class names; <see cref="LabeledBox.Class"/> indexes this list.</summary>
    public IReadOnlyList<string> Classes { get; }
    /// <summary>Per frame, in video order, the ground-truth boxes.</summary>
    public List<LabeledBox[]> Frames { get; } = [];

    /// <summary>Where <paramref name="name"/> is in <paramref name="names"/>, or −1.</summary>
    internal static int IndexOf(IReadOnlyList<string> names, string name, StringComparison comparison)
    {
        for (var i = 0; i < names.Count; i++)
            if (string.Equals(names[i], name, comparison)) return i;
        return -1;
    }

    /// <summary>Appends the next frame's boxes (copied).</summary>
    public void Add(IReadOnlyList<LabeledBox> boxes)
    {
        var copy = new LabeledBox[boxes.Count];
        for (var i = 0; i < copy.Length; i++) copy[i] = boxes[i];
        Frames.Add(copy);
    }
}
