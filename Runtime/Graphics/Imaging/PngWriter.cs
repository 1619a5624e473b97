using StbImageWriteSharp;

namespace Myelin.Graphics.Imaging;

/// <summary>Writes RGBA8 images as PNG files, atomically: a temporary file renamed into place.</summary>
public static class PngWriter
{
    /// <summary>
    /// Writes <paramref name="rgba"/> (top row first, width·height·4 bytes) to <paramref name="path"/>.
    /// Readers never see a half-written file: the image goes to a temporary file beside it first.
    /// </summary>
    public static void Write(string path, ReadOnlySpan<byte> rgba, int width, int height)
    {
        if (rgba.Length < width * height * 4)
            throw new ArgumentException($"A {width}x{height} RGBA image needs {width * height * 4} bytes; got {rgba.Length}.", nameof(rgba));
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + $".{Environment.ProcessId}.tmp";
        try
        {
            using (var stream = File.Create(temp))
                new ImageWriter().WritePng(rgba[..(width * height * 4)].ToArray(), width, height, ColorComponents.RedGreenBlueAlpha, stream);
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
