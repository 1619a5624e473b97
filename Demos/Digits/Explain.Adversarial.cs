using Myelin.Data;

namespace Myelin.Demos.Digits;

public sealed partial class Explain
{
    private Tensor? _teachX, _teachY;
    private float[] _teachHostX = [], _teachHostY = [];

    /// <summary>
    /// FGSM: x' = clip(x + ε·sign(∇ₓ loss(x, label)), 0, 1) → <paramref name="adversarial"/>.
    /// Returns the predictions before and after.
    /// </summary>
    public (int Before, int After) Fgsm(ReadOnlySpan<float> digit, int label, float epsilon, Span<float> adversarial)
    {
        if ((uint)label >= DigitModel.Classes) throw new ArgumentOutOfRangeException(nameof(label), label, "Digits are 0..9.");
        Span<float> probabilities = stackalloc float[DigitModel.Classes];
        var before = Predict(digit, probabilities);
        var gradient = _host.AsSpan(0, _x.Length);
        using (Record(digit, _attackTape))
        {
            Span<float> target = [label];
            _label.CopyFrom(target);
            var logits = Run(-1, out _);
            _attackTape.Backward(Ops.Mean(Ops.SoftmaxCrossEntropy(logits, _label)));
            _x.Grad!.CopyTo(gradient);
        }
        for (var i = 0; i < gradient.Length; i++)
            adversarial[i] = Math.Clamp(digit[i] + epsilon * MathF.Sign(gradient[i]), 0f, 1f);
        var after = Predict(adversarial[..gradient.Length], probabilities);
        return (before, after);
    }

    /// <summary>
    /// Teaches the model that <paramref name="digit"/> is <paramref name="label"/>: <paramref name="steps"/>
    /// optimizer steps on batches of <paramref name="copies"/> copies of the digit plus
    /// <paramref name="replay"/> random digits from <paramref name="memory"/>, so the rest is not
    /// forgotten. Returns the last batch loss.
    /// </summary>
    public float Teach(ReadOnlySpan<float> digit, int label, Dataset memory, Rng rng, int steps = 10, int copies = 4, int replay = 28)
    {
        if ((uint)label >= DigitModel.Classes) throw new ArgumentOutOfRangeException(nameof(label), label, "Digits are 0..9.");
        if (digit.Length != _x.Length) throw new ArgumentException($"A digit has {_x.Length} values; got {digit.Length}.", nameof(digit));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(copies);
        var batch = copies + replay;
        var pixels = _x.Length;
        if (_teachX is null || _teachX.Shape[0] != batch)
        {
            _teachX = Tensor.Zeros(new Shape(batch, 1, DigitPreprocessor.Size, DigitPreprocessor.Size), _model.Backend);
            _teachY = Tensor.Zeros(new Shape(batch), _model.Backend);
            _teachHostX = new float[batch * pixels];
            _teachHostY = new float[batch];
        }
        var loss = float.NaN;
        for (var step = 0; step < steps; step++)
        {
            for (var i = 0; i < batch; i++)
            {
                var j = i < copies ? -1 : rng.NextInt(memory.Count);
                (j < 0 ? digit : memory.Input(j)).CopyTo(_teachHostX.AsSpan(i * pixels, pixels));
                _teachHostY[i] = j < 0 ? label : memory.Target(j)[0];
            }
            _teachX.CopyFrom(_teachHostX);
            _teachY!.CopyFrom(_teachHostY);
            loss = _model.TrainStep(_teachX, _teachY);
        }
        return loss;
    }
}
