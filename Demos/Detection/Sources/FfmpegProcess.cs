using System.ComponentModel;
using System.Diagnostics;

namespace Myelin.Demos.Detection.Sources;

/// <summary>
/// One ffmpeg child process with raw frames over a pipe (stdout for decoding, stdin for encoding)
/// and its stderr drained in the background, keeping the last lines for error messages. Disposing
/// kills the process tree and reaps it, so no zombie is left and nothing hangs.
/// </summary>
internal sealed class FfmpegProcess : IDisposable
{
    /// <summary>The fix named whenever ffmpeg is missing.</summary>
    public const string InstallHint = "install it with `apt-get install ffmpeg` (Debian/Ubuntu)";

    private const int TailLines = 8;
    private readonly Process _process;
    private readonly string[] _tail = new string[TailLines];
    private int _tailCount;
    private bool _disposed;

    private FfmpegProcess(Process process) => _process = process;

    /// <summary>Stdout of ffmpeg (raw frames), when started with <c>readStdout</c>.</summary>
    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary>Stdin of ffmpeg (raw frames), when started with <c>writeStdin</c>.</summary>
    public Stream Input => _process.StandardInput.BaseStream;

    /// <summary>
    /// Starts <paramref name="ffmpegPath"/> (a path, or a name looked up on PATH) with
    /// <paramref name="arguments"/>; throws <see cref="FrameSourceException"/> naming the fix when
    /// ffmpeg cannot be found or run. <paramref name="errorLine"/>, when given, sees every stderr line.
    /// </summary>
    public static FfmpegProcess Start(string ffmpegPath, IEnumerable<string> arguments, bool readStdout, bool writeStdin, Action<string>? errorLine = null)
    {
        var exe = Resolve(ffmpegPath);
        var info = new ProcessStartInfo(exe)
        {
            UseShellExecute = false,
            RedirectStandardOutput = readStdout,
            RedirectStandardInput = writeStdin,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        var process = new Process { StartInfo = info };
        var result = new FfmpegProcess(process);
        process.ErrorDataReceived += (_, e) =>
        {
            result.AddTail(e.Data);
            if (e.Data is not null) errorLine?.Invoke(e.Data);
        };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new FrameSourceException($"ffmpeg at '{exe}' could not be run ({e.Message}): {InstallHint}.", e);
        }
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>The full path of the ffmpeg executable, or a <see cref="FrameSourceException"/> naming the fix.</summary>
    public static string Resolve(string ffmpegPath)
    {
        if (ffmpegPath.Contains(Path.DirectorySeparatorChar))
        {
            if (File.Exists(ffmpegPath)) return Path.GetFullPath(ffmpegPath);
            throw new FrameSourceException($"ffmpeg was not found at '{ffmpegPath}': {InstallHint}, or pass the path of an ffmpeg executable.");
        }
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, ffmpegPath);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FrameSourceException($"ffmpeg ('{ffmpegPath}') was not found on PATH: {InstallHint}.");
    }

    /// <summary>Waits for ffmpeg to exit (and its stderr to be drained) and returns its exit code, or null on timeout.</summary>
    public int? WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) return null;
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>ffmpeg's last stderr lines joined with " | ", or "(no output)".</summary>
    public string Tail()
    {
        lock (_tail)
        {
            if (_tailCount == 0) return "(ffmpeg printed nothing)";
            var n = Math.Min(_tailCount, TailLines);
            var lines = new string[n];
            for (var i = 0; i < n; i++) lines[i] = _tail[(_tailCount - n + i) % TailLines];
            return string.Join(" | ", lines);
        }
    }

    private void AddTail(string? line)
    {
        if (string.IsNullOrWhiteSpace(line)) return;
        lock (_tail) _tail[_tailCount++ % TailLines] = line.Trim();
    }

    /// <summary>Kills ffmpeg if it still runs (its pipes then close, unblocking readers and writers).</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { }
        catch (Win32Exception) { }
    }

    /// <summary>Kills ffmpeg if it still runs, waits for it (no zombie) and releases the pipes.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Kill();
        try
        {
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
