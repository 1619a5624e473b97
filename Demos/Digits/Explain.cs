using Myelin.Autograd;
using Myelin.Data;
using Myelin.Nn;
using Myelin.Training;

namespace Myelin.Demos.Digits;

/// <summary>
/// Looks inside a digit model (a <see cref="Sequential"/> with at least one <see cref="Conv2D"/>):
/// saliency, Grad-CAM, first-layer filters and activation maps, FGSM adversarial digits, and
/// "teach" (fine-tune on one digit). Gradients come from the tape: each explanation runs the
/// layers on its own tape with the input as a gradient-taking leaf. Digits are 784 floats.
/// Partial by concern: maps here, attacks and teaching in Explain.Adversarial.cs.
/// </summary>
public sealed partial class Explain
{
    private readonly Model _model;
    private readonly Sequential _network;
    private readonly Tape _tape = new();
    // FGSM's ops differ from the maps' (a loss instead of one logit): on a tape of its own each keeps
    // its pooled nodes, where sharing one tape would replace them on every switch (an allocation).
    private readonly Tape _attackTape = new();
    private readonly Tensor _x;        // (1,1,28,28), takes a gradient
    private readonly Tensor _onehot;   // (10,1): a column that picks one logit
    private readonly Tensor _label;    // (1)
    private readonly float[] _host;    // host copies of activations and gradients
    private readonly float[] _logits = new float[DigitModel.Classes];
    private readonly int _firstConv, _camLayer;

    /// <summary>Explains <paramref name="model"/>, whose network must be a Sequential with a Conv2D.</summary>
    public Explain(Model model)
    {
        _model = model;
        _network = model.Network as Sequential ?? throw new ArgumentException("Explain needs a Sequential network.", nameof(model));
        var layers = _network.Layers;
        _firstConv = IndexOfConv(layers, first: true);
        var lastConv = IndexOfConv(layers, first: false);
        // Grad-CAM looks at the last conv's rectified maps: its ReLU when one follows.
        _camLayer = lastConv + 1 < layers.Count && layers[lastConv + 1] is Activation ? lastConv + 1 : lastConv;
        FirstLayer = (Conv2D)layers[_firstConv];
        var be = model.Backend;
        _x = Tensor.Zeros(DataLoaderShape(model.SampleShape), be);
        _x.RequiresGrad = true;
        _onehot = Tensor.Zeros(new Shape(DigitModel.Classes, 1), be);
        _label = Tensor.Zeros(new Shape(1), be);
        var largest = 0;
        var shape = _x.Shape;
        foreach (var layer in layers) largest = Math.Max(largest, (shape = layer.OutputShape(shape)).Length);
        _host = new float[Math.Max(largest, _x.Length) * 3];
    }

    /// <summary>The first convolution (its filters are <see cref="Filters"/>).</summary>
    public Conv2D FirstLayer { get; }

    /// <summary>Predicts <paramref name="digit"/>: writes the ten probabilities, returns the class.</summary>
    public int Predict(ReadOnlySpan<float> digit, Span<float> probabilities)
    {
        _model.Predict(digit, _logits);
        return DigitModel.Softmax(_logits, probabilities);
    }

    /// <summary>
    /// Saliency: |∂ logit_c / ∂ x| per pixel → <paramref name="map"/> (784), scaled so the peak is 1.
    /// </summary>
    public void Saliency(ReadOnlySpan<float> digit, int cls, Span<float> map)
    {
        using (Record(digit))
        {
            var logits = Run(-1, out _);
            _tape.Backward(LogitOf(logits, cls));
            _x.Grad!.CopyTo(map);
        }
        for (var i = 0; i < _x.Length; i++) map[i] = MathF.Abs(map[i]);
        NormalisePeak(map[.._x.Length]);
    }

    /// <summary>
    /// Grad-CAM on the last conv layer's maps A:(K,h,w): weights α_k = mean over (h,w) of
    /// ∂ logit_c/∂A_k, cam = ReLU(Σ_k α_k A_k), bilinearly upsampled to 28×28 → <paramref name="map"/>,
    /// scaled so the peak is 1 (all zeros when no evidence for c). With a flatten + dense head (no
    /// global pooling, as <see cref="DigitModel"/>) the averaged weights mostly cancel and are often
    /// negative, leaving an empty map: <see cref="HiResCam"/> is the faithful variant for that head.
    /// </summary>
    public void GradCam(ReadOnlySpan<float> digit, int cls, Span<float> map) => Cam(digit, cls, map, elementWise: false);

    /// <summary>
    /// HiRes-CAM: like <see cref="GradCam"/> but weighting element-wise, cam = ReLU(Σ_k ∂ logit_c/∂A_k ⊙ A_k),
    /// which for a flatten + dense head is exactly each position's contribution to logit_c.
    /// </summary>
    public void HiResCam(ReadOnlySpan<float> digit, int cls, Span<float> map) => Cam(digit, cls, map, elementWise: true);

    private void Cam(ReadOnlySpan<float> digit, int cls, Span<float> map, bool elementWise)
    {
        int h, w;
        // _host holds [A | ∂logit/∂A | cam (h·w)].
        using (Record(digit))
        {
            var logits = Run(_camLayer, out var a);
            _tape.Backward(LogitOf(logits, cls));
            var k = a!.Shape[1];
            (h, w) = (a.Shape[2], a.Shape[3]);
            var values = _host.AsSpan(0, a.Length);
            var grads = _host.AsSpan(a.Length, a.Length);
            a.CopyTo(values);
            a.Grad!.CopyTo(grads);
            var cam = _host.AsSpan(2 * a.Length, h * w);
            cam.Clear();
            for (var c = 0; c < k; c++)
            {
                var channel = values.Slice(c * h * w, h * w);
                var gradient = grads.Slice(c * h * w, h * w);
                var alpha = 0f;
                foreach (var g in gradient) alpha += g;
                alpha /= h * w;
                for (var i = 0; i < cam.Length; i++) cam[i] += (elementWise ? gradient[i] : alpha) * channel[i];
            }
            for (var i = 0; i < cam.Length; i++) cam[i] = MathF.Max(0f, cam[i]);
            Upsample(cam, h, w, map[..(DigitPreprocessor.Size * DigitPreprocessor.Size)]);
        }
        NormalisePeak(map[..(DigitPreprocessor.Size * DigitPreprocessor.Size)]);
    }

    /// <summary>The first layer's filters W:(O,C,K,K) → <paramref name="filters"/> (O·C·K·K values).</summary>
    public void Filters(Span<float> filters) => FirstLayer.Weight.CopyTo(filters);

    /// <summary>
    /// The first conv layer's maps for <paramref name="digit"/>, after its ReLU when one follows:
    /// (O, 28, 28) → <paramref name="maps"/>.
    /// </summary>
    public void ActivationMaps(ReadOnlySpan<float> digit, Span<float> maps)
    {
        var layer = _firstConv + 1 < _network.Layers.Count && _network.Layers[_firstConv + 1] is Activation ? _firstConv + 1 : _firstConv;
        using (Record(digit))
        {
            using var noGrad = Tape.NoGrad();
            Run(layer, out var a, stopAt: layer);
            a!.CopyTo(maps);
        }
    }

    /// <summary>Runs the layers on the explanation tape; <paramref name="captured"/> is layer <paramref name="capture"/>'s output.</summary>
    private Tensor Run(int capture, out Tensor? captured, int stopAt = int.MaxValue)
    {
        captured = null;
        var y = _x;
        var layers = _network.Layers;
        for (var i = 0; i < layers.Count && i <= stopAt; i++)
        {
            y = layers[i].Forward(y);
            if (i == capture) captured = y;
        }
        return y;
    }

    /// <summary>logits:(1,10) → logit_c:(1,1) = logits · onehot_c, differentiable (a dense op: allocation-free, unlike a broadcast multiply and sum).</summary>
    private Tensor LogitOf(Tensor logits, int cls)
    {
        if ((uint)cls >= DigitModel.Classes) throw new ArgumentOutOfRangeException(nameof(cls), cls, "Digits are 0..9.");
        Span<float> onehot = stackalloc float[DigitModel.Classes];
        onehot[cls] = 1f;
        _onehot.CopyFrom(onehot);
        return Ops.Dense(logits, _onehot, null);
    }

    /// <summary>
    /// Loads <paramref name="digit"/> into the input leaf and makes the explanation tape current, in
    /// evaluation mode, with the parameters taking no gradient (nothing leaks into training).
    /// </summary>
    private RecordScope Record(ReadOnlySpan<float> digit, Tape? tape = null)
    {
        tape ??= _tape;
        if (digit.Length != _x.Length) throw new ArgumentException($"A digit has {_x.Length} values; got {digit.Length}.", nameof(digit));
        _x.CopyFrom(digit);
        _x.ZeroGrad();
        var active = tape.Activate();
        tape.Reset();
        var wasTraining = _network.IsTraining;
        _network.Eval();
        SetParametersTakeGradients(false);
        return new RecordScope(this, active, wasTraining);
    }

    // Indexed: foreach over the IReadOnlyList would box an enumerator on every call.
    private void SetParametersTakeGradients(bool value)
    {
        var parameters = _network.Parameters;
        for (var i = 0; i < parameters.Count; i++) parameters[i].RequiresGrad = value;
    }

    private readonly struct RecordScope(Explain owner, Tape.ActiveScope active, bool wasTraining) : IDisposable
    {
        public void Dispose()
        {
            owner.SetParametersTakeGradients(true);
            owner._network.Train(wasTraining);
            active.Dispose();
        }
    }

    // Bilinear with half-pixel centres: output pixel i samples input coordinate (i + 0.5)·h/H − 0.5.
    private static void Upsample(ReadOnlySpan<float> src, int h, int w, Span<float> dst)
    {
        const int side = DigitPreprocessor.Size;
        for (var i = 0; i < side; i++)
        {
            var fy = Math.Clamp((i + 0.5f) * h / side - 0.5f, 0f, h - 1);
            var y0 = (int)fy; var y1 = Math.Min(y0 + 1, h - 1); var ty = fy - y0;
            for (var j = 0; j < side; j++)
            {
                var fx = Math.Clamp((j + 0.5f) * w / side - 0.5f, 0f, w - 1);
                var x0 = (int)fx; var x1 = Math.Min(x0 + 1, w - 1); var tx = fx - x0;
                var top = src[y0 * w + x0] * (1 - tx) + src[y0 * w + x1] * tx;
                var bottom = src[y1 * w + x0] * (1 - tx) + src[y1 * w + x1] * tx;
                dst[i * side + j] = top * (1 - ty) + bottom * ty;
            }
        }
    }

    private static void NormalisePeak(Span<float> map)
    {
        var peak = 0f;
        foreach (var v in map) peak = MathF.Max(peak, v);
        if (peak <= 0f) return;
        for (var i = 0; i < map.Length; i++) map[i] /= peak;
    }

    private static int IndexOfConv(IReadOnlyList<Module> layers, bool first)
    {
        for (var n = 0; n < layers.Count; n++)
        {
            var i = first ? n : layers.Count - 1 - n;
            if (layers[i] is Conv2D) return i;
        }
        throw new ArgumentException("Explain needs a network with a Conv2D layer.");
    }

    private static Shape DataLoaderShape(in Shape sample) => new(1, sample[0], sample[1], sample[2]);
}
