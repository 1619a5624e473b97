using Myelin.Backends;
using Myelin.Training;

namespace Myelin.Optimizers;

/// <summary>
/// Updates parameters from their gradients with one fused backend kernel per tensor. Holds its
/// state (moments, velocities) per parameter, allocated on the first step and reused after. A step is
/// all or nothing: it is first tried as a dry run over every parameter (the same kernels, writing only
/// flags), and refused with <see cref="TrainingDivergedException"/> when a gradient is not finite or a
/// new weight or state value would not be.
/// </summary>
public abstract class Optimizer
{
    private readonly Tensor[] _parameters;
    private Tensor[]? _squares;
    private Tensor? _sumSquares;
    private readonly List<Tensor?[]> _stateSlots = [];
    private Tensor? _flags;
    private float[] _hostFlags = [];

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

    /// <summary>The optimizer's state tensors (moments, velocities, sums), in a fixed order once allocated.</summary>
    public IEnumerable<Tensor> StateTensors => _stateSlots.SelectMany(slots => slots).OfType<Tensor>();

    /// <summary>
    /// Applies one update to every parameter that has a gradient, or to none: throws
    /// <see cref="TrainingDivergedException"/> (naming the parameter and the step) when a gradient is NaN
    /// or infinite or the update would make a parameter or its state so, leaving parameters, state and
    /// <see cref="Steps"/> as they were. Gradients may have been clipped in place.
    /// </summary>
    public void Step()
    {
        if (ClipNorm is { } maxNorm) Clip(maxNorm);
        var rate = CurrentLearningRate;
        var step = Steps + 1;
        DryRun(rate, step);
        Steps = step;
        for (var i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            if (p.Grad is null) continue;
            Update(i, p, p.Grad, rate, step, default);
        }
    }

    /// <summary>
    /// Updates one parameter with the rule of this optimizer, through the backend primitive that takes
    /// <paramref name="check"/> (a dry run when it has flags).
    /// </summary>
    protected abstract void Update(int index, Tensor parameter, Tensor gradient, float learningRate, int step, UpdateCheck check);

    /// <summary>
    /// Tries the step on every parameter, then reads the flags back (a few floats; the loss is read back
    /// every step already) and throws for the first parameter flagged. Costs one more read of the
    /// parameters, gradients and state and no write: cheaper than a copy to roll back to.
    /// </summary>
    private void DryRun(float rate, int step)
    {
        if (_parameters.Length == 0) return;
        var be = _parameters[0].Backend;
        if (_flags is null || _flags.Backend != be)
        {
            _flags = Tensor.Zeros(new Shape(2 * _parameters.Length), be);
            _hostFlags = new float[2 * _parameters.Length];
        }
        for (var i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            if (p.Grad is null) continue;
            Update(i, p, p.Grad, rate, step, new UpdateCheck(_flags, i));
        }
        _flags.CopyTo(_hostFlags);
        for (var i = 0; i < _parameters.Length; i++)
        {
            var check = new UpdateCheck(_flags, i);
            bool gradientBad = _hostFlags[check.GradientFlag] != 0f, valueBad = _hostFlags[check.ValueFlag] != 0f;
            if (!gradientBad && !valueBad) continue;
            be.Fill(_flags, 0f); // flags are only ever raised: clear them for the next step
            throw Diverged(gradientBad ? FirstNonFiniteGradient(i) : i, gradientBad, rate, step);
        }
    }

    private TrainingDivergedException Diverged(int index, bool gradient, float rate, int step)
    {
        var p = _parameters[index];
        var name = p.Name ?? $"parameter {index} {p.Shape}";
        var message = gradient
            ? $"The gradient of '{name}' became NaN or infinite at step {step}; the step was refused, so the weights and optimizer state are the last good ones. Check the inputs and targets for NaN or infinite values, or lower the learning rate (now {rate})."
            : $"The update at step {step} would have made '{name}' or its optimizer state NaN or infinite; the step was refused, so the weights and optimizer state are the last good ones. Lower the learning rate (now {rate}) or set ClipNorm.";
        return new TrainingDivergedException(message, step, name);
    }

    /// <summary>
    /// With clipping, one non-finite gradient makes the global norm, and so every clipped gradient, NaN:
    /// the squares kept from before the scaling tell which parameter it came from (failure path only).
    /// </summary>
    private int FirstNonFiniteGradient(int flagged)
    {
        if (ClipNorm is null || _squares is null) return flagged;
        // A NaN square means a NaN or infinite gradient; an infinite one may only be a large finite gradient squared, so it is the fallback.
        var overflowed = -1;
        for (var i = 0; i < _parameters.Length; i++)
        {
            if (_parameters[i].Grad is null || _squares[i] is not { } sq) continue;
            var values = sq.ToArray();
            if (values.Any(float.IsNaN)) return i;
            if (overflowed < 0 && values.Any(float.IsInfinity)) overflowed = i;
        }
        return overflowed >= 0 ? overflowed : flagged;
    }

    /// <summary>The state tensor of parameter <paramref name="index"/> in <paramref name="slots"/>, zeroed on first use.</summary>
    protected Tensor State(ref Tensor?[]? slots, int index, Tensor like)
    {
        if (slots is null)
        {
            slots = new Tensor?[_parameters.Length];
            _stateSlots.Add(slots);
        }
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
