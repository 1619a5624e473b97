using Myelin.Backends;
using Myelin.Nn;
using Myelin.Training;

namespace Myelin.Editor.Bench;

/// <summary>
/// W4: agent inference, MLP 16-64(tanh)-64(tanh)-4: median µs per full forward
/// (<see cref="Model.Predict(Tensor)"/> on a preallocated input; the output is the model's own,
/// reused tensor) at batch 1, 64, 1024, 4096, 65536.
/// </summary>
internal static class W4Inference
{
    public static readonly int[] Batches = [1, 64, 1024, 4096, 65536];

    public static IReadOnlyList<BenchRow> Run(BenchOptions o, IBackend backend)
    {
        var net = new Sequential(new Dense(16, 64), new Tanh(), new Dense(64, 64), new Tanh(), new Dense(64, 4));
        var model = new Model(net, new Shape(16), seed: 1, backend);
        var rows = new List<BenchRow>();
        var worstBytes = 0.0;
        Action? sync = o.Gpu ? () => BenchBackends.Synchronize(backend) : null;
        foreach (var batch in o.Quick ? [1, 7, 64] : o.Small ? [1, 64, 1024] : Batches)
        {
            var x = Tensor.RandomNormal(new Shape(batch, 16), new Rng((ulong)batch), backend: backend);
            var (seconds, bytes) = Measure.PerCall(() => model.Predict(x), o.Quick ? 0.01 : 0.4, minChunks: o.Quick ? 2 : 7, sync: sync);
            worstBytes = Math.Max(worstBytes, bytes);
            var b = batch;
            if (o.Gpu)
            {
                rows.Add(new("W4", $"us_b{b}", $"batch {b}", "µs", seconds * 1e6)); // the targets are the CPU's
                continue;
            }
            rows.Add(new("W4", $"us_b{b}", $"batch {b}", "µs", seconds * 1e6)
            {
                Target = b switch { 1 => "≤ 0.5 µs, < onnxruntime", 4096 => "≤ 0.33 × onnxruntime", _ => "< onnxruntime" },
                Check = r =>
                {
                    var vsOrt = r.RatioToBest("onnxruntime", higherIsBetter: false);
                    return b switch
                    {
                        1 => r.Myelin <= 0.5 && (vsOrt is null || vsOrt < 1),
                        4096 => vsOrt is { } v ? v <= 0.33 : null,
                        _ => vsOrt is { } w ? w < 1 : null,
                    };
                },
            });
        }
        rows.Add(Targets.Allocation("W4", "alloc per call (worst)", worstBytes));
        return rows;
    }
}
