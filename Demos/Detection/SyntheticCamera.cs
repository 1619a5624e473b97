namespace Myelin.Demos.Detection;

/// <summary>
/// Renders a small top-down game world (grass, dry grass or sand crossed by dirt paths, rocks, bushes
/// and flowers, soft shadows) with shaded coin, crate, slime and tree sprites, seen by a camera that
/// follows a hero walking along the path (pan, zoom, shake) under changing light, with ground-truth boxes. Frame
/// <c>i</c> depends only on (seed, i): scene <c>i / FramesPerScene</c> is one world, and the frames
/// within it follow one camera path. Boxes are the objects' pixel extents inside the frame
/// (occluded parts included); an object is dropped when under <see cref="MinVisibleFraction"/> of
/// it is seen (occluded or out of frame) or it shows fewer than <see cref="MinVisiblePixels"/> pixels.
/// </summary>
public sealed partial class SyntheticCamera
{
    /// <summary>Objects showing less than this fraction of their full area are not labelled.</summary>
    public const float MinVisibleFraction = 0.4f;
    /// <summary>Objects showing fewer pixels than this are not labelled.</summary>
    public const int MinVisiblePixels = 12;

    private readonly Scene _scene = new();
    // Reseeded per scene and per frame: rendering allocates nothing.
    private readonly Rng _sceneRng = new(0), _shakeRng = new(0);
    private long _sceneIndex = -1;

    /// <summary>A camera rendering <paramref name="size"/>² frames from <paramref name="seed"/>.</summary>
    public SyntheticCamera(int size = 128, ulong seed = 1, int framesPerScene = 30)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 16);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(framesPerScene);
        Size = size;
        Seed = seed;
        FramesPerScene = framesPerScene;
    }

    /// <summary>Frame width and height in pixels.</summary>
    public int Size { get; }
    /// <summary>Seed of every scene and camera path.</summary>
    public ulong Seed { get; }
    /// <summary>Frames rendered from one world before the next.</summary>
    public int FramesPerScene { get; }

    /// <summary>Renders frame <paramref name="index"/> into a new frame.</summary>
    public CameraFrame Render(long index)
    {
        var frame = new CameraFrame(Size);
        Render(index, frame);
        return frame;
    }

    /// <summary>Renders frame <paramref name="index"/> into <paramref name="frame"/> (reused; of this camera's size).</summary>
    public void Render(long index, CameraFrame frame)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        if (frame.Size != Size) throw new ArgumentException($"The frame is {frame.Size}² but the camera renders {Size}².", nameof(frame));
        var sceneIndex = index / FramesPerScene;
        if (sceneIndex != _sceneIndex)
        {
            _sceneRng.Reseed(Mix(Seed, (ulong)sceneIndex));
            _scene.Generate(_sceneRng, Size);
            _sceneIndex = sceneIndex;
        }
        var t = (float)(index % FramesPerScene) / FramesPerScene;
        _shakeRng.Reseed(Mix(Seed ^ 0x5EED, (ulong)index));
        var view = _scene.ViewAt(t, _shakeRng);
        _scene.Draw(view, frame, (uint)Mix(Seed, (ulong)index));
    }

    /// <summary>
    /// Paints one <paramref name="kind"/> sprite as the camera draws it, centred on a transparent
    /// <paramref name="size"/>² tile: <paramref name="rgba"/> is (S, S, 4) bytes, straight alpha (for a class key).
    /// </summary>
    public static void RenderIcon(ObjectClass kind, int size, Span<byte> rgba)
    {
        if (rgba.Length != size * size * 4) throw new ArgumentException($"The icon needs {size * size * 4} bytes, got {rgba.Length}.", nameof(rgba));
        var sprite = Thing.Icon(kind, size);
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                var c = new Rgb3(0, 0, 0);
                var a = sprite.Paint(x + 0.5f, y + 0.5f, 1f, ref c);
                var i = (y * size + x) * 4;
                // Painting over black leaves the colour times its coverage: divide it back out.
                var scale = a > 0 ? 255f / a : 0;
                rgba[i] = (byte)Math.Clamp(c.R * scale, 0, 255);
                rgba[i + 1] = (byte)Math.Clamp(c.G * scale, 0, 255);
                rgba[i + 2] = (byte)Math.Clamp(c.B * scale, 0, 255);
                rgba[i + 3] = (byte)(Math.Clamp(a, 0, 1) * 255);
            }
    }

    private static ulong Mix(ulong a, ulong b)
    {
        var z = a * 0x9E3779B97F4A7C15UL + b + 0x632BE59BD9B4E019UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
