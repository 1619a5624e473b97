using Myelin.Nn;
using Myelin.Training;

namespace Myelin.Demos.Detection;

public sealed partial class Detector
{
    private Model? _folded;
    private Conv2D[] _foldedConvs = [];
    private int _foldedAtStep = -1;

    /// <summary>
    /// The network for inference with each batch norm folded into the conv before it
    /// (w' = w·γ/√(σ²+ε), b' = β − μ·γ/√(σ²+ε)): conv, ReLU and pooling only, the same outputs as the
    /// trained network in evaluation mode at a fraction of the cost. Refolded after every training step.
    /// </summary>
    public Model FoldedModel
    {
        get
        {
            if (_folded is null) BuildFolded();
            if (_foldedAtStep != Steps) Fold();
            return _folded!;
        }
    }

    private void BuildFolded()
    {
        var layers = new List<Module>();
        var convs = new List<Conv2D>();
        foreach (var layer in ((Sequential)Model.Network).Layers)
        {
            Module copy = layer switch
            {
                Conv2D c => new Conv2D(c.InChannels, c.OutChannels, c.Kernel, c.Stride, c.Padding, bias: true),
                MaxPool2D p => new MaxPool2D(p.Size, p.Stride, p.Padding),
                Activation a => new Activation(a.Kind, a.Alpha),
                BatchNorm => null!,
                _ => throw new InvalidOperationException($"The detector cannot fold layer '{layer.Name}' ({layer.GetType().Name})."),
            };
            if (copy is null) continue;
            layers.Add(copy);
            if (copy is Conv2D conv) convs.Add(conv);
        }
        _folded = new Model(new Sequential(layers), Model.SampleShape, Model.Seed, Model.Backend);
        _foldedConvs = [.. convs];
    }

    private void Fold()
    {
        var source = ((Sequential)Model.Network).Layers;
        var k = 0;
        for (var i = 0; i < source.Count; i++)
        {
            if (source[i] is not Conv2D conv) continue;
            var target = _foldedConvs[k++];
            var w = conv.Weight.Span;
            var fw = target.Weight.Span;
            var fb = target.Bias!.Span;
            var perOut = w.Length / conv.OutChannels;
            var bias = conv.Bias is null ? default : conv.Bias.Span;
            var bn = i + 1 < source.Count ? source[i + 1] as BatchNorm : null;
            for (var o = 0; o < conv.OutChannels; o++)
            {
                float scale = 1f, shift = 0f;
                if (bn is not null)
                {
                    scale = bn.Gamma.Span[o] / MathF.Sqrt(bn.RunningVar.Span[o] + bn.Epsilon);
                    shift = bn.Beta.Span[o] - bn.RunningMean.Span[o] * scale;
                }
                for (var j = 0; j < perOut; j++) fw[o * perOut + j] = w[o * perOut + j] * scale;
                fb[o] = (bias.IsEmpty ? 0f : bias[o] * scale) + shift;
            }
        }
        _foldedAtStep = Steps;
    }

    /// <summary>Refolds on the next inference (after weights were loaded or edited outside training steps).</summary>
    public void InvalidateFolded() => _foldedAtStep = -1;
}
