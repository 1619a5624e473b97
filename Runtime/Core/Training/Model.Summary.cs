using System.Text;
using Myelin.Data;
using Myelin.Nn;

namespace Myelin.Training;

public sealed partial class Model
{
    /// <summary>
    /// A Keras-style table: each layer's name and type, output shape (N = batch) and parameter
    /// count, then the totals.
    /// </summary>
    public string Summary()
    {
        var rows = new List<(string Layer, string Shape, long Params)>();
        var shape = DataLoader.Batched(SampleShape, 1);
        Walk(Network, ref shape, rows);
        var total = Network.ParameterCount;
        const int w1 = 32, w2 = 22, w3 = 12;
        var sb = new StringBuilder();
        var rule = new string('─', w1 + w2 + w3);
        sb.AppendLine($"Model on '{Backend.Name}', input {ShapeText(DataLoader.Batched(SampleShape, 1))}");
        sb.AppendLine(rule);
        sb.AppendLine($"{"Layer (type)",-w1}{"Output shape",-w2}{"Params",w3}");
        sb.AppendLine(rule);
        foreach (var (layer, s, p) in rows) sb.AppendLine($"{layer,-w1}{s,-w2}{p,w3:N0}");
        sb.AppendLine(rule);
        sb.AppendLine($"Total params: {total:N0} ({total * 4 / 1024.0:F1} KiB as float32)");
        return sb.ToString();
    }

    private static void Walk(Module m, ref Shape shape, List<(string, string, long)> rows)
    {
        if (m is Sequential seq)
        {
            foreach (var child in seq.Layers) Walk(child, ref shape, rows);
            return;
        }
        shape = m.OutputShape(shape);
        var type = m.Spec.Type == "Activation" ? ((Activation)m).Kind.ToString() : m.Spec.Type;
        rows.Add(($"{m.Name} ({type})", ShapeText(shape), m.ParameterCount));
    }

    private static string ShapeText(in Shape s)
    {
        var text = s.ToString();
        return "(N" + text[(text.IndexOf(',') is var i and >= 0 ? i : text.Length - 1)..];
    }
}
