// Myelin inside a game's own loop: 100 seekers share one brain that learns, while the game runs, to steer
// toward each seeker's goal by imitating a simple coach. Copy this file and SeekerSystems.cs as a start.
using System.Diagnostics;
using EmbedInYourGame;
using Myelin;
using Myelin.Agents;
using Myelin.Agents.Components;
using Myelin.Agents.Learning;
using Myelin.Agents.Systems;
using Myelin.Ecs;
using Myelin.Losses;
using Myelin.Nn;
using Myelin.Optimizers;
using Myelin.Training;

const int Agents = 100;
const double TickSeconds = 1.0 / 60;   // the game's fixed timestep
const int Ticks = 8 * 60;              // eight seconds of game time

var world = new World();

// The brain: 2 observations (direction to the goal) -> 4 actions (right, left, up, down).
// Lists in [...] so the same lines compile with C# 12 (the .NET 8 SDK), which has no params spans.
var network = new Sequential([new Dense(2, 16), new Tanh(), new Dense(16, 4)]);
var model = new Model(network, new Shape([2]), seed: 1)
    .Compile(p => new Adam(p, 1e-2f), new SoftmaxCrossEntropy());
// Up to 4096 (observation, action) pairs; training draws batches of at most 128 from them.
var replay = new ReplayBuffer(capacity: 4096, observationSize: 2, targetSize: 1, maxBatch: 128);
// Each tick may spend 2 ms or 4 optimizer steps of 64 samples on learning, whichever ends first.
var brain = ModelEntities.Create(world, model, replay, new TrainingBudget(Milliseconds: 2, MaxSteps: 4, BatchSize: 64), seed: 1);

var rng = new Rng(7);
for (var i = 0; i < Agents; i++)
{
    var seeker = world.Create(new Position(rng.NextFloat(), rng.NextFloat()), new Goal(rng.NextFloat(), rng.NextFloat()),
                              new Brain(brain), new Observation(2));
    world.Add(seeker, new PolicyOutput());
}

// One tick, in order: sense -> batched inference -> coach labels -> act -> learn.
var coach = new CoachSystem(world, replay);
var move = new MoveSystem(world, rng.Fork());
var frame = new SystemGroup("game").Add(
    new SenseSystem(world),
    new InferenceSystem(world),
    coach,
    move,
    new TrainingSystem(world) { MinimumSamples = 256 });
frame.Initialize();

// The classic fixed-timestep loop: simulation ticks at 60 Hz whatever the render rate.
var clock = Stopwatch.StartNew();
double previous = 0, lag = 0;
var tick = 0;
var agreement = 0f;
while (tick < Ticks)
{
    var now = clock.Elapsed.TotalSeconds;
    lag += Math.Min(now - previous, 0.25);   // after a stall, catch up at most a quarter second
    previous = now;
    while (lag >= TickSeconds && tick < Ticks)
    {
        frame.Tick((float)TickSeconds);
        lag -= TickSeconds;
        if (++tick % 60 != 0) continue;
        var stats = world.Get<TrainingStats>(brain);
        agreement = coach.TakeAgreement();
        Console.WriteLine($"t {tick / 60,2} s  loss {stats.SmoothedLoss:F3}  agrees with coach {agreement,4:P0}  " +
                          $"goals reached {move.TakeGoalsReached(),3}  train steps {stats.Steps,4}");
    }
    Thread.Sleep(1);   // a game renders here
}
frame.Dispose();

if (agreement < 0.85f)
{
    Console.WriteLine($"did not learn: the brain agrees with the coach on {agreement:P0} of moves (want 85%)");
    return 1;
}
Console.WriteLine($"learned: {Agents} seekers steer by one brain, {agreement:P0} agreement with the coach");
return 0;
