using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Myelin.Demos.Detection;
using Myelin.Optimizers.Schedules;

namespace Myelin.Editor.Commands;

/// <summary>
/// `myelin train detect`: trains the grid detector (<see cref="Detector"/>) on freshly rendered
/// synthetic frames for a wall-clock budget (AdamW, linear warm-up then cosine decay over the
/// budget), prints loss and validation mAP as it goes, saves the model, and measures single-frame
/// inference (network, decode and NMS).
/// </summary>
public static class TrainDetectCommand
{
    /// <summary>The smallest input side: four cells of the detector's grid.</summary>
    public const int MinSize = 32;
    /// <summary>The largest input side the command line accepts (a 1024² batch of 16 already takes gigabytes).</summary>
    public const int MaxSize = 1024;
    /// <summary>The longest training budget, in minutes (a week).</summary>
    public const double MaxMinutes = 7 * 24 * 60;
    private const int PoolSize = 512;

    /// <summary>Null for a valid input side (a multiple of the stride), else why not.</summary>
    public static string? CheckSize(int size) => size % Detector.Stride == 0 ? null : $"is not a multiple of {Detector.Stride}";

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var output = new Option<FileInfo>("--out") { Description = "Model file to write.", DefaultValueFactory = _ => new FileInfo(Path.Combine("out", "detect.myelin")) };
        var size = NumberOption.Integer("--size", $"Input side in pixels (a multiple of {Detector.Stride}: 128 or 256).", Detector.DefaultSize, MinSize, MaxSize, CheckSize);
        var minutes = NumberOption.Real("--minutes", "Training time (0 writes the untrained detector and measures inference).", 10.0, 0, MaxMinutes, minIncluded: true);
        var seed = NumberOption.Seed("Seed of the weights and the training camera.", 1);
        var lr = NumberOption.Real("--lr", "Peak AdamW learning rate.", 3e-3f, 0, float.MaxValue);
        var batch = NumberOption.Integer("--batch", "Frames per step.", 16, 2, PoolSize);
        var from = new Option<FileInfo?>("--model") { Description = "Start from this saved detector instead of fresh weights." };
        var json = new Option<bool>("--json") { Description = "Print a final JSON line with the figures." };
        var allowNonFinite = new Option<bool>("--allow-nonfinite") { Description = "Load a --model holding NaN or Inf weights (for debugging; such a model is still never saved)." };
        var command = new Command("detect", "Train the grid object detector on synthetic camera frames and save it.") { output, size, minutes, seed, lr, batch, from, json, allowNonFinite };
        command.SetAction(p => Run(p.GetValue(output)!.FullName, p.GetValue(size), p.GetValue(minutes), p.GetValue(seed), p.GetValue(lr),
            p.GetValue(batch), p.GetValue(from)?.FullName, p.GetValue(json), p.GetValue(allowNonFinite)));
        return command;
    }

    /// <summary>Trains, saves and measures; returns the exit code.</summary>
    public static int Run(string outputPath, int size, double minutes, ulong seed, float learningRate, int batchSize, string? modelPath, bool json, bool allowNonFinite = false)
    {
        OutputPath.File(outputPath, "--out");
        var detector = modelPath is null ? Detector.Create(size, seed, learningRate) : Detector.Load(modelPath, learningRate, allowNonFinite);
        if (detector.Size != size) Console.WriteLine($"{modelPath} takes {detector.Size}² frames; training at {detector.Size}.");
        var validation = Detector.Validation(detector.Size);
        var trainer = new DetectorTrainer(detector, seed, poolSize: PoolSize, batchSize: batchSize);
        var optimizer = detector.Model.Optimizer!;
        Console.WriteLine($"Training the detector ({detector.Model.Network.ParameterCount:N0} parameters, {detector.Size}² input, {detector.Grid.Cells}² cells) for {minutes:0.##} min, batch {batchSize}, AdamW {learningRate}, seed {seed}; validation: {validation.Length} frames");
        var clock = Stopwatch.StartNew();
        if (minutes > 0)
        {
            trainer.FillPool();
            Console.WriteLine($"rendered a pool of {PoolSize} frames in {clock.Elapsed.TotalSeconds:F1} s");
        }
        var budget = TimeSpan.FromMinutes(minutes);
        var nextReport = TimeSpan.FromSeconds(30);
        // Warm-up over the first steps, then cosine to 5 % of the peak over the wall-clock budget
        // (the cosine's "step" is the budget's progress in millionths).
        const int progressSteps = 1_000_000, warmupSteps = 200;
        var warmup = new LinearWarmup(warmupSteps);
        var cosine = new CosineAnnealing(progressSteps, minRate: 0.05f * learningRate);
        double lossSum = 0;
        var lossCount = 0;
        (float Map50, float Map50To95) map = (float.NaN, float.NaN);
        while (clock.Elapsed < budget)
        {
            optimizer.LearningRate = detector.Steps < warmupSteps
                ? warmup.Rate(detector.Steps, learningRate)
                : cosine.Rate((int)(clock.Elapsed / budget * progressSteps), learningRate);
            lossSum += trainer.Step(batchSize);
            lossCount++;
            if (clock.Elapsed >= nextReport || clock.Elapsed >= budget)
            {
                map = detector.Evaluate(validation);
                Console.WriteLine($"{clock.Elapsed.TotalMinutes,5:F1} min  step {detector.Steps,6}  loss {lossSum / lossCount:F3}  mAP@0.5 {map.Map50:F3}  mAP@0.5:0.95 {map.Map50To95:F3}  lr {optimizer.LearningRate:G3}");
                lossSum = 0; lossCount = 0;
                nextReport = clock.Elapsed + TimeSpan.FromSeconds(30);
            }
        }
        var trainSeconds = clock.Elapsed.TotalSeconds;
        detector.Save(outputPath);
        if (float.IsNaN(map.Map50)) map = detector.Evaluate(validation);
        var (ms, detections) = MeasureInference(detector, validation);
        Console.WriteLine($"mAP@0.5 {map.Map50:F3}, mAP@0.5:0.95 {map.Map50To95:F3} after {detector.Steps} steps in {trainSeconds / 60:F1} min; inference {ms:F2} ms/frame ({1000 / ms:F1} fps, {detections:F1} boxes/frame) at {detector.Size}²"
            + $"; wrote {outputPath}");
        if (json)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{{\"size\":{detector.Size},\"steps\":{detector.Steps},\"train_seconds\":{trainSeconds:F1},\"map50\":{map.Map50:F4},\"map50_95\":{map.Map50To95:F4},\"inference_ms\":{ms:F3},\"fps\":{1000 / ms:F1}}}"));
        return 0;
    }

    // Median of 5 rounds over the validation frames of single-frame detection (confidence 0.3, NMS 0.5).
    private static (double Milliseconds, double Boxes) MeasureInference(Detector detector, CameraFrame[] frames)
    {
        var boxes = new List<DetectedBox>(64);
        foreach (var f in frames.Take(8)) detector.Detect(f, 0.3f, 0.5f, boxes);
        var rounds = new double[5];
        long found = 0;
        for (var r = 0; r < rounds.Length; r++)
        {
            var start = Stopwatch.GetTimestamp();
            foreach (var f in frames) { detector.Detect(f, 0.3f, 0.5f, boxes); found += boxes.Count; }
            rounds[r] = Stopwatch.GetElapsedTime(start).TotalMilliseconds / frames.Length;
        }
        Array.Sort(rounds);
        return (rounds[2], (double)found / (rounds.Length * frames.Length));
    }
}
