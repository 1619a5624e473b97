using Myelin.Backends;
using NUnit.Framework;

namespace Myelin.Tests.Core.Backends;

public abstract partial class BackendConformance
{
    private const int OptimizerSteps = 5;

    /// <summary>Runs <see cref="OptimizerSteps"/> updates with fresh gradients on both backends and compares every buffer.</summary>
    private void CheckOptimizer(string what, int buffers, Action<IBackend, Tensor, Tensor, Tensor[], int> step)
    {
        foreach (var n in LengthsWithTails())
        {
            var rng = new Rng(80 + (ulong)n);
            var pWant = Rand(rng, new Shape(n));
            var pGot = On(pWant);
            var sWant = new Tensor[buffers];
            var sGot = new Tensor[buffers];
            for (var b = 0; b < buffers; b++)
            {
                sWant[b] = Tensor.Zeros(new Shape(n), Ref);
                sGot[b] = Tensor.Zeros(new Shape(n), Backend);
            }
            for (var t = 1; t <= OptimizerSteps; t++)
            {
                var g = Rand(rng, new Shape(n), -2f, 2f);
                step(Ref, pWant, g, sWant, t);
                step(Backend, pGot, On(g), sGot, t);
            }
            AssertClose(pWant, pGot, OptimizerTolerance, $"{what} parameter n={n}");
            for (var b = 0; b < buffers; b++)
                AssertClose(sWant[b], sGot[b], OptimizerTolerance, $"{what} state {b} n={n}");
        }
    }

    [Test]
    public void SgdPlain() => CheckOptimizer("Sgd", 0,
        (be, p, g, _, _) => be.SgdUpdate(p, g, null, new OptimizerHyper { LearningRate = 0.1f }));

    [Test]
    public void SgdWeightDecay() => CheckOptimizer("Sgd+wd", 0,
        (be, p, g, _, _) => be.SgdUpdate(p, g, null, new OptimizerHyper { LearningRate = 0.1f, WeightDecay = 0.01f }));

    [Test]
    public void SgdMomentum([Values] bool nesterov) => CheckOptimizer($"Sgd momentum nesterov={nesterov}", 1,
        (be, p, g, s, _) => be.SgdUpdate(p, g, s[0],
            new OptimizerHyper { LearningRate = 0.05f, Momentum = 0.9f, Nesterov = nesterov, WeightDecay = 0.001f }));

    [Test]
    public void Adam([Values] bool decoupled) => CheckOptimizer($"Adam decoupled={decoupled}", 2,
        (be, p, g, s, t) => be.AdamUpdate(p, g, s[0], s[1], new OptimizerHyper
        {
            LearningRate = 1e-2f, Beta1 = 0.9f, Beta2 = 0.999f, Epsilon = 1e-8f,
            WeightDecay = 0.01f, DecoupledWeightDecay = decoupled, Step = t,
        }));

    [Test]
    public void Adagrad() => CheckOptimizer("Adagrad", 1,
        (be, p, g, s, _) => be.AdagradUpdate(p, g, s[0],
            new OptimizerHyper { LearningRate = 0.1f, Epsilon = 1e-10f, WeightDecay = 0.001f }));

    [Test]
    public void RmsProp([Values] bool momentum) => CheckOptimizer($"RmsProp momentum={momentum}", 2,
        (be, p, g, s, _) => be.RmsPropUpdate(p, g, s[0], momentum ? s[1] : null,
            new OptimizerHyper { LearningRate = 0.01f, Beta2 = 0.99f, Momentum = momentum ? 0.9f : 0f, Epsilon = 1e-8f, WeightDecay = 0.001f }));
}
