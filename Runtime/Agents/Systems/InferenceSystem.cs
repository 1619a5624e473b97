using System.Diagnostics;
using Myelin.Agents.Components;
using Myelin.Ecs;

namespace Myelin.Agents.Systems;

/// <summary>
/// Batched inference: gathers the observations of ALL agents that share a model into one batch,
/// runs one forward pass per model on its backend, and scatters the outputs back into each agent's
/// <see cref="PolicyOutput"/>. Buffers grow once and are reused: a steady frame allocates nothing.
/// </summary>
public sealed class InferenceSystem(World world) : SystemBase(world)
{
    private readonly QueryDescription _models = new QueryDescription().WithAll<NeuralModel>();
    private readonly QueryDescription _agents = new QueryDescription().WithAll<Brain, Observation, PolicyOutput>();
    private readonly List<Slot> _slots = [];
    private int _slotCount;

    /// <summary>Agents evaluated in the last frame, over all models.</summary>
    public int AgentsLastFrame { get; private set; }

    /// <summary>Forward passes run in the last frame (one per model with agents).</summary>
    public int BatchesLastFrame { get; private set; }

    /// <summary>Wall time of the last Update (gather, forward passes, scatter), ms.</summary>
    public double MillisecondsLastFrame { get; private set; }

    /// <inheritdoc />
    public override void Update(in float dt)
    {
        var start = Stopwatch.GetTimestamp();
        CollectModels();
        Gather();
        var agents = 0;
        var batches = 0;
        for (var s = 0; s < _slotCount; s++)
        {
            var slot = _slots[s];
            if (slot.Rows == 0) continue;
            slot.Run();
            agents += slot.Rows;
            batches++;
        }
        Scatter();
        AgentsLastFrame = agents;
        BatchesLastFrame = batches;
        MillisecondsLastFrame = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private void CollectModels()
    {
        _slotCount = 0;
        foreach (var chunk in World.GetChunks(_models))
        {
            var models = chunk.GetSpan<NeuralModel>();
            var entities = chunk.Entities;
            for (var i = 0; i < chunk.Count; i++)
            {
                if (_slotCount == _slots.Count) _slots.Add(new Slot());
                _slots[_slotCount++].Bind(entities[i], models[i].Model);
            }
        }
    }

    private Slot Find(Entity model)
    {
        for (var s = 0; s < _slotCount; s++)
            if (_slots[s].Entity == model) return _slots[s];
        throw new InvalidOperationException($"An agent's Brain points at {model}, which is not a live entity with a NeuralModel.");
    }

    private void Gather()
    {
        foreach (var chunk in World.GetChunks(_agents))
        {
            Slot? slot = null;
            var brains = chunk.GetSpan<Brain>();
            var observations = chunk.GetSpan<Observation>();
            var entities = chunk.Entities;
            for (var i = 0; i < chunk.Count; i++)
            {
                // Agents of one model usually sit together: look the slot up only when the model changes.
                var model = brains[i].Model;
                if (slot is null || slot.Entity != model)
                {
                    slot = Find(model);
                    slot.Reserve(chunk.Count - i);
                }
                ref var o = ref observations[i];
                if (o.Length != slot.Width)
                    throw new InvalidOperationException($"{entities[i]} observes {o.Length} values but its model takes {slot.Width}.");
                slot.Append(((ReadOnlySpan<float>)o.Values)[..o.Length]);
            }
        }
    }

    private void Scatter()
    {
        for (var s = 0; s < _slotCount; s++) _slots[s].Cursor = 0;
        Slot? slot = null;
        foreach (var chunk in World.GetChunks(_agents))
        {
            var brains = chunk.GetSpan<Brain>();
            var outputs = chunk.GetSpan<PolicyOutput>();
            for (var i = 0; i < chunk.Count; i++)
            {
                var model = brains[i].Model;
                if (slot is null || slot.Entity != model) slot = Find(model);
                slot.Read(ref outputs[i]);
            }
        }
    }

    /// <summary>One model's batch: host staging buffers and the input tensor, reused every frame.</summary>
    private sealed class Slot
    {
        private Training.Model _model = null!;
        private float[] _input = [];
        private float[] _output = [];
        private Tensor? _x;

        public Entity Entity;
        public int Width;
        public int Outputs;
        public int Rows;
        public int Cursor;

        public void Bind(Entity entity, Training.Model model)
        {
            if (!ReferenceEquals(model, _model) || _x?.Backend != model.Backend) _x = null;
            Entity = entity;
            _model = model;
            Width = model.SampleShape.Length;
            Rows = 0;
        }

        /// <summary>Makes room for at least <paramref name="rows"/> more rows (grows once, then never).</summary>
        public void Reserve(int rows)
        {
            var need = (Rows + rows) * Width;
            if (_input.Length < need) Array.Resize(ref _input, Math.Max(need, _input.Length * 2));
        }

        public void Append(ReadOnlySpan<float> observation)
        {
            observation.CopyTo(_input.AsSpan(Rows * Width, Width));
            Rows++;
        }

        public void Run()
        {
            var shape = new Shape(Rows, Width);
            if (_x is null) _x = Tensor.Zeros(shape, _model.Backend);
            else _x.Resize(shape);
            _x.CopyFrom(_input.AsSpan(0, Rows * Width));
            var y = _model.Predict(_x);
            Outputs = y.Shape.Columns;
            if (Outputs > PolicyOutput.MaxLength)
                throw new InvalidOperationException($"The model has {Outputs} outputs; a PolicyOutput holds at most {PolicyOutput.MaxLength}.");
            if (_output.Length < y.Length) Array.Resize(ref _output, Math.Max(y.Length, _output.Length * 2));
            y.CopyTo(_output);
        }

        public void Read(ref PolicyOutput output)
        {
            var row = _output.AsSpan(Cursor * Outputs, Outputs);
            Cursor++;
            row.CopyTo(output.Values);
            output.Length = row.Length;
            output.Choice = Training.Metrics.ArgMax(row);
        }
    }
}
