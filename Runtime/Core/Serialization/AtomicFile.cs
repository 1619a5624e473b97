using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Myelin.Serialization;

/// <summary>Writes files so readers see the old content or the new, never a half-written file.</summary>
public static partial class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="bytes"/> to a temporary file beside <paramref name="path"/>, flushes it, and renames
    /// it over the target. First removes the temporary files that writers killed mid-save (by <c>kill -9</c> or a
    /// power cut) left in that folder: only names of this class's exact pattern whose process is no longer alive, untouched for <see cref="StaleAfter"/>.
    /// </summary>
    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(dir);
        RemoveStaleTemporaries(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var f = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                f.Write(bytes);
                f.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { }
            throw;
        }
    }

    /// <summary>How long a temporary file of a writer that is not running here must have been untouched before a save removes it.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromHours(1);

    /// <summary>Deletes <c>.NAME.PID.GUID.tmp</c> files in <paramref name="dir"/> whose writer PID is not running and that are older than <see cref="StaleAfter"/>; returns how many.</summary>
    public static int RemoveStaleTemporaries(string dir)
    {
        var removed = 0;
        try
        {
            foreach (var file in Directory.EnumerateFiles(dir, ".*.tmp"))
            {
                var m = TemporaryName().Match(Path.GetFileName(file));
                if (!m.Success || !int.TryParse(m.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
                if (pid == Environment.ProcessId || IsAlive(pid)) continue;
                // A writer in another PID namespace (a container) or on another host (NFS) is not visible here: leave recent files alone.
                if (DateTime.UtcNow - File.GetLastWriteTimeUtc(file) < StaleAfter) continue;
                try { File.Delete(file); removed++; }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return removed;
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^\..+\.([0-9]{1,10})\.[0-9a-f]{32}\.tmp$", RegexOptions.CultureInvariant)]
    private static partial Regex TemporaryName();
}
