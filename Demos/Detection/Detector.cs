using Myelin.Nn;
using Myelin.Optimizers;
using Myelin.Serialization;
using Myelin.Training;

namespace Myelin.Demos.Detection;

/// <summary>
/// The single-stage grid detector: a small CNN maps a (3, S, S) frame to (5+K, S/8, S/8) — per cell
/// an objectness logit, K class logits and a box (tx, ty, tw, th) — trained with
/// <see cref="DetectionLoss"/> and decoded with per-class NMS. Backbone (cost kept low at 256²: the
/// first conv strides, early layers are narrow):
/// <code>
/// conv 3→16 s2 · BN · ReLU → max-pool → conv 16→32 · BN · ReLU → max-pool →
/// conv 32→64 · BN · ReLU → conv 64→64 · BN · ReLU → conv 64→64 · BN · ReLU → conv 1×1 64→9
/// </code>
/// Saved and loaded as a <see cref="Model"/> file. Steady-state training steps and detections allocate nothing.
/// </summary>
public sealed partial class Detector
{
    /// <summary>Object classes (<see cref="ObjectClass"/>).</summary>
    public const int Classes = 4;
    /// <summary>Output values per cell: objectness, class logits, tx, ty, tw, th.</summary>
    public const int Outputs = 5 + Classes;
    /// <summary>Input pixels per grid cell.</summary>
    public const int Stride = 8;
    /// <summary>Default input side.</summary>
    public const int DefaultSize = 128;
    /// <summary>
    /// The largest input side (a 512² batch of 8 already holds about 1 GB of activations); a file that
    /// declares more is refused before its buffers are made.
    /// </summary>
    public const int MaxSize = 512;
    /// <summary>Typical object side at 128² (the box prior: tw, th start at ln(prior / stride)).</summary>
    public const float PriorSize = 24f;

    private readonly Tensor _x, _y;
    private readonly float[] _raw;
    private readonly DetectedBox[] _candidates;
    private readonly List<LabeledBox> _mirrored = new(16);

    private Detector(Model model)
    {
        Model = model;
        Size = model.SampleShape[1];
        Grid = new GridGeometry(Size / Stride, Stride);
        _x = Tensor.Zeros(new Shape(1, 3, Size, Size), model.Backend);
        _y = Tensor.Zeros(new Shape(1, Grid.Cells, Grid.Cells, GridGeometry.TargetWidth), model.Backend);
        _raw = new float[Outputs * Grid.Cells * Grid.Cells];
        _candidates = new DetectedBox[Grid.Cells * Grid.Cells];
    }

    /// <summary>The network, optimizer (AdamW) and loss.</summary>
    public Model Model { get; }
    /// <summary>Input side in pixels.</summary>
    public int Size { get; }
    /// <summary>The output grid.</summary>
    public GridGeometry Grid { get; }

    /// <summary>The layers, freshly made (any input side that is a multiple of 8).</summary>
    public static Sequential Network() => new(
        new Conv2D(3, 16, 3, stride: 2, padding: 1, bias: false), new BatchNorm(16), new Relu(), new MaxPool2D(2),
        new Conv2D(16, 32, 3, padding: 1, bias: false), new BatchNorm(32), new Relu(), new MaxPool2D(2),
        new Conv2D(32, 64, 3, padding: 1, bias: false), new BatchNorm(64), new Relu(),
        new Conv2D(64, 64, 3, padding: 1, bias: false), new BatchNorm(64), new Relu(),
        new Conv2D(64, 64, 3, padding: 1, bias: false), new BatchNorm(64), new Relu(),
        new Conv2D(64, Outputs, 1));

    /// <summary>A new detector for <paramref name="size"/>² frames (a multiple of 8, at least 32), initialised from <paramref name="seed"/>.</summary>
    public static Detector Create(int size = DefaultSize, ulong seed = 1, float learningRate = 2e-3f)
    {
        if (size < 32 || size > MaxSize || size % Stride != 0)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"The detector's input side must be a multiple of {Stride}, 32..{MaxSize}.");
        var model = new Model(Network(), new Shape(3, size, size), seed);
        // Priors: objects are rare (objectness starts near 2 %), boxes start at the typical size.
        var head = (Conv2D)((Sequential)model.Network).Layers[^1];
        var bias = head.Bias!.Span;
        bias[0] = -4f;
        bias[Outputs - 2] = bias[Outputs - 1] = MathF.Log(PriorSize * size / DefaultSize / Stride);
        return Compile(model, learningRate);
    }

    /// <summary>
    /// Loads a detector saved by <see cref="Save"/>; throws <see cref="ModelFormatException"/> for a missing,
    /// corrupt or non-detector file, one over <see cref="MaxSize"/>, or NaN/Inf weights unless <paramref name="allowNonFinite"/>.
    /// </summary>
    public static Detector Load(string path, float learningRate = 1e-3f, bool allowNonFinite = false)
    {
        var model = Model.Load(path, allowNonFinite: allowNonFinite);
        var s = model.SampleShape;
        var expected = $"a detector maps (3, S, S) to ({Outputs}, S/{Stride}, S/{Stride})";
        if (s.Rank != 3 || s[0] != 3 || s[1] != s[2] || s[1] % Stride != 0)
            throw new ModelFormatException($"'{path}' is not a detector: it takes inputs {s}; {expected}.");
        if (s[1] > MaxSize)
            throw new ModelFormatException($"'{path}' declares {s[1]}×{s[1]} inputs; a detector takes at most {MaxSize}×{MaxSize}.");
        var output = model.Network.OutputShape(new Shape(1, 3, s[1], s[2]));
        if (output.Rank != 4 || output[1] != Outputs || output[2] != s[1] / Stride || output[3] != s[1] / Stride)
            throw new ModelFormatException($"'{path}' is not a detector: it maps inputs {s} to {output}; {expected}.");
        return Compile(model, learningRate);
    }

    private static Detector Compile(Model model, float learningRate)
    {
        model.Compile(p => new AdamW(p, learningRate, weightDecay: 1e-4f), new DetectionLoss());
        return new Detector(model);
    }

    /// <summary>Saves architecture and weights atomically.</summary>
    public void Save(string path) => Model.Save(path);

    /// <summary>Steps taken by the optimizer.</summary>
    public int Steps => Model.Steps;

    /// <summary>
    /// One optimizer step on <paramref name="frames"/> (of this detector's size); a frame whose entry in
    /// <paramref name="mirror"/> is true is flipped left–right with its boxes. Returns the loss.
    /// </summary>
    public float TrainStep(ReadOnlySpan<CameraFrame> frames, ReadOnlySpan<bool> mirror = default)
    {
        var n = frames.Length;
        _x.Resize(new Shape(n, 3, Size, Size));
        _y.Resize(new Shape(n, Grid.Cells, Grid.Cells, GridGeometry.TargetWidth));
        var x = _x.Span;
        var y = _y.Span;
        var pixels = 3 * Size * Size;
        var targets = Grid.Cells * Grid.Cells * GridGeometry.TargetWidth;
        for (var i = 0; i < n; i++)
        {
            var frame = frames[i];
            if (frame.Size != Size) throw new ArgumentException($"Frame {i} is {frame.Size}² but the detector takes {Size}².", nameof(frames));
            var flip = i < mirror.Length && mirror[i];
            var dst = x.Slice(i * pixels, pixels);
            if (flip) Mirror(frame, dst, _mirrored);
            else frame.Pixels.CopyTo(dst);
            BoxUtils.AssignTargets(flip ? _mirrored : frame.Boxes, Grid, y.Slice(i * targets, targets));
        }
        return Model.TrainStep(_x, _y);
    }

    // Left–right mirror of a frame's pixels into dst, and of its boxes into boxes.
    private static void Mirror(CameraFrame frame, Span<float> dst, List<LabeledBox> boxes)
    {
        var s = frame.Size;
        var src = frame.Pixels;
        for (var row = 0; row < 3 * s; row++)
        {
            var o = row * s;
            for (var col = 0; col < s; col++) dst[o + col] = src[o + s - 1 - col];
        }
        boxes.Clear();
        foreach (var b in frame.Boxes) boxes.Add(new LabeledBox(new Box(s - b.Box.X1, b.Box.Y0, s - b.Box.X0, b.Box.Y1), b.Class));
    }
}
