using Myelin.Serialization;
using StbImageWriteSharp;

namespace Myelin.Editor.Imaging;

/// <summary>Writes canvases as PNG files, atomically (temporary file, then rename).</summary>
public static class Png
{
    /// <summary>Encodes <paramref name="canvas"/> and replaces <paramref name="path"/> with it.</summary>
    public static void Write(string path, Canvas canvas)
    {
        using var encoded = new MemoryStream();
        new ImageWriter().WritePng(canvas.Pixels, canvas.Width, canvas.Height, ColorComponents.RedGreenBlue, encoded);
        AtomicFile.Write(path, encoded.GetBuffer().AsSpan(0, (int)encoded.Length));
    }
}
