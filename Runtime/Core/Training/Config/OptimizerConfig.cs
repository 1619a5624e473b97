using Myelin.Optimizers;
using Myelin.Optimizers.Schedules;

namespace Myelin.Training.Config;

/// <summary>
/// The <c>optimizer</c> object of a configuration file: its type and hyperparameters (only the keys
/// that type takes), gradient clipping, and an optional learning-rate <c>schedule</c>. Parsing checks
/// every value; the result makes the optimizer once the run's total step count is known (a cosine
/// schedule without <c>steps</c> anneals over the whole run).
/// </summary>
public static class OptimizerConfig
{
    /// <summary>Optimizer type names, as the optimizers call themselves.</summary>
    public static readonly string[] Types = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"];

    /// <summary>Reads and checks the object; returns a factory of (parameters, total steps).</summary>
    public static Func<IReadOnlyList<Tensor>, int, Optimizer> Parse(ConfigObject o)
    {
        var type = o.RequiredChoice("type", Types);
        var lr = o.Float("learningRate", type is "adam" or "adamw" or "rmsprop" ? 1e-3f : 0.01f, 0f, 10f, minExclusive: true);
        float? clip = o.Has("clipNorm") ? o.Float("clipNorm", 0f, 0f, float.MaxValue, minExclusive: true) : null;
        Func<IEnumerable<Tensor>, Optimizer> make;
        switch (type)
        {
            case "sgd" or "momentum" or "nesterov":
            {
                var momentum = o.Float("momentum", type == "sgd" ? 0f : 0.9f, 0f, 0.999f);
                var decay = o.Float("weightDecay", 0f, 0f, 1f);
                make = p => new Sgd(p, lr, momentum, type == "nesterov", decay);
                break;
            }
            case "adagrad":
            {
                var eps = o.Float("epsilon", 1e-10f, 0f, 1f, minExclusive: true);
                make = p => new Adagrad(p, lr, eps);
                break;
            }
            case "rmsprop":
            {
                var rho = o.Float("rho", 0.9f, 0f, 0.9999f);
                var momentum = o.Float("momentum", 0f, 0f, 0.999f);
                var eps = o.Float("epsilon", 1e-8f, 0f, 1f, minExclusive: true);
                make = p => new RmsProp(p, lr, rho, momentum, eps);
                break;
            }
            default:
            {
                var beta1 = o.Float("beta1", 0.9f, 0f, 0.9999f);
                var beta2 = o.Float("beta2", 0.999f, 0f, 0.99999f);
                var eps = o.Float("epsilon", 1e-8f, 0f, 1f, minExclusive: true);
                var decay = o.Float("weightDecay", type == "adamw" ? 0.01f : 0f, 0f, 1f);
                make = type == "adamw" ? p => new AdamW(p, lr, beta1, beta2, eps, decay) : p => new Adam(p, lr, beta1, beta2, eps, decay);
                break;
            }
        }
        var schedule = o.Object("schedule") is { } s ? ParseSchedule(s) : null;
        o.RejectUnknownKeys($"optimizer '{type}'");
        return (parameters, totalSteps) =>
        {
            var optimizer = make(parameters);
            optimizer.ClipNorm = clip;
            optimizer.Schedule = schedule?.Invoke(totalSteps);
            return optimizer;
        };
    }

    private static Func<int, LearningRateSchedule> ParseSchedule(ConfigObject o)
    {
        var type = o.RequiredChoice("type", "cosine", "step", "exponential", "warmup");
        Func<int, LearningRateSchedule> make;
        switch (type)
        {
            case "cosine":
            {
                int? steps = o.Has("steps") ? o.Int("steps", 0, 1) : null;
                var minRate = o.Float("minRate", 0f, 0f, 10f);
                make = total => new CosineAnnealing(steps ?? Math.Max(1, total), minRate);
                break;
            }
            case "step":
            {
                var size = o.RequiredInt("stepSize", 1);
                var gamma = o.Float("gamma", 0.1f, 0f, 1f, minExclusive: true);
                make = _ => new StepDecay(size, gamma);
                break;
            }
            case "exponential":
            {
                var gamma = o.RequiredFactor("gamma");
                make = _ => new ExponentialDecay(gamma);
                break;
            }
            default:
            {
                var steps = o.RequiredInt("steps", 1);
                var then = o.Object("then") is { } t ? ParseSchedule(t) : null;
                make = total => new LinearWarmup(steps, then?.Invoke(Math.Max(1, total - steps)));
                break;
            }
        }
        o.RejectUnknownKeys($"schedule '{type}'");
        return make;
    }
}
