using System.Diagnostics;
using Myelin.Agents.Components;
using Myelin.Agents.Learning;
using Myelin.Agents.Systems;
using Myelin.Backends;
using Myelin.Ecs;
using Myelin.Losses;
using Myelin.Nn;
using Myelin.Optimizers;
using Myelin.Training;

namespace Myelin.Agents.Arena;

/// <summary>
/// The learning-agents arena as an ECS scene: creatures with ray sensors share one policy net
/// (16-64-64-4, tanh) that drives them all in one batched forward pass per frame and learns inside
/// the loop by imitating a scripted teacher on the states it visits (DAgger). Engine-free: drawing
/// lives in the demos. Frame order: sense → infer → label → act → learn.
/// </summary>
public sealed class ArenaSimulation : IDisposable
{
    private readonly SystemGroup _frame;
    private readonly MoveSystem _move;
    private readonly TrainingSystem _training;
    private readonly InferenceSystem _inference;

    /// <summary>Builds the arena from <paramref name="config"/> with everything seeded by <paramref name="seed"/>.</summary>
    /// <param name="config">Sizes and counts.</param>
    /// <param name="seed">Seed of the world layout, the policy's init, exploration and replay sampling.</param>
    /// <param name="learning">False runs the untrained policy (a baseline).</param>
    /// <param name="budget">Training per frame; default 4 ms / 8 steps.</param>
    /// <param name="backend">Where the policy runs; default the CPU backend.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting of <paramref name="config"/> is out of range (see <see cref="ArenaConfig.Validate"/>).</exception>
    public ArenaSimulation(ArenaConfig config, ulong seed = 1, bool learning = true, TrainingBudget? budget = null, IBackend? backend = null)
    {
        config.Validate();
        Config = config;
        Seed = seed;
        World = new World();
        Field = new ArenaField(config);
        var rng = new Rng(seed);

        var net = new Sequential(
            new Dense(config.ObservationSize, 64), new Tanh(),
            new Dense(64, 64), new Tanh(),
            new Dense(64, 4));
        Policy = new Model(net, new Shape(config.ObservationSize), seed, backend)
            .Compile(p => new Adam(p, 3e-3f), new SoftmaxCrossEntropy());
        var replay = learning ? new ReplayBuffer(20_000, config.ObservationSize, 1, maxBatch: 256) : null;
        ModelEntity = ModelEntities.Create(World, Policy, replay, budget ?? new TrainingBudget(4.0, 8, 128), seed);

        for (var i = 0; i < config.Hazards; i++)
            World.Create(new Hazard(rng.Uniform(0f, config.Size), rng.Uniform(0f, config.Size), config.HazardRadius * rng.Uniform(0.7f, 1.3f)));
        var bodies = new Creature[config.Agents];
        for (var i = 0; i < bodies.Length; i++)
        {
            bodies[i] = new Creature(rng.Uniform(0f, config.Size), rng.Uniform(0f, config.Size), rng.Uniform(-MathF.PI, MathF.PI));
            World.Create(bodies[i], new Brain(ModelEntity, learning), new Observation(config.ObservationSize), new PolicyOutput());
        }
        // Food starts out of reach of every creature, so frame 0 scores nothing for free.
        var placer = new FoodPlacer(config, bodies);
        for (var i = 0; i < config.Food; i++) World.Create(placer.Next(rng));
        AddAgentComponents();

        _inference = new InferenceSystem(World);
        _move = new MoveSystem(World, Field, rng.Fork());
        _training = new TrainingSystem(World) { MinimumSamples = 512 };
        _frame = new SystemGroup("arena").Add(
            new SensorSystem(World, Field),
            _inference,
            new TeacherSystem(World),
            new TargetReplaySystem(World) { Stride = 4 },
            _move,
            new RewardStatsSystem(World),
            _training);
        _frame.Initialize();
    }

    private void AddAgentComponents()
    {
        // Reward and Target complete the agents (World.Create takes at most four components).
        var creatures = new QueryDescription().WithAll<Creature>();
        var list = new List<Entity>();
        foreach (var chunk in World.GetChunks(creatures)) list.AddRange(chunk.Entities);
        foreach (var e in list)
        {
            World.Add(e, new Reward());
            World.Add(e, new Target(-1));
        }
    }

    /// <summary>The settings.</summary>
    public ArenaConfig Config { get; }
    /// <summary>The seed everything derives from.</summary>
    public ulong Seed { get; }
    /// <summary>The ECS world holding creatures, food, hazards and the model entity.</summary>
    public World World { get; }
    /// <summary>Flat copies of food and hazards, refreshed each frame.</summary>
    public ArenaField Field { get; }
    /// <summary>The shared policy.</summary>
    public Model Policy { get; }
    /// <summary>The policy's entity.</summary>
    public Entity ModelEntity { get; }
    /// <summary>Frames simulated.</summary>
    public long Frame { get; private set; }
    /// <summary>Mean reward per creature in the last frame.</summary>
    public float MeanRewardLastFrame => TrainingStats.RewardLastFrame / Math.Max(1, TrainingStats.AgentsLastFrame);
    /// <summary>Pellets eaten in the last frame.</summary>
    public int EatenLastFrame => _move.EatenLastFrame;
    /// <summary>Hazard contacts in the last frame.</summary>
    public int HitsLastFrame => _move.HitsLastFrame;
    /// <summary>Wall time of the last frame, ms.</summary>
    public double FrameMilliseconds { get; private set; }
    /// <summary>Time the batched inference took in the last frame, ms.</summary>
    public double InferenceMilliseconds => _inference.MillisecondsLastFrame;
    /// <summary>The training stats of the policy entity.</summary>
    public TrainingStats TrainingStats => World.Get<TrainingStats>(ModelEntity);
    /// <summary>Pause or resume learning.</summary>
    public bool LearningEnabled { get => _training.Enabled; set => _training.Enabled = value; }
    /// <summary>Drive creatures by the scripted teacher (shows the expert's score).</summary>
    public bool FollowTeacher { get => _move.FollowTeacher; set => _move.FollowTeacher = value; }
    /// <summary>Exploration probability of the movement system.</summary>
    public float Exploration { get => _move.Exploration; set => _move.Exploration = value; }

    /// <summary>Runs one frame: sense, infer, label, act, learn.</summary>
    public void Step(float dt = 1f / 60f)
    {
        var start = Stopwatch.GetTimestamp();
        _frame.Tick(dt);
        Frame++;
        FrameMilliseconds = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _frame.Dispose();
        World.Dispose();
    }
}
