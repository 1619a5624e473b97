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
    public override void AdamUpdate(Tensor parameter, Tensor gradient, Tensor m, Tensor v, in OptimizerHyper h, UpdateCheck check = default)
    {
        var job = _adamJob;
        var n = parameter.Length;
        if (gradient.Length < n || m.Length < n || v.Length < n)
            throw new ArgumentException($"AdamUpdate: gradient {gradient.Shape}, m {m.Shape} and v {v.Shape} must hold the {n} values of the parameter {parameter.Shape}.");
        job.P = Host(parameter); job.G = Host(gradient); job.M = Host(m); job.V = Host(v);
        job.N = n;
        job.Hyper = h;
        job.DryRun = check.IsDryRun;
        job.GradientBad = job.ValueBad = false;
        try
        {
            Run(job, n >= ParallelUpdateElements ? Threads : 1);
        }
        finally
        {
            job.P = job.G = job.M = job.V = null!;
        }
        Report(check, job.GradientBad, job.ValueBad);
    }

    /// <summary>
    /// Adam over tiles of the buffers: one fused pass over p, g, m, v in the reference's operation order
    /// (one square root and one division per element). A dry run computes the same values, stores none
    /// and raises the flags of the tiles that meet a non-finite one (any tile may set them, none clears).
    /// </summary>
    private sealed class AdamJob : RowTileJob
    {
        public float[] P = null!, G = null!, M = null!, V = null!;
        public int N;
        public OptimizerHyper Hyper;
        public bool DryRun;
        public volatile bool GradientBad, ValueBad;

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
            var dry = DryRun;
            var i = 0;
            // x − x is 0 for finite x and NaN otherwise: the sums stay 0 while every value is finite.
            var gradientSum = 0f; var valueSum = 0f;
            if (Vector512.IsHardwareAccelerated)
            {
                var gradients = Vector512<float>.Zero; var values = Vector512<float>.Zero;
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
                    if (dry)
                    {
                        var gi = Vector512.Create(g.Slice(i, 16));
                        gradients += gi - gi;
                        values += (pi - pi) + (mi - mi) + (vi - vi);
                        continue;
                    }
                    mi.CopyTo(mv.Slice(i, 16)); vi.CopyTo(vv.Slice(i, 16)); pi.CopyTo(p.Slice(i, 16));
                }
                gradientSum = Vector512.Sum(gradients);
                valueSum = Vector512.Sum(values);
            }
            for (; i < p.Length; i++)
            {
                var grad = g[i];
                var pi = p[i];
                if (decoupled) pi -= lrwd * pi;
                else grad += wd * pi;
                var mi = b1 * mv[i] + (1f - b1) * grad;
                var vi = b2 * vv[i] + (1f - b2) * grad * grad;
                pi -= step * mi / (MathF.Sqrt(vi) * scale2 + eps);
                if (dry)
                {
                    gradientSum += g[i] - g[i];
                    valueSum += (pi - pi) + (mi - mi) + (vi - vi);
                    continue;
                }
                mv[i] = mi; vv[i] = vi; p[i] = pi;
            }
            if (gradientSum != 0f) GradientBad = true; // NaN != 0
            if (valueSum != 0f) ValueBad = true;
        }
    }

    /// <inheritdoc />
    public override void SgdUpdate(Tensor parameter, Tensor gradient, Tensor? velocity, in OptimizerHyper h, UpdateCheck check = default)
    {
        var p = D(parameter); var g = D(gradient)[..p.Length];
        var vel = velocity is null ? default : D(velocity)[..p.Length];
        float lr = h.LearningRate, wd = h.WeightDecay, mom = h.Momentum;
        bool hasVelocity = velocity is not null, nesterov = h.Nesterov, dry = check.IsDryRun;
        // As in AdamJob: x − x sums stay 0 while every value is finite.
        float gradientSum = 0f, valueSum = 0f;
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var vlr = Vector512.Create(lr); var vwd = Vector512.Create(wd); var vmom = Vector512.Create(mom);
            var gradients = Vector512<float>.Zero; var values = Vector512<float>.Zero;
            for (; i + 16 <= p.Length; i += 16)
            {
                var pi = Vector512.Create(p.Slice(i, 16));
                var gi = Vector512.Create(g.Slice(i, 16));
                var grad = gi + vwd * pi;
                var vi = Vector512<float>.Zero;
                if (hasVelocity)
                {
                    vi = vmom * Vector512.Create(vel.Slice(i, 16)) + grad;
                    grad = nesterov ? grad + vmom * vi : vi;
                }
                pi -= vlr * grad;
                if (dry)
                {
                    gradients += gi - gi;
                    values += (pi - pi) + (vi - vi);
                    continue;
                }
                if (hasVelocity) vi.CopyTo(vel.Slice(i, 16));
                pi.CopyTo(p.Slice(i, 16));
            }
            gradientSum = Vector512.Sum(gradients);
            valueSum = Vector512.Sum(values);
        }
        for (; i < p.Length; i++)
        {
            var grad = g[i] + wd * p[i];
            var vi = 0f;
            if (hasVelocity)
            {
                vi = mom * vel[i] + grad;
                grad = nesterov ? grad + mom * vi : vi;
            }
            var pi = p[i] - lr * grad;
            if (dry)
            {
                gradientSum += g[i] - g[i];
                valueSum += (pi - pi) + (vi - vi);
                continue;
            }
            if (hasVelocity) vel[i] = vi;
            p[i] = pi;
        }
        Report(check, gradientSum != 0f, valueSum != 0f); // NaN != 0
    }
}
