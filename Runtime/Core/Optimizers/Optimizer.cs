using Myelin.Backends;

namespace Myelin.Optimizers;

/// <summary>
/// Updates parameters from their gradients with one fused backend kernel per tensor. Holds its
/// state (moments, velocities) per parameter, allocated on the first step and reused after.
/// </summary>
public abstract class Optimizer
{
    private readonly Tensor[] _parameters;
    private Tensor[]? _squares;
    private Tensor? _sumSquares;

    /// <summary>Creates the optimizer over <paramref name="parameters"/> (e.g. <c>model.Parameters</c>).</summary>
    protected Optimizer(IEnumerable<Tensor> parameters, float learningRate, float weightDecay = 0f)
    {
        WeightDecay = weightDecay >= 0f ? weightDecay : throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "Weight decay must not be negative.");
        _parameters = [.. parameters];
        if (learningRate <= 0f || !float.IsFinite(learningRate))
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be a positive number.");
        LearningRate = learningRate;
    }

    /// <summary>Short name ("adam").</summary>
    public abstract string Name { get; }

    /// <summary>The base learning rate (before the schedule).</summary>
    public float LearningRate { get; set; }

    /// <summary>Optional schedule applied to <see cref="LearningRate"/> by step.</summary>
    public Schedules.LearningRateSchedule? Schedule { get; set; }

    /// <summary>L2 weight decay (decoupled for AdamW).</summary>
    public float WeightDecay { get; set; }

    /// <summary>When set, gradients are scaled so their global L2 norm is at most this.</summary>
    public float? ClipNorm { get; set; }

    /// <summary>Steps taken so far.</summary>
    public int Steps { get; private set; }

    /// <summary>The parameters being optimised.</summary>
    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>The learning rate the next step will use.</summary>
    public float CurrentLearningRate => Schedule?.Rate(Steps, LearningRate) ?? LearningRate;

    /// <summary>Sets every parameter's gradient to zero.</summary>
    public void ZeroGrad()
    {
        foreach (var p in _parameters) p.ZeroGrad();
    }

    /// <summary>Applies one update to every parameter that has a gradient.</summary>
    public void Step()
    {
        if (ClipNorm is { } maxNorm) Clip(maxNorm);
        var rate = CurrentLearningRate;
        Steps++;
        for (var i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            if (p.Grad is null) continue;
            Update(i, p, p.Grad, rate, Steps);
        }
    }

    /// <summary>Updates one parameter with the rule of this optimizer.</summary>
    protected abstract void Update(int index, Tensor parameter, Tensor gradient, float learningRate, int step);

    /// <summary>The state tensor of parameter <paramref name="index"/> in <paramref name="slots"/>, zeroed on first use.</summary>
    protected Tensor State(ref Tensor?[]? slots, int index, Tensor like)
    {
        slots ??= new Tensor?[_parameters.Length];
        var s = slots[index];
        if (s is null || s.Shape != like.Shape || s.Backend != like.Backend)
            slots[index] = s = Tensor.Zeros(like.Shape, like.Backend);
        return s;
    }

    private void Clip(float maxNorm)
    {
        // Global norm: Σ over parameters of Σ g², on the device; then each gradient is scaled in place.
        var be = _parameters[0].Backend;
        if (_sumSquares is null || _sumSquares.Backend != be) _sumSquares = Tensor.Zeros(new Shape(1), be);
        _squares ??= new Tensor[_parameters.Length];
        be.Fill(_sumSquares, 0f);
        for (var i = 0; i < _parameters.Length; i++)
        {
            var g = _parameters[i].Grad;
            if (g is null) continue;
            var sq = _squares[i];
            if (sq is null || sq.Shape != g.Shape || sq.Backend != be) _squares[i] = sq = Tensor.Zeros(g.Shape, be);
            be.Unary(UnaryKind.Square, g, sq, 0f);
            be.SumTo(sq, _sumSquares, 1f, 1f);
        }
        foreach (var p in _parameters)
            if (p.Grad is not null) be.ClipByNorm(p.Grad, _sumSquares, maxNorm);
    }

    /// <summary>The hyper-parameter struct with the common fields filled in.</summary>
    protected OptimizerHyper Hyper(float learningRate, int step) => new()
    {
        LearningRate = learningRate,
        WeightDecay = WeightDecay,
        Step = step,
    };
}
