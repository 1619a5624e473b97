using System.Diagnostics;
using Myelin.Agents.Components;
using Myelin.Ecs;

namespace Myelin.Agents.Systems;

/// <summary>
/// Learning inside the frame: for every model with a replay buffer, runs optimizer steps on sampled
/// batches until the model's <see cref="TrainingBudget"/> is spent, then yields so the frame rate
/// holds. Metrics land in the model entity's <see cref="TrainingStats"/>.
/// </summary>
public sealed class TrainingSystem(World world) : SystemBase(world)
{
    private readonly QueryDescription _models = new QueryDescription().WithAll<NeuralModel, TrainingStats>();
    private readonly Dictionary<Training.Model, (Tensor X, Tensor Y)> _batches = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// A model trains only once its replay buffer holds at least this many pairs (default 256): batches
    /// are drawn with replacement, and from a handful of pairs they would repeat the same few samples
    /// and overfit them. Applies to every model this system trains; set it at or below the buffer's capacity.
    /// </summary>
    public int MinimumSamples { get; init; } = 256;

    /// <summary>When false, no training happens (e.g. paused by the UI).</summary>
    public bool Enabled { get; set; } = true;

    /// <inheritdoc />
    public override void Update(in float dt)
    {
        if (!Enabled) return;
        foreach (var chunk in World.GetChunks(_models))
        {
            var models = chunk.GetSpan<NeuralModel>();
            var stats = chunk.GetSpan<TrainingStats>();
            for (var i = 0; i < chunk.Count; i++) Train(ref models[i], ref stats[i]);
        }
    }

    private void Train(ref NeuralModel m, ref TrainingStats stats)
    {
        stats.StepsLastFrame = 0;
        stats.MillisecondsLastFrame = 0;
        if (m.Replay is not { } replay || replay.Count < MinimumSamples || m.Model.Optimizer is null) return;
        ModelEntities.CheckBatch(m.Budget, replay);
        var (x, y) = Batch(m);
        var start = Stopwatch.GetTimestamp();
        var budget = m.Budget;
        var steps = 0;
        while (steps < budget.MaxSteps)
        {
            replay.Sample(m.Sampler, budget.BatchSize, x, y);
            var loss = m.Model.TrainStep(x, y);
            steps++;
            stats.Loss = loss;
            stats.SmoothedLoss = stats.Steps == 0 ? loss : 0.95f * stats.SmoothedLoss + 0.05f * loss;
            stats.Steps++;
            if (Stopwatch.GetElapsedTime(start).TotalMilliseconds >= budget.Milliseconds) break;
        }
        stats.StepsLastFrame = steps;
        stats.MillisecondsLastFrame = (float)Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private (Tensor X, Tensor Y) Batch(in NeuralModel m)
    {
        if (_batches.TryGetValue(m.Model, out var b) && b.X.Backend == m.Model.Backend) return b;
        var n = m.Budget.BatchSize;
        b = (Tensor.Zeros(new Shape(n, m.Replay!.ObservationSize), m.Model.Backend),
             Tensor.Zeros(m.Replay!.TargetSize == 1 ? new Shape(n) : new Shape(n, m.Replay.TargetSize), m.Model.Backend));
        _batches[m.Model] = b;
        return b;
    }
}
