using System.Diagnostics;
using Myelin.Graphics.Imaging;
using Myelin.Graphics.Platform;
using Silk.NET.OpenGL;

namespace Myelin.Graphics.App;

/// <summary>
/// Runs an <see cref="IScene"/>: in a window (GLFW, vsync) when a display exists, otherwise — or
/// with <see cref="SceneOptions.Headless"/> — offscreen through EGL into a framebuffer. Each frame:
/// window events and scripted events into <see cref="InputState"/>, Update, clear-free Render with
/// the batch and UI begun, then swap (window) or glFinish (headless, so frame times include the GPU).
/// PNGs are read back and written (and the garbage they leave collected) outside the measured part of the frame.
/// </summary>
public static class SceneRunner
{
    private const int TimingRing = 1 << 14;

    /// <summary>Loads and runs <paramref name="scene"/>, then disposes it; returns the measurements.</summary>
    /// <exception cref="PlatformException">No window or GL context could be made; the message says how to fix it.</exception>
    public static SceneRunResult Run(IScene scene, SceneOptions options)
    {
        var headless = options.Headless || !HasDisplay();
        using var target = headless ? Target.Offscreen(options.Width, options.Height) : Target.OpenWindow(scene, options);
        using var context = new SceneContext(target.Context, headless, options);
        try
        {
            scene.Load(context);
            return Loop(scene, options, target, context);
        }
        finally
        {
            target.Context.MakeCurrent();
            scene.Dispose();
        }
    }

    /// <summary>Whether a window system display is set (DISPLAY or WAYLAND_DISPLAY).</summary>
    public static bool HasDisplay() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY")) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY"));

    private static SceneRunResult Loop(IScene scene, SceneOptions options, Target target, SceneContext context)
    {
        var frames = options.Frames ?? (target.Window is null && options.AfterFrame is null ? SceneOptions.DefaultHeadlessFrames : long.MaxValue);
        var every = Math.Max(1, options.Every ?? (frames == long.MaxValue ? 60 : (int)Math.Max(1, frames / 10)));
        var warmup = Math.Min(options.WarmupFrames, frames / 2);
        var input = new InputState();
        var gl = target.Context.Gl;
        var times = new double[TimingRing];
        var images = new List<string>();
        byte[]? pixels = null;
        var scriptCursor = 0;
        long measured = 0, allocated = 0, frame = 0;
        double timeSum = 0;
        var clock = Stopwatch.StartNew();
        var previous = 0.0;

        for (; frame < frames; frame++)
        {
            if (target.Window is { ShouldClose: true }) break;
            var start = Stopwatch.GetTimestamp();
            var bytesBefore = GC.GetAllocatedBytesForCurrentThread();

            var fit = Fit.For(scene.DesignSize, target.Size);
            input.BeginFrame();
            if (target.Window is { } window)
            {
                window.PollEvents();
                while (window.Events.TryDequeue(out var e)) input.Apply(fit.ToCanvas(e));
            }
            options.Script?.Apply(frame, input, ref scriptCursor); // script coordinates are canvas pixels

            var (width, height) = (fit.Width, fit.Height);
            var now = target.Window is null ? frame / 60.0 : clock.Elapsed.TotalSeconds;
            var info = new FrameInfo(frame, now, target.Window is null ? 1f / 60 : (float)(now - previous), width, height);
            previous = now;
            context.Frame = info;
            context.Input = input;
            scene.Update(info, input);

            target.Bind();
            fit.Apply(gl, target.Size.Height);
            context.Batch.Begin(width, height);
            context.Ui.Begin(input);
            scene.Render(context);
            context.Ui.End();
            context.Batch.End();
            if (target.Window is { } shown) shown.SwapBuffers();
            else gl.Finish();

            var bytes = GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
            var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (frame >= warmup)
            {
                times[measured % TimingRing] = ms;
                timeSum += ms;
                allocated += bytes;
                measured++;
            }

            var last = frame == frames - 1 || target.Window is { ShouldClose: true };
            if (options.OutDir is not null && target.Framebuffer is { } fbo && ((frame + 1) % every == 0 || last))
            {
                pixels ??= new byte[fbo.Width * fbo.Height * 4];
                fbo.ReadPixels(pixels);
                var path = Path.Combine(options.OutDir, $"{scene.Name}-{frame:D5}.png");
                PngWriter.Write(path, pixels, fbo.Width, fbo.Height);
                images.Add(path);
                // The PNG encoder's megabytes would otherwise start a background GC during the next,
                // measured frame, and its bookkeeping shows up in that frame's allocation counter.
                GC.Collect(2, GCCollectionMode.Forced, blocking: true);
                options.Progress?.Invoke(scene, frame, frames, path);
            }
            if (options.AfterFrame is { } after && !after(frame))
            {
                frame++;
                break;
            }
        }

        var count = (int)Math.Min(measured, TimingRing);
        var sorted = times.AsSpan(0, count).ToArray();
        Array.Sort(sorted);
        var mean = measured > 0 ? timeSum / measured : 0;
        return new SceneRunResult
        {
            Scene = scene.Name,
            Mode = target.Window is null ? "headless" : "window",
            Width = target.Size.Width,
            Height = target.Size.Height,
            Frames = frame,
            Fps = mean > 0 ? 1000 / mean : 0,
            FrameMsMean = mean,
            FrameMsP99 = count > 0 ? sorted[Math.Min(count - 1, (int)Math.Ceiling(count * 0.99) - 1)] : 0,
            BytesAllocatedPerFrame = measured > 0 ? (double)allocated / measured : 0,
            DrawCalls = context.Batch.DrawCalls,
            Images = images,
            Metrics = scene.Metrics,
        };
    }

    /// <summary>Where a scene's design canvas lands on the target: a uniform scale and an offset (pixels, top-left origin).</summary>
    /// <param name="Width">Canvas width the scene draws in.</param>
    /// <param name="Height">Canvas height the scene draws in.</param>
    /// <param name="Scale">Canvas pixels to target pixels.</param>
    /// <param name="X">Left of the canvas on the target.</param>
    /// <param name="Y">Top of the canvas on the target.</param>
    /// <param name="ShownWidth">Canvas width on the target (pixels).</param>
    /// <param name="ShownHeight">Canvas height on the target (pixels).</param>
    private readonly record struct Fit(int Width, int Height, float Scale, int X, int Y, int ShownWidth, int ShownHeight)
    {
        public static Fit For((int Width, int Height) design, (int Width, int Height) target)
        {
            if (design.Width <= 0 || design.Height <= 0 || design == target)
                return new(target.Width, target.Height, 1f, 0, 0, target.Width, target.Height);
            var scale = MathF.Min((float)target.Width / design.Width, (float)target.Height / design.Height);
            var (w, h) = ((int)MathF.Round(design.Width * scale), (int)MathF.Round(design.Height * scale));
            return new(design.Width, design.Height, scale, (target.Width - w) / 2, (target.Height - h) / 2, w, h);
        }

        /// <summary>Sets the viewport to the canvas's rectangle (GL's origin is bottom-left).</summary>
        public void Apply(GL gl, int targetHeight)
        {
            if (Scale == 1f && X == 0 && Y == 0) return;
            gl.Viewport(X, targetHeight - Y - ShownHeight, (uint)ShownWidth, (uint)ShownHeight);
        }

        /// <summary>A window event with its pointer position in canvas pixels.</summary>
        public InputEvent ToCanvas(in InputEvent e) =>
            e.Kind is InputKind.MouseMove or InputKind.MouseDown or InputKind.MouseUp && Scale != 1f
                ? e with { X = (e.X - X) / Scale, Y = (e.Y - Y) / Scale }
                : e;
    }

    // The render target: a window's default framebuffer, or an offscreen framebuffer on EGL.
    private sealed class Target : IDisposable
    {
        private Target(IGlContext context, GlfwWindow? window, OffscreenFramebuffer? framebuffer)
        {
            Context = context;
            Window = window;
            Framebuffer = framebuffer;
        }

        public IGlContext Context { get; }
        public GlfwWindow? Window { get; }
        public OffscreenFramebuffer? Framebuffer { get; }

        public (int Width, int Height) Size => Window?.FramebufferSize ?? (Framebuffer!.Width, Framebuffer.Height);

        public static Target Offscreen(int width, int height)
        {
            EglContext egl;
            try
            {
                egl = new EglContext();
            }
            catch (PlatformNotSupportedException e)
            {
                throw new PlatformException($"Headless rendering needs EGL: {e.Message}", e);
            }
            try
            {
                return new Target(egl, null, new OffscreenFramebuffer(egl.Gl, width, height));
            }
            catch
            {
                egl.Dispose();
                throw;
            }
        }

        public static Target OpenWindow(IScene scene, SceneOptions options)
        {
            var window = new GlfwWindow($"Myelin — {scene.Name}", options.Width, options.Height, options.VSync);
            return new Target(window, window, null);
        }

        public void Bind()
        {
            if (Framebuffer is not null)
            {
                Framebuffer.Bind();
                return;
            }
            var (w, h) = Window!.FramebufferSize;
            Context.Gl.BindFramebuffer(FramebufferTarget.Framebuffer, 0);
            Context.Gl.Viewport(0, 0, (uint)w, (uint)h);
        }

        public void Dispose()
        {
            Context.MakeCurrent();
            Framebuffer?.Dispose();
            Context.Dispose();
        }
    }
}
