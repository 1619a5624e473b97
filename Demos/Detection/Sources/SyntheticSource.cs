namespace Myelin.Demos.Detection.Sources;

/// <summary>The synthetic game camera as a frame source: frame i of <see cref="SyntheticCamera"/>, then i + 1, labels included.</summary>
public sealed class SyntheticSource(int size = Detector.DefaultSize, ulong seed = 1) : IFrameSource
{
    private readonly SyntheticCamera _camera = new(size, seed);
    private readonly string _name = $"synthetic seed {seed}";

    /// <inheritdoc />
    public string Name => _name;
    /// <inheritdoc />
    public int Size => _camera.Size;
    /// <inheritdoc />
    public bool HasLabels => true;
    /// <inheritdoc />
    public string? Error => null;
    /// <summary>Frames the camera spends in one world before the next (the feed's score swings with its few worlds).</summary>
    public int FramesPerWorld => _camera.FramesPerScene;
    /// <summary>Index of the next frame.</summary>
    public long Frame { get; private set; }

    /// <inheritdoc />
    public bool TryRead(CameraFrame frame)
    {
        _camera.Render(Frame++, frame);
        return true;
    }

    /// <inheritdoc />
    public void Dispose() { }
}
