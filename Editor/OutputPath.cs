namespace Myelin.Editor;

/// <summary>
/// Checks, before any work starts, that an output can be written: the folder is created and a
/// temporary file is created and removed in it, as the atomic save will later do. Training for ten
/// minutes and then failing on the path is the failure this prevents.
/// </summary>
public static class OutputPath
{
    /// <summary>Checks that the file <paramref name="path"/> (given as <paramref name="option"/>) can be written; throws <see cref="IOException"/> naming both.</summary>
    public static void File(string path, string option)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new IOException($"{option} '{path}' is a folder; name the file to write.");
        Probe(Path.GetDirectoryName(full) ?? ".", path, option);
    }

    /// <summary>Checks that files can be written into the folder <paramref name="path"/> (created if missing); throws <see cref="IOException"/> naming it.</summary>
    public static void Folder(string path, string option)
    {
        var full = Path.GetFullPath(path);
        if (System.IO.File.Exists(full)) throw new IOException($"{option} '{path}' is a file, not a folder.");
        Probe(full, path, option);
    }

    private static void Probe(string dir, string path, string option)
    {
        try
        {
            Directory.CreateDirectory(dir);
            var probe = Path.Combine(dir, $".myelin-write-check.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{option} '{path}' cannot be written: {e.Message}", e);
        }
    }
}
