using System.Runtime.Intrinsics;

namespace Myelin.Backends;

public sealed partial class CpuBackend
{
    // Optimizer updates stream four buffers and are memory-bound: past this many elements (a few
    // hundred KiB each) two cores' caches and load ports beat one.
    private const int ParallelUpdateElements = 1 << 15;
    private const int UpdateTileElements = 1 << 13;

    private readonly AdamJob _adamJob = new();

    /// <inheritdoc />
    public override void AdamUpdate(Tensor parameter, Tensor gradient, Tensor m, Tensor v, in OptimizerHyper h)
    {
        var job = _adamJob;
        var n = parameter.Length;
        if (gradient.Length < n || m.Length < n || v.Length < n)
            throw new ArgumentException($"AdamUpdate: gradient {gradient.Shape}, m {m.Shape} and v {v.Shape} must hold the {n} values of the parameter {parameter.Shape}.");
        job.P = Host(parameter); job.G = Host(gradient); job.M = Host(m); job.V = Host(v);
        job.N = n;
        job.Hyper = h;
        try
        {
            Run(job, n >= ParallelUpdateElements ? Threads : 1);
        }
        finally
        {
            job.P = job.G = job.M = job.V = null!;
        }
    }

    /// <summary>Adam over tiles of the buffers: one fused pass over p, g, m, v in the reference's operation order (one square root and one division per element).</summary>
    private sealed class AdamJob : RowTileJob
    {
        public float[] P = null!, G = null!, M = null!, V = null!;
        public int N;
        public OptimizerHyper Hyper;

        protected override int RowCount => N;
        protected override int TileRows => UpdateTileElements;

        protected override void Tile(int r0, int r1)
        {
            var h = Hyper;
            var p = P.AsSpan(r0, r1 - r0); var g = G.AsSpan(r0, r1 - r0); var mv = M.AsSpan(r0, r1 - r0); var vv = V.AsSpan(r0, r1 - r0);
            float c1 = 1f - MathF.Pow(h.Beta1, h.Step), c2 = 1f - MathF.Pow(h.Beta2, h.Step);
            float lr = h.LearningRate, wd = h.WeightDecay, b1 = h.Beta1, b2 = h.Beta2, eps = h.Epsilon, lrwd = lr * wd;
            float step = lr / c1, scale2 = 1f / MathF.Sqrt(c2);
            var decoupled = h.DecoupledWeightDecay;
            var i = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                var vwd = Vector512.Create(wd); var vlrwd = Vector512.Create(lrwd);
                var vb1 = Vector512.Create(b1); var vb2 = Vector512.Create(b2);
                var v1b1 = Vector512.Create(1f - b1); var v1b2 = Vector512.Create(1f - b2);
                var vstep = Vector512.Create(step); var vscale2 = Vector512.Create(scale2); var veps = Vector512.Create(eps);
                for (; i + 16 <= p.Length; i += 16)
                {
                    var pi = Vector512.Create(p.Slice(i, 16));
                    var grad = Vector512.Create(g.Slice(i, 16));
                    if (decoupled) pi -= vlrwd * pi;
                    else grad += vwd * pi;
                    var mi = vb1 * Vector512.Create(mv.Slice(i, 16)) + v1b1 * grad;
                    var vi = vb2 * Vector512.Create(vv.Slice(i, 16)) + v1b2 * grad * grad;
                    pi -= vstep * mi / (Vector512.Sqrt(vi) * vscale2 + veps);
                    mi.CopyTo(mv.Slice(i, 16)); vi.CopyTo(vv.Slice(i, 16)); pi.CopyTo(p.Slice(i, 16));
                }
            }
            for (; i < p.Length; i++)
            {
                var grad = g[i];
                if (decoupled) p[i] -= lrwd * p[i];
                else grad += wd * p[i];
                mv[i] = b1 * mv[i] + (1f - b1) * grad;
                vv[i] = b2 * vv[i] + (1f - b2) * grad * grad;
                p[i] -= step * mv[i] / (MathF.Sqrt(vv[i]) * scale2 + eps);
            }
        }
    }

    /// <inheritdoc />
    public override void SgdUpdate(Tensor parameter, Tensor gradient, Tensor? velocity, in OptimizerHyper h)
    {
        var p = D(parameter); var g = D(gradient)[..p.Length];
        var vel = velocity is null ? default : D(velocity)[..p.Length];
        float lr = h.LearningRate, wd = h.WeightDecay, mom = h.Momentum;
        bool hasVelocity = velocity is not null, nesterov = h.Nesterov;
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var vlr = Vector512.Create(lr); var vwd = Vector512.Create(wd); var vmom = Vector512.Create(mom);
            for (; i + 16 <= p.Length; i += 16)
            {
                var pi = Vector512.Create(p.Slice(i, 16));
                var grad = Vector512.Create(g.Slice(i, 16)) + vwd * pi;
                if (hasVelocity)
                {
                    var vi = vmom * Vector512.Create(vel.Slice(i, 16)) + grad;
                    vi.CopyTo(vel.Slice(i, 16));
                    grad = nesterov ? grad + vmom * vi : vi;
                }
                (pi - vlr * grad).CopyTo(p.Slice(i, 16));
            }
        }
        for (; i < p.Length; i++)
        {
            var grad = g[i] + wd * p[i];
            if (hasVelocity)
            {
                vel[i] = mom * vel[i] + grad;
                grad = nesterov ? grad + mom * vel[i] : vel[i];
            }
            p[i] -= lr * grad;
        }
    }
}
