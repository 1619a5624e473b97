using StbImageSharp;

namespace Myelin.Editor.Imaging;

/// <summary>Decodes PNG, JPEG, BMP, TGA and GIF files to RGBA bytes (via StbImageSharp).</summary>
public static class ImageFile
{
    /// <summary>Reads <paramref name="path"/> as RGBA: pixels (height, width, 4), top row first.</summary>
    /// <exception cref="InvalidDataException">The file is not an image StbImageSharp can decode.</exception>
    public static (byte[] Rgba, int Width, int Height) ReadRgba(string path)
    {
        var bytes = File.ReadAllBytes(path);
        try
        {
            var image = ImageResult.FromMemory(bytes, ColorComponents.RedGreenBlueAlpha);
            return (image.Data, image.Width, image.Height);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"not a readable image ({e.Message})", e);
        }
    }
}
