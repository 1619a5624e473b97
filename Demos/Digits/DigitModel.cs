using Myelin.Losses;
using Myelin.Nn;
using Myelin.Optimizers;
using Myelin.Serialization;
using Myelin.Training;

namespace Myelin.Demos.Digits;

/// <summary>
/// The digit classifier: a small CNN (conv 1→C 3×3 pad 1, ReLU, max-pool 2, conv C→2C 3×3 pad 1,
/// ReLU, max-pool 2, flatten 2C·7·7, dense 10) with Adam and softmax cross-entropy; C = 8 is
/// benchmark W3's net. x:(N,1,28,28) → logits (N,10).
/// </summary>
public static class DigitModel
{
    /// <summary>Number of classes.</summary>
    public const int Classes = 10;
    /// <summary>Pixels of one input.</summary>
    public const int Pixels = DigitPreprocessor.Size * DigitPreprocessor.Size;

    /// <summary>One input sample: (1, 28, 28).</summary>
    public static Shape SampleShape => new(1, DigitPreprocessor.Size, DigitPreprocessor.Size);

    /// <summary>Channels C of the first conv in <see cref="Create"/> by default (W3 has 8).</summary>
    public const int DefaultChannels = 16;

    /// <summary>The layers, freshly made, with <paramref name="channels"/> C.</summary>
    public static Sequential Network(int channels = DefaultChannels) => new(
        new Conv2D(1, channels, 3, padding: 1), new Relu(), new MaxPool2D(2),
        new Conv2D(channels, 2 * channels, 3, padding: 1), new Relu(), new MaxPool2D(2),
        new Flatten(), new Dense(2 * channels * 7 * 7, Classes));

    /// <summary>A new model initialised from <paramref name="seed"/>, compiled with Adam.</summary>
    public static Model Create(ulong seed = 1, float learningRate = 1e-3f, int channels = DefaultChannels) =>
        Compile(new Model(Network(channels), SampleShape, seed), learningRate);

    /// <summary>
    /// Loads a saved model and compiles it with Adam (so it can be fine-tuned and evaluated). The model must
    /// map digits <see cref="SampleShape"/> to <see cref="Classes"/> scores; NaN or Inf weights are refused
    /// unless <paramref name="allowNonFinite"/>.
    /// </summary>
    /// <exception cref="ModelFormatException">The file is unreadable or not a digit model.</exception>
    public static Model Load(string path, float learningRate = 1e-3f, bool allowNonFinite = false)
    {
        var model = Model.Load(path, allowNonFinite: allowNonFinite);
        if (model.SampleShape != SampleShape)
            throw new ModelFormatException($"'{path}' takes inputs of shape {model.SampleShape}, not digits {SampleShape}.");
        var output = model.Network.OutputShape(new Shape(1, 1, 28, 28));
        if (output != new Shape(1, Classes))
            throw new ModelFormatException($"'{path}' maps a digit to {output}, not (1, {Classes}): it is not a {Classes}-class digit model.");
        return Compile(model, learningRate);
    }

    private static Model Compile(Model model, float learningRate) =>
        model.Compile(p => new Adam(p, learningRate), new SoftmaxCrossEntropy());

    /// <summary>Softmax of <paramref name="logits"/> into <paramref name="probabilities"/>; returns the arg-max.</summary>
    public static int Softmax(ReadOnlySpan<float> logits, Span<float> probabilities)
    {
        var best = Metrics.ArgMax(logits);
        var sum = 0f;
        for (var i = 0; i < logits.Length; i++) sum += probabilities[i] = MathF.Exp(logits[i] - logits[best]);
        for (var i = 0; i < logits.Length; i++) probabilities[i] /= sum;
        return best;
    }
}
