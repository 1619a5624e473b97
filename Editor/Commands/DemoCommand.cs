using System.CommandLine;
using Myelin.Demos;
using Myelin.Demos.Detection;
using Myelin.Editor.Soak;
using Myelin.Graphics.App;

namespace Myelin.Editor.Commands;

/// <summary>
/// `myelin demo SCENE [--headless] [--frames N] [--out DIR] [--every K] [--script FILE] [--json] [--width W] [--height H] [--model FILE] [--source SRC] [--data DIR] [--input-size N] [--soak MINUTES] [--max-fps F]`
/// and `myelin demo --list`: runs a scene from <see cref="SceneRegistry"/> in a window or headless.
/// </summary>
public static class DemoCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var scene = new Argument<string?>("scene") { Description = "Scene to run (see --list).", Arity = ArgumentArity.ZeroOrOne };
        var list = new Option<bool>("--list") { Description = "List the scenes and exit." };
        var headless = new Option<bool>("--headless") { Description = "Render offscreen through EGL even when a display exists." };
        var frames = NumberOption.OptionalInteger("--frames", $"Stop after N frames (a window otherwise runs until closed; headless defaults to {SceneOptions.DefaultHeadlessFrames}).", 1, int.MaxValue);
        var output = new Option<string?>("--out") { Description = "Write PNG frames to this folder (headless): every K-th frame and the last." };
        var every = NumberOption.OptionalInteger("--every", "Write every K-th frame (default: about 10 frames in all).", 1, int.MaxValue);
        var script = new Option<string?>("--script") { Description = "Replay timed input events from this file (format in the README)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON line with frame times, allocation per frame and the scene's metrics." };
        var width = NumberOption.Integer("--width", "Width in pixels.", 1280, 16, 8192);
        var height = NumberOption.Integer("--height", "Height in pixels.", 720, 16, 8192);
        var model = new Option<string?>("--model") { Description = "Start from this saved model (digits, detect)." };
        var source = new Option<string?>("--source") { Description = "Camera source: a video file or /dev/videoN (detect; default: the synthetic game camera)." };
        var data = new Option<string?>("--data") { Description = "Data folder (digits: MNIST, fetched when missing)." };
        var allowNonFinite = new Option<bool>("--allow-nonfinite") { Description = "Load a --model holding NaN or Inf weights (for debugging)." };
        var inputSize = NumberOption.OptionalInteger("--input-size", $"Input resolution of a fresh model (detect: 128 default, 256; a multiple of {Detector.Stride}).", TrainDetectCommand.MinSize, TrainDetectCommand.MaxSize, TrainDetectCommand.CheckSize);
        var soak = NumberOption.OptionalReal("--soak", "Run for this many minutes and report the drift of memory, threads and open files (no PNGs unless --out).", 0.0, SoakMonitor.MaxMinutes);
        var maxFps = NumberOption.OptionalReal("--max-fps", "Cap the frame rate (sleeps between frames), e.g. to leave CPU to others during a soak.", SoakRun.MinFps, SoakRun.MaxFps, minIncluded: true);
        var command = new Command("demo", "Run a demo scene in a window, or headless to PNG frames.") { scene, list, headless, frames, output, every, script, json, width, height, model, source, data, inputSize, allowNonFinite, soak, maxFps };
        command.Validators.Add(r =>
        {
            if (r.GetValue(list)) return;
            if (r.GetValue(scene) is not { } name) r.AddError("Name a scene to run, or use --list.");
            else if (SceneRegistry.Find(name) is null) r.AddError($"Unknown scene '{name}'. Scenes: {string.Join(", ", SceneRegistry.All.Select(e => e.Name))}.");
        });
        command.SetAction(p =>
        {
            if (p.GetValue(list))
            {
                var pad = SceneRegistry.All.Max(e => e.Name.Length) + 2;
                foreach (var e in SceneRegistry.All) Console.WriteLine(e.Name.PadRight(pad) + e.Description);
                return 0;
            }
            var name = p.GetValue(scene)!;
            var offscreen = p.GetValue(headless) || !SceneRunner.HasDisplay();
            var soakMinutes = p.GetValue(soak);
            // Headless with no --out still leaves something to look at: PNGs under out/<scene> (a soak would fill the disk).
            var outDir = p.GetValue(output) ?? (offscreen && soakMinutes is null ? Path.Combine("out", name) : null);
            if (outDir is not null) OutputPath.Folder(outDir, "--out");
            if (offscreen && !p.GetValue(json) && outDir is not null)
                Console.WriteLine($"{name}: no display{(p.GetValue(headless) ? " (--headless)" : "")}: rendering offscreen through EGL, PNG frames to {outDir}/");
            var options = new SceneOptions
            {
                Headless = p.GetValue(headless),
                // A soak runs until its time is up; anything else headless (a bare --max-fps too) stops at the default count.
                Frames = p.GetValue(frames) ?? (offscreen && soakMinutes is null ? SceneOptions.DefaultHeadlessFrames : null),
                OutDir = outDir,
                Progress = p.GetValue(json) ? null : PrintProgress,
                Every = p.GetValue(every),
                Script = p.GetValue(script) is { } path ? InputScript.Load(path) : null,
                Width = p.GetValue(width),
                Height = p.GetValue(height),
                ModelPath = p.GetValue(model),
                AllowNonFinite = p.GetValue(allowNonFinite),
                Source = p.GetValue(source),
                DataDir = p.GetValue(data),
                InputSize = p.GetValue(inputSize),
            };
            var created = SceneRegistry.Find(name)!.Create();
            var soakRun = new SoakRun(soakMinutes, p.GetValue(maxFps), p.GetValue(json) ? null : Console.Out);
            var result = SceneRunner.Run(created, soakRun.Active ? options with { AfterFrame = _ => soakRun.AfterFrame() } : options);
            var report = soakRun.Finish();
            if (p.GetValue(json)) Console.WriteLine(report is null ? result.ToJson() : report.AddTo(result.ToJson()));
            else
            {
                Console.WriteLine(result.ToString());
                if (result.Images.Count > 0) Console.WriteLine($"last frame: {result.Images[^1]}");
                foreach (var line in report?.Lines() ?? []) Console.WriteLine(line);
            }
            return 0;
        });
        return command;
    }

    private static void PrintProgress(IScene scene, long frame, long frames, string image)
    {
        var metrics = string.Join("  ", scene.Metrics.Select(m => $"{m.Name} {m.Value:G4}"));
        Console.WriteLine($"frame {frame + 1,5}/{frames}  {metrics}  -> {image}");
    }
}
