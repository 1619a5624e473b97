using System.Diagnostics;
using Myelin.Demos.Detection.Sources;
using Myelin.Graphics.App;
using Myelin.Graphics;
using Myelin.Graphics.Platform;
using Myelin.Graphics.Rendering;
using Silk.NET.OpenGL;

namespace Myelin.Demos.Detection;

/// <summary>
/// The object-detection camera feed: frames from a source (the synthetic game camera by default) shown
/// large with the detector's boxes, labels and confidences every frame, while the detector trains in
/// the frame loop on freshly rendered frames within a time budget. Pause, drag boxes around objects,
/// pick their class (buttons or keys 1–4), resume: the detector fine-tunes on the taught frame mixed
/// with replay. Charts: loss and mAP@0.5 on the fixed validation frames.
/// </summary>
public sealed partial class DetectScene : IScene
{
    private static readonly Color32[] s_classColours = [Color32.FromHex(0xFFD400), Color32.FromHex(0xFF6A00), Color32.FromHex(0x00E5FF), Color32.FromHex(0xFF2DF0)];
    private static readonly string[] s_classNames = ["coin", "crate", "slime", "tree"];

    private readonly LineChart _lossChart = new(300) { Title = "Training loss", XLabel = "frame" };
    private readonly LineChart _mapChart = new(100) { Title = "Validation mAP@0.5", XLabel = "sweep", MinY = 0, MaxY = 1 };
    private readonly TextBuilder _text = new();
    private readonly List<DetectedBox> _detections = new(64);
    private const int FeedWindow = 128;
    private MapEvaluator _feedScore = null!;
    private float _feedMap50 = float.NaN;
    private readonly List<DetectedBox> _validationDetections = new(64);
    private readonly Stopwatch _frameClock = new();
    private Detector _detector = null!;
    private DetectorTrainer _trainer = null!;
    private IFrameSource _source = null!;
    private CameraFrame _frame = null!, _taughtFrame = null!;
    private CameraFrame[] _validation = [];
    private MapEvaluator _sweep = null!;
    private Texture2D _texture = null!;
    private const int IconSize = 22;
    private readonly Texture2D[] _icons = new Texture2D[Detector.Classes];
    private byte[] _rgba = [];
    private int _lossSeries, _mapSeries, _validationIndex;
    private float _confidence = 0.35f, _nmsIou = 0.45f, _trainBudgetMs = 25f;
    private bool _paused, _training = true, _showTruth;
    private double _inferenceMs, _trainMs, _fps;
    private float _smoothedLoss = float.NaN, _map50 = float.NaN;
    private int _sweeps;
    private string? _sourceError;

    /// <inheritdoc />
    public string Name => "detect";

    /// <inheritdoc />
    public string Description => "A grid object detector trains in the frame loop on a synthetic game camera; boxes every frame; teach it by drawing boxes.";

    /// <summary>Laid out for 1280×720; other sizes get it scaled to fit.</summary>
    public (int Width, int Height) DesignSize => (1280, 720);

    /// <summary>The detector (for tests and tools).</summary>
    public Detector Detector => _detector;
    /// <summary>The trainer (for tests and tools).</summary>
    public DetectorTrainer Trainer => _trainer;
    /// <summary>mAP@0.5 of the last complete sweep over the validation frames (NaN before the first).</summary>
    public float Map50 => _map50;
    /// <summary>Boxes detected in the current frame.</summary>
    public IReadOnlyList<DetectedBox> Detections => _detections;
    /// <summary>The frame on screen.</summary>
    public CameraFrame Frame => _frame;

    /// <summary>
    /// Training steps of a whole batch per frame instead of the frame-time budget (null, the default):
    /// the model then depends on the frame count alone, not on the machine's speed (for tests).
    /// </summary>
    public int? StepsPerFrame { get; init; }

    /// <inheritdoc />
    public IReadOnlyList<SceneMetric> Metrics =>
    [
        new("map50", _map50), new("loss", _smoothedLoss), new("train_steps", _detector.Steps), new("inference_ms", _inferenceMs),
        new("train_ms", _trainMs), new("validation_sweeps", _sweeps), new("taught_examples", _trainer.TaughtCount),
        new("feed_map50", _feedMap50), new("feed_frames", _feedScore.Images),
    ];

    /// <inheritdoc />
    public void Load(SceneContext context)
    {
        var options = context.Options;
        _detector = options.ModelPath is { } path ? Detector.Load(path, allowNonFinite: options.AllowNonFinite) : Detector.Create(options.InputSize ?? Detector.DefaultSize, seed: 1);
        if (options.InputSize is { } size && size != _detector.Size)
            throw new ArgumentException($"--input-size {size} does not match the model '{options.ModelPath}', which takes {_detector.Size}×{_detector.Size} frames; leave --input-size out or train a {size}² model.");
        _trainer = new DetectorTrainer(_detector, seed: 1, poolSize: 256, batchSize: 8);
        _trainer.FillPool();
        // One full batch now sizes every training buffer, so the frame loop's smaller batches reuse them.
        _trainer.Step(_trainer.BatchSize);
        // In a window a video plays at its own pace; headless, one video frame per scene frame.
        _source = FrameSources.Open(options.Source, _detector.Size, seed: 7, realTime: !context.Headless);
        // NMS keeps at most one box per cell: lists that large never grow.
        _detections.Capacity = _validationDetections.Capacity = _detector.Grid.Cells * _detector.Grid.Cells;
        _frame = new CameraFrame(_detector.Size);
        _taughtFrame = new CameraFrame(_detector.Size);
        _validation = Detector.Validation(_detector.Size);
        // Room for 64 detections per class per validation frame: the sweep never grows a buffer.
        _sweep = new MapEvaluator(Detector.Classes, 0.5f, 64 * _validation.Length);
        // Every cell may report a box per frame: sized for a whole window, scoring the feed never grows a buffer.
        _feedScore = new MapEvaluator(Detector.Classes, 0.5f, FeedWindow * _detector.Grid.Cells * _detector.Grid.Cells);
        _rgba = new byte[4 * _detector.Size * _detector.Size];
        _texture = new Texture2D(context.Gl, _detector.Size, _detector.Size, SizedInternalFormat.Rgba8);
        _texture.SetLinearFiltering(false);
        var icon = new byte[IconSize * IconSize * 4];
        for (var k = 0; k < Detector.Classes; k++)
        {
            SyntheticCamera.RenderIcon((ObjectClass)k, IconSize, icon);
            _icons[k] = new Texture2D(context.Gl, IconSize, IconSize, SizedInternalFormat.Rgba8);
            _icons[k].Upload<byte>(icon, PixelFormat.Rgba, PixelType.UnsignedByte);
        }
        _lossSeries = _lossChart.AddSeries("loss", Color32.FromHex(0xF59322));
        _mapSeries = _mapChart.AddSeries("mAP@0.5", Color32.FromHex(0x3FB950));
        _taught.EnsureCapacity(16);
        if (!_source.TryRead(_frame)) _sourceError = _source.Error;
        // A first full sweep: the chart starts from the loaded (or fresh) model, and every path is warm.
        while (_sweeps == 0) ValidateOneFrame();
    }

    /// <inheritdoc />
    public void Update(in FrameInfo frame, InputState input)
    {
        var elapsed = _frameClock.Elapsed.TotalSeconds;
        _frameClock.Restart();
        if (elapsed > 0) _fps = _fps == 0 ? 1 / elapsed : 0.9 * _fps + 0.1 / elapsed;
        var fresh = false;
        if (!_paused)
        {
            fresh = _source.TryRead(_frame);
            _sourceError = fresh ? null : _source.Error;
        }
        var start = Stopwatch.GetTimestamp();
        // Detections down to the evaluation floor: drawing filters by the slider, scoring needs them all.
        _detector.Detect(_frame, Detector.EvaluationConfidence, _nmsIou, _detections);
        _inferenceMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (fresh && _source.HasLabels) ScoreFeedFrame();
        if (_paused) return;
        if (_training)
        {
            start = Stopwatch.GetTimestamp();
            if (TrainThisFrame() > 0)
                _smoothedLoss = float.IsNaN(_smoothedLoss) ? _trainer.LastLoss : 0.95f * _smoothedLoss + 0.05f * _trainer.LastLoss;
            // Smoothed: with the budget saved up over frames, single frames alternate between 0 and a step.
            _trainMs = 0.9 * _trainMs + 0.1 * Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (!float.IsNaN(_smoothedLoss)) _lossChart.Push(_lossSeries, _smoothedLoss);
        }
        ValidateOneFrame();
    }

    /// <summary>Training steps taken this frame: <see cref="StepsPerFrame"/> whole batches, or what the frame-time budget allows.</summary>
    private int TrainThisFrame()
    {
        if (StepsPerFrame is not { } steps) return _trainer.TrainFor(_trainBudgetMs);
        for (var i = 0; i < steps; i++) _trainer.Step(_trainer.BatchSize);
        return steps;
    }

    // The feed's own labels (synthetic, or a video's recorded labels file) score what the detector
    // sees live: mAP@0.5 over the last window of up to 128 frames, refreshed every 30 frames.
    private void ScoreFeedFrame()
    {
        if (_feedScore.Images == FeedWindow) _feedScore.Clear();
        _feedScore.Add(_detections, _frame.Boxes);
        if (_feedScore.Images % 30 == 0 || _feedScore.Images < 30) _feedMap50 = _feedScore.MeanAveragePrecision();
    }

    // One validation frame per frame: a sweep over all of them gives a fresh mAP@0.5 without a stall.
    private void ValidateOneFrame()
    {
        var v = _validation[_validationIndex];
        _detector.Detect(v, Detector.EvaluationConfidence, _nmsIou, _validationDetections);
        _sweep.Add(_validationDetections, v.Boxes);
        if (++_validationIndex < _validation.Length) return;
        _map50 = _sweep.MeanAveragePrecision();
        _mapChart.Push(_mapSeries, _map50);
        _sweeps++;
        _sweep.Clear();
        _validationIndex = 0;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _source?.Dispose();
        _texture?.Dispose();
        foreach (var icon in _icons) icon?.Dispose();
    }
}
