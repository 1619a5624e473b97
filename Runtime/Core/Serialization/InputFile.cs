namespace Myelin.Serialization;

/// <summary>
/// Reads a file a user named, bounded by its real length: a directory, a pipe, a device such as
/// <c>/dev/zero</c> or a file over the caller's limit fails at once with an <see cref="IOException"/>
/// naming the file, instead of reading until memory runs out.
/// </summary>
public static class InputFile
{
    /// <summary>The whole of <paramref name="path"/>, at most <paramref name="maxBytes"/> bytes.</summary>
    /// <exception cref="IOException">The file is missing, a directory, not a regular file, or larger than <paramref name="maxBytes"/>.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static byte[] ReadAllBytes(string path, long maxBytes)
    {
        var name = Text.Escape(path);
        // Opening a directory on Linux says "Access denied", which sends the user looking at permissions.
        if (Directory.Exists(path)) throw new IOException($"'{name}' is a directory, not a file.");
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        if (!f.CanSeek) throw new IOException($"'{name}' is not a regular file (a pipe or a device); give the path of a file.");
        var length = f.Length;
        if (length > maxBytes) throw new IOException($"'{name}' is {length} bytes; the limit for this kind of file is {maxBytes}.");
        var data = new byte[length];
        f.ReadExactly(data);
        // Devices report a length of 0 and then read forever.
        if (f.ReadByte() >= 0) throw new IOException($"'{name}' is not a regular file: it reads on past its size of {length} bytes (a device?).");
        return data;
    }
}
